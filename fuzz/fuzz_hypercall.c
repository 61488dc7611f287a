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
 * Opcode 19 is grant tables (a guest writing its own grant entries, then
 * setup/query/map/unmap/copy/version), opcode 20 domctl and sysctl (dom0's
 * toolstack; a domU must get -EPERM).
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
 * free, a map element's status is a GNTST_* (a handle when okay), an
 * unprivileged domctl/sysctl is -EPERM, a build's outputs name two rings
 * granted to and bindable by the caller only, no domain's xenmem charge
 * exceeds its limit.  At the end every domain is destroyed (the oracles after
 * each) and the allocator must hold exactly the frames, and the heap
 * exactly the bytes, it held before the first domain existed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch_hooks.h>
#include <console.h>
#include <domctl.h>
#include <domain.h>
#include <event.h>
#include <grant_table.h>
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
#include "public/xl_domctl.h"
#include "sim.h"
#include "sim_grant.h"
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
#define FH_CTX      0x2000          /* arena offset of a vcpu_guest_context */
#define FH_BIG      0x1000          /* arena offset of images, lists */
#define FH_HANDLES  32              /* grant handles the guests remember */

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
    OP_T_VIRQ, OP_GNTTAB, OP_DOMCTL, NR_OPS
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
    uint64_t heap_at_start;         /* heap bytes in use before any domain */
    struct domain *closed_dom;      /* EVTCHNOP_close just issued ... */
    evtchn_port_t closed_port;      /* ... for this port */
    int trace;                      /* FUZZ_TRACE set: print each call */
    bool skipping;                  /* reading a stopped issuer's bytes */
    struct domain *seen[MAX_DOMAINS];   /* domain_table as last synced */
    /* What each guest remembers of its grant maps, by handle % FH_HANDLES. */
    uint64_t gnt_addr[FH_DOMS][FH_HANDLES], gnt_bus[FH_DOMS][FH_HANDLES];
    unsigned int map_n;             /* map elements at slot 0 to read back */
    domid_t build_dom;              /* a build at slot 0: its target, else
                                       DOMID_INVALID */
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

/* An operation: bytes 0-20 as they are; above, modulo 20 (as before
 * opcode 20 existed, so older inputs keep their meaning). */
