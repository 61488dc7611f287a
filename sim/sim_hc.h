/*
 * sim_hc.h - the hosted side of the core hypercalls: a controllable clock,
 * a record of kicks and blocks, a scriptable arch_hypercall, and (until
 * src/hv/common/domain.c exists) stand-in domains.
 *
 * Environment: hosted only (unit tests, fuzzers).
 *
 * Clock: arch_now_ns() returns the sim time set with sim_time_set /
 * sim_time_advance (starts at 0); arch_rdtsc() is that time scaled to the
 * sim TSC rate (sim_tsc_khz, default 2 GHz), from the same base, so the two
 * agree as the real hooks must.
 *
 * arch_hypercall handles __HYPERVISOR_iret (returns SIM_IRET_RESULT and
 * counts it) and any number registered with sim_hc_set_arch(); the rest are
 * "not handled".
 *
 * Domains: sim_hc_domain_new() builds a domain with domain_create(), adds
 * its event table, masks events on every vCPU (as Xen starts them), brings
 * vCPU 0 up and running, gives it a guest arena of arena_size bytes, and
 * makes vCPU 0 `current`.  The machine and heap must be set up first
 * (unit_machine_setup).
 */
#ifndef XL_SIM_HC_H
#define XL_SIM_HC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <domain.h>

#define SIM_IRET_RESULT 0x1e7e7

void sim_time_set(uint64_t ns);
void sim_time_advance(uint64_t ns);
void sim_tsc_set_khz(uint32_t khz);

/* Per-vCPU records since the last sim_hc_reset (index: domid * 32 + vcpu). */
unsigned int sim_kicks(const struct vcpu *v);
unsigned int sim_blocks(const struct vcpu *v);
unsigned int sim_irets(void);

/* Make arch_hypercall handle nr with this result (or stop: fn NULL). */
void sim_hc_set_arch(uint64_t nr, long (*fn)(const uint64_t args[6]));

/* Clear clocks, records, arch handlers, console focus and counters. */
void sim_hc_reset(void);

struct domain *sim_hc_domain_new(domid_t id, bool privileged,
                                 unsigned int nr_vcpus, size_t arena_size);
/* Kill and destroy every domain in domain_table, free their arenas. */
void sim_hc_domains_free(void);

/*
 * A whole test world: a fresh machine of nr_frames frames (frame table,
 * allocator from mfn 1, heap), printk and console capture reset,
 * sim_hc_reset(), then dom0 (privileged) and dom1, each with nr_vcpus vCPUs
 * and an arena of arena_size bytes; `current` is dom0's vCPU 0.
 * sim_hc_world_fini() frees all of it.
 */
void sim_hc_world_init(uint64_t nr_frames, unsigned int nr_vcpus,
                       size_t arena_size);
void sim_hc_world_fini(void);

#endif /* XL_SIM_HC_H */
