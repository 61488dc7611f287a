/*
 * sim_hc.c - hosted implementations of the core-hypercall arch hooks and
 * test helpers (see sim_hc.h).
 *
 * Environment: hosted only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <console.h>
#include <domain.h>
#include <event.h>
#include <hypercall.h>
#include <lib.h>
#include <mm.h>
#include <schedule.h>
#include <xl_errno.h>
#include <xmalloc.h>
#include <xtime.h>
#include "public/xen.h"
#include "sim.h"
#include "sim_guest.h"
#include "sim_hc.h"

#define SIM_SLOTS (MAX_DOMAINS * MAX_VIRT_CPUS)

static uint64_t sim_now;
static uint32_t sim_khz = 2000000;
static unsigned int kicks[SIM_SLOTS], blocks[SIM_SLOTS], irets;
static long (*arch_fn[NR_HYPERCALLS])(const uint64_t args[6]);

static unsigned int
slot(const struct vcpu *v)
{
    unsigned int s = v->domain->domain_id * MAX_VIRT_CPUS + v->vcpu_id;

    return s < SIM_SLOTS ? s : 0;
}

void sim_time_set(uint64_t ns) { sim_now = ns; }
void sim_time_advance(uint64_t ns) { sim_now += ns; }
void sim_tsc_set_khz(uint32_t khz) { sim_khz = khz; }
unsigned int sim_kicks(const struct vcpu *v) { return kicks[slot(v)]; }
unsigned int sim_blocks(const struct vcpu *v) { return blocks[slot(v)]; }
unsigned int sim_irets(void) { return irets; }

void
sim_hc_set_arch(uint64_t nr, long (*fn)(const uint64_t args[6]))
{
    if (nr < NR_HYPERCALLS)
        arch_fn[nr] = fn;
}

void
sim_hc_reset(void)
{
    sim_now = 0;
    sim_khz = 2000000;
    memset(kicks, 0, sizeof(kicks));
    memset(blocks, 0, sizeof(blocks));
    memset(arch_fn, 0, sizeof(arch_fn));
    irets = 0;
    console_io_reset();
    hypercall_counts_reset();
}

/* ---- arch hooks ---- */

uint64_t
arch_now_ns(void)
{
    return sim_now;
}

uint32_t
arch_tsc_khz(void)
{
    return sim_khz;
}

/* The TSC that arch_now_ns() is derived from: ticks = ns * khz / 1e6. */
uint64_t
arch_rdtsc(void)
{
    return (uint64_t)(((unsigned __int128)sim_now * sim_khz) / 1000000U);
}

long
arch_hypercall(struct vcpu *v, uint64_t nr, const uint64_t args[6],
               bool *handled)
{
    (void)v;
    if (nr == __HYPERVISOR_iret) {
        *handled = true;
        irets++;
        return SIM_IRET_RESULT;
    }
    if (nr < NR_HYPERCALLS && arch_fn[nr] != NULL) {
        *handled = true;
        return arch_fn[nr](args);
    }
    return 0;
}

void
arch_vcpu_kick(struct vcpu *v)
{
    kicks[slot(v)]++;
}

void
arch_vcpu_block(struct vcpu *v)
{
    blocks[slot(v)]++;
}

/* ---- domains ---- */

struct domain *
sim_hc_domain_new(domid_t id, bool privileged, unsigned int nr_vcpus,
                  size_t arena_size)
{
    struct domain *d = domain_create(id, privileged, nr_vcpus, 256);

    if (d == NULL)
        panic("sim_hc: domain_create(%u) failed", id);
    if (d->shared_info == NULL)
        panic("sim_hc: d%u has no shared_info", id);
    if (evtchn_domain_init(d) != 0)
        panic("sim_hc: no event table for d%u", id);
    /* What domain_create does not do (yet): Xen masks event delivery on
     * every new vCPU; vCPU 0 starts up and running. */
    for (unsigned int i = 0; i < nr_vcpus; i++)
        vcpu_info_of(d->vcpu[i])->evtchn_upcall_mask = 1;
    d->vcpu[0]->is_up = true;
    vcpu_runstate_change(d->vcpu[0], VCPU_RUNNING, arch_now_ns());
    sim_guest_arena_init(d, arena_size);
    current = d->vcpu[0];
    return d;
}

void
sim_hc_domains_free(void)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = domain_table[i];

        if (d == NULL)
            continue;
        evtchn_domain_destroy(d);
        sim_guest_arena_fini(d);
        domain_kill(d);
        domain_destroy(d);
    }
    current = NULL;
}

static struct page_info *world_table;

void
sim_hc_world_init(uint64_t nr_frames, unsigned int nr_vcpus, size_t arena_size)
{
    printk_reset();
    sim_console_clear();
    sim_machine_init(nr_frames);
    free(world_table);
    world_table = calloc(nr_frames, sizeof(*world_table));
    if (world_table == NULL)
        abort();
    frametable_init(world_table, nr_frames);
    frames_free_range(1, nr_frames);
    heap_init();
    sim_hc_reset();
    sim_hc_domain_new(1, false, nr_vcpus, arena_size);
    sim_hc_domain_new(0, true, nr_vcpus, arena_size);
}

void
sim_hc_world_fini(void)
{
    sim_hc_domains_free();
    sim_guest_arena_fini_all();
    frametable_init(NULL, 0);
    free(world_table);
    world_table = NULL;
    sim_machine_fini();
}

/* Every guest in the simulation is a PV guest: all calls are permitted. */
bool
arch_hypercall_permitted(const struct vcpu *v, uint64_t nr)
{
    (void)v;
    (void)nr;
    return true;
}

/* Simulated guests are PV: no kind-specific feature bits. */
uint32_t
arch_domain_features(const struct domain *d)
{
    (void)d;
    return 0;
}
