/*
 * eva_hypercalls.c - EVA driver of hypercall_dispatch over a model machine
 * (`make eva`, runs 3 and up; proofs/README.md, EVA).
 *
 * Environment: proofs only (Frama-C's libc and builtins; never compiled into
 * the hypervisor or sim).
 *
 * The real core C (domain, page_alloc, page_type, pv_mmu, grant_table,
 * event, domctl, schedule, sched_credit, console_io, version, multicall,
 * hypercall, vm_assist) runs on a model machine: a frame table of NF
 * frames whose bytes are a static array behind the direct map
 * (arch_mfn_to_virt), the heap as Frama-C's allocator, printk/snprintf
 * modelled, and model implementations of the other arch hooks below
 * (honest over-approximations: any value the hook's contract allows, and
 * failure wherever it may fail).  main() builds a world with the core's
 * own functions (two domains, PV page tables pinned and installed, a grant
 * table with grants, an event channel) and then makes ONE hypercall
 * through hypercall_dispatch by either domain, with any number (run 3:
 * all but the memory ones; run 4: those) and any argument registers; the
 * guest memory the call reads is any bytes, with the fields that name
 * frames, grants and domains drawn as a few exact values plus "anything
 * else" (together, any value), each in its own partition.
 * proofs/README.md (EVA) lists these assumptions and explains the alarms.
 */
#include <__fc_builtin.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arch_hooks.h>
#include <console.h>
#include <domain.h>
#include <domctl.h>
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
#include <xl_errno.h>
#include "public/xen.h"
#include "public/grant_table.h"
#include "public/event_channel.h"
#include "public/xl_domctl.h"

/* ---- the model machine ---- */

#define NF 64                            /* frames */
static struct page_info frames_pi[NF];
static uint8_t machine[NF][PAGE_SIZE];

void *
arch_mfn_to_virt(uint64_t mfn)
{
    /*@ assert xl_model_direct_map: mfn < NF; */
    return machine[mfn];
}

uint64_t
arch_virt_to_mfn(const void *va)
{
    return (uint64_t)((const uint8_t *)va - &machine[0][0]) / PAGE_SIZE;
}

void
arch_console_write(const char *s, size_t len)
{
    (void)s;
    (void)len;
}

/* A panic is a hypervisor bug when a guest can reach it: this call's
 * precondition fails there, an alarm with its call stack (eva_alarms.sh
 * counts the driver's xl_* properties that are not valid as alarms). */
/*@ requires xl_no_panic: \false;
    assigns \nothing; */
void xl_panic_reached(void);

void
panic(const char *fmt, ...)
{
    (void)fmt;
    xl_panic_reached();
    while (1)
        ;
}

void
arch_panic_halt(void)
{
    xl_panic_reached();
    while (1)
        ;
}

static uint64_t
any_u64(void)
{
    uint64_t v;

    Frama_C_make_unknown((char *)&v, sizeof(v));
    return v;
}

static uint32_t
any_u32(void)
{
    uint32_t v;

    Frama_C_make_unknown((char *)&v, sizeof(v));
    return v;
}

/* ---- printk.c and vsprintf.c (formatting and the log ring, not hypercall
 * code): printk writes nothing; xl_snprintf writes some NUL-terminated
 * string that fits and returns its length (the two formats the hypercalls
 * use, "d%u" and "(d%u) " of a domid, always fit their buffers);
 * console_ring_read gives up to size bytes of log. ---- */

/*@ assigns \nothing; */
void printk(const char *fmt, ...);

int
xl_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    size_t n;

    (void)fmt;
    if (size == 0)
        return 0;
    n = Frama_C_size_t_interval(0, size - 1);
    Frama_C_make_unknown(buf, n);
    buf[n] = 0;
    return (int)n;
}

size_t
console_ring_read(char *buf, size_t size, size_t *pos)
{
    size_t n = Frama_C_size_t_interval(0, size);

    Frama_C_make_unknown(buf, n);
    *pos = Frama_C_size_t_interval(0, SIZE_MAX);
    return n;
}

