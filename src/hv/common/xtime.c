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
#define TWO_32       0x100000000ULL

static uint64_t wc_boot_sec;
static uint32_t wc_boot_nsec;

/*@ assigns \nothing;
    ensures frac: 0x80000000 <= \result.mul_frac;
    ensures shift: -12 <= \result.shift <= 20;
*/
struct time_scale
time_scale_for_khz(uint32_t khz)
{
    uint64_t hz = (khz != 0 ? khz : 1000000U) * 1000ULL;
    struct time_scale sc = { 0, 0 };

    /* Bring the rate into (1e9, 2e9] by powers of two, so that
     * mul_frac = 2^32 * 1e9 / rate lands in [2^31, 2^32). */
    /* The first loop halves at most 12 times (4294967295000 >> 12 is below
     * 2e9), the second doubles at most 20 times (1000 << 20 is above 1e9):
     * one bound per step, so the provers need no power of two. */
    /*@ loop invariant 1000 <= hz <= 4294967295000;
        loop invariant -12 <= sc.shift <= 0;
        loop invariant steps: (sc.shift <= -1 ==> hz <= 2147483647500) &&
            (sc.shift <= -2 ==> hz <= 1073741823750) &&
            (sc.shift <= -3 ==> hz <= 536870911875) &&
            (sc.shift <= -4 ==> hz <= 268435455937) &&
            (sc.shift <= -5 ==> hz <= 134217727968) &&
            (sc.shift <= -6 ==> hz <= 67108863984) &&
            (sc.shift <= -7 ==> hz <= 33554431992) &&
            (sc.shift <= -8 ==> hz <= 16777215996) &&
            (sc.shift <= -9 ==> hz <= 8388607998) &&
            (sc.shift <= -10 ==> hz <= 4194303999) &&
            (sc.shift <= -11 ==> hz <= 2097151999) &&
            (sc.shift <= -12 ==> hz <= 1048575999);
        loop assigns hz, sc.shift;
    */
    while (hz > 2 * NSEC_PER_SEC) {
        hz >>= 1;
        sc.shift--;
    }
    /*@ loop invariant 1000 <= hz <= 2000000000;
        loop invariant -12 <= sc.shift <= 20;
        loop invariant steps: (sc.shift >= 1 ==> hz >= 2000) &&
            (sc.shift >= 2 ==> hz >= 4000) &&
            (sc.shift >= 3 ==> hz >= 8000) &&
            (sc.shift >= 4 ==> hz >= 16000) &&
            (sc.shift >= 5 ==> hz >= 32000) &&
            (sc.shift >= 6 ==> hz >= 64000) &&
            (sc.shift >= 7 ==> hz >= 128000) &&
            (sc.shift >= 8 ==> hz >= 256000) &&
            (sc.shift >= 9 ==> hz >= 512000) &&
            (sc.shift >= 10 ==> hz >= 1024000) &&
            (sc.shift >= 11 ==> hz >= 2048000) &&
            (sc.shift >= 12 ==> hz >= 4096000) &&
            (sc.shift >= 13 ==> hz >= 8192000) &&
            (sc.shift >= 14 ==> hz >= 16384000) &&
            (sc.shift >= 15 ==> hz >= 32768000) &&
            (sc.shift >= 16 ==> hz >= 65536000) &&
            (sc.shift >= 17 ==> hz >= 131072000) &&
            (sc.shift >= 18 ==> hz >= 262144000) &&
            (sc.shift >= 19 ==> hz >= 524288000) &&
            (sc.shift >= 20 ==> hz >= 1048576000);
        loop assigns hz, sc.shift;
    */
    while (hz <= NSEC_PER_SEC) {
        hz <<= 1;
        sc.shift++;
    }
    //@ assert range: 1000000000 < hz <= 2000000000;
    sc.mul_frac = (uint32_t)((NSEC_PER_SEC << 32) / hz);
    return sc;
}

