/*
 * sim.h - the hosted platform: the portable core linked into a process.
 *
 * Environment: hosted only (unit tests, fuzzers).
 *
 * arch_sim.c implements the arch hooks of arch_hooks.h in userspace:
 *  - the console is an in-memory capture buffer (read it with
 *    sim_console_text(), empty it with sim_console_clear()); with the
 *    environment variable XL_SIM_VERBOSE set it is copied to stderr too;
 *  - machine memory is one page-aligned block of nr_frames frames made by
 *    sim_machine_init(); arch_mfn_to_virt(mfn) is base + mfn * 4096 and an
 *    mfn or pointer outside it panics;
 *  - arch_panic_halt() longjmps back into SIM_EXPECT_PANIC when one is
 *    armed, and otherwise aborts the process.
 *
 * SIM_EXPECT_PANIC(stmt) runs stmt and evaluates to true if it panicked.
 * Locals assigned inside stmt and read after a panic must be volatile
 * (setjmp rules).  Panics do not nest across threads: single-threaded use.
 */
#ifndef XL_SIM_H
#define XL_SIM_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern jmp_buf *sim_panic_jmp;   /* armed by SIM_EXPECT_PANIC */

#define SIM_EXPECT_PANIC(stmt)                                           \
    ({                                                                   \
        jmp_buf sim_jb_;                                                 \
        volatile bool sim_panicked_ = false;                             \
        jmp_buf *sim_saved_ = sim_panic_jmp;                             \
        sim_panic_jmp = &sim_jb_;                                        \
        if (setjmp(sim_jb_) == 0) {                                      \
            stmt;                                                        \
        } else {                                                         \
            sim_panicked_ = true;                                        \
        }                                                                \
        sim_panic_jmp = sim_saved_;                                      \
        (bool)sim_panicked_;                                             \
    })

/* Console capture: NUL-terminated text of everything written since the
 * last clear (never NULL). */
const char *sim_console_text(void);
size_t sim_console_len(void);
void sim_console_clear(void);

/* Simulated machine memory: nr_frames zeroed, page-aligned frames.
 * Replaces (and frees) a previous machine. */
void sim_machine_init(uint64_t nr_frames);
void sim_machine_fini(void);
uint64_t sim_machine_frames(void);

#endif /* XL_SIM_H */