/* ---- the heap (xmalloc.c is an allocator over frames; modelled here by
 * Frama-C's allocation builtin: fresh memory of the size asked, or NULL
 * once the world is built) ---- */

#include <stdlib.h>

#define HDR 16
static bool heap_may_fail;

void
heap_init(void)
{
}

void *
xmalloc_bytes(size_t size)
{
    uint8_t *h;

    if (size > (1U << 20) || (heap_may_fail && Frama_C_nondet(0, 1)))
        return NULL;
    h = malloc(size + HDR);
    *(size_t *)h = size;
    return h + HDR;
}

void *
xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    if (p != NULL)
        memset(p, 0, size);
    return p;
}

void *
xmalloc_array_bytes(size_t size, size_t n)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return xmalloc_bytes(size * n);
}

void *
xzalloc_array_bytes(size_t size, size_t n)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return xzalloc_bytes(size * n);
}

size_t
xmalloc_size(const void *p)
{
    return *(const size_t *)((const uint8_t *)p - HDR);
}

void
xfree(void *p)
{
    if (p != NULL)
        free((uint8_t *)p - HDR);
}

void
heap_get_stats(struct heap_stats *st)
{
    Frama_C_make_unknown((char *)st, sizeof(*st));
}

/* ---- guest memory ---- */

/*
 * Setup: the driver's own requests, copied exactly from sbuf (guest va
 * SETUP_VA + offset).  The call under analysis: every read takes the next
 * bytes of gblk (any bytes, some fields drawn by the driver), then any
 * bytes; every read and write may fail.
 */
#define SETUP_VA 0x10000ULL
static uint8_t sbuf[256];
static bool setup = true;
static uint8_t gblk[256];
static size_t gblk_off;

size_t
arch_copy_from_guest(void *dst, uint64_t guest_va, size_t len)
{
    if (setup) {
        memcpy(dst, sbuf + (guest_va - SETUP_VA), len);
        return 0;
    }
    if (len <= sizeof(gblk) - gblk_off) {
        memcpy(dst, gblk + gblk_off, len);
        gblk_off += len;
    } else {
        Frama_C_make_unknown((char *)dst, len);
    }
    return Frama_C_nondet(0, 1) ? 0 : len;
}

size_t
arch_copy_to_guest(uint64_t guest_va, const void *src, size_t len)
{
    (void)guest_va;
    (void)src;
    if (setup)
        return 0;
    return Frama_C_nondet(0, 1) ? 0 : len;
}

/* ---- other arch hooks ---- */

static uint64_t now_ns = 1000000;

uint64_t
arch_now_ns(void)
{
    /* monotonic: any step forward */
    if (!setup)
        now_ns += Frama_C_unsigned_long_interval(0, 1ULL << 40);
    return now_ns;
}

uint64_t
arch_rdtsc(void)
{
    return Frama_C_unsigned_long_interval(0, UINT64_MAX);
}

uint32_t
arch_tsc_khz(void)
{
    return Frama_C_unsigned_int_interval(1, 10000000);
}

int
arch_domain_create(struct domain *d, unsigned int type)
{
    (void)d;
    (void)type;
    return Frama_C_nondet(0, -ENOMEM);
}

void
arch_domain_destroy(struct domain *d)
{
    (void)d;
}

unsigned int
arch_domain_type(const struct domain *d)
{
    (void)d;
    return XL_DOMCTL_TYPE_PV;
}

int
arch_domain_build(struct domain *d, unsigned int type, const void *image,
                  size_t size, const void *rd, size_t rd_size,
                  const char *cmdline, struct domain_rings *rings)
{
    (void)d; (void)type; (void)image; (void)size; (void)rd; (void)rd_size;
    (void)cmdline; (void)rings;
    return Frama_C_nondet(0, -EINVAL);
}

int
arch_get_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c)
{
    (void)v;
    (void)c;
    return Frama_C_nondet(0, -EINVAL);
}

int
arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    (void)v;
    (void)c;
    return Frama_C_nondet(0, -EINVAL);
}

uint32_t
arch_physinfo_caps(void)
{
    return Frama_C_unsigned_int_interval(0, UINT32_MAX);
}

