/*
 * pv_mmu.c - the PV MMU hypercalls: mmu_update, mmuext_op and
 * update_va_mapping (Xen's ABI, see pv_mm.h and spec/public/xen.h).
 *
 * Environment: hosted and hypervisor (portable core).  Runs for `current`.
 *
 * Each batched call checks the whole argument array first, then for each
 * element: copy it in, decode (check every argument, look frames up),
 * invoke (act on the local copy).  The first failure stops the batch; the
 * count of elements done goes to *pdone (Xen's 32-bit "unsigned int").
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <domain.h>
#include <guest_access.h>
#include <lib.h>
#include <mm.h>
#include <pv_mm.h>
#include <xl_errno.h>
#include "public/xen.h"

#define MMU_CMD_MASK 7ULL     /* low bits of mmu_update.ptr: the command */
/* Bit 31 of a batch count: "continuing an earlier call" (Xen's xen.h). */
#define MMU_UPDATE_PREEMPTED (~(~0U >> 1))
#define LDT_MAX_ENTS 8192     /* 64 KiB of descriptors */

/* ---- trusted contracts (proofs/README.md, "Assumed") ----
 * The helpers below are not proved: they stand for the guest copies (the
 * arch copies through `void *`, which WP's typed model does not follow),
 * the direct map of a frame (page_to_virt: page contents are not modelled)
 * and the frame-table invariants that page_type.c keeps for every frame.
 * Their callers prove their preconditions (index < PT_ENTRIES, ...). */

/* The frame of a valid mfn.  Trusted: between two page_type.c operations
 * every frame satisfies page_counts_ok (proved per frame for
 * get_page/put_page/get_page_type(_of), not as a whole-table invariant)
 * and a pinned frame holds its pin's type reference. */
/*@ requires frame_table_ok && mfn < frame_table_nr;
    assigns \nothing;
    ensures \result == frame_table + mfn && page_ok(\result);
    ensures pv_frame_inv(\result);
*/
static struct page_info *
pv_frame(mfn_t mfn)
{
    return mfn_to_page(mfn);
}

/* The frame a vCPU base pointer names.  Trusted: a base pointer holds a
 * general and a PGT_l4_page_table type reference (set_baseptr took them). */
/*@ requires frame_table_ok && mfn != 0;
    assigns \nothing;
    ensures mfn < frame_table_nr && \result == frame_table + mfn && page_ok(\result);
    ensures pv_frame_inv(\result) && type_count(\result) >= 1;
*/
static struct page_info *
baseptr_frame(mfn_t mfn)
{
    return mfn_to_page(mfn);
}

/* Entry `index` of a frame through the direct map: read, write.  Trusted
 * (page contents are not modelled): touches that one slot of the frame. */
/*@ requires page_ok(pg) && index < PT_ENTRIES;
    assigns \nothing;
*/
static uint64_t
pt_read(const struct page_info *pg, unsigned int index)
{
    return ((const uint64_t *)page_to_virt(pg))[index];
}

/*@ requires page_ok(pg) && index < PT_ENTRIES;
    assigns \nothing;
*/
static void
pt_write(const struct page_info *pg, unsigned int index, uint64_t val)
{
    ((uint64_t *)page_to_virt(pg))[index] = val;
}

/* Zero a frame / copy src's contents into dst (direct map).  Trusted. */
/*@ requires page_ok(pg);
    assigns \nothing;
*/
static void
frame_clear(const struct page_info *pg)
{
    memset(page_to_virt(pg), 0, PAGE_SIZE);
}

/*@ requires page_ok(dst) && page_ok(src);
    assigns \nothing;
*/
static void
frame_copy(const struct page_info *dst, const struct page_info *src)
{
    memcpy(page_to_virt(dst), page_to_virt(src), PAGE_SIZE);
}

/* Clear PGT_pinned (bit 59).  Trusted: the type count, the type and the
 * validated bit stay (a bit fact WP's provers do not derive from `&`). */
