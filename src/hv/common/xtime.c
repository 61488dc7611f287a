/*
 * xtime.c - system time and wallclock records in shared_info (see xtime.h).
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * The version protocol needs the writes to become visible in order: the odd
 * version before the data, the data before the even version.  x86 keeps
 * stores in order, so a compiler barrier (release fence) between them is
 * all that is needed; other architectures would need a real wmb.
 */
#include <stdint.h>

#include <domain.h>
#include <event.h>
#include <lib.h>
#include <xtime.h>
#include "public/xen.h"

#define NSEC_PER_SEC 1000000000ULL

static uint64_t wc_boot_sec;
static uint32_t wc_boot_nsec;

struct time_scale
time_scale_for_khz(uint32_t khz)
{
    uint64_t hz = (khz != 0 ? khz : 1000000U) * 1000ULL;
    struct time_scale sc = { 0, 0 };

    /* Bring the rate into (1e9, 2e9] by powers of two, so that
     * mul_frac = 2^32 * 1e9 / rate lands in [2^31, 2^32). */
    while (hz > 2 * NSEC_PER_SEC) {
        hz >>= 1;
        sc.shift--;
    }
    while (hz <= NSEC_PER_SEC) {
        hz <<= 1;
        sc.shift++;
    }
    sc.mul_frac = (uint32_t)((NSEC_PER_SEC << 32) / hz);
    return sc;
}

uint64_t
time_scale_delta(uint64_t delta, struct time_scale sc)
{
    if (sc.shift < 0)
        delta >>= -sc.shift;
    else
        delta <<= sc.shift;
    return (uint64_t)(((unsigned __int128)delta * sc.mul_frac) >> 32);
}

static void
wmb(void)
{
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

void
update_vcpu_system_time(struct vcpu *v)
{
    volatile struct vcpu_time_info *t = &vcpu_info_of(v)->time;
    struct time_scale sc = time_scale_for_khz(arch_tsc_khz());
    uint64_t tsc = arch_rdtsc();
    uint64_t now = arch_now_ns();

    t->version = (t->version + 1) | 1;      /* odd: update in progress */
    wmb();
    t->tsc_timestamp = tsc;
    t->system_time = now;
    t->tsc_to_system_mul = sc.mul_frac;
    t->tsc_shift = sc.shift;
    wmb();
    t->version++;                            /* even: consistent again */
}

void
xtime_set_wallclock(uint64_t sec, uint32_t nsec)
{
    wc_boot_sec = sec + nsec / NSEC_PER_SEC;
    wc_boot_nsec = (uint32_t)(nsec % NSEC_PER_SEC);
}

void
update_domain_wallclock_time(struct domain *d)
{
    volatile struct shared_info *s = d->shared_info;

    ASSERT(s != NULL);
    if (d->shinfo_compat) {
        /* 32-bit layout: wc_version, wc_sec, wc_nsec right after the
         * 128-byte pending and mask bitmaps. */
        volatile uint32_t *wc = (volatile uint32_t *)((volatile char *)s + 2048 + 256);

        wc[0] = (wc[0] + 1) | 1;
        wmb();
        wc[1] = (uint32_t)wc_boot_sec;
        wc[2] = wc_boot_nsec;
        wmb();
        wc[0]++;
        return;
    }
    s->wc_version = (s->wc_version + 1) | 1;
    wmb();
    s->wc_sec = (uint32_t)wc_boot_sec;
    s->wc_sec_hi = (uint32_t)(wc_boot_sec >> 32);
    s->wc_nsec = wc_boot_nsec;
    wmb();
    s->wc_version++;
}