unsigned int
arch_nr_cpus(void)
{
    return Frama_C_unsigned_int_interval(1, 256);
}

void
arch_vcpu_kick(struct vcpu *v)
{
    (void)v;
}

void
arch_vcpu_block(struct vcpu *v)
{
    (void)v;
}

bool
arch_grant_translated(const struct domain *d)
{
    (void)d;
    return false;                       /* PV world */
}

mfn_t
arch_grant_gfn_to_mfn(const struct domain *d, uint64_t gfn)
{
    (void)d;
    (void)gfn;
    return INVALID_MFN;
}

int
arch_grant_map_hvm(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly)
{
    (void)d; (void)gfn; (void)mfn; (void)readonly;
    return -EINVAL;
}

int
arch_grant_unmap_hvm(struct domain *d, uint64_t gfn, mfn_t mfn)
{
    (void)d; (void)gfn; (void)mfn;
    return -EINVAL;
}

long
arch_hypercall(struct vcpu *v, uint64_t nr, const uint64_t args[6],
               bool *handled)
{
    (void)v; (void)nr; (void)args;
    *handled = Frama_C_nondet(0, 1);
    return Frama_C_long_interval(-4095, 0);
}

bool
arch_hypercall_permitted(const struct vcpu *v, uint64_t nr)
{
    (void)v;
    (void)nr;
    return setup || Frama_C_nondet(0, 1);
}

uint32_t
arch_domain_features(const struct domain *d)
{
    (void)d;
    return Frama_C_unsigned_int_interval(0, UINT32_MAX);
}

void
arch_pv_init_l4_xen_slots(uint64_t *l4, struct domain *d)
{
    (void)l4;
    (void)d;
}

void
arch_pv_new_baseptr(struct vcpu *v)
{
    (void)v;
}

void
arch_pv_flush_tlb(void)
{
}

void
arch_pv_invlpg(uint64_t va)
{
    (void)va;
}

int
arch_pv_set_ldt(struct vcpu *v, uint64_t va, unsigned int nents)
{
    (void)v; (void)va; (void)nents;
    return Frama_C_nondet(0, -EINVAL);
}

void
arch_domain_crashed(struct domain *d)
{
    (void)d;
}

void
arch_domain_shutdown(struct domain *d, int reason)
{
    (void)d;
    (void)reason;
}

/* ---- building the world with the core's own functions ---- */

static uint64_t
setup_req(const void *req, size_t len)
{
    memcpy(sbuf, req, len);
    return SETUP_VA;
}

struct pt {
    mfn_t l4, l3, l2, l1, data;
};

static mfn_t
frame_of(struct domain *d)
{
    struct page_info *pg = alloc_domheap_pages(d, 0);

    /*@ assert xl_setup_alloc: pg != \null; */
    memset(page_to_virt(pg), 0, PAGE_SIZE);
    return page_to_mfn(pg);
}

#define GVA 0xffff880000000000ULL       /* L4 slot 272 */
#define UP  (PTE_PRESENT | PTE_RW | PTE_USER)

static uint64_t *
map(mfn_t mfn)
{
    return (uint64_t *)machine[mfn];
}

static void
build_pv(struct domain *d, struct pt *t)
{
    struct mmuext_op op;
    long rc;

    current = d->vcpu[0];
    t->l4 = frame_of(d);
    t->l3 = frame_of(d);
    t->l2 = frame_of(d);
    t->l1 = frame_of(d);
    t->data = frame_of(d);
    map(t->l4)[PT_INDEX_OF(GVA, 4)] = (t->l3 << 12) | UP;
    map(t->l3)[PT_INDEX_OF(GVA, 3)] = (t->l2 << 12) | UP;
    map(t->l2)[PT_INDEX_OF(GVA, 2)] = (t->l1 << 12) | UP;
    map(t->l1)[PT_INDEX_OF(GVA, 1)] = (t->data << 12) | UP;
    memset(&op, 0, sizeof(op));
    op.cmd = MMUEXT_PIN_L4_TABLE;
    op.arg1.mfn = t->l4;
    rc = do_mmuext_op(setup_req(&op, sizeof(op)), 1, 0, DOMID_SELF);
    /*@ assert xl_setup_pin: rc == 0; */
    op.cmd = MMUEXT_NEW_BASEPTR;
    rc = do_mmuext_op(setup_req(&op, sizeof(op)), 1, 0, DOMID_SELF);
    /*@ assert xl_setup_baseptr: rc == 0; */
}

