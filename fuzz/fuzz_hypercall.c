/*
 * fuzz_hypercall.c - fuzz harness for the hypercall core: sequences of
 * hypercalls issued by dom0 (privileged) and two domUs, plus toolstack
 * operations, with invariant oracles after every call and a full teardown.
 *
 * Environment: hosted only.  Builds: see fuzz_main.h.
 *
 * Each input runs in a fresh simulated machine of FH_FRAMES frames with
 * domains 0 (privileged), 1 and 2, each with FH_VCPUS vCPUs and a guest
 * arena; the input is a sequence of operations (encoding in fuzz/README.md,
 * "fuzz_hypercall"; tools in fuzz/gen_corpus.py):
 *
 *   op     := opcode:u8 header:u8 args
 *   header := bits 0-1 issuer (0 d0, 1 d1, 2 d2, 3 d0), bit 2 vCPU 1,
 *             bits 4-5 where the main argument block goes (0-1 the arena,
 *             2 straddling the arena's end, 3 the hypervisor's range)
 *
 * Guest operations are hypercalls through hypercall_dispatch() with their
 * argument blocks in the issuer's arena (multicall batches them); toolstack
 * operations (allocate frames, create/kill/destroy/crash a domain, advance
 * time, raise VIRQs) act as dom0's toolstack and the platform would.
 * Missing bytes read as zero, so every input is valid.  FUZZ_TRACE=1 prints
 * each hypercall and its result (replay build).
 *
 * After every operation: sim_pv_check (counts equal the references that
 * exist, no writable mapping of a page table, ownership), sim_evtchn_check
 * (interdomain symmetry, closed ports free), every owned frame's owner is a
 * live domain, a killed domain owns nothing, a port closed with success is
 * free.  At the end every domain is destroyed and the allocator must hold
 * exactly the frames it held before the first domain existed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch_hooks.h>
#include <console.h>
#include <domain.h>
#include <event.h>
#include <guest_access.h>
#include <hypercall.h>
#include <lib.h>
#include <mm.h>
#include <pv_mm.h>
#include <schedule.h>
#include <xmalloc.h>
#include <xtime.h>
#include "public/event_channel.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "public/version.h"
#include "public/xen.h"
#include "sim.h"
#include "sim_guest.h"
#include "sim_hc.h"
#include "sim_oracle.h"
#include "sim_pv.h"

#define FH_FRAMES   320
#define FH_DOMS     3
#define FH_VCPUS    2
#define FH_PFNS     48              /* frames the toolstack gives a domain */
#define FH_ARENA    0x4000
#define FH_SLOT     0x800           /* arena slot of one (sub-)call */
#define FH_MC_LIST  0x3800          /* arena offset of a multicall list */
#define FH_MAX_OPS  256             /* longer inputs are cut */

#define FAIL(...)                                                        \
    do {                                                                 \
        fprintf(stderr, "fuzz_hypercall: op %u: ", fh.op_no);            \
        fprintf(stderr, __VA_ARGS__);                                    \
        fputc('\n', stderr);                                             \
        abort();                                                         \
    } while (0)

enum {
    OP_MMU_UPDATE, OP_MMUEXT, OP_UVA, OP_EVTCHN, OP_SCHED, OP_TIMER,
    OP_VCPU, OP_CONSOLE, OP_VERSION, OP_VM_ASSIST, OP_MULTICALL, OP_RAW,
    OP_T_ALLOC, OP_T_TIME, OP_T_CREATE, OP_T_KILL, OP_T_DESTROY, OP_T_CRASH,
    OP_T_VIRQ, OP_NOP, NR_OPS
};

struct reader {
    const uint8_t *p;
    size_t n;
};

/* A guest frame list: what the toolstack gave each domain, in order. */
struct gdom {
    mfn_t pfn[FH_PFNS];
    unsigned int nr;
};

struct call {
    uint64_t nr, args[6];
};

static struct {
    struct gdom g[FH_DOMS];
    struct page_info *table;
    unsigned int op_no;
    uint64_t free_at_start;
    struct domain *closed_dom;      /* EVTCHNOP_close just issued ... */
    evtchn_port_t closed_port;      /* ... for this port */
    int trace;                      /* FUZZ_TRACE set: print each call */
} fh;

/* ------------------------------------------------------------------ */
/* Reading the input.                                                  */

