/*
 * xtime.h - system time and wallclock as guests see them.
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * System time is nanoseconds since boot (Xen's NOW()), read with
 * arch_now_ns().  Guests read it without a hypercall from the vcpu_time_info
 * in their vcpu_info:
 *     now = system_time + scale(tsc - tsc_timestamp)
 * with scale(d) = ((d << tsc_shift) * tsc_to_system_mul) >> 32 (a negative
 * shift shifts right).  The hypervisor writes that record with Xen's
 * version protocol: version becomes odd, the fields change, version becomes
 * even again; a reader retries while the version is odd or moved.  The
 * wallclock (wc_sec/wc_nsec/wc_sec_hi in shared_info, under wc_version with
 * the same protocol) is the time of day at system time 0.
 *
 * The arch calls xtime_set_wallclock() once at boot (from the RTC) and
 * update_vcpu_system_time() whenever a vCPU is scheduled in and
 * periodically (at least every few seconds, so the guest's extrapolation
 * does not drift); update_domain_wallclock_time() when a domain is built.
 */
#ifndef XL_XTIME_H
#define XL_XTIME_H

#include <stdint.h>
#include <domain.h>
#include "public/xen.h"

struct time_scale {
    uint32_t mul_frac;      /* tsc_to_system_mul */
    int8_t shift;           /* tsc_shift */
};

/* Scale factors for a counter of khz kHz (khz == 0 is taken as 1 GHz).
 * Guarantees mul_frac >= 2^31, so precision is never wasted. */
struct time_scale time_scale_for_khz(uint32_t khz);

/* Apply a scale exactly as a guest does: ((delta << shift) * mul_frac) >> 32
 * with the 96-bit product kept whole (computed in two 32-bit halves; a
 * negative shift shifts right).  The shift must be in (-64, 64). */
uint64_t time_scale_delta(uint64_t delta, struct time_scale sc);

void update_vcpu_system_time(struct vcpu *v);

/* Wallclock at system time 0, seconds since the epoch + ns. */
void xtime_set_wallclock(uint64_t sec, uint32_t nsec);
void update_domain_wallclock_time(struct domain *d);

/*
 * ---- arch hooks ----
 *
 * arch_now_ns(): system time, ns since boot; monotonic, never decreasing.
 * arch_rdtsc(): the raw counter guests scale (the TSC on x86), read at the
 *   same instant semantics as arch_now_ns: the core pairs one call of each,
 *   so arch_now_ns() must be derived from the same counter
 *   (now_ns = scale(rdtsc - tsc_at_boot)), or guests see time jump.
 * arch_tsc_khz(): that counter's frequency in kHz (constant after boot;
 *   0 = unknown, treated as 1 GHz).
 */
/*@ // Trusted contract (proofs/README.md): system time is Xen's s_time_t,
    // a signed 64-bit count of ns (292 years), so it never exceeds
    // INT64_MAX; a read of the clock.
    assigns \nothing;
    ensures \result <= 0x7fffffffffffffff;
*/
uint64_t arch_now_ns(void);
/*@ // Trusted contracts (proofs/README.md): reads of the counter and of
    // its calibrated rate.
    assigns \nothing;
*/
uint64_t arch_rdtsc(void);
/*@ assigns \nothing; */
uint32_t arch_tsc_khz(void);

#endif /* XL_XTIME_H */