static struct domain *d0, *d1;
static struct pt pt0, pt1;
static uint64_t m2p[NF];
static mfn_t gframe1;                   /* d1's grant-table frame */

static void
world(void)
{
    struct gnttab_setup_table st;
    grant_entry_v1_t *ge;
    evtchn_alloc_unbound_t au;
    long rc;

    m2p_table = m2p;
    m2p_nr = NF;
    frametable_init(frames_pi, NF);
    frames_free_range(1, NF);
    heap_init();
    d0 = domain_create(0, true, 2, 24);
    d1 = domain_create(1, false, 2, 24);
    /*@ assert xl_setup_domains: d0 != \null && d1 != \null; */
    (void)evtchn_domain_init(d0);
    (void)evtchn_domain_init(d1);
    d0->vcpu[0]->is_up = true;
    d1->vcpu[0]->is_up = true;
    build_pv(d0, &pt0);
    build_pv(d1, &pt1);

    /* d1: a grant table of one frame; ref 1 grants its data frame to d0
     * writable, ref 2 read-only, ref 3 its L1 table (refused when mapped). */
    memset(&st, 0, sizeof(st));
    st.dom = DOMID_SELF;
    st.nr_frames = 1;
    st.frame_list = SETUP_VA + 128;
    rc = do_grant_table_op(GNTTABOP_setup_table, setup_req(&st, sizeof(st)), 1);
    /*@ assert xl_setup_grants: rc == 0; */
    gframe1 = grant_table_frame_mfn(d1, 0);
    ge = (grant_entry_v1_t *)machine[gframe1];
    ge[1].domid = 0;
    ge[1].frame = (uint32_t)pt1.data;
    ge[1].flags = GTF_permit_access;
    ge[2].domid = 0;
    ge[2].frame = (uint32_t)pt1.data;
    ge[2].flags = GTF_permit_access | GTF_readonly;
    ge[3].domid = 0;
    ge[3].frame = (uint32_t)pt1.l1;
    ge[3].flags = GTF_permit_access;

    /* An event channel d1 -> d0, unbound on d0's side. */
    current = d0->vcpu[0];
    memset(&au, 0, sizeof(au));
    au.dom = DOMID_SELF;
    au.remote_dom = 1;
    rc = do_event_channel_op(EVTCHNOP_alloc_unbound, setup_req(&au, sizeof(au)));
    /*@ assert xl_setup_port: rc == 0; */
}

static void
put64(size_t off, uint64_t v)
{
    memcpy(gblk + off, &v, sizeof(v));
}

#if XL_EVA_RUN == 4
/*
 * Run 4: the memory hypercalls (mmu_update, update_va_mapping, mmuext_op,
 * grant_table_op), one element, by either domain on its vCPU 0.  A frame
 * the guest names is drawn in the caller's partition (`split m`): one of
 * the caller's four tables or its data frame, the other domain's data
 * frame, d1's grant-table frame, or any number past the table; so each
 * named frame is exact and EVA never joins two frames' states.  Every
 * other key the guest picks (a second frame, the slot, the va, the grant
 * ref and domain, the copy flags, the grant-table size) is drawn the same
 * way, in the caller's partition and before any value computed from it
 * (a value computed before its key's split is one join of all of them).
 * Not covered: other frames of the table (free, reserved, hypervisor
 * frames), batches of more than one element, HVM (translated) domains
 * (README, run 4).
 */