static uint8_t
u8(struct reader *r)
{
    uint8_t b = 0;

    if (r->n > 0) {
        b = *r->p++;
        r->n--;
    }
    return b;
}

static uint16_t
u16(struct reader *r)
{
    uint16_t lo = u8(r);

    return (uint16_t)(lo | (u8(r) << 8));
}

/* ------------------------------------------------------------------ */
/* Decoding values relative to the issuing domain.                     */

static domid_t
dom_id(uint8_t b)
{
    static const domid_t ids[] = { 0, 1, 2, DOMID_SELF, 9, DOMID_IO };

    return ids[b % 6];
}

/*
 * A frame: < 0xf0 the issuer's frame number b (modulo its frame count);
 * then the shared_info of d0..d2, the first frame of the next domain
 * (foreign), mfn 0 (reserved), the first mfn past the machine, a free
 * frame, or a raw 16-bit mfn.
 */
static mfn_t
frame(struct domain *d, struct reader *r)
{
    uint8_t b = u8(r);
    struct gdom *g = &fh.g[d->domain_id];
    struct domain *o;

    if (b < 0xf0)
        return g->nr ? g->pfn[b % g->nr] : b;
    switch (b) {
    case 0xf0: case 0xf1: case 0xf2:
        o = domain_table[b - 0xf0];
        return o ? o->shared_info_mfn : 0;
    case 0xf3:
        g = &fh.g[(d->domain_id + 1) % FH_DOMS];
        return g->nr ? g->pfn[0] : 0;
    case 0xf4:
        return 0;
    case 0xf5:
        return frame_table_nr;
    case 0xf6:
        return FH_FRAMES - 1;       /* free unless the allocator got there */
    default:
        return u16(r);
    }
}

/* A page-table entry: a frame and a flags byte. */
static uint64_t
pte(struct domain *d, struct reader *r)
{
    mfn_t m = frame(d, r);
    uint8_t f = u8(r);
    uint64_t e = m << PAGE_SHIFT;

    e |= (f & 1 ? PTE_PRESENT : 0) | (f & 2 ? PTE_RW : 0) | (f & 4 ? PTE_USER : 0);
    e |= (f & 8 ? PTE_ACCESSED | PTE_DIRTY : 0) | (f & 16 ? PTE_PSE : 0);
    e |= (f & 32 ? PTE_GLOBAL : 0) | (f & 64 ? PTE_PCD : 0) | (f & 128 ? PTE_NX : 0);
    return e;
}

/* A virtual address from four table indices; the first byte picks the L4
 * slot: < 0x80 the low half, then kernel slots 272.., then the
 * hypervisor's 256..271. */
static uint64_t
va_of(uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
    uint64_t l4 = b0 < 0x80 ? b0 : b0 < 0xf0 ? 272U + (b0 - 0x80U) : 256U + (b0 - 0xf0U);
    uint64_t va = (l4 << 39) | ((uint64_t)b1 << 30) | ((uint64_t)b2 << 21) |
                  ((uint64_t)b3 << 12);

    return l4 >= 256 ? va | 0xffff000000000000ULL : va;
}

static uint64_t
va(struct reader *r)
{
    uint8_t b0 = u8(r), b1 = u8(r), b2 = u8(r);

    return va_of(b0, b1, b2, u8(r));
}

/* Guest address of arena offset off, as the header's pointer mode says. */
static uint64_t
place(unsigned int mode, size_t off)
{
    switch (mode) {
    case 2:
        return sim_guest_va(FH_ARENA - 4);
    case 3:
        return XL_HV_START + off;
    default:
        return sim_guest_va(off);
    }
}

static uint64_t
put(struct domain *d, size_t off, const void *src, size_t len)
{
    return sim_guest_put(d, off, src, len);
}

/* A vCPU bitmap (all ones) in the slot; bad when asked. */
static uint64_t
vcpumask(struct domain *d, size_t slot, bool bad)
{
    uint64_t all = ~0ULL;

    put(d, slot + 0x700, &all, sizeof(all));
    return bad ? sim_guest_va(FH_ARENA) : sim_guest_va(slot + 0x700);
}

static unsigned int
foreigndom(struct domain *d, uint8_t b)
{
    unsigned int self = d->domain_id, other = (self + 1) % FH_DOMS;

    switch (b % 6) {
    case 2: return self;
    case 3: return other;
    case 4: return ((other + 1) << 16) | DOMID_SELF;
    case 5: return ((self + 1) << 16) | DOMID_SELF;
    default: return DOMID_SELF;
    }
}