/*@ requires frame_table_ok && page_ok(pg);
    assigns pg->type_info;
    ensures type_count(pg) == \old(type_count(pg));
    ensures page_type(pg) == \old(page_type(pg));
    ensures (pg->type_info & PGT_validated) == \old(pg->type_info & PGT_validated);
*/
static void
clear_pin(struct page_info *pg)
{
    pg->type_info &= ~PGT_pinned;
}

/* put_page_type of a writable frame: a frame without a page-table type
 * is not devalidated, so only its type count changes.  The ensures are
 * proved from put_page_type's contract (`plain_c`; module pv_put); the
 * `assigns` is trusted (proofs/README.md, Assumed): put_page_type's names
 * the frame table, for the devalidating path. */
/*@ requires frame_table_ok && page_ok(pg) && page_counts_ok(pg);
    requires type_count(pg) >= 1 && page_type(pg) == PGT_writable_page;
    assigns pg->type_info;
    ensures type_count(pg) == \old(type_count(pg)) - 1;
    ensures page_counts_ok(pg);
*/
static void
put_plain_type(struct page_info *pg)
{
    put_page_type(pg);
}

/* get_page_type(pg, PGT_writable_page).  Trusted: a writable type needs
 * no validation, so get_page_type_of writes only pg->type_info (its
 * proved contract `assigns` the frame table for the page-table types'
 * validation; a quantified "no other frame changes" for the other types
 * timed out there). */
/*@ requires frame_table_ok && page_ok(pg) && page_counts_ok(pg);
    requires gen_count(pg) > type_count(pg);
    assigns pg->type_info;
    ensures \result == 0 ==> page_type(pg) == PGT_writable_page &&
        type_count(pg) == \old(type_count(pg)) + 1;
    ensures \result != 0 ==> type_count(pg) == \old(type_count(pg));
    ensures page_counts_ok(pg);
*/
static int
get_plain_type(struct page_info *pg)
{
    return get_page_type(pg, PGT_writable_page);
}

/* Guest copies of one typed object: 0 or -EFAULT.  Trusted: a copy in
 * writes exactly the object, a copy out nothing of the hypervisor's. */