static mfn_t
frame_k(unsigned int k)
{
    const struct pt *own = current->domain == d0 ? &pt0 : &pt1;
    const struct pt *other = current->domain == d0 ? &pt1 : &pt0;

    switch (k) {
    case 0: return own->l4;
    case 1: return own->l3;
    case 2: return own->l2;
    case 3: return own->l1;
    case 4: return own->data;
    case 5: return other->data;
    case 6: return gframe1;
    default: return Frama_C_unsigned_long_interval(NF, UINT64_MAX >> 12);
    }
}

/* The frame field of an entry the guest writes: frame_k, except that a
 * number past the table is NF or the largest (2^40 - 1), a set (with the
 * eight flag shapes, 16 values: -eva-ilevel): an interval there would make
 * EVA's PTE_MFN_MASK of the entry any frame at all. */
static uint64_t
pte_frame_k(unsigned int k)
{
    if (k < 7)
        return frame_k(k);
    return Frama_C_nondet(0, 1) ? NF : (1ULL << 40) - 1;
}

/* The flag bits of an entry the guest writes, one of eight shapes (a set
 * of values, not an interval, so the frame field stays exact): not
 * present (only when absent: a not-present entry's frame bits are never
 * read, so the caller draws it with one frame), read-only, writable,
 * every other bit a guest may set (A, D, software bits, NX), PSE/PAT,
 * cache attributes (dom0's only in an L1), global, and RW|A without USER
 * (which the hypervisor adds). */
static uint64_t
entry_flags(bool absent)
{
    switch (Frama_C_interval(absent ? 0 : 1, 7)) {
    case 0: return 0;
    case 1: return PTE_PRESENT | PTE_USER;
    case 2: return PTE_PRESENT | PTE_RW | PTE_USER;
    case 3: return PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED | PTE_DIRTY |
                   PTE_AVAIL | PTE_AVAIL_HIGH | PTE_NX;
    case 4: return PTE_PRESENT | PTE_USER | PTE_PSE;
    case 5: return PTE_PRESENT | PTE_RW | PTE_USER | PTE_PWT | PTE_PCD;
    case 6: return PTE_PRESENT | PTE_USER | PTE_GLOBAL;
    default: return PTE_PRESENT | PTE_RW | PTE_ACCESSED;
    }
}

/* A va the guest names, by key vk (apart): GVA (whose L1..L3 indices are
 * 0); GVA's L1 with another slot; another L2, L3 or L4 slot than GVA's
 * (present entries nowhere else, so the walk stops there); the
 * non-canonical and hypervisor range below GVA (refused first). */
static uint64_t
va_k(unsigned int vk)
{
    switch (vk) {
    case 0: return GVA;
    case 1: return Frama_C_unsigned_long_interval(GVA + (1ULL << 12), GVA + (1ULL << 21) - 1);
    case 2: return Frama_C_unsigned_long_interval(GVA + (1ULL << 21), GVA + (1ULL << 30) - 1);
    case 3: return Frama_C_unsigned_long_interval(GVA + (1ULL << 30), GVA + (1ULL << 39) - 1);
    case 4: return Frama_C_unsigned_long_interval(0, (1ULL << 47) - 1);
    case 5: return Frama_C_unsigned_long_interval(GVA + (1ULL << 39), UINT64_MAX);
    default: return Frama_C_unsigned_long_interval(1ULL << 47, GVA - 1);
    }
}

/* A grant the guest names, by key s (the caller's partition): d1's refs
 * 0..3 (1: its data frame to d0 writable, 2: read-only, 3: its L1 table,
 * 0: no grant) or any other ref (4); dom0 (no grant table) with any ref
 * (5); any other domid with any ref (6).  Writes the ref and the domid
 * fields at refp/domp; false for s 7 (no such key). */
static bool
gref_side(unsigned int s, uint8_t *refp, uint8_t *domp)
{
    uint32_t ref = s < 4 ? s : s == 4 ? Frama_C_unsigned_int_interval(4, UINT32_MAX) :
                   any_u32();
    uint16_t dom = s <= 4 ? 1 : s == 5 ? 0 : (uint16_t)Frama_C_interval(2, 0xffff);

    if (s > 6)
        return false;
    memcpy(refp, &ref, 4);
    memcpy(domp, &dom, 2);
    return true;
}