/* ------------------------------------------------------------------ */
/* Guest operations: build one hypercall (arguments in arena slot).    */

static void
prep_mmu_update(struct domain *d, struct reader *r, unsigned int mode,
                size_t slot, struct call *c)
{
    static const uint64_t cmds[] = { MMU_NORMAL_PT_UPDATE,
        MMU_PT_UPDATE_PRESERVE_AD, MMU_MACHPHYS_UPDATE, 3 };
    struct mmu_update req[4];
    unsigned int n = 1 + u8(r) % 4;

    for (unsigned int i = 0; i < n; i++) {
        uint64_t cmd = cmds[u8(r) % 4];
        mfn_t table = frame(d, r);
        unsigned int index = u16(r) % PT_ENTRIES;

        req[i].ptr = (table << PAGE_SHIFT) + index * 8ULL + cmd;
        req[i].val = cmd == MMU_MACHPHYS_UPDATE ? u16(r) : pte(d, r);
    }
    put(d, slot, req, n * sizeof(req[0]));
    c->nr = __HYPERVISOR_mmu_update;
    c->args[0] = place(mode, slot);
    c->args[1] = n;
    c->args[2] = sim_guest_va(slot + 0x600);
    c->args[3] = foreigndom(d, u8(r));
}

static void
mmuext_args(struct domain *d, struct reader *r, size_t slot,
            struct mmuext_op *op)
{
    uint8_t a;

    memset(op, 0, sizeof(*op));
    op->cmd = u8(r) % 22;
    switch (op->cmd) {
    case MMUEXT_INVLPG_LOCAL: case MMUEXT_INVLPG_ALL: case MMUEXT_INVLPG_MULTI:
    case MMUEXT_SET_LDT:
        op->arg1.linear_addr = va_of(u8(r), 0, 0, 0);
        a = u8(r);
        if (op->cmd == MMUEXT_SET_LDT)
            op->arg2.nr_ents = a * 37U;
        else if (op->cmd == MMUEXT_INVLPG_MULTI)
            op->arg2.vcpumask = vcpumask(d, slot, a & 1);
        break;
    case MMUEXT_TLB_FLUSH_MULTI:
        u8(r);
        op->arg2.vcpumask = vcpumask(d, slot, u8(r) & 1);
        break;
    default:
        op->arg1.mfn = frame(d, r);
        op->arg2.src_mfn = frame(d, r);
        break;
    }
}

static void
prep_mmuext(struct domain *d, struct reader *r, unsigned int mode, size_t slot,
            struct call *c)
{
    struct mmuext_op ops[4];
    unsigned int n = 1 + u8(r) % 4;

    for (unsigned int i = 0; i < n; i++)
        mmuext_args(d, r, slot, &ops[i]);
    put(d, slot, ops, n * sizeof(ops[0]));
    c->nr = __HYPERVISOR_mmuext_op;
    c->args[0] = place(mode, slot);
    c->args[1] = n;
    c->args[2] = sim_guest_va(slot + 0x600);
    c->args[3] = foreigndom(d, u8(r));
}

static void
prep_uva(struct domain *d, struct reader *r, size_t slot, struct call *c)
{
    static const uint64_t scope[] = { UVMF_LOCAL, UVMF_ALL, 0 };
    uint64_t v = va(r), e = pte(d, r);
    uint8_t f = u8(r);
    uint64_t flags = f % 3;

    if (scope[(f >> 2) % 3] == 0)
        flags |= vcpumask(d, slot, f & 0x80);  /* pointer to a mask */
    else
        flags |= scope[(f >> 2) % 3];
    c->nr = __HYPERVISOR_update_va_mapping;
    c->args[0] = v;
    c->args[1] = e;
    c->args[2] = flags;
}

static void
prep_evtchn(struct domain *d, struct reader *r, unsigned int mode, size_t slot,
            struct call *c)
{
    uint8_t s = u8(r), x;
    unsigned int cmd = s % 16;
    domid_t dom = dom_id(u8(r));
    uint16_t port = u16(r) & 0x7ff;
    union {
        struct evtchn_alloc_unbound au;
        struct evtchn_bind_interdomain bi;
        struct evtchn_bind_virq bv;
        struct evtchn_bind_ipi ip;
        struct evtchn_status st;
        struct evtchn_bind_vcpu bc;
        struct evtchn_reset rs;
        evtchn_port_t port;
    } u;
    uint32_t compat_cmd = cmd;

