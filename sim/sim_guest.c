/*
 * sim_guest.c - simulated guest memory arenas (see sim_guest.h).
 *
 * Environment: hosted only.
 */
#include <stdlib.h>
#include <string.h>
#include <domain.h>
#include <guest_access.h>
#include <lib.h>
#include "sim_guest.h"

#define SIM_MAX_ARENAS 64

static struct arena {
    const struct domain *d;
    unsigned char *mem;
    size_t size;
} arenas[SIM_MAX_ARENAS];

/*
 * An arena with mem but no domain is parked: sim_guest_arena_fini keeps the
 * block so that the next arena of exactly that size reuses it (zeroed)
 * instead of a fresh calloc, whose page faults dominated a fuzz input that
 * creates its domains anew.  The size is exact, so a sanitizer still sees
 * the block's end.  sim_guest_arena_fini_all frees everything.
 */
static struct arena *
arena_of(const struct domain *d)
{
    for (unsigned int i = 0; d && i < SIM_MAX_ARENAS; i++)
        if (arenas[i].d == d && arenas[i].mem)
            return &arenas[i];
    return NULL;
}

void
sim_guest_arena_init(struct domain *d, size_t size)
{
    struct arena *a = arena_of(d);

    for (unsigned int i = 0; i < SIM_MAX_ARENAS && !a; i++)
        if (!arenas[i].d && arenas[i].mem && arenas[i].size == size)
            a = &arenas[i];     /* a parked block of this size */
    for (unsigned int i = 0; i < SIM_MAX_ARENAS && !a; i++)
        if (!arenas[i].mem)
            a = &arenas[i];
    if (!a) {                   /* only parked blocks of other sizes left */
        for (unsigned int i = 0; i < SIM_MAX_ARENAS && !a; i++)
            if (!arenas[i].d)
                a = &arenas[i];
        if (!a)
            panic("sim: more than %d guest arenas", SIM_MAX_ARENAS);
        free(a->mem);
        a->mem = NULL;
    }
    if (a->mem && a->size == size) {
        memset(a->mem, 0, size ? size : 1);
    } else {
        free(a->mem);
        a->mem = calloc(1, size ? size : 1);
        if (!a->mem)
            panic("sim: cannot allocate a %zu-byte guest arena", size);
    }
    a->d = d;
    a->size = size;
}

void
sim_guest_arena_fini(struct domain *d)
{
    struct arena *a = arena_of(d);

    if (a)
        a->d = NULL;            /* parked, see above */
}

void
sim_guest_arena_fini_all(void)
{
    for (unsigned int i = 0; i < SIM_MAX_ARENAS; i++) {
        free(arenas[i].mem);
        memset(&arenas[i], 0, sizeof(arenas[i]));
    }
}

void *
sim_guest_ptr(struct domain *d, uint64_t va, size_t len)
{
    struct arena *a = arena_of(d);

    if (!a || va < SIM_GUEST_VA_BASE)
        return NULL;
    if (va - SIM_GUEST_VA_BASE > a->size || len > a->size - (va - SIM_GUEST_VA_BASE))
        return NULL;
    return a->mem + (va - SIM_GUEST_VA_BASE);
}

uint64_t
sim_guest_put(struct domain *d, size_t off, const void *src, size_t len)
{
    void *p = sim_guest_ptr(d, sim_guest_va(off), len);

    if (!p)
        panic("sim_guest_put: [%#zx, +%#zx) is outside the arena", off, len);
    memcpy(p, src, len);
    return sim_guest_va(off);
}

/* Copy byte by byte up to the first unmapped byte, like a faulting copy. */
size_t
arch_copy_from_guest(void *dst, uint64_t guest_va, size_t len)
{
    struct domain *d = current ? current->domain : NULL;
    size_t done = 0;

    for (; done < len; done++) {
        unsigned char *p = d ? sim_guest_ptr(d, guest_va + done, 1) : NULL;

        if (!p)
            break;
        ((unsigned char *)dst)[done] = *p;
    }
    return len - done;
}

size_t
arch_copy_to_guest(uint64_t guest_va, const void *src, size_t len)
{
    struct domain *d = current ? current->domain : NULL;
    size_t done = 0;

    for (; done < len; done++) {
        unsigned char *p = d ? sim_guest_ptr(d, guest_va + done, 1) : NULL;

        if (!p)
            break;
        *p = ((const unsigned char *)src)[done];
    }
    return len - done;
}
