/*
 * sim_pv.h - the hosted side of the PV memory-management and domain hooks
 * (pv_mm.h): each hook records what it was asked to do.
 *
 * Environment: hosted only (unit tests, fuzzers).
 *
 * sim_pv_reset(nr_frames) zeroes the record and gives the simulated
 * machine an M2P table of nr_frames entries (all M2P_INVALID); call it
 * after sim_machine_init.  sim_pv_fini() frees the table.
 *
 * arch_pv_init_l4_xen_slots writes SIM_XEN_L4E(slot) into each hypervisor
 * slot, so a test can see that the guest's own values there were replaced.
 * arch_pv_set_ldt stores its arguments in the vCPU record and returns
 * sim_pv.set_ldt_rc (0 unless a test sets it).
 */
#ifndef XL_SIM_PV_H
#define XL_SIM_PV_H

#include <stdint.h>
#include <domain.h>

#define SIM_XEN_L4E(slot) (0x5e5e000000000000ULL | ((uint64_t)(slot) << 12))

struct sim_pv_record {
    unsigned int l4_inits;            /* arch_pv_init_l4_xen_slots calls */
    unsigned int new_baseptrs;
    struct vcpu *last_baseptr_vcpu;
    unsigned int tlb_flushes;
    unsigned int invlpgs;
    uint64_t last_invlpg;
    unsigned int set_ldts;
    struct vcpu *ldt_vcpu;
    uint64_t ldt_va;
    unsigned int ldt_ents;
    int set_ldt_rc;                   /* what arch_pv_set_ldt returns */
    unsigned int crashes;
    struct domain *last_crashed;
    unsigned int shutdowns;
    struct domain *last_shutdown;
    int last_shutdown_reason;
};

extern struct sim_pv_record sim_pv;

void sim_pv_reset(uint64_t m2p_entries);
void sim_pv_fini(void);

#endif /* XL_SIM_PV_H */