/* One side of a grant copy at offset off of the element: a grant (key s
 * as gref_side) or a frame of the caller's own (frame_k(s), any domid);
 * the page offset any. */
static bool
copy_side(unsigned int s, unsigned int gref, size_t off)
{
    if (gref)
        return gref_side(s, gblk + off + offsetof(struct gnttab_copy_ptr, u.ref),
                         gblk + off + offsetof(struct gnttab_copy_ptr, domid));
    put64(off + offsetof(struct gnttab_copy_ptr, u.gmfn), frame_k(s));
    return true;
}

/* The mmuext commands whose arg1 is a frame (the others: a va or unused). */
static bool
mmuext_takes_mfn(uint32_t cmd)
{
    return cmd <= MMUEXT_NEW_BASEPTR || cmd == MMUEXT_NEW_USER_BASEPTR ||
           cmd == MMUEXT_CLEAR_PAGE || cmd == MMUEXT_COPY_PAGE;
}

/* Development only: -DXL_EVA_K_LO=a -DXL_EVA_K_HI=b drives families a..b. */
#ifndef XL_EVA_K_LO
#define XL_EVA_K_LO 0
#endif
#ifndef XL_EVA_K_HI
#define XL_EVA_K_HI 3
#endif

static void
call(uint64_t args[6])
{
    unsigned int k = (unsigned int)Frama_C_interval(XL_EVA_K_LO, XL_EVA_K_HI);
    unsigned int m = (unsigned int)Frama_C_interval(0, 7);
    uint64_t nr;

    //@ split k;
    //@ split m;
    switch (k) {
    case 0: {                           /* mmu_update: one request */
        /* the entry: in one of the caller's tables (m < 4) the live slot,
         * any slot below it or any above (sk, apart: so the old entry is
         * exact), elsewhere any slot; the command bits 0..3 */
        unsigned int m2 = (unsigned int)Frama_C_interval(0, 7);
        unsigned int sk = (unsigned int)Frama_C_interval(0, 2);
        unsigned int lvl = m < 4 ? 4 - m : 1;
        uint64_t live = PT_INDEX_OF(GVA, lvl), slot;

        //@ split m2;
        //@ split sk;
        if (m >= 4 && (sk != 0 || m2 != 0))
            return;                     /* not a table: the value is not read */
        if (sk == 1 && live == 0)
            return;                     /* no slot below */
        slot = m >= 4 ? Frama_C_unsigned_long_interval(0, 511) :
               sk == 0 ? live :
               sk == 1 ? (live == 0 ? live : Frama_C_unsigned_long_interval(0, live - 1)) :
               (live == 511 ? live : Frama_C_unsigned_long_interval(live + 1, 511));
        put64(0, (frame_k(m) << 12) + slot * 8 + Frama_C_unsigned_long_interval(0, 3));
        put64(8, (pte_frame_k(m2) << 12) | entry_flags(m2 == 0));
        nr = __HYPERVISOR_mmu_update;
        args[1] = Frama_C_unsigned_long_interval(0, 1);
        break;
    }
    case 1: {                           /* update_va_mapping */
        unsigned int vk = (unsigned int)Frama_C_interval(0, 6);

        //@ split vk;
        if (vk >= 2 && m != 0)
            return;                     /* no L1 there: the entry is not read */
        nr = __HYPERVISOR_update_va_mapping;
        args[0] = va_k(vk);
        args[1] = (pte_frame_k(m) << 12) | entry_flags(true);
        break;
    }
    case 2: {                           /* mmuext_op: one op */
        uint32_t cmd = (uint32_t)Frama_C_interval(0, 20);

        //@ split cmd;
        if (!mmuext_takes_mfn(cmd) && m != 0)
            return;                     /* arg1 any there: one partition */
        memcpy(gblk, &cmd, 4);
        if (mmuext_takes_mfn(cmd))
            put64(8, frame_k(m));
        put64(16, cmd == MMUEXT_COPY_PAGE ? frame_k(4) : any_u64());
        nr = __HYPERVISOR_mmuext_op;
        args[1] = Frama_C_unsigned_long_interval(0, 1);
        break;
    }
    default: {                          /* grant_table_op: one element */
        uint32_t cmd = (uint32_t)Frama_C_interval(0, 13);

        unsigned int m2 = (unsigned int)Frama_C_interval(0, 7);

        //@ split cmd;
        if (cmd == GNTTABOP_map_grant_ref) {
            /* at the mapped va; the granting domain and ref drawn by m */
            if (!gref_side(m, gblk + offsetof(struct gnttab_map_grant_ref, ref),
                           gblk + offsetof(struct gnttab_map_grant_ref, dom)))
                return;
            put64(0, GVA);
        } else if (cmd == GNTTABOP_copy) {
            /* each side a grant (drawn by gref_side) or a frame of the
             * caller (frame_k), by the flags: 0..3 apart, or any other
             * bits (refused first) */
            unsigned int fl = (unsigned int)Frama_C_interval(0, 4);
            uint16_t flags;

            //@ split m2;
            //@ split fl;
            flags = fl < 4 ? (uint16_t)fl : (uint16_t)Frama_C_interval(4, 0xffff);
            if (fl == 4 && (m != 0 || m2 != 0))
                return;                 /* one partition is enough there */
            if (!copy_side(m, fl & GNTCOPY_source_gref, offsetof(struct gnttab_copy, source)) ||
                !copy_side(m2, fl & GNTCOPY_dest_gref, offsetof(struct gnttab_copy, dest)))
                return;
            memcpy(gblk + offsetof(struct gnttab_copy, flags), &flags, 2);
        } else if (cmd == GNTTABOP_setup_table) {
            /* the domain DOMID_SELF, 0, 1, any other below or above
             * DOMID_SELF (m2), the frame count 0..4 (GNTTAB_MAX_FRAMES) or
             * more (m) */
            uint16_t dom;
            uint32_t nf;

            //@ split m2;
            if (m > 5 || m2 > 4)
                return;
            dom = m2 == 0 ? DOMID_SELF : m2 == 1 ? 0 : m2 == 2 ? 1 :
                  m2 == 3 ? (uint16_t)Frama_C_interval(2, DOMID_SELF - 1) :
                  (uint16_t)Frama_C_interval(DOMID_SELF + 1, 0xffff);
            nf = m < 5 ? m : Frama_C_unsigned_int_interval(5, UINT32_MAX);
            memcpy(gblk + offsetof(struct gnttab_setup_table, dom), &dom, 2);
            memcpy(gblk + offsetof(struct gnttab_setup_table, nr_frames), &nf, 4);
        } else if (m != 0) {
            return;                     /* no frame drawn here */
        }
        nr = __HYPERVISOR_grant_table_op;
        args[0] = cmd;
        args[2] = Frama_C_unsigned_long_interval(0, 1);
        break;
    }
    }
    (void)hypercall_dispatch(current, nr, args);
}
#elif defined(XL_EVA_TARGET)
/*
 * Targeted precise runs of run 3's alarm kinds (not in `make eva`; README,
 * run 3): -DXL_EVA_RUN=3 -DXL_EVA_TARGET=1: kind A, domctl createdomain by
 * dom0 with each vCPU count 0..33 apart (the first free id, type PV, any
 * max_pages); -DXL_EVA_TARGET=2: kind B, domctl destroydomain of dom1 by
 * dom0 (run with put_entries and pv_relinquish_memory slevels).
 */