    x = u8(r);
    memset(&u, 0, sizeof(u));
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        u.au.dom = dom;
        u.au.remote_dom = dom_id((uint8_t)port);
        break;
    case EVTCHNOP_bind_interdomain:
        u.bi.remote_dom = dom;
        u.bi.remote_port = port;
        break;
    case EVTCHNOP_bind_virq:
        u.bv.virq = (x >> 2) % (NR_VIRQS + 2);
        u.bv.vcpu = x & 3;
        break;
    case EVTCHNOP_bind_ipi:
        u.ip.vcpu = x & 3;
        break;
    case EVTCHNOP_status:
        u.st.dom = dom;
        u.st.port = port;
        break;
    case EVTCHNOP_bind_vcpu:
        u.bc.port = port;
        u.bc.vcpu = x & 3;
        break;
    case EVTCHNOP_reset:
        u.rs.dom = dom;
        break;
    default:                    /* close, send, unmask and the rest */
        u.port = port;
        if (cmd == EVTCHNOP_close && mode < 2 && !(s & 0x80)) {
            fh.closed_dom = d;
            fh.closed_port = port;
        }
        break;
    }
    if (s & 0x80) {             /* hypercall 16: { cmd; block } */
        put(d, slot, &compat_cmd, sizeof(compat_cmd));
        put(d, slot + 8, &u, sizeof(u));
        c->nr = __HYPERVISOR_event_channel_op_compat;
        c->args[0] = place(mode, slot);
        return;
    }
    put(d, slot, &u, sizeof(u));
    c->nr = __HYPERVISOR_event_channel_op;
    c->args[0] = cmd;
    c->args[1] = place(mode, slot);
}

static void
prep_sched(struct domain *d, struct reader *r, unsigned int mode, size_t slot,
           struct call *c)
{
    uint8_t cmd = u8(r), a = u8(r);
    union {
        struct sched_shutdown sd;
        struct sched_remote_shutdown rs;
        struct sched_poll po;
    } u;
    evtchn_port_t ports[4] = { a & 7, 1, 2, 1024 };

    memset(&u, 0, sizeof(u));
    switch (cmd % 8) {
    case SCHEDOP_shutdown:
    case SCHEDOP_shutdown_code:
        u.sd.reason = a % 8;
        break;
    case SCHEDOP_remote_shutdown:
        u.rs.domain_id = dom_id(a >> 3);
        u.rs.reason = a % 8;
        break;
    case SCHEDOP_poll:
        put(d, slot + 0x100, ports, sizeof(ports));
        u.po.ports = sim_guest_va(slot + 0x100);
        u.po.nr_ports = (a >> 3) % 6 == 5 ? 200 : (a >> 3) % 6;
        break;
    default:
        break;
    }
    put(d, slot, &u, sizeof(u));
    c->nr = (cmd & 0x80) ? __HYPERVISOR_sched_op_compat : __HYPERVISOR_sched_op;
    c->args[0] = cmd % 8;
    c->args[1] = (cmd & 0x80) ? a % 8 : place(mode, slot);
}

static void
prep_timer(struct reader *r, struct call *c)
{
    uint8_t kind = u8(r), x = u8(r);
    uint64_t now = arch_now_ns();
    const uint64_t t[] = { 0, now + MILLISECS(x), now > MILLISECS(x) ?
        now - MILLISECS(x) : 1, now + TIMER_HUGE_DELTA_NS + x, 1ULL << 63 | x };

    c->nr = __HYPERVISOR_set_timer_op;
    c->args[0] = t[kind % 5];
}

static void
prep_vcpu(struct domain *d, struct reader *r, unsigned int mode, size_t slot,
          struct call *c)
{
    uint8_t cmd = u8(r), id = u8(r), a = u8(r);
    union {
        struct vcpu_set_periodic_timer pt;
        struct vcpu_set_singleshot_timer ss;
    } u;

    memset(&u, 0, sizeof(u));
    if (cmd % 16 == VCPUOP_set_periodic_timer)
        u.pt.period_ns = a == 0xff ? ~0ULL : (uint64_t)a * 100000U;
    else
        u.ss.timeout_abs_ns = arch_now_ns() + MILLISECS(a) - MILLISECS(8);
    put(d, slot, &u, sizeof(u));
    c->nr = __HYPERVISOR_vcpu_op;
    c->args[0] = cmd % 16;
    c->args[1] = id % 4;
    c->args[2] = place(mode, slot);
}