/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_u32(uint32_t *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_write_u32(uint64_t va, uint32_t val)
{
    return copy_to_guest(va, &val, sizeof(val));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_mmu_update(struct mmu_update *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_mmuext_op(struct mmuext_op *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst + (0 .. n - 1));
    assigns dst[0 .. n - 1];
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_words(uint64_t *dst, uint64_t va, size_t n)
{
    return copy_from_guest(dst, va, n * sizeof(*dst));
}

/* ---- proved from here on (make proofs-pv_mmu) ---- */

/* Canonical and outside [HYPERVISOR_VIRT_START, HYPERVISOR_VIRT_END). */
/*@ assigns \nothing;
    ensures \result <==> pv_va_ok(va);
*/
static bool
guest_va_ok(uint64_t va)
{
    return va < (1ULL << 47) || va >= XL_HV_END;
}

/* The frame mfn, with a general reference, if d owns it. */
/*@ requires frame_table_ok;
    assigns frame_table[0 .. frame_table_nr - 1];
    ensures got: \result != \null ==> mfn < frame_table_nr &&
        \result == frame_table + mfn && page_ok(\result) &&
        \old(frame_table[mfn].owner) == d && \result->owner == d &&
        gen_count(\result) == \old(gen_count(frame_table + mfn)) + 1 &&
        pv_held(\result) &&
        ((\result->type_info & PGT_pinned) != 0 ==> type_count(\result) >= 1);
    ensures none: \result == \null && mfn < frame_table_nr ==>
        frame_table[mfn].count_info == \old(frame_table[mfn].count_info);
    ensures others: \forall integer i; 0 <= i < frame_table_nr && i != mfn ==>
        frame_table[i].count_info == \old(frame_table[i].count_info) &&
        frame_table[i].type_info == \old(frame_table[i].type_info) &&
        frame_table[i].owner == \old(frame_table[i].owner);
*/
static struct page_info *
get_owned_page(mfn_t mfn, struct domain *d)
{
    struct page_info *pg;

    if (!mfn_valid(mfn))
        return NULL;
    pg = pv_frame(mfn);
    return get_page(pg, d) ? pg : NULL;
}

/* Whose frames a batch acts on: DOMID_SELF only for now (pv_mm.h). */
/*@ requires \valid_read(d);
    requires current == \null || \valid_read(current);
    assigns \nothing;
    ensures \result == 0 || \result == -ENOSYS || \result == -EPERM ||
            \result == -ESRCH;
*/
static int
check_foreigndom(struct domain *d, unsigned int foreigndom)
{
    domid_t id = (domid_t)foreigndom;
    unsigned int pt_dom = foreigndom >> 16;

    if (pt_dom != 0 && pt_dom - 1 != d->domain_id)
        return d->is_privileged ? -ENOSYS : -EPERM;
    if (id == DOMID_SELF)
        return 0;
    /* Naming oneself or a domain that does not exist: -ESRCH, as Xen. */
    if (id == d->domain_id || !domain_lookup(id))
        return -ESRCH;
    return d->is_privileged ? -ENOSYS : -EPERM;
}

/*@ assigns \nothing; */
static void
report_done(uint64_t pdone, unsigned int done)
{
    uint32_t n = done;

    if (pdone != 0)
        (void)guest_write_u32(pdone, n);
}

/*
 * Decode a batch's count and handle as Xen 4.17 does (measured with
 * tests/guests/pv_adv.c): bit 31 of the count (MMU_UPDATE_PREEMPTED)
 * marks the continuation of an earlier call, so it is dropped and *pdone
 * gives the entries already done, to which this call's are added; only the
 * start of the array is checked (not its length): each entry is copied in
 * when its turn comes, and the first that cannot be read ends the batch
 * with -EFAULT.  A count past PV_BATCH_MAX is only refused (-EINVAL) when
 * the walk gets there, since xenolith cannot preempt a long batch.
 */
/*@ requires \valid(count) && \valid(done_before) && \separated(count, done_before);
    assigns *count, *done_before;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
batch_begin(uint64_t handle, unsigned int *count, uint64_t pdone,
            unsigned int *done_before, size_t elem)
{
    *done_before = 0;
    if (*count & MMU_UPDATE_PREEMPTED) {
        *count &= ~MMU_UPDATE_PREEMPTED;
        if (pdone != 0)
            (void)guest_read_u32(done_before, pdone);
    }
    if (*count != 0 && !guest_range_ok(handle, elem))
        return -EFAULT;
    return 0;
}

/* ------------------------------------------------------------------ */
/* mmu_update                                                          */

/* A frame that is not a validated page table: Xen writes the value as
 * plain data if the frame can be typed writable (an unpinned table the
 * guest is still filling in is just a writable page). */
/*@ requires frame_table_ok && page_ok(pg) && pv_held(pg);
    requires index < PT_ENTRIES;
    assigns frame_table[0 .. frame_table_nr - 1];
    ensures pv_held(pg);
    ensures owner_kept: pg->owner == \old(pg->owner);
*/
static int
write_plain_entry(struct page_info *pg, unsigned int index, uint64_t val)
{
    if (get_page_type(pg, PGT_writable_page) != 0)
        return -EINVAL;
    pt_write(pg, index, val);
    put_plain_type(pg);
    return 0;
}

/* A type word of a validated page table in use. */
/*@ assigns \nothing; */
static bool
live_table(uint64_t t)
{
    return (t & PGT_validated) && (t & PGT_count_mask) &&
           (t & PGT_type_mask) >= PGT_l1_page_table &&
           (t & PGT_type_mask) <= PGT_l4_page_table;
}

/*@ requires frame_table_ok && \valid(d);
    requires \separated(d, frame_table + (0 .. frame_table_nr - 1));
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
*/
static int
mmu_pt_update(struct domain *d, uint64_t ptr, uint64_t val, bool preserve_ad)
{
    struct page_info *pg = get_owned_page(ptr / PAGE_SIZE, d);
    /* the byte offset in the frame, in 8-byte entries: < PT_ENTRIES */
    unsigned int index = (unsigned int)((ptr % PAGE_SIZE) / 8);
    int rc;

    if (pg == NULL)
        return -EINVAL;
    /*@ assert in_table: pg == frame_table + ptr / 4096 && ptr / 4096 < frame_table_nr; */
    if (live_table(pg->type_info))
        rc = pv_mod_entry(d, pg, index, val, preserve_ad);
    else
        rc = write_plain_entry(pg, index, val);
    /*@ assert held: pg == frame_table + ptr / 4096 && pv_held(pg); */
    /*@ assert own: pg->owner == d; */
    put_page(pg);
    return rc;
}

/*@ requires frame_table_ok && m2p_ok;
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
*/
static int
mmu_machphys_update(struct domain *d, uint64_t ptr, uint64_t pfn)
{
    mfn_t mfn = ptr / PAGE_SIZE;
    struct page_info *pg = get_owned_page(mfn, d);

    if (pg == NULL)
        return -EINVAL;
    /* Ours is never the last reference (get_page needs another one), so
     * dropping it before the store changes nothing. */
    put_page(pg);
    if (m2p_table && mfn < m2p_nr)
        m2p_table[mfn] = pfn;
    return 0;
}

/*@ requires frame_table_ok && m2p_ok && \valid(d) && \valid_read(req);
    requires \separated(d, frame_table + (0 .. frame_table_nr - 1));
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
*/
static int
mmu_update_one(struct domain *d, const struct mmu_update *req)
{
    uint64_t cmd = req->ptr & MMU_CMD_MASK;
    uint64_t ptr = req->ptr & ~MMU_CMD_MASK;

    switch (cmd) {
    case MMU_NORMAL_PT_UPDATE:
        return mmu_pt_update(d, ptr, req->val, false);
    case MMU_PT_UPDATE_PRESERVE_AD:
        return mmu_pt_update(d, ptr, req->val, true);
    case MMU_MACHPHYS_UPDATE:
        return mmu_machphys_update(d, ptr, req->val);
    default:
        return -ENOSYS;
    }
}

/*@ requires pv_mmu_ok;
*/
long
do_mmu_update(uint64_t ureqs, unsigned int count, uint64_t pdone,
              unsigned int foreigndom)
{
    struct domain *d = current->domain;
    unsigned int i = 0, done_before;
    int rc;

    rc = batch_begin(ureqs, &count, pdone, &done_before, sizeof(struct mmu_update));
    if (rc == 0)
        rc = check_foreigndom(d, foreigndom);
    /*@ loop invariant 0 <= i <= PV_BATCH_MAX && i <= count;
        loop invariant frame_table_ok && m2p_ok && \valid(d);
        loop invariant \separated(d, frame_table + (0 .. frame_table_nr - 1));
        loop assigns i, rc, frame_table[0 .. frame_table_nr - 1], d->page_list,
                     d->tot_pages, m2p_table[0 .. m2p_nr - 1]; */
    for (; rc == 0 && i < count; i++) {
        struct mmu_update req;

        if (i >= PV_BATCH_MAX) {
            rc = -EINVAL;
            break;
        }
        if (guest_read_mmu_update(&req, ureqs + (uint64_t)i * sizeof(req)) != 0) {
            rc = -EFAULT;
            break;
        }
        rc = mmu_update_one(d, &req);
        if (rc != 0)
            break;
    }
    report_done(pdone, done_before + i);
    return rc;
}

/* ------------------------------------------------------------------ */
/* mmuext_op                                                           */

/*@ requires frame_table_ok && is_pt_type(type);
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
*/
static int
mmuext_pin(struct domain *d, mfn_t mfn, uint64_t type)
{
    struct page_info *pg;
    int rc;

    /* get_page_and_type: get_page, get_page_type, put_page on failure */
    if (!mfn_valid(mfn))
        return -EINVAL;
    pg = pv_frame(mfn);
    rc = get_page_and_type(pg, d, type);
    if (rc != 0)
        return rc;
    if (pg->type_info & PGT_pinned) {
        put_page_and_type(pg);
        return -EINVAL;         /* already pinned */
    }
    pg->type_info |= PGT_pinned;    /* keeps the references just taken */
    return 0;
}

/*@ requires frame_table_ok;
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
*/
static int
mmuext_unpin(struct domain *d, mfn_t mfn)
{
    struct page_info *pg = get_owned_page(mfn, d);

    if (pg == NULL)
        return -EINVAL;
    /*@ assert pg_in: pg == frame_table + mfn && mfn < frame_table_nr &&
            \valid(pg); */
    if (!(pg->type_info & PGT_pinned)) {
        put_page(pg);
        return -EINVAL;
    }
    /*@ assert pinned_ref: type_count(pg) >= 1 && pv_held(pg) &&
            pg == frame_table + mfn && mfn < frame_table_nr; */
    clear_pin(pg);
    /*@ assert unpinned: type_count(pg) >= 1 && pv_held(pg) && pg->owner == d; */
    put_page_and_type(pg);      /* the pin's references */
#if XL_PLANT_BUG != 2           /* planted bug 2 (fuzz/README.md): leak */
    put_page(pg);               /* ours */
#endif
    return 0;
}

/* Point *slot at L4 mfn (0 = none, if allowed), swapping references. */
/*@ requires frame_table_ok && \valid(slot);
    requires \separated(slot, frame_table + (0 .. frame_table_nr - 1));
    // get_page_and_type names d's page list and the M2P (put_page's)
    requires \separated(slot, d);
    requires m2p_table == \null ||
        \separated(slot, m2p_table + (0 .. m2p_nr - 1));
    assigns *slot, frame_table[0 .. frame_table_nr - 1], d->page_list,
            d->tot_pages, m2p_table[0 .. m2p_nr - 1];
    ensures \result != 0 ==> *slot == \old(*slot);
*/
static int
set_baseptr(struct domain *d, mfn_t *slot, mfn_t mfn, bool none_ok)
{
    mfn_t old = *slot;
    int rc;

    if (mfn == 0 && none_ok) {
        *slot = 0;
    } else {
        if (!mfn_valid(mfn))
            return -EINVAL;
        rc = get_page_and_type(pv_frame(mfn), d, PGT_l4_page_table);
        if (rc != 0)
            return rc;
        *slot = mfn;
    }
    arch_pv_new_baseptr(current);
    if (old != 0)
        put_page_and_type(baseptr_frame(old));
    return 0;
}

/* MULTI variants: the guest names vCPUs by a bitmap; read it (it must be
 * readable) -- one physical CPU, so the flush itself is local. */
/*@ requires \valid_read(d) && d->max_vcpus <= MAX_VIRT_CPUS;
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
read_vcpumask(struct domain *d, uint64_t mask_va)
{
    uint64_t words[(MAX_VIRT_CPUS + 63) / 64];
    size_t n = (d->max_vcpus + 63) / 64;    /* words: at most the array's */

    return guest_read_words(words, mask_va, n) != 0 ? -EFAULT : 0;
}

/*@ requires \valid(v);
    assigns \nothing;
*/
static int
mmuext_set_ldt(struct vcpu *v, uint64_t va, unsigned int ents)
{
    uint64_t ptr = ents ? va : 0;

    if (ents > LDT_MAX_ENTS || ptr % PAGE_SIZE != 0 ||
        !guest_va_ok(ptr) || (ents && !guest_va_ok(ptr + ents * 8ULL - 1)))
        return -EINVAL;
    return arch_pv_set_ldt(v, ptr, ents);
}

/*@ requires frame_table_ok;
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
*/
static int
mmuext_clear_page(struct domain *d, mfn_t mfn)
{
    struct page_info *pg = get_owned_page(mfn, d);

    if (pg == NULL)
        return -EINVAL;
    if (get_page_type(pg, PGT_writable_page) != 0) {
        put_page(pg);
        return -EINVAL;
    }
    frame_clear(pg);
    put_page_and_type(pg);
    return 0;
}

/*@ requires frame_table_ok;
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
*/
static int
mmuext_copy_page(struct domain *d, mfn_t dst_mfn, mfn_t src_mfn)
{
    struct page_info *src, *dst;

    /* get_owned_page for both frames, spelt out: get_page's `assigns`
     * names only the frame's count, so the other frame's facts stay in
     * view (get_owned_page's names the frame table). */
    if (!mfn_valid(src_mfn))
        return -EINVAL;
    src = pv_frame(src_mfn);
    /*@ assert src_v: \valid(src); */
    if (!get_page(src, d))
        return -EINVAL;
    /*@ assert src_in: src == frame_table + src_mfn && src_mfn < frame_table_nr &&
            pv_held(src) && src->owner == d; */
    if (!mfn_valid(dst_mfn)) {
        put_page(src);
        return -EINVAL;
    }
    dst = pv_frame(dst_mfn);
    if (!get_page(dst, d)) {
        put_page(src);
        return -EINVAL;
    }
    /*@ assert dst_in: dst == frame_table + dst_mfn && dst_mfn < frame_table_nr; */
    /*@ assert both_dst: pv_held(dst) && dst->owner == d; */
    /*@ assert both_other: dst != src ==> pv_held(src) && src->owner == d; */
    /*@ assert both_same: dst == src ==>
            gen_count(src) >= type_count(src) + 2 && pv_held(src) && src->owner == d; */
    if (get_plain_type(dst) != 0) {
        /*@ assert f_dst: pv_held(dst) && dst->owner == d; */
        /*@ assert f_src_other: dst != src ==> pv_held(src) && src->owner == d; */
        /*@ assert f_src_same: dst == src ==>
                pv_held(src) && src->owner == d &&
                gen_count(src) >= type_count(src) + 2; */
        //@ ghost uint64_t c0 = src->count_info, t0 = src->type_info;
        //@ ghost struct domain *o0 = src->owner;
        put_page(dst);
        /*@ assert f_fields: dst != src ==>
                src->count_info == c0 && src->type_info == t0 && src->owner == o0; */
        /*@ assert f_other: dst != src ==> pv_held(src) && src->owner == d; */
        /*@ assert f_same: dst == src ==> pv_held(src) && src->owner == d; */
        put_page(src);
        return -EINVAL;
    }
    /*@ assert typed: page_type(dst) == PGT_writable_page && dst->owner == d &&
            pv_held(src) && src->owner == d; */
    if (dst != src)
        frame_copy(dst, src);
    put_page_and_type(dst);
    /*@ assert s_src: pv_held(src) && src->owner == d; */
    put_page(src);
    return 0;
}

/*@ requires \valid_read(d) && d->max_vcpus <= MAX_VIRT_CPUS && \valid_read(op);
    assigns \nothing;
*/
static int
mmuext_flush(struct domain *d, const struct mmuext_op *op)
{
    int rc = 0;

    switch (op->cmd) {
    case MMUEXT_TLB_FLUSH_MULTI:
        rc = read_vcpumask(d, op->arg2.vcpumask);
        /* fall through */
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_TLB_FLUSH_ALL:
        if (rc == 0)
            arch_pv_flush_tlb();
        return rc;
    case MMUEXT_INVLPG_MULTI:
        rc = read_vcpumask(d, op->arg2.vcpumask);
        /* fall through */
    default: /* MMUEXT_INVLPG_LOCAL, MMUEXT_INVLPG_ALL */
        /* Xen ignores a non-canonical address; so does xenolith, and it
         * never passes the hypervisor's range to the arch. */
        if (rc == 0 && guest_va_ok(op->arg1.linear_addr))
            arch_pv_invlpg(op->arg1.linear_addr);
        return rc;
    }
}

/*@ requires frame_table_ok && pv_vcpu_ok(v) && \valid_read(op);
    requires current == \null || \valid_read(current);
    assigns v->guest_table, v->guest_table_user, frame_table[0 .. frame_table_nr - 1],
            v->domain->page_list, v->domain->tot_pages, m2p_table[0 .. m2p_nr - 1];
*/
static int
mmuext_one(struct vcpu *v, const struct mmuext_op *op)
{
    struct domain *d = v->domain;

    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
        return mmuext_pin(d, op->arg1.mfn, PGT_l1_page_table);
    case MMUEXT_PIN_L2_TABLE:
        return mmuext_pin(d, op->arg1.mfn, PGT_l2_page_table);
    case MMUEXT_PIN_L3_TABLE:
        return mmuext_pin(d, op->arg1.mfn, PGT_l3_page_table);
    case MMUEXT_PIN_L4_TABLE:
        return mmuext_pin(d, op->arg1.mfn, PGT_l4_page_table);
    case MMUEXT_UNPIN_TABLE:
        return mmuext_unpin(d, op->arg1.mfn);
    case MMUEXT_NEW_BASEPTR:
        return set_baseptr(d, &v->guest_table, op->arg1.mfn, false);
    case MMUEXT_NEW_USER_BASEPTR:
        return set_baseptr(d, &v->guest_table_user, op->arg1.mfn, true);
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_TLB_FLUSH_ALL:
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_INVLPG_ALL:
        return mmuext_flush(d, op);
    case MMUEXT_FLUSH_CACHE:
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        /* Xen: only a domain with I/O resources may (-EACCES otherwise).
         * xenolith has no device pass-through whose DMA could see stale
         * cache lines, so for dom0 this is a no-op for now. */
        return d->is_privileged ? 0 : -EACCES;
    case MMUEXT_SET_LDT:
        return mmuext_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
    case MMUEXT_CLEAR_PAGE:
        return mmuext_clear_page(d, op->arg1.mfn);
    case MMUEXT_COPY_PAGE:
        return mmuext_copy_page(d, op->arg1.mfn, op->arg2.src_mfn);
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -EOPNOTSUPP;     /* as Xen: superpages are not supported */
    default:
        return -ENOSYS;
    }
}

/*@ requires pv_mmu_ok;
*/
long
do_mmuext_op(uint64_t uops, unsigned int count, uint64_t pdone,
             unsigned int foreigndom)
{
    struct vcpu *v = current;
    unsigned int i = 0, done_before;
    int rc;

    rc = batch_begin(uops, &count, pdone, &done_before, sizeof(struct mmuext_op));
    if (rc == 0)
        rc = check_foreigndom(v->domain, foreigndom & 0xffff);
    /*@ loop invariant 0 <= i <= PV_BATCH_MAX && i <= count;
        loop invariant frame_table_ok && pv_vcpu_ok(v) && v == current;
        loop assigns i, rc, v->guest_table, v->guest_table_user,
                     frame_table[0 .. frame_table_nr - 1], v->domain->page_list,
                     v->domain->tot_pages, m2p_table[0 .. m2p_nr - 1]; */
    for (; rc == 0 && i < count; i++) {
        struct mmuext_op op;

        if (i >= PV_BATCH_MAX) {
            rc = -EINVAL;
            break;
        }
        if (guest_read_mmuext_op(&op, uops + (uint64_t)i * sizeof(op)) != 0) {
            rc = -EFAULT;
            break;
        }
        rc = mmuext_one(v, &op);
        if (rc != 0)
            break;
    }
    report_done(pdone, done_before + i);
    return rc;
}

/* ------------------------------------------------------------------ */
/* update_va_mapping                                                   */

/* The validated L1 table that maps va in v's kernel page tables, with a
 * general reference; NULL when a level is missing or is a superpage. */
/*@ requires frame_table_ok && \valid_read(v);
    requires \separated(v, frame_table + (0 .. frame_table_nr - 1));
    assigns frame_table[0 .. frame_table_nr - 1], v->domain->page_list,
            v->domain->tot_pages, m2p_table[0 .. m2p_nr - 1];
    ensures \result == \null || (page_ok(\result) && pv_held(\result) &&
        \result->owner == v->domain);
*/
struct page_info *
pv_find_l1_table(struct vcpu *v, uint64_t va)
{
    struct domain *d = v->domain;
    mfn_t mfn = v->guest_table;
    struct page_info *pg;

    if (mfn == 0)
        return NULL;
    /*@ loop invariant 1 <= level <= 4;
        loop assigns level, mfn; */
    for (unsigned int level = 4; level > 1; level--) {
        uint64_t e;

        if (!mfn_valid(mfn) || mfn_to_page(mfn)->owner != d)
            return NULL;
        e = pt_read(mfn_to_page(mfn), PT_INDEX_OF(va, level));
        if (!(e & PTE_PRESENT) || (e & PTE_PSE))
            return NULL;
        mfn = pte_mfn(e);
    }
    pg = get_owned_page(mfn, d);
    if (pg == NULL)
        return NULL;
    if ((pg->type_info & (PGT_type_mask | PGT_validated)) !=
        (PGT_l1_page_table | PGT_validated)) {
        put_page(pg);
        return NULL;
    }
    return pg;
}

/*@ requires \valid_read(d) && d->max_vcpus <= MAX_VIRT_CPUS && pv_va_ok(va);
    assigns \nothing;
*/
static int
uvm_flush(struct domain *d, uint64_t va, uint64_t flags)
{
    uint64_t scope = flags & ~UVMF_FLUSHTYPE_MASK;
    int rc = 0;

    switch (flags & UVMF_FLUSHTYPE_MASK) {
    case UVMF_TLB_FLUSH:
        if (scope != UVMF_LOCAL && scope != UVMF_ALL)
            rc = read_vcpumask(d, scope);
        if (rc == 0)
            arch_pv_flush_tlb();
        break;
    case UVMF_INVLPG:
        if (scope != UVMF_LOCAL && scope != UVMF_ALL)
            rc = read_vcpumask(d, scope);
        if (rc == 0)
            arch_pv_invlpg(va);
        break;
    default:
        break;
    }
    return rc;
}

/*@ requires pv_mmu_ok;
*/
long
do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags)
{
    struct vcpu *v = current;
    struct domain *d = v->domain;
    struct page_info *l1;
    int rc, frc;

    if (!guest_va_ok(va))
        return -EINVAL;
    l1 = pv_find_l1_table(v, va);
    /*@ assert d_kept: \valid(d) && d->max_vcpus <= MAX_VIRT_CPUS; */
    if (l1 == NULL) {
        rc = -EINVAL;
    } else {
        rc = pv_mod_entry(d, l1, PT_INDEX_OF(va, 1), val, false);
        /*@ assert d_kept2: \valid(d) && d->max_vcpus <= MAX_VIRT_CPUS; */
        /*@ assert held_l1: pv_held(l1); */
        /*@ assert apart: \separated(d, l1); */
        put_page(l1);
        /*@ assert d_kept3: \valid(d) && d->max_vcpus <= MAX_VIRT_CPUS; */
    }
    /* Xen flushes as asked even when the update failed; the update's
     * error wins over the flush's. */
    /*@ assert flush_d: \valid(d); */
    /*@ assert flush_n: d->max_vcpus <= MAX_VIRT_CPUS; */
    /*@ assert flush_va: pv_va_ok(va); */
    frc = uvm_flush(d, va, flags);
    return rc != 0 ? rc : frc;
}