static void
call(uint64_t args[6])
{
    uint32_t cmd, ver = XL_DOMCTL_INTERFACE_VERSION, zero = 0;
    uint16_t dom;

    current = d0->vcpu[0];
#if XL_EVA_TARGET == 1
    unsigned int nv = (unsigned int)Frama_C_interval(0, 33);
    uint32_t type = XL_DOMCTL_TYPE_PV;

    //@ split nv;
    cmd = XL_DOMCTL_createdomain;
    dom = DOMID_INVALID;
    memcpy(gblk + 16, &type, 4);
    memcpy(gblk + 20, &nv, 4);
    memcpy(gblk + 32, &zero, 4);
    memcpy(gblk + 36, &zero, 4);
#else
    cmd = XL_DOMCTL_destroydomain;
    dom = 1;
#endif
    memcpy(gblk, &cmd, 4);
    memcpy(gblk + 4, &ver, 4);
    memcpy(gblk + 8, &dom, 2);
    (void)zero;
    (void)hypercall_dispatch(current, __HYPERVISOR_domctl, args);
}
#else
/* Run 3: every other hypercall number (and any number past the table),
 * any argument registers.  A multicall has 0 or 1 entries, the entry's op
 * multicall (nesting, refused), xen_version or any number past the table,
 * its arguments any: every other op in a multicall is the same handler
 * with the same (any) arguments as the direct call (no handler looks at
 * in_multicall()), analysed there. */