static void
prep_console(struct domain *d, struct reader *r, unsigned int mode, size_t slot,
             struct call *c)
{
    uint8_t cmd = u8(r), len = u8(r);
    char buf[256];

    for (unsigned int i = 0; i < len; i++)
        buf[i] = (char)u8(r);
    put(d, slot, buf, len);
    c->nr = __HYPERVISOR_console_io;
    c->args[0] = cmd % 3;
    c->args[1] = (cmd & 0x80) ? 0x20000U + len : len;
    c->args[2] = place(mode, slot);
}

static void
prep_small(struct domain *d, struct reader *r, unsigned int mode, size_t slot,
           unsigned int op, struct call *c)
{
    uint8_t a = u8(r), b;

    (void)d;
    if (op == OP_VERSION) {
        c->nr = __HYPERVISOR_xen_version;
        c->args[0] = a % 12;
        c->args[1] = place(mode, slot);
        return;
    }
    b = u8(r);
    c->nr = __HYPERVISOR_vm_assist;
    c->args[0] = a % 3;
    c->args[1] = b % 36;
}

/* Any number; each argument byte: < 0x80 a small value, else an arena
 * address. */
static void
prep_raw(struct reader *r, size_t slot, struct call *c)
{
    c->nr = u8(r);
    if (c->nr >= 0xf0)
        c->nr = 0x100000000ULL + c->nr;
    for (unsigned int i = 0; i < 6; i++) {
        uint8_t b = u8(r);

        c->args[i] = b < 0x80 ? b : sim_guest_va(slot + (b - 0x80U) * 8);
    }
}

static bool prep_guest(struct domain *d, unsigned int op, struct reader *r,
                       unsigned int mode, size_t slot, struct call *c);

/* A batch of up to four sub-operations, each in its own slot. */
static void
prep_multicall(struct domain *d, struct reader *r, unsigned int mode,
               struct call *c)
{
    struct multicall_entry e[4];
    unsigned int n = 1 + u8(r) % 4;

    memset(e, 0, sizeof(e));
    for (unsigned int i = 0; i < n; i++) {
        struct call sub = { 0, { 0 } };
        unsigned int op = u8(r) % NR_OPS;

        if (op == OP_MULTICALL) {       /* nested: refused with -EINVAL */
            sub.nr = __HYPERVISOR_multicall;
            sub.args[0] = sim_guest_va(FH_MC_LIST);
            sub.args[1] = 1;
        } else if (!prep_guest(d, op, r, 0, (i + 1) * FH_SLOT, &sub)) {
            sub.nr = __HYPERVISOR_xen_version;
        }
        e[i].op = sub.nr;
        memcpy(e[i].args, sub.args, sizeof(e[i].args));
    }
    put(d, FH_MC_LIST, e, n * sizeof(e[0]));
    c->nr = __HYPERVISOR_multicall;
    c->args[0] = place(mode, FH_MC_LIST);
    c->args[1] = n;
    fh.closed_dom = NULL;       /* results inside a batch: not checked */
}

static bool
prep_guest(struct domain *d, unsigned int op, struct reader *r,
           unsigned int mode, size_t slot, struct call *c)
{
    switch (op) {
    case OP_MMU_UPDATE: prep_mmu_update(d, r, mode, slot, c); return true;
    case OP_MMUEXT:     prep_mmuext(d, r, mode, slot, c); return true;
    case OP_UVA:        prep_uva(d, r, slot, c); return true;
    case OP_EVTCHN:     prep_evtchn(d, r, mode, slot, c); return true;
    case OP_SCHED:      prep_sched(d, r, mode, slot, c); return true;
    case OP_TIMER:      prep_timer(r, c); return true;
    case OP_VCPU:       prep_vcpu(d, r, mode, slot, c); return true;
    case OP_CONSOLE:    prep_console(d, r, mode, slot, c); return true;
    case OP_VERSION:
    case OP_VM_ASSIST:  prep_small(d, r, mode, slot, op, c); return true;
    case OP_MULTICALL:  prep_multicall(d, r, mode, c); return true;
    case OP_RAW:        prep_raw(r, slot, c); return true;
    default:            return false;
    }
}