static unsigned int
opcode(uint8_t b)
{
    return b < NR_OPS ? b : b % 20U;
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
    if (fh.skipping)            /* a stopped issuer writes nothing */
        return sim_guest_va(off);
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

/* ------------------------------------------------------------------ */
/* Grant tables (opcode 19): a sub-op byte, then its arguments.        */

/* A grant reference: < 0xe0 a small ref of frame 0 (ref % 32); e0-ef
 * one of table frames 1..4 (4 is past the maximum); f0-fe a raw u16;
 * ff all ones. */
static grant_ref_t
gref(struct reader *r)
{
    uint8_t b = u8(r);

    if (b < 0xe0)
        return b % 32;
    if (b < 0xf0)
        return 512U * ((b & 3) + 1) + ((b >> 2) & 3);
    return b < 0xff ? u16(r) : 0xffffffffU;
}

/* A frame number as d names it in a grant entry or a copy: a gfn for a
 * translated domain. */
static uint64_t
gframe(struct domain *d, struct reader *r)
{
    mfn_t m = frame(d, r);

    return arch_grant_translated(d) ? m + SIM_GRANT_GFN_BASE : m;
}

/* The guest writes entry ref of its own table (if it has that frame):
 * flags byte: bits 0-1 type (invalid, permit_access, accept_transfer,
 * transitive), bit 2 GTF_readonly, bit 6 grant the table's own frame 0,
 * bit 7 also PWT|sub_page; then the grantee (dom_id) and the frame.  The
 * hypervisor's GTF_reading/GTF_writing bits are kept, as a guest's
 * cmpxchg on the flags keeps them. */
static void
grant_write(struct domain *d, struct reader *r)
{
    grant_ref_t ref = gref(r);
    uint8_t f = u8(r);
    domid_t to = dom_id(u8(r));
    const uint16_t keep = GTF_reading | GTF_writing;
    struct grant_table *gt = d->grant_table;
    struct grant_entry_v1 *e;
    uint64_t fr;

    if (f & 0x40)
        fr = gt && gt->nr_frames ? (arch_grant_translated(d) ? ~0ULL : gt->frame[0]) : 0;
    else
        fr = gframe(d, r);
    if (fh.skipping || gt == NULL || ref >= gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME)
        return;
    e = (struct grant_entry_v1 *)arch_mfn_to_virt(gt->frame[ref / GNTTAB_ENTRIES_PER_FRAME]) +
        ref % GNTTAB_ENTRIES_PER_FRAME;
    e->flags = (uint16_t)((e->flags & keep) | (f & 3) | (f & 4 ? GTF_readonly : 0) |
                          (f & 0x80 ? GTF_PWT | GTF_sub_page : 0));
    e->domid = to;
    e->frame = (uint32_t)fr;
}

/* An L1 entry's machine address: a frame, an index, bit 7 of b misaligned. */
static uint64_t
pte_maddr(struct domain *d, struct reader *r, uint8_t b)
{
    mfn_t m = frame(d, r);

    return (m << PAGE_SHIFT) + (u16(r) % PT_ENTRIES) * 8ULL + (b & 0x80 ? 4 : 0);
}

static void
prep_gnt_map(struct domain *d, struct reader *r, unsigned int n,
             struct gnttab_map_grant_ref *m)
{
    for (unsigned int i = 0; i < n; i++) {
        uint8_t fl;

        memset(&m[i], 0, sizeof(m[i]));
        m[i].dom = dom_id(u8(r));
        m[i].ref = gref(r);
        fl = u8(r);
        m[i].flags = fl & 0x1f;
        m[i].host_addr = (fl & GNTMAP_contains_pte) ? pte_maddr(d, r, fl) : va(r);
        m[i].status = 1;        /* not a GNTST_*: unchanged is caught */
        m[i].handle = ~0U;
    }
}

/* handle byte: < 0xf0 a remembered handle (% FH_HANDLES), else raw; the
 * mode byte picks host_addr (bits 0-1: remembered, a va, 0, an L1 entry's
 * address) and dev_bus_addr (bits 2-3: 0, remembered, a frame's, 0). */
static void
prep_gnt_unmap(struct domain *d, struct reader *r, unsigned int n,
               struct gnttab_unmap_grant_ref *u)
{
    unsigned int id = d->domain_id < FH_DOMS ? d->domain_id : 0;

    for (unsigned int i = 0; i < n; i++) {
        uint8_t hb = u8(r), um = u8(r);
        unsigned int k = hb % FH_HANDLES;

        memset(&u[i], 0, sizeof(u[i]));
        u[i].handle = hb < 0xf0 ? k : hb < 0xff ? u16(r) : 0xffffffffU;
        switch (um & 3) {
        case 0: u[i].host_addr = fh.gnt_addr[id][k]; break;
        case 1: u[i].host_addr = va(r); break;
        case 2: u[i].host_addr = 0; break;
        default: u[i].host_addr = pte_maddr(d, r, um); break;
        }
        switch ((um >> 2) & 3) {
        case 1: u[i].dev_bus_addr = fh.gnt_bus[id][k]; break;
        case 2: u[i].dev_bus_addr = (uint64_t)frame(d, r) << PAGE_SHIFT; break;
        default: break;
        }
        u[i].status = 1;
    }
}

/* A copy side: a grant (ref, granting domain) or one of the caller's own
 * frames (frame, domain: mostly DOMID_SELF). */
static void
copy_side(struct domain *d, struct reader *r, bool gr, struct gnttab_copy_ptr *p)
{
    uint8_t o = u8(r);

    if (gr)
        p->u.ref = gref(r);
    else
        p->u.gmfn = gframe(d, r);
    p->domid = dom_id(u8(r));
    p->offset = (uint16_t)(o == 0xff ? 0x1001 : o * 16U);
}

static void
prep_gnt_copy(struct domain *d, struct reader *r, unsigned int n,
              struct gnttab_copy *c)
{
    for (unsigned int i = 0; i < n; i++) {
        uint8_t cf = u8(r), len = u8(r);

        memset(&c[i], 0, sizeof(c[i]));
        c[i].flags = (uint16_t)((cf & 3) | (cf & 4 ? 0x10 : 0));
        copy_side(d, r, cf & GNTCOPY_source_gref, &c[i].source);
        copy_side(d, r, cf & GNTCOPY_dest_gref, &c[i].dest);
        c[i].len = (uint16_t)(len == 0xff ? PAGE_SIZE : len * 16U);
        c[i].status = 1;
    }
}

/*
 * sub byte: bits 0-2 the operation (0 write an entry, 1 setup_table,
 * 2 query_size, 3 map, 4 unmap, 5 copy, 6 set/get_version, 7 an unknown
 * one), bit 3 two elements instead of one, bit 7 a bad count.
 * Returns false for the entry write (guest memory, no hypercall).
 */
static bool
prep_gnttab(struct domain *d, struct reader *r, unsigned int mode, size_t slot,
            struct call *c)
{
    uint8_t s = u8(r), a;
    unsigned int n = 1 + ((s >> 3) & 1), cmd;
    union {
        struct gnttab_setup_table st;
        struct gnttab_query_size qs;
        struct gnttab_map_grant_ref map[2];
        struct gnttab_unmap_grant_ref unmap[2];
        struct gnttab_copy copy[2];
        struct gnttab_set_version sv;
        struct gnttab_get_version gv;
    } u;
    size_t len = 0;
    bool batch = false;

    memset(&u, 0, sizeof(u));
    switch (s % 8) {
    case 0:
        grant_write(d, r);
        return false;
    case 1:
        cmd = GNTTABOP_setup_table;
        u.st.dom = dom_id(u8(r));
        a = u8(r);
        u.st.nr_frames = a == 0xff ? 0x80000000U : a % 6;
        u.st.frame_list = (a & 0x80) ? sim_guest_va(FH_ARENA - 8) : sim_guest_va(slot + 0x400);
        len = sizeof(u.st);
        break;
    case 2:
        cmd = GNTTABOP_query_size;
        u.qs.dom = dom_id(u8(r));
        len = sizeof(u.qs);
        break;
    case 3:
        cmd = GNTTABOP_map_grant_ref;
        prep_gnt_map(d, r, n, u.map);
        len = n * sizeof(u.map[0]);
        batch = true;
        if (slot == 0 && mode < 2 && !(s & 0x80))
            fh.map_n = n;
        break;
    case 4:
        cmd = GNTTABOP_unmap_grant_ref;
        prep_gnt_unmap(d, r, n, u.unmap);
        len = n * sizeof(u.unmap[0]);
        batch = true;
        break;
    case 5:
        cmd = GNTTABOP_copy;
        prep_gnt_copy(d, r, n, u.copy);
        len = n * sizeof(u.copy[0]);
        batch = true;
        break;
    case 6:
        a = u8(r);
        if (a & 0x80) {
            cmd = GNTTABOP_get_version;
            u.gv.dom = dom_id(a);
            len = sizeof(u.gv);
        } else {
            cmd = GNTTABOP_set_version;
            u.sv.version = a % 4;
            len = sizeof(u.sv);
        }
        break;
    default:
        cmd = (s & 0x10) ? GNTTABOP_transfer : GNTTABOP_dump_table;
        break;
    }
    put(d, slot, &u, len ? len : 8);
    c->nr = __HYPERVISOR_grant_table_op;
    c->args[0] = cmd;
    c->args[1] = place(mode, slot);
    c->args[2] = !(s & 0x80) ? (batch ? n : 1) : batch ? GNTTAB_BATCH_MAX + 1 : 0;
    return true;
}

/* After a map at slot 0 (not in a batch): each element's status is a
 * GNTST_* and the guest remembers what it mapped by handle. */
static void
gnt_map_done(struct domain *d, long rc)
{
    struct gnttab_map_grant_ref m[2];
    unsigned int n = fh.map_n, id = d->domain_id;

    fh.map_n = 0;
    if (n == 0 || rc != 0)
        return;
    memcpy(m, sim_guest_ptr(d, sim_guest_va(0), n * sizeof(m[0])), n * sizeof(m[0]));
    for (unsigned int i = 0; i < n; i++) {
        if (fh.trace)
            fprintf(stderr, "  map %u: status %d handle %u\n", i, m[i].status, m[i].handle);
        if (m[i].status > 0 || m[i].status < GNTST_no_space)
            FAIL("map element %u: status %d", i, m[i].status);
        if (m[i].status != GNTST_okay)
            continue;
        if (m[i].handle >= GNTTAB_MAPTRACK_MAX)
            FAIL("map element %u: handle %u", i, m[i].handle);
        if (id < FH_DOMS) {
            fh.gnt_addr[id][m[i].handle % FH_HANDLES] = m[i].host_addr;
            fh.gnt_bus[id][m[i].handle % FH_HANDLES] = m[i].dev_bus_addr;
        }
    }
}

/* ------------------------------------------------------------------ */
/* domctl / sysctl (opcode 20), as dom0's toolstack or a domU issues   */
/* them (a domU must get -EPERM).                                      */

/* A target: d0..d4, DOMID_SELF, 63, 9 (none). */
static domid_t
dc_target(uint8_t b)
{
    static const domid_t ids[] = { 0, 1, 2, 3, 4, DOMID_SELF, MAX_DOMAINS - 1, 9 };

    return ids[b % 8];
}

static void
prep_sysctl(struct domain *d, struct reader *r, unsigned int mode, size_t slot,
            unsigned int sub, uint8_t s, struct call *c)
{
    struct xl_sysctl op;
    uint8_t a = u8(r), b = u8(r);

    memset(&op, 0, sizeof(op));
    op.interface_version = (s & 0x40) ? 0x00000012U : XL_SYSCTL_INTERFACE_VERSION;
    switch (sub) {
    case 11:
        op.cmd = XL_SYSCTL_readconsole;
        op.u.readconsole.index = a * 64ULL;
        op.u.readconsole.count = b == 0xff ? 0x10000U : b * 8U;
        op.u.readconsole.buffer = sim_guest_va(FH_BIG);
        op.u.readconsole._pad0 = (s & 0x20) != 0;
        break;
    case 12:
        op.cmd = XL_SYSCTL_physinfo;
        break;
    case 13:
        op.cmd = XL_SYSCTL_getdomaininfolist;
        op.u.getdomaininfolist.first_domain = a % 70;
        op.u.getdomaininfolist.max_domains = b == 0xff ? ~0U : b % 24;
        op.u.getdomaininfolist.buffer = (b & 0x80) ? sim_guest_va(FH_ARENA - 80)
                                                   : sim_guest_va(FH_BIG);
        op.u.getdomaininfolist._pad1 = (s & 0x20) != 0;
        break;
    default:
        op.cmd = a;
        break;
    }
    put(d, slot, &op, sizeof(op));
    c->nr = __HYPERVISOR_sysctl;
    c->args[0] = place(mode, slot);
}

/*
 * sub byte: bits 0-3 the op (0 createdomain, 1 destroy, 2 pause,
 * 3 unpause, 4 getdomaininfo, 5 max_mem, 6 setvcpucontext,
 * 7 getvcpucontext, 8 scheduler_op, 9 build, 10 an unknown domctl,
 * 11 readconsole, 12 physinfo, 13 getdomaininfolist, 14-15 an unknown
 * sysctl), bit 6 a wrong interface version, bit 5 a reserved field set;
 * then the target (dc_target) and the op's bytes.
 */
static void
prep_domctl(struct domain *d, struct reader *r, unsigned int mode, size_t slot,
            struct call *c)
{
    uint8_t s = u8(r), a, b, x;
    unsigned int sub = s % 16;
    struct xl_domctl op;
    struct vcpu_guest_context ctx;

    if (sub >= 11) {
        prep_sysctl(d, r, mode, slot, sub, s, c);
        return;
    }
    memset(&op, 0, sizeof(op));
    op.interface_version = (s & 0x40) ? 0x584c0000U : XL_DOMCTL_INTERFACE_VERSION;
    op._pad1 = (s & 0x20) != 0 && sub != 0;
    op.domain = dc_target(u8(r));
    a = u8(r);
    b = u8(r);
    x = u8(r);
    switch (sub) {
    case 0: {
        static const domid_t want[] = { 0, 1, 2, DOMID_INVALID, 3,
                                        MAX_DOMAINS - 1, MAX_DOMAINS, DOMID_SELF };

        op.cmd = XL_DOMCTL_createdomain;
        op.domain = want[op.domain % 8];
        op.u.createdomain.type = a % 4;
        op.u.createdomain.max_vcpus = (a >> 2) % 5 == 4 ? MAX_VIRT_CPUS + 1 : (a >> 2) % 5;
        op.u.createdomain.max_pages = b == 0xff ? FH_FRAMES + 1ULL : b;
        op.u.createdomain.flags = (s & 0x20) != 0;
        op.u.createdomain._pad0 = x == 0xff;
        break;
    }
    case 1: op.cmd = XL_DOMCTL_destroydomain; break;
    case 2: op.cmd = XL_DOMCTL_pausedomain; break;
    case 3: op.cmd = XL_DOMCTL_unpausedomain; break;
    case 4: op.cmd = XL_DOMCTL_getdomaininfo; break;
    case 5:
        op.cmd = XL_DOMCTL_max_mem;
        op.u.max_mem.max_pages = b == 0xff ? FH_FRAMES + 1ULL : a;
        break;
    case 6:
    case 7:
        op.cmd = sub == 6 ? XL_DOMCTL_setvcpucontext : XL_DOMCTL_getvcpucontext;
        op.u.vcpucontext.vcpu = a % 4 == 3 ? MAX_VIRT_CPUS : a % 4;
        op.u.vcpucontext._pad0 = (a & 0x80) != 0;
        op.u.vcpucontext.ctxt = (b & 0x80) ? sim_guest_va(FH_ARENA - 64)
                                           : sim_guest_va(FH_CTX);
        memset(&ctx, 0, sizeof(ctx));
        ctx.user_regs.cs = (uint16_t)(b % 3 == 0 ? 0 : b % 3 == 1 ? 0xe033 : 0xe008);
        ctx.user_regs.rip = x;
        if (!(b & 0x80))
            put(d, FH_CTX, &ctx, sizeof(ctx));
        break;
    case 8:
        op.cmd = XL_DOMCTL_scheduler_op;
        op.u.scheduler_op.sched_id = (a & 1) ? 4 : XL_SCHEDULER_CREDIT;
        op.u.scheduler_op.cmd = (a >> 1) % 3;
        op.u.scheduler_op.weight = b == 0xff ? 70000U : b * 256U;
        op.u.scheduler_op.cap = x % 128;
        break;
    case 9: {
        /* image a*32 bytes (0: none, ff: too big, fe: past the arena)
         * starting with byte x (0: not loadable), ramdisk b*16 bytes,
         * command line b/4 bytes. */
        uint8_t first = x;

        op.cmd = XL_DOMCTL_build;
        op.u.build.image = sim_guest_va(FH_BIG);
        op.u.build.image_size = a == 0xff ? XL_DOMCTL_BUILD_IMAGE_MAX + 1 :
                                a == 0xfe ? FH_ARENA : a * 32ULL;
        op.u.build.ramdisk = sim_guest_va(FH_BIG + 0x100);
        op.u.build.ramdisk_size = b * 16ULL;
        op.u.build.cmdline = sim_guest_va(slot + 0x400);
        op.u.build.cmdline_len = b == 0xff ? XL_DOMCTL_CMDLINE_MAX : b / 4U;
        op.u.build._pad0 = (s & 0x20) != 0;
        op._pad1 = 0;
        put(d, FH_BIG, &first, 1);
        if (slot == 0 && mode < 2 && !fh.skipping)
            fh.build_dom = op.domain;
        break;
    }
    default:
        op.cmd = 0x40 + a;
        break;
    }
    put(d, slot, &op, sizeof(op));
    c->nr = __HYPERVISOR_domctl;
    c->args[0] = place(mode, slot);
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
        unsigned int op = opcode(u8(r));

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
    case OP_GNTTAB:     return prep_gnttab(d, r, mode, slot, c);
    case OP_DOMCTL:     prep_domctl(d, r, mode, slot, c); return true;
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
    fh.seen[id] = d;
    sim_grant.translated[id] = false;
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
    if (id < FH_DOMS)
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
    arch_domain_destroy(d);     /* domctl-made: its arch part */
    domain_destroy(d);
    if (domain_table[id] != NULL)
        FAIL("d%u still in the domain table", id);
    fh.seen[id] = NULL;
    sim_grant.translated[id] = false;
}

/*
 * Domains come and go by domctl too (opcode 20, a multicall, a raw
 * hypercall 36): after every operation the harness catches up as the
 * platform would.  A domain gone: its arena detached, its frame list and
 * grant handles forgotten.  A new one (createdomain): an arena if it can
 * issue (d0..d2), and translated (grant_table.h) if it is PVH or HVM.
 */
static void
sync_domains(void)
{
    for (domid_t id = 0; id < MAX_DOMAINS; id++) {
        struct domain *d = domain_table[id];

        if (d == fh.seen[id])
            continue;
        if (fh.seen[id] != NULL)
            sim_guest_arena_fini(fh.seen[id]);      /* freed: pointer only */
        if (id < FH_DOMS) {
            fh.g[id].nr = 0;
            memset(fh.gnt_addr[id], 0, sizeof(fh.gnt_addr[id]));
            memset(fh.gnt_bus[id], 0, sizeof(fh.gnt_bus[id]));
        }
        sim_grant.translated[id] = d != NULL && arch_domain_type(d) != XL_DOMCTL_TYPE_PV;
        if (d != NULL && id < FH_DOMS)
            sim_guest_arena_init(d, FH_ARENA);
        fh.seen[id] = d;
    }
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

static uint64_t
heap_bytes(void)
{
    struct heap_stats st;

    heap_get_stats(&st);
    return st.bytes_in_use;
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
    sim_grant_reset();
    memset(fh.seen, 0, sizeof(fh.seen));
    memset(fh.gnt_addr, 0, sizeof(fh.gnt_addr));
    memset(fh.gnt_bus, 0, sizeof(fh.gnt_bus));
    fh.map_n = 0;
    /* world_fini detached every arena; their blocks are reused. */
    memset(domain_table, 0, sizeof(domain_table));
    current = NULL;
    fh.free_at_start = frames_free_count();
    fh.heap_at_start = heap_bytes();
    for (domid_t id = 0; id < FH_DOMS; id++)
        dom_new(id);
    current = domain_table[0]->vcpu[0];
}

static void check_world(void);

static void
world_fini(void)
{
    /* The oracles after each step: an asymmetry a kill leaves behind is
     * named here rather than by the next kill's BUG_ON. */
    for (domid_t id = 0; id < MAX_DOMAINS; id++) {
        if (domain_table[id] == NULL)
            continue;
        dom_destroy(id);
        check_world();
    }
    for (unsigned int i = 0; i < MAX_DOMAINS; i++)
        if (domain_table[i] != NULL)
            FAIL("d%u left after teardown", i);
    if (heap_bytes() != fh.heap_at_start)
        FAIL("heap leaked: %llu bytes in use after teardown, %llu before",
             (unsigned long long)heap_bytes(), (unsigned long long)fh.heap_at_start);
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
            send_guest_vcpu_virq(d->max_vcpus > 1 ? d->vcpu[a & 1] : d->vcpu[0],
                                 (a >> 1) % NR_VIRQS);   /* domctl: maybe 1 vCPU */
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
    /* spec/limits.md: what a domain makes the hypervisor allocate stays
     * within its limit. */
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        const struct domain *d = domain_table[i];

        if (d != NULL && d->xenmem_bytes > d->xenmem_max)
            FAIL("d%u xenmem %llu over its limit %llu", i,
                 (unsigned long long)d->xenmem_bytes,
                 (unsigned long long)d->xenmem_max);
    }
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

/* One ring of a successful build: an unbound port of d that only the
 * caller may bind, and the ring's frame granted to the caller read-write
 * at its reserved ref (spec/public/xl_domctl.h, struct xl_domctl_build). */
static void
check_ring(struct domain *caller, struct domain *d, const char *what,
           uint32_t port, uint64_t gfn, grant_ref_t ref)
{
    const struct grant_table *gt = d->grant_table;
    const struct grant_entry_v1 *e;

    if (port == 0 || port >= d->nr_evtchn || d->evtchn[port].state != ECS_UNBOUND ||
        d->evtchn[port].u.unbound.remote_dom != caller->domain_id)
        FAIL("build of d%u: %s port %u is not unbound for d%u", d->domain_id,
             what, port, caller->domain_id);
    if (gt == NULL || gt->nr_frames == 0)
        FAIL("build of d%u: no grant table for the %s ring", d->domain_id, what);
    e = (const struct grant_entry_v1 *)arch_mfn_to_virt(gt->frame[0]) + ref;
    if ((e->flags & GTF_type_mask) != GTF_permit_access || (e->flags & GTF_readonly) ||
        e->domid != caller->domain_id || e->frame != gfn)
        FAIL("build of d%u: %s ring ref %u flags %#x domid %u frame %#x, want gfn %#llx",
             d->domain_id, what, ref, e->flags, e->domid, e->frame,
             (unsigned long long)gfn);
    if (!arch_grant_translated(d) &&
        (gfn >= frame_table_nr || frame_table[gfn].owner != d))
        FAIL("build of d%u: %s ring frame %#llx not d%u's", d->domain_id, what,
             (unsigned long long)gfn, d->domain_id);
}

/* After a build at slot 0 succeeded: the outputs it wrote back are what
 * they say (two distinct rings, each with its port and grant). */
static void
check_build(struct vcpu *v, long rc)
{
    domid_t id = fh.build_dom;
    struct xl_domctl op;
    struct domain *d;

    fh.build_dom = DOMID_INVALID;
    if (id == DOMID_INVALID || rc != 0 || id >= MAX_DOMAINS || !v->domain->is_privileged ||
        (d = domain_table[id]) == NULL)
        return;
    memcpy(&op, sim_guest_ptr(v->domain, sim_guest_va(0), sizeof(op)), sizeof(op));
    check_ring(v->domain, d, "console", op.u.build.console_port,
               op.u.build.console_gfn, XL_GREF_CONSOLE);
    check_ring(v->domain, d, "store", op.u.build.store_port,
               op.u.build.store_gfn, XL_GREF_XENSTORE);
    if (op.u.build.console_port == op.u.build.store_port ||
        op.u.build.console_gfn == op.u.build.store_gfn)
        FAIL("build of d%u: the two rings share a port or a frame", id);
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
    v = d->max_vcpus > 1 ? d->vcpu[(h >> 2) & 1] : d->vcpu[0];
    if (!v->is_up)
        v = d->vcpu[0];
    /* A domain made by domctl runs once built (vCPU 0 up) and unpaused. */
    return v->is_blocked || !v->is_up ? NULL : v;
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
    case __HYPERVISOR_domctl:           /* createdomain: the new id */
        return rc >= 0 && rc < MAX_DOMAINS;
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

    if (op >= OP_T_ALLOC && op <= OP_T_VIRQ) {
        toolstack(op, r);
        return;
    }
    v = issuer(h);
    if (v == NULL) {            /* not running: its bytes are skipped */
        struct domain *d = domain_table[(h & 3) == 3 ? 0 : h & 3];

        for (unsigned int i = 0; d == NULL && i < FH_DOMS; i++)
            d = domain_table[i];    /* d3.. (domctl) have no arena */
        if (d != NULL) {
            memset(&c, 0, sizeof(c));
            fh.skipping = true;
            (void)prep_guest(d, op, r, 0, 0, &c);
            fh.skipping = false;
        }
        fh.closed_dom = NULL;
        fh.map_n = 0;
        fh.build_dom = DOMID_INVALID;
        return;
    }
    current = v;
    memset(&c, 0, sizeof(c));
    fh.closed_dom = NULL;
    fh.build_dom = DOMID_INVALID;
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
    /* Only a privileged domain may use domctl or sysctl. */
    if ((c.nr == __HYPERVISOR_domctl || c.nr == __HYPERVISOR_sysctl) &&
        !v->domain->is_privileged && rc != -EPERM)
        FAIL("d%u: unprivileged %s returned %ld", v->domain->domain_id,
             c.nr == __HYPERVISOR_domctl ? "domctl" : "sysctl", rc);
    check_closed(rc);
    check_build(v, rc);
    if (op == OP_GNTTAB && domain_table[v->domain->domain_id] == v->domain)
        gnt_map_done(v->domain, rc);
    fh.map_n = 0;
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
    struct reader r = { data, size };

    fh.trace = getenv("FUZZ_TRACE") != NULL;
    world_init();
    check_world();
    for (fh.op_no = 0; r.n > 0 && fh.op_no < FH_MAX_OPS; fh.op_no++) {
        unsigned int op = opcode(u8(&r));
        uint8_t h = u8(&r);

        run_op(op, h, &r);
        sync_domains();
        check_world();
    }
    world_fini();
}

#include "fuzz_main.h"