static bool
run4_nr(uint64_t nr)
{
    return nr == __HYPERVISOR_mmu_update || nr == __HYPERVISOR_update_va_mapping ||
           nr == __HYPERVISOR_mmuext_op || nr == __HYPERVISOR_grant_table_op;
}

static void
call(uint64_t args[6])
{
    uint64_t nr = (uint64_t)Frama_C_interval(0, NR_HYPERCALLS);

    //@ split nr;
    if (run4_nr(nr))
        return;                         /* run 4 */
    if (nr == NR_HYPERCALLS)
        nr = Frama_C_unsigned_long_interval(NR_HYPERCALLS, UINT64_MAX);
    if (nr == __HYPERVISOR_vcpu_op || nr == __HYPERVISOR_sched_op ||
        nr == __HYPERVISOR_sched_op_compat || nr == __HYPERVISOR_set_timer_op) {
        /* the per-vCPU calls: by vCPU 0 (up) or 1 (down), apart */
        unsigned int vi = (unsigned int)Frama_C_interval(0, 1);

        //@ split vi;
        current = current->domain->vcpu[vi];
    }
    if (nr == __HYPERVISOR_multicall) {
        unsigned int e = (unsigned int)Frama_C_interval(0, 2);
        uint64_t op;

        //@ split e;
        op = e == 0 ? __HYPERVISOR_multicall : e == 1 ? __HYPERVISOR_xen_version :
             Frama_C_unsigned_long_interval(NR_HYPERCALLS, UINT64_MAX);
        put64(0, op);
        args[1] = Frama_C_unsigned_long_interval(0, 1);
    }
    if (nr == __HYPERVISOR_domctl) {
        /* A domctl block: the interface version right or anything; the target
         * domain split (0, 1, the first free id 2, DOMID_INVALID, DOMID_SELF, any
         * other free id, anything else); the rest of the block any bytes. */
        unsigned int k = (unsigned int)Frama_C_interval(0, 7);
        uint32_t ver = Frama_C_nondet(0, 1) ? XL_DOMCTL_INTERFACE_VERSION : any_u32();
        uint16_t dom;

        //@ split k;
        dom = k == 0 ? 0 : k == 1 ? 1 : k == 2 ? 2 : k == 3 ? DOMID_INVALID :
              k == 4 ? DOMID_SELF : k == 5 ? (uint16_t)Frama_C_interval(3, MAX_DOMAINS - 1) :
              k == 6 ? (uint16_t)Frama_C_interval(MAX_DOMAINS, DOMID_INVALID - 1) :
              (uint16_t)Frama_C_interval(DOMID_INVALID + 1, 0xffff);
        memcpy(gblk + 4, &ver, 4);
        memcpy(gblk + 8, &dom, 2);
    }
    (void)hypercall_dispatch(current, nr, args);
}
#endif

int
main(void)
{
    uint64_t args[6];
    unsigned int who, vi;

    world();

    setup = false;
    heap_may_fail = true;
    who = (unsigned int)Frama_C_interval(0, 1);
    //@ split who;
    vi = 0;
    current = (who == 0 ? d0 : d1)->vcpu[vi];
    Frama_C_make_unknown((char *)gblk, sizeof(gblk));
    Frama_C_make_unknown((char *)args, sizeof(args));
    call(args);
    return 0;
}