/* ------------------------------------------------------------------ */
/* The world and the toolstack.                                        */

static struct domain *
dom_new(domid_t id)
{
    struct vcpu *saved = current;
    struct domain *d = sim_hc_domain_new(id, id == 0, FH_VCPUS, FH_ARENA);

    d->max_pages = FH_PFNS + 8;
    fh.g[id].nr = 0;
    current = saved ? saved : d->vcpu[0];
    return d;
}

static void
dom_kill(domid_t id)
{
    struct domain *d = domain_table[id];

    if (d == NULL)
        return;
    domain_kill(d);
    if (d->tot_pages != 0 || d->page_list != NULL)
        FAIL("d%u still owns %llu frames after domain_kill", id,
             (unsigned long long)d->tot_pages);
    fh.g[id].nr = 0;
}

static void
dom_destroy(domid_t id)
{
    struct domain *d = domain_table[id];

    if (d == NULL)
        return;
    dom_kill(id);
    sim_guest_arena_fini(d);
    domain_destroy(d);
    if (domain_table[id] != NULL)
        FAIL("d%u still in the domain table", id);
}

static void
t_alloc(struct domain *d, unsigned int n)
{
    struct gdom *g = &fh.g[d->domain_id];

    for (unsigned int i = 0; i < n && g->nr < FH_PFNS; i++) {
        struct page_info *pg = alloc_domheap_pages(d, 0);

        if (pg == NULL)
            return;
        g->pfn[g->nr++] = page_to_mfn(pg);
    }
}

static void
world_init(void)
{
    printk_reset();
    sim_console_clear();
    /* One machine for the whole run: a fresh one per input costs page
     * faults (and ASan's mmap bookkeeping) that dominate a short input. */
    if (sim_machine_frames() != FH_FRAMES)
        sim_machine_init(FH_FRAMES);
    memset(arch_mfn_to_virt(0), 0, FH_FRAMES * PAGE_SIZE);
    if (fh.table == NULL)
        fh.table = malloc(FH_FRAMES * sizeof(*fh.table));
    if (fh.table == NULL)
        abort();
    memset(fh.table, 0, FH_FRAMES * sizeof(*fh.table));
    frametable_init(fh.table, FH_FRAMES);
    frames_free_range(1, FH_FRAMES);
    heap_init();
    sim_hc_reset();
    sim_pv_reset(FH_FRAMES);
    /* world_fini detached every arena; their blocks are reused. */
    memset(domain_table, 0, sizeof(domain_table));
    current = NULL;
    fh.free_at_start = frames_free_count();
    for (domid_t id = 0; id < FH_DOMS; id++)
        dom_new(id);
    current = domain_table[0]->vcpu[0];
}

static void
world_fini(void)
{
    for (domid_t id = 0; id < FH_DOMS; id++)
        dom_destroy(id);
    for (unsigned int i = 0; i < MAX_DOMAINS; i++)
        if (domain_table[i] != NULL)
            FAIL("d%u left after teardown", i);
    if (frames_free_count() != fh.free_at_start)
        FAIL("frames leaked: %llu free after teardown, %llu before",
             (unsigned long long)frames_free_count(),
             (unsigned long long)fh.free_at_start);
    sim_pv_fini();
    frametable_init(NULL, 0);
    current = NULL;
}

/* Toolstack operations: act on domain (b % 3). */
static void
toolstack(unsigned int op, struct reader *r)
{
    uint8_t b = u8(r), a = u8(r);
    domid_t id = b % FH_DOMS;
    struct domain *d = domain_table[id];

    switch (op) {
    case OP_T_ALLOC:
        if (d && !d->is_dying)
            t_alloc(d, 1 + a % 8);
        break;
    case OP_T_TIME:
        sim_time_advance(MILLISECS(b) + a);
        timers_run(arch_now_ns());
        break;
    case OP_T_CREATE:
        /* arg bit 7: shared_info in Xen's 32-bit layout, as the arch
         * layer latches it for a 32-bit HVM guest (d->shinfo_compat). */
        if (d == NULL)
            dom_new(id)->shinfo_compat = (a & 0x80) != 0;
        break;
    case OP_T_KILL:
        dom_kill(id);
        break;
    case OP_T_DESTROY:
        dom_destroy(id);
        break;
    case OP_T_CRASH:
        if (d)
            domain_crash(d, "fuzz");
        break;
    case OP_T_VIRQ:
        if (a & 0x80)
            console_input_char((char)a);
        else if (d && !d->is_dying)
            send_guest_vcpu_virq(d->vcpu[a & 1], (a >> 1) % NR_VIRQS);
        if (d && !d->is_dying)
            send_guest_global_virq(d, (a >> 1) % NR_VIRQS);
        break;
    default:
        break;
    }
}

