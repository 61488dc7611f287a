/*
 * unit.h - shared helpers for the hosted unit tests (cmocka + sim).
 *
 * Environment: hosted only.
 *
 * Include this first: it pulls in what cmocka.h needs before cmocka.h.
 * unit_machine_setup() gives a test a fresh simulated machine of nr frames,
 * a frame table for it, all frames from mfn 1 up handed to the allocator,
 * an empty heap, a reset printk and an empty console capture.
 */
#ifndef XL_UNIT_H
#define XL_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arch_hooks.h>
#include <lib.h>
#include <mm.h>
#include <sim.h>
#include <xmalloc.h>

#define EXPECT_PANIC(stmt) assert_true(SIM_EXPECT_PANIC(stmt))

static struct page_info *unit_table;

static inline void
unit_reset_console(void)
{
    printk_reset();
    sim_console_clear();
}

static inline void
unit_machine_setup(uint64_t nr_frames, mfn_t first_free)
{
    unit_reset_console();
    sim_machine_init(nr_frames);
    free(unit_table);
    unit_table = calloc(nr_frames, sizeof(*unit_table));
    assert_non_null(unit_table);
    frametable_init(unit_table, nr_frames);
    frames_free_range(first_free, nr_frames);
    heap_init();
}

static inline void
unit_machine_teardown(void)
{
    free(unit_table);
    unit_table = NULL;
    frametable_init(NULL, 0);
    sim_machine_fini();
}

/* Deterministic xorshift64* generator for randomized tests. */
static inline uint64_t
unit_rand(uint64_t *state)
{
    uint64_t x = *state;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

#endif /* XL_UNIT_H */