/*@ // The scaled delta: shifted as the guest shifts it (a left shift
    // keeps the low 64 bits), times mul_frac, over 2^32, exactly.
    logic integer xt_shifted(integer delta, integer shift) =
        shift < 0 ? delta >> -shift : (uint64_t)(delta << shift);
*/

/*@ requires shift: -64 < sc.shift < 64;
    assigns \nothing;
    ensures exact: \result == (xt_shifted(delta, sc.shift) * sc.mul_frac) / 0x100000000;
    ensures bound: \result <= xt_shifted(delta, sc.shift);
*/
uint64_t
time_scale_delta(uint64_t delta, struct time_scale sc)
{
    uint64_t hi, lo;

    if (sc.shift < 0)
        delta >>= -sc.shift;
    else
        delta <<= sc.shift;
    //@ assert shifted: delta == xt_shifted(\at(delta, Pre), sc.shift);
    /* (delta * mul_frac) >> 32 without a 128-bit type: with delta =
     * hi * 2^32 + lo, it is hi * mul_frac + ((lo * mul_frac) >> 32), and
     * neither product nor the sum can wrap (hi, lo and mul_frac are below
     * 2^32, so the sum is below 2^64 - 2^32). */
    hi = delta / TWO_32;
    lo = delta % TWO_32;
    /*@ assert split: delta == hi * 0x100000000 + lo && hi < 0x100000000 &&
                      lo < 0x100000000; */
    /*@ assert ring: delta * sc.mul_frac ==
                     (hi * sc.mul_frac) * 0x100000000 + lo * sc.mul_frac; */
    /*@ assert no_wrap: hi * sc.mul_frac <= 0xfffffffe00000001 &&
                        lo * sc.mul_frac < 0x10000000000000000; */
    /*@ assert div: (delta * sc.mul_frac) / 0x100000000 ==
                    hi * sc.mul_frac + (lo * sc.mul_frac) / 0x100000000; */
    hi *= sc.mul_frac;
    lo = lo * sc.mul_frac / TWO_32;
    //@ assert sum: hi + lo < 0x10000000000000000;
    return hi + lo;
}

/* A compiler barrier: x86 keeps stores in order (see the top).
 * Trusted contract (proofs/README.md): a fence writes nothing. */