/* ------------------------------------------------------------------ */
/* Oracles.                                                            */

static void
check_world(void)
{
    const char *msg = sim_pv_check(NULL, 0);

    if (msg == NULL)
        msg = sim_evtchn_check();
    if (msg != NULL)
        FAIL("%s", msg);
}

/* A port closed with success is free (and its peer, by symmetry, is an
 * unbound port again: sim_evtchn_check). */
static void
check_closed(long rc)
{
    struct domain *d = fh.closed_dom;

    fh.closed_dom = NULL;
    if (d == NULL || rc != 0 || domain_table[d->domain_id] != d)
        return;
    if (d->evtchn[fh.closed_port].state != ECS_FREE)
        FAIL("d%u port %u not free after a successful close", d->domain_id,
             fh.closed_port);
}

/* ------------------------------------------------------------------ */

/* The vCPU that issues a guest operation: the header's, if it runs. */
static struct vcpu *
issuer(uint8_t h)
{
    struct domain *d = domain_table[(h & 3) == 3 ? 0 : h & 3];
    struct vcpu *v;

    if (d == NULL || d->is_dying || d->is_shut_down || d->is_paused)
        return NULL;
    v = d->vcpu[(h >> 2) & 1];
    if (!v->is_up)
        v = d->vcpu[0];
    return v->is_blocked ? NULL : v;
}

/* A result is 0 or a Xen errno; only a few calls return a value. */
static bool
rc_ok(unsigned int op, uint64_t nr, long rc)
{
    if (op == OP_RAW || op == OP_MULTICALL)
        return true;            /* iret, or any result of a sub-call */
    if (rc < 0)
        return rc >= -133;
    switch (nr) {
    case __HYPERVISOR_xen_version:
    case __HYPERVISOR_console_io:
    case __HYPERVISOR_vcpu_op:
        return true;
    default:
        return rc == 0;
    }
}

static void
run_op(unsigned int op, uint8_t h, struct reader *r)
{
    struct vcpu *v;
    struct call c;
    long rc;

    if (op >= OP_T_ALLOC) {
        toolstack(op, r);
        return;
    }
    v = issuer(h);
    if (v == NULL) {            /* not running: its bytes are skipped */
        struct domain *d = domain_table[(h & 3) == 3 ? 0 : h & 3];

        for (unsigned int i = 0; d == NULL && i < MAX_DOMAINS; i++)
            d = domain_table[i];
        if (d != NULL) {
            memset(&c, 0, sizeof(c));
            (void)prep_guest(d, op, r, 0, 0, &c);
        }
        fh.closed_dom = NULL;
        return;
    }
    current = v;
    memset(&c, 0, sizeof(c));
    fh.closed_dom = NULL;
    if (!prep_guest(v->domain, op, r, (h >> 4) & 3, 0, &c))
        return;
    rc = hypercall_dispatch(v, c.nr, c.args);
    if (fh.trace)
        fprintf(stderr, "op %u: d%u.%u hypercall %llu (%#llx, %#llx, %#llx) -> %ld\n",
                fh.op_no, v->domain->domain_id, v->vcpu_id,
                (unsigned long long)c.nr, (unsigned long long)c.args[0],
                (unsigned long long)c.args[1], (unsigned long long)c.args[2], rc);
    if (!rc_ok(op, c.nr, rc))
        FAIL("hypercall %llu returned %ld", (unsigned long long)c.nr, rc);
    check_closed(rc);
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
    struct reader r = { data, size };

    fh.trace = getenv("FUZZ_TRACE") != NULL;
    world_init();
    check_world();
    for (fh.op_no = 0; r.n > 0 && fh.op_no < FH_MAX_OPS; fh.op_no++) {
        unsigned int op = u8(&r) % NR_OPS;
        uint8_t h = u8(&r);

        run_op(op, h, &r);
        check_world();
    }
    world_fini();
}

#include "fuzz_main.h"
