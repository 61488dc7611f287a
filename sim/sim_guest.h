/*
 * sim_guest.h - simulated guest address spaces for hosted tests and fuzzers.
 *
 * Environment: hosted only.
 *
 * Each simulated domain may have one flat "guest memory arena": a block of
 * host memory that stands for the guest virtual range
 * [SIM_GUEST_VA_BASE, SIM_GUEST_VA_BASE + size).  arch_copy_from_guest /
 * arch_copy_to_guest (guest_access.h) act on the arena of `current`'s
 * domain; any byte outside it is "unmapped" and stops the copy, exactly as
 * a guest page fault stops the bare-metal copy.  Tests put hypercall
 * arguments into the arena with sim_guest_put() and pass their guest
 * addresses (sim_guest_va()) to the do_* handlers.
 */
#ifndef XL_SIM_GUEST_H
#define XL_SIM_GUEST_H

#include <stddef.h>
#include <stdint.h>

struct domain;

#define SIM_GUEST_VA_BASE 0x0000100000000000ULL

/* Give domain d an arena of `size` zeroed bytes (replaces an old one). */
void sim_guest_arena_init(struct domain *d, size_t size);
/* Detach d's arena (its block is kept for the next arena of that size). */
void sim_guest_arena_fini(struct domain *d);
/* Free every arena, attached or kept. */
void sim_guest_arena_fini_all(void);

/* Host pointer for guest address va of domain d, or NULL when [va, va+len)
 * is not entirely inside the arena. */
void *sim_guest_ptr(struct domain *d, uint64_t va, size_t len);

/* Guest address of arena offset off. */
static inline uint64_t sim_guest_va(size_t off)
{
    return SIM_GUEST_VA_BASE + off;
}

/* Copy len bytes to arena offset off of domain d (test setup); returns the
 * guest address. */
uint64_t sim_guest_put(struct domain *d, size_t off, const void *src, size_t len);

#endif /* XL_SIM_GUEST_H */