/*@ assigns \nothing; */
static void
wmb(void)
{
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

/* v's vcpu_time_info, inside its domain's shared_info.  Trusted contract
 * (proofs/README.md): vcpu_info_of's cast of the `void *` shared_info. */
/*@ requires \valid_read(v) && \valid_read(v->domain) &&
             v->domain->shared_info != \null && v->vcpu_id < MAX_VIRT_CPUS;
    assigns \nothing;
    ensures \result == &xl_shinfo(v->domain)->vcpu_info[v->vcpu_id].time;
*/
static volatile struct vcpu_time_info *
vcpu_time(struct vcpu *v)
{
    return &vcpu_info_of(v)->time;
}

/*@ requires \valid_read(v) && \valid_read(v->domain) &&
             v->domain->shared_info != \null && v->vcpu_id < MAX_VIRT_CPUS &&
             \valid(xl_shinfo(v->domain)) &&
             \separated(xl_shinfo(v->domain), v, v->domain);
    assigns xl_shinfo(v->domain)->vcpu_info[v->vcpu_id].time;
*/
void
update_vcpu_system_time(struct vcpu *v)
{
    volatile struct vcpu_time_info *t = vcpu_time(v);
    struct time_scale sc = time_scale_for_khz(arch_tsc_khz());
    uint64_t tsc = arch_rdtsc();
    uint64_t now = arch_now_ns();

    /* What the guest reads back (the record is volatile: the guest may
     * write it too, so WP states facts about what is stored, not about
     * the record afterwards): a scale the guest's time_scale_delta
     * accepts, and a system time that is a valid s_time_t. */
    /*@ assert stored: 0x80000000 <= sc.mul_frac && -12 <= sc.shift <= 20 &&
                       now <= 0x7fffffffffffffff; */
    t->version = (t->version + 1) | 1;      /* odd: update in progress */
    wmb();
    t->tsc_timestamp = tsc;
    t->system_time = now;
    t->tsc_to_system_mul = sc.mul_frac;
    t->tsc_shift = sc.shift;
    wmb();
    t->version++;                            /* even: consistent again */
}

/*@ assigns wc_boot_sec, wc_boot_nsec;
    ensures sec: wc_boot_sec == (uint64_t)(sec + nsec / 1000000000);
    ensures nsec: wc_boot_nsec == nsec % 1000000000 && wc_boot_nsec < 1000000000;
*/
void
xtime_set_wallclock(uint64_t sec, uint32_t nsec)
{
    wc_boot_sec = sec + nsec / NSEC_PER_SEC;
    wc_boot_nsec = (uint32_t)(nsec % NSEC_PER_SEC);
}

/*@ // The 32-bit (compat) layout's wc_version, wc_sec and wc_nsec: three
    // words at byte 2048 + 256 of d's shared_info, right after its 128-byte
    // pending and mask bitmaps (the C's char-pointer arithmetic, which WP's
    // typed model cannot follow).
    axiomatic Xl_wc_compat {
      logic uint32_t *xl_wc_compat_of(void *p);
    }
    logic uint32_t *xl_wc_compat(struct domain *d) =
        xl_wc_compat_of(d->shared_info);
*/

/* d's shared_info as the 64-bit layout.  Trusted contract
 * (proofs/README.md): the cast of the `void *`. */
/*@ requires \valid_read(d) && d->shared_info != \null;
    assigns \nothing;
    ensures \result == xl_shinfo(d);
*/
static volatile struct shared_info *
shinfo_native(const struct domain *d)
{
    return (volatile struct shared_info *)d->shared_info;
}

/* The compat layout's wallclock words (xl_wc_compat).  Trusted contract
 * (proofs/README.md): the cast; the three words are inside the page. */
/*@ requires \valid_read(d) && d->shared_info != \null;
    assigns \nothing;
    ensures \result == xl_wc_compat(d);
*/
static volatile uint32_t *
shinfo_compat_wc(const struct domain *d)
{
    return (volatile uint32_t *)((volatile char *)d->shared_info + 2048 + 256);
}

/*@ requires \valid_read(d) && d->shared_info != \null;
    requires native: !d->shinfo_compat ==> \valid(xl_shinfo(d));
    requires compat: d->shinfo_compat ==> \valid(xl_wc_compat(d) + (0 .. 2));
    assigns xl_shinfo(d)->wc_version, xl_shinfo(d)->wc_sec,
            xl_shinfo(d)->wc_sec_hi, xl_shinfo(d)->wc_nsec,
            xl_wc_compat(d)[0 .. 2];
*/
void
update_domain_wallclock_time(struct domain *d)
{
    volatile struct shared_info *s;

    ASSERT(d->shared_info != NULL);
    if (d->shinfo_compat) {
        /* 32-bit layout: wc_version, wc_sec, wc_nsec right after the
         * 128-byte pending and mask bitmaps. */
        volatile uint32_t *wc = shinfo_compat_wc(d);

        wc[0] = (wc[0] + 1) | 1;
        wmb();
        wc[1] = (uint32_t)wc_boot_sec;
        wc[2] = wc_boot_nsec;
        wmb();
        wc[0]++;
        return;
    }
    s = shinfo_native(d);
    s->wc_version = (s->wc_version + 1) | 1;
    wmb();
    s->wc_sec = (uint32_t)wc_boot_sec;
    s->wc_sec_hi = (uint32_t)(wc_boot_sec >> 32);
    s->wc_nsec = wc_boot_nsec;
    wmb();
    s->wc_version++;
}
