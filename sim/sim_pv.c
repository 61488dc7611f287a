/*
 * sim_pv.c - hosted PV memory-management and domain hooks (see sim_pv.h).
 *
 * Environment: hosted only.
 */
#include <stdlib.h>
#include <string.h>

#include <domain.h>
#include <lib.h>
#include <pv_mm.h>
#include "sim_pv.h"

struct sim_pv_record sim_pv;
static uint64_t *sim_m2p;

void
sim_pv_fini(void)
{
    free(sim_m2p);
    sim_m2p = NULL;
    m2p_table = NULL;
    m2p_nr = 0;
}

void
sim_pv_reset(uint64_t m2p_entries)
{
    sim_pv_fini();
    memset(&sim_pv, 0, sizeof(sim_pv));
    if (m2p_entries == 0)
        return;
    sim_m2p = malloc(m2p_entries * sizeof(*sim_m2p));
    m2p_table = sim_m2p;
    if (m2p_table == NULL)
        panic("sim: cannot allocate an M2P of %llu entries",
              (unsigned long long)m2p_entries);
    for (uint64_t i = 0; i < m2p_entries; i++)
        m2p_table[i] = M2P_INVALID;
    m2p_nr = m2p_entries;
}

void
arch_pv_init_l4_xen_slots(uint64_t *l4, struct domain *d)
{
    (void)d;
    for (unsigned int i = PV_L4_XEN_FIRST; i < PV_L4_XEN_END; i++)
        l4[i] = SIM_XEN_L4E(i);
    sim_pv.l4_inits++;
}

void
arch_pv_new_baseptr(struct vcpu *v)
{
    sim_pv.new_baseptrs++;
    sim_pv.last_baseptr_vcpu = v;
}

void
arch_pv_flush_tlb(void)
{
    sim_pv.tlb_flushes++;
}

void
arch_pv_invlpg(uint64_t va)
{
    sim_pv.invlpgs++;
    sim_pv.last_invlpg = va;
}

int
arch_pv_set_ldt(struct vcpu *v, uint64_t va, unsigned int nents)
{
    sim_pv.set_ldts++;
    sim_pv.ldt_vcpu = v;
    sim_pv.ldt_va = va;
    sim_pv.ldt_ents = nents;
    return sim_pv.set_ldt_rc;
}

void
arch_domain_crashed(struct domain *d)
{
    sim_pv.crashes++;
    sim_pv.last_crashed = d;
}

void
arch_domain_shutdown(struct domain *d, int reason)
{
    sim_pv.shutdowns++;
    sim_pv.last_shutdown = d;
    sim_pv.last_shutdown_reason = reason;
}
