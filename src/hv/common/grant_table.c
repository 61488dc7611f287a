/*
 * grant_table.c - grant tables v1: setup_table, query_size, map/unmap,
 * copy (see grant_table.h for the model and the reference rules).
 *
 * Environment: hosted and hypervisor (portable core).  Runs for `current`.
 *
 * Each element of a batch is copied in, decoded (every check that can
 * fail, nothing changed), invoked (cannot fail), and copied back with its
 * status.  A failure of one element is its status; the batch goes on.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <domain.h>
#include <grant_table.h>
#include <guest_access.h>
#include <hypercall.h>
#include <lib.h>
#include <mm.h>
#include <pv_mm.h>
#include <xl_errno.h>
#include <xmalloc.h>
#include "public/xen.h"

#define L1E_GRANT_FLAGS (PTE_PRESENT | PTE_USER | PTE_ACCESSED)

/* ------------------------------------------------------------------ */
/* The table and its frames.                                           */

/*@ requires gt == \null || (\valid_read(gt) && gt->nr_frames <= GNTTAB_MAX_FRAMES);
    assigns \nothing;
    ensures \result == (gt == \null ? 0 : gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME);
*/
static unsigned int
gt_nr_entries(const struct grant_table *gt)
{
    return gt ? gt->nr_frames * (unsigned int)GNTTAB_ENTRIES_PER_FRAME : 0;
}

/* Trusted contract (proofs/README.md): the frame's direct-map address. */
/*@ requires grant_ref_ok((struct grant_table *)gt, ref);
    assigns \nothing;
    ensures \result == grant_shared((struct grant_table *)gt, ref);
    ensures \valid(\result);
    ensures \separated(\result, grant_act((struct grant_table *)gt, ref),
                       (struct grant_table *)gt);
*/
static struct grant_entry_v1 *
shared_entry(const struct grant_table *gt, grant_ref_t ref)
{
    struct grant_entry_v1 *f =
        page_to_virt(mfn_to_page(gt->frame[ref / GNTTAB_ENTRIES_PER_FRAME]));

    return &f[ref % GNTTAB_ENTRIES_PER_FRAME];
}

/*@ requires grant_ref_ok((struct grant_table *)gt, ref);
    assigns \nothing;
    ensures \result == grant_act((struct grant_table *)gt, ref);
    ensures \valid(\result);
*/
static struct grant_active *
active_entry(const struct grant_table *gt, grant_ref_t ref)
{
    return &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
}

static struct grant_table *
gt_get(struct domain *d)
{
    if (d->grant_table == NULL && !d->is_dying) {
        d->grant_table = domain_xzalloc(d, struct grant_table);
        if (d->grant_table)
            d->grant_table->max_frames = GNTTAB_MAX_FRAMES;
    }
    return d->grant_table;
}

/* A table frame: owned by d (so d may map it) with an allocation reference
 * and a permanent writable type reference (never a page table), not on the
 * page list, as shared_info. */
static int
gt_add_frame(struct domain *d, struct grant_table *gt)
{
    unsigned int i = gt->nr_frames;
    struct page_info *pg;

    gt->active[i] = domain_xzalloc_array(d, sizeof(struct grant_active),
                                         GNTTAB_ENTRIES_PER_FRAME);
    if (gt->active[i] == NULL)
        return -ENOMEM;
    pg = domain_alloc_xen_frame(d);
    if (pg == NULL) {
        domain_xfree(d, gt->active[i]);
        gt->active[i] = NULL;
        return -ENOMEM;
    }
    pg->owner = d;
    pg->count_info = PGC_allocated | 1;
    pg->type_info = PGT_writable_page | PGT_validated | 1;
    gt->frame[i] = page_to_mfn(pg);
    gt->nr_frames = i + 1;
    return 0;
}

/* Trusted contract (proofs/README.md): at most max_frames (<= GNTTAB_MAX_
 * FRAMES) frames; on success d has a table with at least nr of them.  It
 * also writes the allocator, the new frames' page_info and active arrays,
 * which no proved caller reads. */
/*@ requires \valid(d);
    requires d->grant_table == \null ||
             (\valid(d->grant_table) && d->grant_table->max_frames <= GNTTAB_MAX_FRAMES);
    assigns d->grant_table, *d->grant_table;
    ensures \result == 0 || \result == -ENOMEM || \result == -EINVAL;
    ensures grown: \result == 0 ==> \valid_read(d->grant_table) &&
        nr <= d->grant_table->nr_frames <= GNTTAB_MAX_FRAMES;
    ensures table_ok: \result == 0 ==> grant_table_ok(d->grant_table);
*/
static int
gt_grow(struct domain *d, unsigned int nr)
{
    struct grant_table *gt = gt_get(d);

    if (gt == NULL)
        return -ENOMEM;
    if (nr > gt->max_frames)
        return -EINVAL;
    while (gt->nr_frames < nr)
        if (gt_add_frame(d, gt) != 0)
            return -ENOMEM;
    return 0;
}

/* idx: the guest's (add_to_physmap of a grant-table frame). */
/*@ requires \valid(d);
    requires d->grant_table == \null ||
             (\valid(d->grant_table) && d->grant_table->max_frames <= GNTTAB_MAX_FRAMES);
    assigns d->grant_table, *d->grant_table;
    ensures bounded: idx >= GNTTAB_MAX_FRAMES ==> \result == (mfn_t)INVALID_MFN;
    ensures frame: \result == (mfn_t)INVALID_MFN ||
        (idx < d->grant_table->nr_frames && \result == d->grant_table->frame[idx]);
*/
mfn_t
grant_table_frame_mfn(struct domain *d, unsigned int idx)
{
    if (idx >= GNTTAB_MAX_FRAMES || gt_grow(d, idx + 1) != 0)
        return INVALID_MFN;
    return d->grant_table->frame[idx];
}

/*@ requires \valid(d);
    requires d->grant_table == \null ||
             (\valid(d->grant_table) && d->grant_table->max_frames <= GNTTAB_MAX_FRAMES);
    ensures \result == 0 || \result == -EINVAL || \result == -ENOMEM;
*/
int
grant_table_reserved_entry(struct domain *d, grant_ref_t ref, domid_t grantee,
                           uint64_t frame)
{
    struct grant_entry_v1 *e;
    int rc;

    if (ref >= GNTTAB_NR_RESERVED_ENTRIES || frame > UINT32_MAX || d->is_dying)
        return -EINVAL;
    rc = gt_grow(d, 1);
    if (rc != 0)
        return rc == -EINVAL ? -EINVAL : -ENOMEM;
    e = shared_entry(d->grant_table, ref);
    e->domid = grantee;
    e->frame = (uint32_t)frame;
    e->flags = GTF_permit_access;       /* last, as a guest would */
    return 0;
}

const struct grant_active *
grant_active_of(const struct domain *d, grant_ref_t ref)
{
    const struct grant_table *gt = d->grant_table;

    return ref < gt_nr_entries(gt) ? active_entry(gt, ref) : NULL;
}

/* ------------------------------------------------------------------ */
/* Pinning a granted entry (decode, then commit).                      */

/*@ assigns \nothing; */
static mfn_t
guest_frame_to_mfn(const struct domain *d, uint64_t frame)
{
    return arch_grant_translated(d) ? arch_grant_gfn_to_mfn(d, frame) : frame;
}

/* May ld use (rd, ref) now, read-only or not?  *mfn gets the frame.  The
 * v1 rules: type permit_access, domid the grantee, not readonly for a
 * writable use; once pinned, the frame read at the first pin stays. */
/*@ requires \valid(rd) && \valid_read(ld) && \valid(mfn) && frame_table_ok;
    requires rd->grant_table == \null || grant_table_ok(rd->grant_table);
    requires pins: rd->grant_table != \null &&
        ref < rd->grant_table->nr_frames * GNTTAB_ENTRIES_PER_FRAME ==>
        grant_pins_ok(grant_act(rd->grant_table, ref));
    assigns *mfn;
    ensures ref_ok: \result == GNTST_okay ==> grant_ref_ok(rd->grant_table, ref);
    // a writable use needs GTF_readonly clear in the entry as read now
    ensures ro_rule: \result == GNTST_okay && !ro ==>
        (grant_shared(rd->grant_table, ref)->flags & GTF_readonly) == 0;
    // ownership: the entry grants access to ld
    ensures grantee: \result == GNTST_okay ==>
        (grant_shared(rd->grant_table, ref)->flags & GTF_type_mask) ==
            GTF_permit_access &&
        grant_shared(rd->grant_table, ref)->domid == \old(ld->domain_id);
    ensures pin_room: \result == GNTST_okay ==>
        (ro ? grant_act(rd->grant_table, ref)->pin_ro
            : grant_act(rd->grant_table, ref)->pin_rw) < GNTTAB_PIN_MAX;
    // the frame: the pinned one, or (first pin) one of rd's in the table
    ensures frame: \result == GNTST_okay ==>
        (grant_act(rd->grant_table, ref)->pin_ro +
             grant_act(rd->grant_table, ref)->pin_rw != 0 ?
            *mfn == grant_act(rd->grant_table, ref)->mfn :
            *mfn < frame_table_nr);
*/
static int16_t
grant_check(struct domain *rd, grant_ref_t ref, const struct domain *ld,
            bool ro, mfn_t *mfn)
{
    struct grant_table *gt = rd->grant_table;
    struct grant_entry_v1 e;
    struct grant_active *act;

    if (ref >= gt_nr_entries(gt))
        return GNTST_bad_gntref;
    ref = (grant_ref_t)array_index_nospec(ref, gt_nr_entries(gt));
    e = *shared_entry(gt, ref);             /* one read of guest memory */
    act = active_entry(gt, ref);
    if ((e.flags & GTF_type_mask) != GTF_permit_access || e.domid != ld->domain_id)
        return GNTST_general_error;
    if (!ro && (e.flags & GTF_readonly))
        return GNTST_general_error;         /* Xen: write-pin of a r/o entry */
    if (act->pin_ro + act->pin_rw != 0) {
        if (act->domid != ld->domain_id)
            return GNTST_general_error;
        if ((ro ? act->pin_ro : act->pin_rw) >= GNTTAB_PIN_MAX)
            return GNTST_no_space;
        *mfn = act->mfn;
        return GNTST_okay;
    }
    *mfn = guest_frame_to_mfn(rd, e.frame);
    /* shared_info is freed with the domain, whoever maps it: not grantable. */
    if (!mfn_valid(*mfn) || mfn_to_page(*mfn)->owner != rd ||
        *mfn == rd->shared_info_mfn)
        return GNTST_general_error;
    return GNTST_okay;
}

/*@ requires \valid(rd) && \valid_read(ld) && grant_ref_ok(rd->grant_table, ref);
    requires room: ro ? grant_act(rd->grant_table, ref)->pin_ro < GNTTAB_PIN_MAX
                      : grant_act(rd->grant_table, ref)->pin_rw < GNTTAB_PIN_MAX;
    assigns *grant_act(rd->grant_table, ref),
            grant_shared(rd->grant_table, ref)->flags;
    ensures one_more: grant_act(rd->grant_table, ref)->pin_ro ==
                \old(grant_act(rd->grant_table, ref)->pin_ro) + (ro ? 1 : 0) &&
            grant_act(rd->grant_table, ref)->pin_rw ==
                \old(grant_act(rd->grant_table, ref)->pin_rw) + (ro ? 0 : 1);
    ensures grant_act(rd->grant_table, ref)->domid == \old(ld->domain_id) &&
            grant_act(rd->grant_table, ref)->mfn == mfn;
*/
static void
grant_pin(struct domain *rd, grant_ref_t ref, const struct domain *ld,
          bool ro, mfn_t mfn)
{
    struct grant_table *gt = rd->grant_table;
    struct grant_active *act = active_entry(gt, ref);
    struct grant_entry_v1 *e = shared_entry(gt, ref);

    act->domid = ld->domain_id;
    act->mfn = mfn;
    if (ro)
        act->pin_ro++;
    else
        act->pin_rw++;
    e->flags |= GTF_reading | (ro ? 0 : GTF_writing);
}

/* The last writer clears GTF_writing, the last user GTF_reading, whatever
 * the granter did to the entry meanwhile (a revoked grant keeps them). */
/*@ requires \valid(rd) && grant_ref_ok(rd->grant_table, ref);
    requires held: ro ? grant_act(rd->grant_table, ref)->pin_ro > 0
                      : grant_act(rd->grant_table, ref)->pin_rw > 0;
    assigns *grant_act(rd->grant_table, ref),
            grant_shared(rd->grant_table, ref)->flags;
    ensures one_less_ro: grant_act(rd->grant_table, ref)->pin_ro ==
                \old(grant_act(rd->grant_table, ref)->pin_ro) - (ro ? 1 : 0);
    ensures one_less_rw: grant_act(rd->grant_table, ref)->pin_rw ==
                \old(grant_act(rd->grant_table, ref)->pin_rw) - (ro ? 0 : 1);
    ensures kept: \old(grant_pins_ok(grant_act(rd->grant_table, ref))) &&
                  grant_act(rd->grant_table, ref)->pin_ro +
                  grant_act(rd->grant_table, ref)->pin_rw != 0 ==>
        grant_act(rd->grant_table, ref)->mfn == \old(grant_act(rd->grant_table, ref)->mfn) &&
        grant_act(rd->grant_table, ref)->domid == \old(grant_act(rd->grant_table, ref)->domid);
*/
static void
grant_unpin(struct domain *rd, grant_ref_t ref, bool ro)
{
    struct grant_table *gt = rd->grant_table;
    struct grant_active *act = active_entry(gt, ref);
    struct grant_entry_v1 *e = shared_entry(gt, ref);

    BUG_ON(ro ? act->pin_ro == 0 : act->pin_rw == 0);
    if (ro)
        act->pin_ro--;
    else
        act->pin_rw--;
    if (act->pin_rw == 0)
        e->flags &= (uint16_t)~GTF_writing;
    if (act->pin_ro + act->pin_rw == 0) {
        e->flags &= (uint16_t)~GTF_reading;
        act->domid = 0;         /* the pins are 0: the record is all zero */
        act->mfn = 0;
    }
}

/* put_page, seen by the grant functions without the writes of a last
 * reference outside the frame table.  Proved from put_page's contract
 * (pv_mm.h, proved in page_type) in module grant_put, all but its
 * `assigns`, which stays trusted (proofs/README.md, Assumed): the last
 * reference frees the frame, and free_domain_page also writes its owner's
 * page_list and tot_pages and the M2P, which put_page's `assigns` names
 * and this one leaves out (no proved grant function reads them; naming
 * them would reach the `assigns` of every grant function up to map_ref
 * and the copy). */
/*@ requires frame_table_ok && page_ok(pg);
    assigns frame_table[0 .. frame_table_nr - 1];
    ensures held: \old(gen_count(pg)) >= 1;
    ensures one_less: gen_count(pg) == \old(gen_count(pg)) - 1;
    ensures kept: \old(gen_count(pg)) >= 2 ==>
        pg->type_info == \old(pg->type_info) && pg->owner == \old(pg->owner);
    ensures counts_ok: \old(gen_count(pg)) >= 2 && \old(page_counts_ok(pg)) &&
        \old(type_count(pg)) < \old(gen_count(pg)) ==> page_counts_ok(pg);
    // not the last reference: no other frame changes (put_page's others_c/t)
    ensures others: \old(gen_count(pg)) >= 2 ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != pg ==>
        frame_table[i].count_info == \old(frame_table[i].count_info) &&
        frame_table[i].type_info == \old(frame_table[i].type_info);
    // the last reference too: no other frame in use changes (the free
    // touches free frames only: put_page's in_use_kept, since session 11)
    ensures in_use_kept: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != pg && \old(gen_count(frame_table + i)) >= 1 ==>
        frame_table[i].count_info == \old(frame_table[i].count_info) &&
        frame_table[i].type_info == \old(frame_table[i].type_info);
*/
static void
grant_put_page(struct page_info *pg)
{
    put_page(pg);
}

/* The references one use of a granted frame holds: general, and a
 * writable type reference unless read-only.  rd still owns pg. */
/*@ requires frame_table_ok && page_ok(pg) && page_counts_ok(pg) && \valid_read(rd);
    ensures \result == GNTST_okay || \result == GNTST_general_error;
    ensures general: \result == GNTST_okay ==>
        gen_count(pg) == \old(gen_count(pg)) + 1;
    ensures typed: \result == GNTST_okay && !ro ==>
        type_count(pg) == \old(type_count(pg)) + 1 &&
        page_type(pg) == PGT_writable_page;
    ensures untyped: \result == GNTST_okay && ro ==>
        pg->type_info == \old(pg->type_info);
    // ownership: the frame is the granter's
    ensures owned: \result == GNTST_okay ==> page_owned_by(pg, rd);
    ensures counts_ok: \result == GNTST_okay ==> page_counts_ok(pg);
    ensures type_kept: \result == GNTST_okay ==>
        page_type(pg) == \old(page_type(pg)) || !ro;
    // a failure with a reference there leaves the counts as they were
    ensures failed: \result != GNTST_okay && \old(gen_count(pg)) >= 1 ==>
        gen_count(pg) == \old(gen_count(pg)) &&
        type_count(pg) == \old(type_count(pg));
    // the caller's reference is never the frame's last (get_page's `held`)
    ensures held: \result == GNTST_okay ==> gen_count(pg) >= 2;
    // no other frame changes (on a failure: none that was referenced)
    ensures others: \forall integer i; 0 <= i < frame_table_nr && frame_table + i != pg &&
        (\result == GNTST_okay || \old(gen_count(frame_table + i)) >= 1) ==>
        frame_table[i].count_info == \old(frame_table[i].count_info) &&
        frame_table[i].type_info == \old(frame_table[i].type_info);
    assigns frame_table[0 .. frame_table_nr - 1];
*/
static int16_t
grant_get_refs(struct page_info *pg, struct domain *rd, bool ro)
{
    if (!get_page(pg, rd))
        return GNTST_general_error;
    if (!ro && get_page_type(pg, PGT_writable_page) != 0) {
        grant_put_page(pg);
        return GNTST_general_error;     /* e.g. a page table of rd */
    }
    return GNTST_okay;
}

/* The references of one use, dropped (BUG if they are not there). */
/*@ requires frame_table_ok && page_ok(pg);
    // a writable use holds a writable type reference, so the frame is of
    // writable type and its put devalidates nothing (put_page_and_type's
    // one_less)
    requires wtype: ro || page_type(pg) == PGT_writable_page;
    assigns frame_table[0 .. frame_table_nr - 1];
    ensures held: \old(gen_count(pg)) >= 1 && (!ro ==> \old(type_count(pg)) >= 1);
    ensures one_less: gen_count(pg) == \old(gen_count(pg)) - 1;
    ensures type_less: \old(gen_count(pg)) >= 2 ==>
        type_count(pg) == \old(type_count(pg)) - (ro ? 0 : 1) &&
        page_type(pg) == \old(page_type(pg));
    // no other referenced frame changes (a writable use: not a page table)
    ensures others: ro || !is_pt_type(\old(page_type(pg))) ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != pg &&
            \old(gen_count(frame_table + i)) >= 1 ==>
            frame_table[i].count_info == \old(frame_table[i].count_info) &&
            frame_table[i].type_info == \old(frame_table[i].type_info);
*/
static void
grant_put_refs(struct page_info *pg, bool ro)
{
    if (ro)
        grant_put_page(pg);
    else
        put_page_and_type(pg);
}

/* ------------------------------------------------------------------ */
/* PV host mappings: one L1 entry.                                     */

/*@ assigns \nothing; */
static bool
guest_va_ok(uint64_t va)
{
    return va < (1ULL << 47) || va >= XL_HV_END;
}

/*@ requires \valid_read(pg);
    assigns \nothing;
*/
static bool
l1_in_use(const struct page_info *pg, const struct domain *d)
{
    return pg->owner == d &&
           (pg->type_info & (PGT_type_mask | PGT_validated)) ==
               (PGT_l1_page_table | PGT_validated) &&
           (pg->type_info & PGT_count_mask) != 0;
}

/* The L1 entry host_addr names for ld: a virtual address in current's
 * page tables, or (contains_pte) the entry's machine address.  Returns
 * the entry's machine address in *maddr.
 * Contract assumed (proofs/README.md): pv_find_l1_table (pv_mmu.c) has
 * none; the reference it returns is dropped here, so no count changes. */
/*@ requires frame_table_ok && \valid(maddr);
    assigns *maddr, frame_table[0 .. frame_table_nr - 1];
    ensures \result == GNTST_okay || \result == GNTST_bad_virt_addr ||
            \result == GNTST_general_error;
    ensures located: \result == GNTST_okay ==> (*maddr >> 12) < frame_table_nr;
    ensures counts_kept: keep < frame_table_nr &&
        \old(gen_count(frame_table + keep)) >= 1 ==>
        frame_table[keep].count_info == \old(frame_table[keep].count_info) &&
        frame_table[keep].type_info == \old(frame_table[keep].type_info);
*/
static int16_t
pv_locate_pte(struct domain *ld, uint64_t addr, uint32_t flags, uint64_t *maddr)
    /*@ ghost (mfn_t keep) */
{
    struct page_info *l1;

    if (flags & GNTMAP_contains_pte) {
        if ((addr & 7) != 0 || !mfn_valid(addr >> PAGE_SHIFT))
            return GNTST_bad_virt_addr;
        if (!l1_in_use(mfn_to_page(addr >> PAGE_SHIFT), ld))
            return GNTST_general_error;
        *maddr = addr;
        return GNTST_okay;
    }
    if (!guest_va_ok(addr) || current == NULL || current->domain != ld)
        return GNTST_bad_virt_addr;
    l1 = pv_find_l1_table(current, addr);
    if (l1 == NULL)
        return GNTST_general_error;     /* Xen: no L1 for that address */
    if (!l1_in_use(l1, ld)) {
        put_page(l1);
        return GNTST_general_error;
    }
    *maddr = (page_to_mfn(l1) << PAGE_SHIFT) + PT_INDEX_OF(addr, 1) * 8ULL;
    put_page(l1);
    return GNTST_okay;
}

/* Trusted contract (proofs/README.md, Assumed): the arch's direct map of
 * the frame maddr names (page_to_virt), which is frame contents, apart
 * from the frame table. */
/*@ requires (maddr >> 12) < frame_table_nr;
    assigns \nothing;
    ensures \result == grant_pte(maddr) && \valid(\result);
    ensures \separated(\result, frame_table + (0 .. frame_table_nr - 1));
    ensures \base_addr(\result) != \base_addr(frame_table);
*/
static uint64_t *
pte_at(uint64_t maddr)
{
    return (uint64_t *)page_to_virt(mfn_to_page(maddr >> PAGE_SHIFT)) +
           ((maddr & (PAGE_SIZE - 1)) >> 3);
}

/* What an L1 entry holds, dropped (the L1 rule of page_type.c).
 * Trusted contract (proofs/README.md, Assumed): a present entry holds a
 * general reference of its frame and, if RW, a writable type reference
 * (the L1 rule; put_page/put_page_type BUG otherwise); they go, and no
 * other frame in use changes. */
/*@ requires frame_table_ok && keep < frame_table_nr;
    assigns frame_table[0 .. frame_table_nr - 1];
    ensures other: ((e & PTE_PRESENT) == 0 || grant_pte_mfn(e) != keep) &&
        \old(gen_count(frame_table + keep)) >= 1 ==>
        frame_table[keep].count_info == \old(frame_table[keep].count_info) &&
        frame_table[keep].type_info == \old(frame_table[keep].type_info);
    ensures dropped: (e & PTE_PRESENT) != 0 && grant_pte_mfn(e) == keep ==>
        \old(gen_count(frame_table + keep)) >= 1 &&
        gen_count(frame_table + keep) == \old(gen_count(frame_table + keep)) - 1;
    ensures dropped_type: (e & PTE_PRESENT) != 0 && grant_pte_mfn(e) == keep &&
        \old(gen_count(frame_table + keep)) >= 2 ==>
        type_count(frame_table + keep) ==
            \old(type_count(frame_table + keep)) - ((e & PTE_RW) != 0 ? 1 : 0);
*/
static void
put_l1_entry(uint64_t e) /*@ ghost (mfn_t keep) */
{
    if (e & PTE_PRESENT)
        grant_put_refs(mfn_to_page(pte_mfn(e)), !(e & PTE_RW));
}

/* The L1 entry of a grant mapping of mfn: present, user; writable (and
 * dirty) only for a read-write mapping. */
/*@ assigns \nothing;
    ensures present: (\result & PTE_PRESENT) != 0;
    ensures ro_not_rw: ro ==> (\result & PTE_RW) == 0;
    ensures rw_is_rw: !ro ==> (\result & PTE_RW) != 0;
    ensures value: \result == GRANT_L1E_VAL(mfn, ro);
*/
static uint64_t
grant_l1e(mfn_t mfn, bool ro)
{
    return (mfn << PAGE_SHIFT) | L1E_GRANT_FLAGS |
           (ro ? 0 : PTE_RW | PTE_DIRTY);
}

/* Write the grant's entry at maddr (located just now), with the entry's
 * own references; the old entry's go.  GNTST_*
 * The grant's frame keeps at least its counts, but for the writable type
 * reference of an old RW entry of the same frame under a read-only map. */
/*@ requires frame_table_ok && mfn < frame_table_nr && (maddr >> 12) < frame_table_nr;
    requires page_counts_ok(frame_table + mfn) && gen_count(frame_table + mfn) >= 1;
    requires \valid_read(rd);
    assigns *grant_pte(maddr), frame_table[0 .. frame_table_nr - 1];
    ensures \result == GNTST_okay || \result == GNTST_general_error;
    ensures entry: \result == GNTST_okay ==> *grant_pte(maddr) == GRANT_L1E_VAL(mfn, ro);
    ensures ro_not_rw: \result == GNTST_okay && ro ==> (*grant_pte(maddr) & PTE_RW) == 0;
    ensures gen_kept: gen_count(frame_table + mfn) >= \old(gen_count(frame_table + mfn));
    ensures type_kept: type_count(frame_table + mfn) >= \old(type_count(frame_table + mfn)) -
        (\result == GNTST_okay && ro &&
         (\old(*grant_pte(maddr)) & PTE_PRESENT) != 0 &&
         (\old(*grant_pte(maddr)) & PTE_RW) != 0 &&
         grant_pte_mfn(\old(*grant_pte(maddr))) == mfn ? 1 : 0);
    ensures failed: \result != GNTST_okay ==>
        *grant_pte(maddr) == \old(*grant_pte(maddr)) &&
        gen_count(frame_table + mfn) == \old(gen_count(frame_table + mfn)) &&
        type_count(frame_table + mfn) == \old(type_count(frame_table + mfn));
*/
static int16_t
pv_install(struct domain *rd, uint64_t maddr, mfn_t mfn, bool ro)
{
    uint64_t *slot = pte_at(maddr), old = *slot;
    int16_t st = grant_get_refs(mfn_to_page(mfn), rd, ro);
    uint64_t e;

    if (st != GNTST_okay)
        return st;
    e = grant_l1e(mfn, ro);
    *slot = e;
    /*@ assert got: gen_count(frame_table + mfn) ==
            \at(gen_count(frame_table + mfn), Pre) + 1 &&
        type_count(frame_table + mfn) ==
            \at(type_count(frame_table + mfn), Pre) + (ro != 0 ? 0 : 1); */
    if (old & PTE_PRESENT)
        arch_pv_flush_tlb();
    put_l1_entry(old) /*@ ghost (mfn) */;
    //@ assert stored: *slot == e;
    /*@ assert same: (old & PTE_PRESENT) == 0 || grant_pte_mfn(old) != mfn ==>
        gen_count(frame_table + mfn) == \at(gen_count(frame_table + mfn), Pre) + 1 &&
        type_count(frame_table + mfn) ==
            \at(type_count(frame_table + mfn), Pre) + (ro != 0 ? 0 : 1); */
    /*@ assert dropped: (old & PTE_PRESENT) != 0 && grant_pte_mfn(old) == mfn ==>
        gen_count(frame_table + mfn) == \at(gen_count(frame_table + mfn), Pre) &&
        type_count(frame_table + mfn) ==
            \at(type_count(frame_table + mfn), Pre) + (ro != 0 ? 0 : 1) -
            ((old & PTE_RW) != 0 ? 1 : 0); */
    return GNTST_okay;
}

/* Clear the entry at maddr if it is still the grant's (validated L1 of
 * ld, present, naming mfn); false if it is not (nothing changed). */
/*@ requires frame_table_ok && \valid_read(ld) && mfn < frame_table_nr;
    assigns *grant_pte(maddr), frame_table[0 .. frame_table_nr - 1];
    ensures removed: \result ==> (maddr >> 12) < frame_table_nr &&
        (\old(*grant_pte(maddr)) & PTE_PRESENT) != 0 &&
        grant_pte_mfn(\old(*grant_pte(maddr))) == mfn && *grant_pte(maddr) == 0 &&
        gen_count(frame_table + mfn) == \old(gen_count(frame_table + mfn)) - 1 &&
        (\old(gen_count(frame_table + mfn)) >= 2 ==>
            type_count(frame_table + mfn) == \old(type_count(frame_table + mfn)) -
                ((\old(*grant_pte(maddr)) & PTE_RW) != 0 ? 1 : 0));
    ensures kept: !\result ==>
        frame_table[mfn].count_info == \old(frame_table[mfn].count_info) &&
        frame_table[mfn].type_info == \old(frame_table[mfn].type_info);
*/
static bool
pv_remove(struct domain *ld, uint64_t maddr, mfn_t mfn)
{
    uint64_t e;

    if (!mfn_valid(maddr >> PAGE_SHIFT) ||
        !l1_in_use(mfn_to_page(maddr >> PAGE_SHIFT), ld))
        return false;
    e = *pte_at(maddr);
    if (!(e & PTE_PRESENT) || pte_mfn(e) != mfn)
        return false;
    *pte_at(maddr) = 0;
    /*@ assert kept: frame_table[mfn].count_info == \at(frame_table[mfn].count_info, Pre) &&
                     frame_table[mfn].type_info == \at(frame_table[mfn].type_info, Pre); */
    arch_pv_flush_tlb();        /* before the frame can go */
    put_l1_entry(e) /*@ ghost (mfn) */;
    //@ assert cleared: *grant_pte(maddr) == 0;
    return true;
}

/* ------------------------------------------------------------------ */
/* Maptrack.                                                           */


/* ld's maptrack array: ld's table (gt_get) and the array are allocated,
 * zeroed, at the first map.  NULL: memory is short.
 * Trusted contract (proofs/README.md, Assumed): the allocator's memory is
 * what map_lgt/map_lmt name, a new table has no frames; fresh memory is
 * not in `assigns` (ACSL), the table's maptrack field only if it existed. */
/*@ requires map_ld_valid(ld);
    assigns ld->grant_table, ld->xenmem_bytes,
            { ld->grant_table->maptrack | integer k; k == 0 && ld->grant_table != \null };
    ensures table: ld->grant_table == \old(ld->grant_table) ||
        (\old(ld->grant_table) == \null && ld->grant_table == \old(map_lgt(ld)));
    ensures fresh: \old(ld->grant_table) == \null && ld->grant_table != \null ==>
        \valid(ld->grant_table) && ld->grant_table->nr_frames == 0;
    ensures got: \result != \null ==>
        ld->grant_table == \old(map_lgt(ld)) && \valid(ld->grant_table) &&
        \result == ld->grant_table->maptrack && \result == \old(map_lmt(ld)) &&
        \valid(\result + (0 .. GNTTAB_MAPTRACK_MAX - 1));
*/
static struct grant_maptrack *
maptrack_table(struct domain *ld)
{
    struct grant_table *gt = gt_get(ld);

    if (gt == NULL)
        return NULL;
    if (gt->maptrack == NULL)
        gt->maptrack = domain_xzalloc_array(ld, sizeof(struct grant_maptrack),
                                            GNTTAB_MAPTRACK_MAX);
    return gt->maptrack;
}

/* A free handle of ld (its maptrack entry's flags 0), or -ENOMEM (no
 * table or maptrack: memory is short) or -ENOSPC (all in use). */
/*@ requires map_ld_valid(ld);
    assigns ld->grant_table, ld->xenmem_bytes,
            { ld->grant_table->maptrack | integer k; k == 0 && ld->grant_table != \null };
    ensures \result == -ENOMEM || \result == -ENOSPC ||
            (0 <= \result < GNTTAB_MAPTRACK_MAX);
    ensures table: ld->grant_table == \old(ld->grant_table) ||
        (\old(ld->grant_table) == \null && ld->grant_table == \old(map_lgt(ld)));
    ensures fresh: \old(ld->grant_table) == \null && ld->grant_table != \null ==>
        \valid(ld->grant_table) && ld->grant_table->nr_frames == 0;
    ensures got: \result >= 0 ==>
        ld->grant_table == \old(map_lgt(ld)) && \valid(ld->grant_table) &&
        ld->grant_table->maptrack == \old(map_lmt(ld)) &&
        \valid(ld->grant_table->maptrack + (0 .. GNTTAB_MAPTRACK_MAX - 1)) &&
        ld->grant_table->maptrack[\result].flags == 0;
*/
static int
maptrack_alloc(struct domain *ld)
{
    struct grant_maptrack *mt = maptrack_table(ld);

    if (mt == NULL)
        return -ENOMEM;
    /*@ loop invariant bound: 0 <= i <= GNTTAB_MAPTRACK_MAX;
        loop assigns i;
    */
    for (int i = 0; i < GNTTAB_MAPTRACK_MAX; i++)
        if (mt[i].flags == 0)
            return i;
    return -ENOSPC;
}

/* One use of (rd, ref) on frame mfn goes: its pin, then its references.
 * The active record keeps its invariant (grant_act_ok): it names mfn
 * while pinned, and the counts drop by what the pins drop. */
/*@ requires frame_table_ok && mfn < frame_table_nr && \valid(rd) &&
             grant_ref_ok(rd->grant_table, ref);
    requires same: grant_act(rd->grant_table, ref)->mfn == mfn;
    requires held: ro ? grant_act(rd->grant_table, ref)->pin_ro > 0
                      : grant_act(rd->grant_table, ref)->pin_rw > 0;
    requires act_ok: grant_act_ok(grant_act(rd->grant_table, ref));
    requires \separated(grant_act(rd->grant_table, ref),
                        frame_table + (0 .. frame_table_nr - 1));
    assigns *grant_act(rd->grant_table, ref),
            grant_shared(rd->grant_table, ref)->flags,
            frame_table[0 .. frame_table_nr - 1];
    ensures inv: grant_act_ok(\at(grant_act(rd->grant_table, ref), Pre));
    ensures same: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        a->pin_ro + a->pin_rw != 0 ==> a->mfn == mfn;
    ensures parts: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        grant_pins_ok(a) && (a->pin_ro + a->pin_rw != 0 ==>
            a->mfn == mfn && a->pin_ro + a->pin_rw <= gen_count(frame_table + mfn) &&
            a->pin_rw <= type_count(frame_table + mfn));
    // (session 9, for copy_one) the pins and the frame's counts exactly
    // one use less; no other referenced frame changes
    ensures pins: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        a->pin_ro == \old(a->pin_ro) - (ro ? 1 : 0) &&
        a->pin_rw == \old(a->pin_rw) - (ro ? 0 : 1);
    ensures put: gen_count(frame_table + mfn) == \old(gen_count(frame_table + mfn)) - 1 &&
        (\old(gen_count(frame_table + mfn)) >= 2 ==>
            type_count(frame_table + mfn) == \old(type_count(frame_table + mfn)) - (ro ? 0 : 1));
    ensures others: ro || !is_pt_type(\old(page_type(frame_table + mfn))) ==>
        \forall integer i; 0 <= i < frame_table_nr && i != mfn &&
            \old(gen_count(frame_table + i)) >= 1 ==>
            frame_table[i].count_info == \old(frame_table[i].count_info) &&
            frame_table[i].type_info == \old(frame_table[i].type_info);
*/
static void
grant_drop(struct domain *rd, grant_ref_t ref, mfn_t mfn, bool ro)
{
    struct page_info *pg = mfn_to_page(mfn);

    //@ assert sep: \separated(grant_act(rd->grant_table, ref), pg);
    /*@ assert u_sep: \forall integer i; 0 <= i < frame_table_nr ==>
        \separated(grant_act(rd->grant_table, ref), frame_table + i); */
    /*@ assert pre_parts: \let a = grant_act(rd->grant_table, ref);
        a->pin_ro + a->pin_rw <= gen_count(pg) && a->pin_rw <= type_count(pg) &&
        a->pin_ro <= GNTTAB_PIN_MAX && a->pin_rw <= GNTTAB_PIN_MAX; */
    grant_unpin(rd, ref, ro);
    /*@ assert unpinned: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        a->pin_ro + a->pin_rw == \at(a->pin_ro + a->pin_rw, Pre) - 1 &&
        a->pin_rw == \at(a->pin_rw, Pre) - (ro != 0 ? 0 : 1) &&
        grant_pins_ok(a) && (a->pin_ro + a->pin_rw != 0 ==> a->mfn == mfn); */
    /*@ assert counts: frame_table[mfn].count_info == \at(frame_table[mfn].count_info, Pre) &&
        frame_table[mfn].type_info == \at(frame_table[mfn].type_info, Pre); */
    /*@ assert u_kept: \forall integer i; 0 <= i < frame_table_nr ==>
        frame_table[i].count_info == \at(frame_table[i].count_info, Pre) &&
        frame_table[i].type_info == \at(frame_table[i].type_info, Pre); */
Put: __attribute__((unused));
    grant_put_refs(pg, ro);
    //@ assert mfn_kept: \let a = \at(grant_act(rd->grant_table, ref), Pre); a->mfn == \at(a->mfn, Put);
    //@ assert ro_kept: \let a = \at(grant_act(rd->grant_table, ref), Pre); a->pin_ro == \at(a->pin_ro, Put);
    //@ assert rw_kept: \let a = \at(grant_act(rd->grant_table, ref), Pre); a->pin_rw == \at(a->pin_rw, Put);
    /*@ assert put: gen_count(pg) == \at(gen_count(frame_table + mfn), Pre) - 1 &&
        (\at(gen_count(frame_table + mfn), Pre) >= 2 ==>
            type_count(pg) == \at(type_count(frame_table + mfn), Pre) - (ro != 0 ? 0 : 1)); */
    /*@ assert act_kept: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        a->pin_ro + a->pin_rw == \at(a->pin_ro + a->pin_rw, Pre) - 1 &&
        a->pin_rw == \at(a->pin_rw, Pre) - (ro != 0 ? 0 : 1) &&
        grant_pins_ok(a) && (a->pin_ro + a->pin_rw != 0 ==> a->mfn == mfn); */
    /*@ assert parts: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        a->pin_ro + a->pin_rw != 0 ==>
            a->pin_ro + a->pin_rw <= gen_count(pg) && a->pin_rw <= type_count(pg); */
}

/* The grant side of a mapping goes: its references, its pin.  The
 * touched active record keeps its invariant (grant_act_ok).  ro: the
 * mapping's GNTMAP_readonly (the caller reads it from m->flags). */
/*@ requires frame_table_ok && \valid(lgt) && \valid(m) && m->mfn < frame_table_nr;
    requires \separated(m, lgt, frame_table + (0 .. frame_table_nr - 1));
    requires rec: m->rd != \null ==>
        \valid(m->rd) && grant_ref_ok(m->rd->grant_table, m->ref) &&
        grant_act(m->rd->grant_table, m->ref)->mfn == m->mfn &&
        (ro ? grant_act(m->rd->grant_table, m->ref)->pin_ro > 0 :
              grant_act(m->rd->grant_table, m->ref)->pin_rw > 0) &&
        grant_act_ok(grant_act(m->rd->grant_table, m->ref)) &&
        \separated(grant_act(m->rd->grant_table, m->ref), m, lgt,
                   frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(m->rd, m, lgt) && \separated(m->rd->grant_table, m, lgt);
    // (the granter's record and entry flags only while it lives)
    assigns *m, lgt->maptrack_used, frame_table[0 .. frame_table_nr - 1],
            { *grant_act(m->rd->grant_table, m->ref) | integer k; k == 0 && m->rd != \null },
            { grant_shared(m->rd->grant_table, m->ref)->flags |
              integer k; k == 0 && m->rd != \null };
    ensures freed: m->flags == 0;
    ensures inv: \old(m->rd) != \null ==>
        grant_act_ok(\at(grant_act(m->rd->grant_table, m->ref), Pre));
*/
static void
maptrack_release(struct grant_table *lgt, struct grant_maptrack *m, bool ro)
{
    struct domain *rd = m->rd;
    mfn_t mfn = m->mfn;

    //@ assert sep: \separated(frame_table + mfn, m, lgt);
    /*@ assert sep_a: rd != \null ==>
        \separated(&grant_act(rd->grant_table, m->ref)->pin_ro, m, &lgt->maptrack_used) &&
        \separated(&grant_act(rd->grant_table, m->ref)->pin_rw, m, &lgt->maptrack_used); */
    if (rd != NULL)
        grant_drop(rd, m->ref, mfn, ro);
    else
        grant_put_refs(mfn_to_page(mfn), ro);
    /*@ assert dropped: rd != \null ==>
        \let a = \at(grant_act(m->rd->grant_table, m->ref), Pre);
        grant_pins_ok(a) && (a->pin_ro + a->pin_rw != 0 ==>
            a->mfn == mfn && a->pin_ro + a->pin_rw <= gen_count(frame_table + mfn) &&
            a->pin_rw <= type_count(frame_table + mfn)); */
    /* The entry all zero, field by field (WP follows field stores far
     * better than a compound-literal copy; padding is never read). */
Clear: __attribute__((unused));
    m->flags = 0;
    m->rd = NULL;
    m->ref = 0;
    m->mfn = 0;
    m->pte_maddr = 0;
    m->gfn = 0;
    lgt->maptrack_used--;
    /*@ assert ro_kept: rd != \null ==>
        \let a = \at(grant_act(m->rd->grant_table, m->ref), Pre);
        a->pin_ro == \at(a->pin_ro, Clear); */
    /*@ assert rw_kept: rd != \null ==>
        \let a = \at(grant_act(m->rd->grant_table, m->ref), Pre);
        a->pin_rw == \at(a->pin_rw, Clear); */
    /*@ assert mfn_kept: rd != \null ==>
        \let a = \at(grant_act(m->rd->grant_table, m->ref), Pre);
        a->mfn == \at(a->mfn, Clear); */
    /*@ assert frame_kept:
        frame_table[mfn].count_info == \at(frame_table[mfn].count_info, Clear) &&
        frame_table[mfn].type_info == \at(frame_table[mfn].type_info, Clear); */
    /*@ assert parts: rd != \null ==>
        \let a = \at(grant_act(m->rd->grant_table, m->ref), Pre);
        grant_pins_ok(a) && (a->pin_ro + a->pin_rw != 0 ==>
            a->mfn == mfn && a->pin_ro + a->pin_rw <= gen_count(frame_table + mfn) &&
            a->pin_rw <= type_count(frame_table + mfn)); */
}

/* ------------------------------------------------------------------ */
/* map_grant_ref                                                       */


/* The granter a map or copy names: a live domain, or NULL. */
/*@ requires current == \null || \valid_read(current);
    requires gnt_lookup(id) == \null || \valid_read(gnt_lookup(id));
    assigns \nothing;
    ensures \result == \null || (\result == gnt_lookup(id) && !\result->is_dying);
*/
static struct domain *
grant_domain(domid_t id)
{
    struct domain *d = domain_lookup(id);

    return (d == NULL || d->is_dying) ? NULL : d;
}

/* The host side of a map of mfn for ld: PV, the L1 entry host_addr
 * names gets grant_l1e(mfn, ro) (m->pte_maddr: where; m->gfn 0);
 * translated, the p2m maps gfn host_addr >> 12 (m->gfn; m->pte_maddr 0).
 * m is the free maptrack entry map_ref fills: written only on success.
 * GNTST_* */
/*@ requires frame_table_ok && \valid_read(op) && \valid(m) && \valid_read(ld) &&
             \valid_read(rd);
    requires mfn < frame_table_nr && page_counts_ok(frame_table + mfn) &&
             gen_count(frame_table + mfn) >= 1;
    requires \separated(m, op, frame_table + (0 .. frame_table_nr - 1));
    requires slots_apart: \forall integer a; \separated(grant_pte(a), m, op,
                                 frame_table + (0 .. frame_table_nr - 1));
    assigns m->gfn, m->pte_maddr, grant_p2m_state, { *grant_pte(a) | integer a; 0 <= a },
            frame_table[0 .. frame_table_nr - 1];
    ensures pv: \result == GNTST_okay && !grant_translated(ld) ==>
        (m->pte_maddr >> 12) < frame_table_nr &&
        *grant_pte(m->pte_maddr) == GRANT_L1E_VAL(mfn, op->flags & GNTMAP_readonly) &&
        ((op->flags & GNTMAP_readonly) != 0 ==> (*grant_pte(m->pte_maddr) & PTE_RW) == 0);
    ensures hvm: \result == GNTST_okay && grant_translated(ld) ==>
        grant_p2m_mfn(grant_p2m_state, ld, m->gfn) == mfn &&
        (grant_p2m_rw(grant_p2m_state, ld, m->gfn) ==> (op->flags & GNTMAP_readonly) == 0);
    ensures gen_kept: gen_count(frame_table + mfn) >= \old(gen_count(frame_table + mfn));
    ensures type_kept: \let a = m->pte_maddr;
        (\result == GNTST_okay && (op->flags & GNTMAP_readonly) != 0 &&
         !grant_translated(ld) &&
         (\at(*grant_pte(a), Pre) & PTE_PRESENT) != 0 &&
         (\at(*grant_pte(a), Pre) & PTE_RW) != 0 &&
         grant_pte_mfn(\at(*grant_pte(a), Pre)) == mfn) ?
            type_count(frame_table + mfn) >= \old(type_count(frame_table + mfn)) - 1 :
            type_count(frame_table + mfn) >= \old(type_count(frame_table + mfn));
    ensures failed: \result != GNTST_okay ==>
        gen_count(frame_table + mfn) == \old(gen_count(frame_table + mfn)) &&
        type_count(frame_table + mfn) == \old(type_count(frame_table + mfn));
*/
static int16_t
map_host(struct domain *ld, struct domain *rd, const struct gnttab_map_grant_ref *op,
         mfn_t mfn, struct grant_maptrack *m)
{
    bool ro = (op->flags & GNTMAP_readonly) != 0;
    uint64_t maddr, gfn;
    int16_t st;

    //@ assert ro_bits: ro != 0 ==> (GRANT_L1E_VAL(mfn, ro) & PTE_RW) == 0;

    if (arch_grant_translated(ld)) {
        if (op->flags & GNTMAP_contains_pte)
            return GNTST_general_error;         /* as Xen for HVM */
        gfn = op->host_addr >> PAGE_SHIFT;
        if (arch_grant_map_hvm(ld, gfn, mfn, ro) != 0)
            return GNTST_general_error;
        //@ assert h_apart: \separated(m, frame_table + mfn);
        m->gfn = gfn;
        m->pte_maddr = 0;
        /*@ assert hvm_type: type_count(frame_table + mfn) ==
                             \at(type_count(frame_table + mfn), Pre); */
        return GNTST_okay;
    }
    /* The located address stays in a local across pv_install (only the
     * slot and the frame table change there), then goes to m. */
    st = pv_locate_pte(ld, op->host_addr, op->flags, &maddr) /*@ ghost (mfn) */;
    if (st != GNTST_okay) {
        /*@ assert loc_type: type_count(frame_table + mfn) ==
                             \at(type_count(frame_table + mfn), Pre); */
        return st;
    }
    /*@ assert located: frame_table[mfn].count_info == \at(frame_table[mfn].count_info, Pre) &&
        frame_table[mfn].type_info == \at(frame_table[mfn].type_info, Pre) &&
        (maddr >> 12) < frame_table_nr; */
    //@ assert slot_kept: \let x = maddr; *grant_pte(x) == \at(*grant_pte(x), Pre);
    st = pv_install(rd, maddr, mfn, ro);
    if (st != GNTST_okay) {
        /*@ assert i_fail: type_count(frame_table + mfn) ==
                           \at(type_count(frame_table + mfn), Pre); */
        return st;
    }
    /*@ assert i_type: \let x = maddr;
        type_count(frame_table + mfn) >= \at(type_count(frame_table + mfn), Pre) -
        ((ro != 0 && (\at(*grant_pte(x), Pre) & PTE_PRESENT) != 0 &&
          (\at(*grant_pte(x), Pre) & PTE_RW) != 0 &&
          grant_pte_mfn(\at(*grant_pte(x), Pre)) == mfn) ? 1 : 0); */
Inst: __attribute__((unused));
    /*@ assert installed: *grant_pte(maddr) == GRANT_L1E_VAL(mfn, ro) &&
        (ro != 0 ==> (*grant_pte(maddr) & PTE_RW) == 0); */
    //@ assert apart: \separated(grant_pte(maddr), &m->pte_maddr, &m->gfn);
    //@ assert apart_ft: \separated(m, frame_table + mfn);
    m->gfn = 0;
    m->pte_maddr = maddr;
    //@ assert pv_at: (m->pte_maddr >> 12) < frame_table_nr;
    //@ assert pv_entry: *grant_pte(m->pte_maddr) == GRANT_L1E_VAL(mfn, ro);
    //@ assert pv_ro: ro != 0 ==> (*grant_pte(m->pte_maddr) & PTE_RW) == 0;
    //@ assert pv_type: type_count(frame_table + mfn) == \at(type_count(frame_table + mfn), Inst);
    //@ assert pv_maddr: m->pte_maddr == maddr;
    return GNTST_okay;
}

/*@ // The active record a of a map of mfn being made: its pins within
    // their caps, the frame pinned (if any) is mfn, and mfn's counts cover
    // the pins and one more use (rw: 1 for a writable one).
    predicate grant_room(struct grant_active *a, integer mfn, integer rw) =
        grant_pins_ok(a) && (a->pin_ro + a->pin_rw != 0 ==> a->mfn == mfn) &&
        a->pin_ro + a->pin_rw + 1 <= gen_count(frame_table + mfn) &&
        a->pin_rw + rw <= type_count(frame_table + mfn);
*/

/* map_ref's decode: may ld use (rd, ref) now (grant_check), and the use's
 * references on the frame (grant_get_refs).  On a failure the active
 * record keeps grant_act_ok (nothing of it, nor of its frame, changed). */
/*@ requires frames_counts_ok && \valid(rd) && \valid_read(ld);
    requires rd->grant_table == \null || grant_table_ok(rd->grant_table);
    requires \separated(rd, frame_table + (0 .. frame_table_nr - 1));
    requires \valid(mfn) && \separated(mfn, rd, frame_table + (0 .. frame_table_nr - 1));
    requires rec: grant_ref_ok(rd->grant_table, ref) ==>
        \separated(rd->grant_table, frame_table + (0 .. frame_table_nr - 1)) &&
        grant_act_ok(grant_act(rd->grant_table, ref)) &&
        \separated(grant_act(rd->grant_table, ref),
                   frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(mfn, rd->grant_table, grant_act(rd->grant_table, ref));
    assigns *mfn, frame_table[0 .. frame_table_nr - 1];
    ensures failed: \result != GNTST_okay && \old(grant_ref_ok(rd->grant_table, ref)) ==>
        grant_act_ok(\old(grant_act(rd->grant_table, ref)));
    ensures got: \result == GNTST_okay ==>
        \old(grant_ref_ok(rd->grant_table, ref)) && *mfn < frame_table_nr &&
        page_counts_ok(frame_table + *mfn);
    ensures room: \result == GNTST_okay ==>
        grant_room(\old(grant_act(rd->grant_table, ref)), *mfn, ro ? 0 : 1) &&
        (ro ? \old(grant_act(rd->grant_table, ref))->pin_ro
            : \old(grant_act(rd->grant_table, ref))->pin_rw) < GNTTAB_PIN_MAX;
    ensures grew: \result == GNTST_okay ==> \let x = *mfn;
        gen_count(frame_table + x) == \old(gen_count(frame_table + x)) + 1 &&
        type_count(frame_table + x) == \old(type_count(frame_table + x)) + (ro ? 0 : 1);
*/
static int16_t
map_acquire(struct domain *ld, struct domain *rd, grant_ref_t ref, bool ro, mfn_t *mfn)
{
    mfn_t got;                          /* *mfn is written once, on success */
    int16_t st = grant_check(rd, ref, ld, ro, &got);

    if (st != GNTST_okay) {
        /*@ assert f0: \at(grant_ref_ok(rd->grant_table, ref), Pre) ==>
            \let a = \at(grant_act(rd->grant_table, ref), Pre);
            a->pin_ro == \at(a->pin_ro, Pre) && a->pin_rw == \at(a->pin_rw, Pre) &&
            a->mfn == \at(a->mfn, Pre); */
        return st;
    }
    //@ assert ok0: \at(grant_ref_ok(rd->grant_table, ref), Pre);
    /*@ assert chk: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        grant_act_ok(a) && got < frame_table_nr &&
        (a->pin_ro + a->pin_rw != 0 ==> a->mfn == got); */
    /*@ assert rec0: \separated(\at(grant_act(rd->grant_table, ref), Pre),
                                frame_table + (0 .. frame_table_nr - 1)); */
    //@ assert sep0: \separated(\at(grant_act(rd->grant_table, ref), Pre), frame_table + got);
    //@ assert m_sep1: \separated(mfn, frame_table + got);
    //@ assert m_sep2: \separated(mfn, \at(grant_act(rd->grant_table, ref), Pre));
    /*@ assert c_u64: xl_u64(frame_table[got].count_info) &&
        xl_u64(frame_table[got].type_info); */
    //@ assert c_pos: 0 <= gen_count(frame_table + got) && 0 <= type_count(frame_table + got);
    //@ assert pre_get: page_ok(frame_table + got) && page_counts_ok(frame_table + got);
Chk: __attribute__((unused));
    st = grant_get_refs(mfn_to_page(got), rd, ro);
    /*@ assert a1: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        a->pin_ro == \at(a->pin_ro, Chk) && a->pin_rw == \at(a->pin_rw, Chk) &&
        a->mfn == \at(a->mfn, Chk); */
    /*@ assert n1: st == GNTST_okay ==>
        gen_count(frame_table + got) == \at(gen_count(frame_table + got), Chk) + 1 &&
        type_count(frame_table + got) ==
            \at(type_count(frame_table + got), Chk) + (ro ? 0 : 1); */
    if (st != GNTST_okay) {
        /*@ assert f1: \let a = \at(grant_act(rd->grant_table, ref), Pre);
            a->pin_ro + a->pin_rw != 0 ==>
            gen_count(frame_table + got) == \at(gen_count(frame_table + got), Chk) &&
            type_count(frame_table + got) == \at(type_count(frame_table + got), Chk); */
        return st;
    }
    /*@ assert s_grew: \let x = got;
        gen_count(frame_table + x) == \at(gen_count(frame_table + x), Pre) + 1 &&
        type_count(frame_table + x) == \at(type_count(frame_table + x), Pre) + (ro ? 0 : 1); */
    //@ assert s_got: got < frame_table_nr && page_counts_ok(frame_table + got);
    /*@ assert s_room: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        grant_room(a, got, ro ? 0 : 1) && (ro ? a->pin_ro : a->pin_rw) < GNTTAB_PIN_MAX; */
    *mfn = got;
    //@ assert m_got: *mfn == got && got < frame_table_nr && page_counts_ok(frame_table + got);
    /*@ assert m_room: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        grant_room(a, got, ro ? 0 : 1) && (ro ? a->pin_ro : a->pin_rw) < GNTTAB_PIN_MAX; */
    /*@ assert m_grew: \let x = got;
        gen_count(frame_table + x) == \at(gen_count(frame_table + x), Pre) + 1 &&
        type_count(frame_table + x) == \at(type_count(frame_table + x), Pre) + (ro ? 0 : 1); */
    return GNTST_okay;
}

/* map_ref's host side: GNTMAP_host_map through map_host, whose failure
 * drops the use's references again; without it, no host entry (gfn and
 * pte_maddr 0, as the entry's zeros were).  The active record of the
 * grant (rd, ref) keeps grant_room, or grant_act_ok on a failure. */
/*@ requires frame_table_ok && \valid_read(op) && \valid(mt) && \valid_read(ld) &&
             \valid_read(rd);
    requires grant_ref_ok(rd->grant_table, ref);
    requires mfn < frame_table_nr && page_counts_ok(frame_table + mfn);
    requires \separated(mt, op, frame_table + (0 .. frame_table_nr - 1));
    requires slots_apart: \forall integer x; \separated(grant_pte(x), mt, op,
                                 frame_table + (0 .. frame_table_nr - 1));
    requires rec: \separated(grant_act(rd->grant_table, ref), mt, op,
                             frame_table + (0 .. frame_table_nr - 1)) &&
        \forall integer x; \separated(grant_pte(x), grant_act(rd->grant_table, ref));
    requires room: grant_room(grant_act(rd->grant_table, ref), mfn,
                              (op->flags & GNTMAP_readonly) != 0 ? 0 : 1);
    requires own: grant_l1_refs_own(grant_act(rd->grant_table, ref));
    assigns mt->gfn, mt->pte_maddr, grant_p2m_state, { *grant_pte(x) | integer x; 0 <= x },
            frame_table[0 .. frame_table_nr - 1];
    ensures room: \result == GNTST_okay ==>
        grant_room(\old(grant_act(rd->grant_table, ref)), mfn,
                   (op->flags & GNTMAP_readonly) != 0 ? 0 : 1);
    ensures failed: \result != GNTST_okay ==>
        grant_act_ok(\old(grant_act(rd->grant_table, ref)));
    ensures kept: \let a = \old(grant_act(rd->grant_table, ref));
        a->pin_ro == \old(a->pin_ro) && a->pin_rw == \old(a->pin_rw) &&
        a->mfn == \old(a->mfn);
    ensures pv: \result == GNTST_okay && (op->flags & GNTMAP_host_map) != 0 &&
        !grant_translated(ld) ==>
        (mt->pte_maddr >> 12) < frame_table_nr &&
        *grant_pte(mt->pte_maddr) == GRANT_L1E_VAL(mfn, op->flags & GNTMAP_readonly) &&
        ((op->flags & GNTMAP_readonly) != 0 ==> (*grant_pte(mt->pte_maddr) & PTE_RW) == 0);
    ensures hvm: \result == GNTST_okay && (op->flags & GNTMAP_host_map) != 0 &&
        grant_translated(ld) ==>
        grant_p2m_mfn(grant_p2m_state, ld, mt->gfn) == mfn &&
        (grant_p2m_rw(grant_p2m_state, ld, mt->gfn) ==> (op->flags & GNTMAP_readonly) == 0);
*/
static int16_t
map_ref_host(struct domain *ld, struct domain *rd, const struct gnttab_map_grant_ref *op,
             grant_ref_t ref, mfn_t mfn, struct grant_maptrack *mt)
{
    const bool ro = (op->flags & GNTMAP_readonly) != 0;
    int16_t st;

    (void)ref;                          /* named by the contract only */
    if (!(op->flags & GNTMAP_host_map)) {
        //@ assert n_sep: \separated(mt, frame_table + mfn);
        mt->gfn = 0;
        mt->pte_maddr = 0;
        /*@ assert n_kept: frame_table[mfn].count_info == \at(frame_table[mfn].count_info, Pre) &&
            frame_table[mfn].type_info == \at(frame_table[mfn].type_info, Pre); */
        /*@ assert n_a: \let a = \at(grant_act(rd->grant_table, ref), Pre);
            a->pin_ro == \at(a->pin_ro, Pre) && a->pin_rw == \at(a->pin_rw, Pre) &&
            a->mfn == \at(a->mfn, Pre); */
        //@ assert n_room: grant_room(\at(grant_act(rd->grant_table, ref), Pre), mfn, ro ? 0 : 1);
        return GNTST_okay;
    }
    /*@ assert a_sep: \let a = grant_act(rd->grant_table, ref);
        \separated(&a->pin_ro, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(&a->pin_rw, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(&a->mfn, frame_table + (0 .. frame_table_nr - 1)); */
    /*@ assert a_slots: \let a = grant_act(rd->grant_table, ref);
        \forall integer x; \separated(grant_pte(x), &a->pin_ro) &&
        \separated(grant_pte(x), &a->pin_rw) && \separated(grant_pte(x), &a->mfn); */
    st = map_host(ld, rd, op, mfn, mt);
    /*@ assert a_kept: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        a->pin_ro == \at(a->pin_ro, Pre) && a->pin_rw == \at(a->pin_rw, Pre) &&
        a->mfn == \at(a->mfn, Pre); */
    if (st != GNTST_okay) {
        /*@ assert h_fail: gen_count(frame_table + mfn) == \at(gen_count(frame_table + mfn), Pre) &&
            type_count(frame_table + mfn) == \at(type_count(frame_table + mfn), Pre); */
        grant_put_refs(mfn_to_page(mfn), ro);
        /*@ assert put: \let a = \at(grant_act(rd->grant_table, ref), Pre);
            a->pin_ro == \at(a->pin_ro, Pre) && a->pin_rw == \at(a->pin_rw, Pre) &&
            a->mfn == \at(a->mfn, Pre); */
        //@ assert p_gen: gen_count(frame_table + mfn) == \at(gen_count(frame_table + mfn), Pre) - 1;
        /*@ assert p_type: \at(gen_count(frame_table + mfn), Pre) >= 2 ==>
            type_count(frame_table + mfn) == \at(type_count(frame_table + mfn), Pre) - (ro ? 0 : 1); */
        /*@ assert p_parts: \let a = \at(grant_act(rd->grant_table, ref), Pre);
            a->pin_ro + a->pin_rw != 0 ==>
            a->mfn == mfn && a->pin_ro + a->pin_rw <= gen_count(frame_table + mfn) &&
            a->pin_rw <= type_count(frame_table + mfn); */
        //@ assert p_pins: grant_pins_ok(\at(grant_act(rd->grant_table, ref), Pre));
        return st;
    }
    /*@ assert own_at: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        \let x = mt->pte_maddr;
        ro && !grant_translated(ld) && a->pin_ro + a->pin_rw != 0 &&
        (\at(*grant_pte(x), Pre) & PTE_PRESENT) != 0 &&
        (\at(*grant_pte(x), Pre) & PTE_RW) != 0 &&
        grant_pte_mfn(\at(*grant_pte(x), Pre)) == mfn ==>
            \at(type_count(frame_table + mfn), Pre) >= a->pin_rw + 1; */
    //@ assert tc_u64: xl_u64(frame_table[mfn].type_info);
    //@ assert tc_mod: type_count(frame_table + mfn) == frame_table[mfn].type_info % 0x1000000000000;
    //@ assert tc_pos: 0 <= type_count(frame_table + mfn);
    //@ assert r_gen: gen_count(frame_table + mfn) >= \at(gen_count(frame_table + mfn), Pre);
    /*@ assert r_type: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        a->pin_rw + (ro ? 0 : 1) <= type_count(frame_table + mfn); */
    //@ assert r_room: grant_room(\at(grant_act(rd->grant_table, ref), Pre), mfn, ro ? 0 : 1);
    return st;
}

/* map_commit's stores: the maptrack entry mt (handle h of lgt, ld's
 * table) gets its fields but the host ones, lgt one more handle in use,
 * the element its results. */
/*@ requires \valid(op) && \valid(lgt) && \valid(mt) && \separated(op, lgt, mt);
    assigns mt->flags, mt->rd, mt->ref, mt->mfn, lgt->maptrack_used,
            op->status, op->handle, op->dev_bus_addr;
    ensures mapped: mt->rd == rd && mt->ref == ref && mt->mfn == mfn &&
        ((mt->flags & GNTMAP_readonly) != 0 <==> (flags & GNTMAP_readonly) != 0);
    ensures status: op->status == GNTST_okay;
*/
static void
map_fill(struct gnttab_map_grant_ref *op, struct grant_table *lgt,
         struct grant_maptrack *mt, grant_handle_t h, struct domain *rd,
         grant_ref_t ref, uint32_t flags, mfn_t mfn)
{
    const uint32_t kinds = GNTMAP_host_map | GNTMAP_device_map;
    const uint32_t mflags = flags & (kinds | GNTMAP_readonly | GNTMAP_contains_pte);

    //@ assert ro_flag: (mflags & GNTMAP_readonly) != 0 <==> (flags & GNTMAP_readonly) != 0;
    mt->flags = mflags;
    mt->rd = rd;
    mt->ref = ref;
    mt->mfn = mfn;
    lgt->maptrack_used++;
    op->handle = h;
    op->dev_bus_addr = (flags & GNTMAP_device_map) ? mfn << PAGE_SHIFT : 0;
    op->status = GNTST_okay;
    //@ assert s_f: mt->flags == mflags && mt->rd == rd && mt->ref == ref && mt->mfn == mfn;
}

/* map_ref's commit, once the frame has the use's references and the host
 * side is in place: the record's pin, then the stores (map_fill).
 * Cannot fail.  act is the record of (rd, ref), as the caller read it
 * before its host side (unused here: it names the record the contract
 * writes, so the caller reads the result through the same pointer). */
/*@ requires frame_table_ok && \valid(op) && \valid(rd) && \valid_read(ld) &&
             \valid(lgt) && \valid(mt) && mfn < frame_table_nr;
    requires grant_ref_ok(rd->grant_table, ref);
    requires act_at: act == grant_act(rd->grant_table, ref);
    requires sep: \separated(op, ld, lgt, mt, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(rd, op, lgt, mt) && \separated(rd->grant_table, op, mt) &&
        (rd->grant_table == lgt || \separated(rd->grant_table, lgt));
    requires rec: \separated(grant_act(rd->grant_table, ref), op, lgt, mt,
                             frame_table + (0 .. frame_table_nr - 1));
    requires slot_apart: \separated(grant_pte(mt->pte_maddr), grant_act(rd->grant_table, ref),
                                    op, mt);
    requires room: \let a = grant_act(rd->grant_table, ref);
        grant_room(a, mfn, (flags & GNTMAP_readonly) != 0 ? 0 : 1) &&
        ((flags & GNTMAP_readonly) != 0 ? a->pin_ro : a->pin_rw) < GNTTAB_PIN_MAX;
    assigns *act, grant_shared(rd->grant_table, ref)->flags,
            mt->flags, mt->rd, mt->ref, mt->mfn,
            lgt->maptrack_used, op->status, op->handle, op->dev_bus_addr;
    ensures inv: grant_act_ok(\old(grant_act(rd->grant_table, ref)));
    ensures act_mfn: \old(grant_act(rd->grant_table, ref))->mfn == mfn;
    ensures mapped: mt->rd == rd && mt->ref == ref && mt->mfn == mfn &&
        ((mt->flags & GNTMAP_readonly) != 0 <==> (flags & GNTMAP_readonly) != 0);
    ensures status: op->status == GNTST_okay;
    ensures ptrs: ld->grant_table == \old(ld->grant_table) && lgt->maptrack == \old(lgt->maptrack);
    ensures host_kept: mt->pte_maddr == \old(mt->pte_maddr) && mt->gfn == \old(mt->gfn) &&
        *grant_pte(mt->pte_maddr) == \old(*grant_pte(mt->pte_maddr));
*/
static void
map_commit(struct domain *ld, struct domain *rd, struct gnttab_map_grant_ref *op,
           struct grant_table *lgt, struct grant_maptrack *mt, grant_handle_t h,
           grant_ref_t ref, uint32_t flags, mfn_t mfn, struct grant_active *act)
{
    const bool ro = (flags & GNTMAP_readonly) != 0;

    (void)act;                          /* named by the contract only */

    //@ assert p_sep: \separated(grant_act(rd->grant_table, ref), mt, frame_table + mfn);
    grant_pin(rd, ref, ld, ro, mfn);
    /*@ assert p_pins: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        a->pin_ro == \at(a->pin_ro, Pre) + (ro ? 1 : 0) &&
        a->pin_rw == \at(a->pin_rw, Pre) + (ro ? 0 : 1) && a->mfn == mfn; */
    /*@ assert p_counts: frame_table[mfn].count_info == \at(frame_table[mfn].count_info, Pre) &&
        frame_table[mfn].type_info == \at(frame_table[mfn].type_info, Pre); */
    //@ assert p_pm: mt->pte_maddr == \at(mt->pte_maddr, Pre);
    //@ assert p_gfn: mt->gfn == \at(mt->gfn, Pre);
    //@ assert p_sl: *grant_pte(mt->pte_maddr) == \at(*grant_pte(mt->pte_maddr), Pre);
    //@ assert p_ld: ld->grant_table == \at(ld->grant_table, Pre) && lgt->maptrack == \at(lgt->maptrack, Pre);
    /*@ assert p_parts: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        grant_pins_ok(a) && a->pin_ro + a->pin_rw <= gen_count(frame_table + mfn) &&
        a->pin_rw <= type_count(frame_table + mfn); */
    //@ assert f_sep: \separated(\at(grant_act(rd->grant_table, ref), Pre), op, lgt, mt);
    /*@ assert f_sepm: \let a = \at(grant_act(rd->grant_table, ref), Pre);
        \separated(&a->mfn, &mt->mfn) && \separated(&a->mfn, &op->dev_bus_addr); */
Fill: __attribute__((unused));
    map_fill(op, lgt, mt, h, rd, ref, flags, mfn);
    //@ assert f_ro: \let a = \at(grant_act(rd->grant_table, ref), Pre); a->pin_ro == \at(a->pin_ro, Fill);
    //@ assert f_rw: \let a = \at(grant_act(rd->grant_table, ref), Pre); a->pin_rw == \at(a->pin_rw, Fill);
    //@ assert f_mfn: \let a = \at(grant_act(rd->grant_table, ref), Pre); a->mfn == \at(a->mfn, Fill);
    /*@ assert f_counts: frame_table[mfn].count_info == \at(frame_table[mfn].count_info, Fill) &&
        frame_table[mfn].type_info == \at(frame_table[mfn].type_info, Fill); */
    //@ assert f_pm: mt->pte_maddr == \at(mt->pte_maddr, Fill) && mt->gfn == \at(mt->gfn, Fill);
    //@ assert f_sl: *grant_pte(mt->pte_maddr) == \at(*grant_pte(mt->pte_maddr), Fill);
    //@ assert f_ld: ld->grant_table == \at(ld->grant_table, Fill) && lgt->maptrack == \at(lgt->maptrack, Fill);
}

/*@ // map_ref_tail's and map_ref's separations (session 8: one predicate,
    // was four requires in each): the element op, ld, its table, its
    // maptrack entry h, rd, and every L1 slot a host map may write, apart
    // from each other and from the frame table (ld == rd is allowed).
    predicate map_sep(struct domain *ld, struct domain *rd,
                      struct gnttab_map_grant_ref *op, integer h) =
        \separated(op, ld, ld->grant_table, ld->grant_table->maptrack + h,
                   frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(rd, op, ld->grant_table, ld->grant_table->maptrack + h,
                   frame_table + (0 .. frame_table_nr - 1)) &&
        \forall integer a; \separated(grant_pte(a), op, ld->grant_table,
                   ld->grant_table->maptrack + h,
                   frame_table + (0 .. frame_table_nr - 1));
    // The granter's table (the same as ld's or apart) and the record of
    // (rd, ref) apart from the same, and the record from every L1 slot.
    predicate map_rec_apart(struct domain *ld, struct domain *rd,
                            struct gnttab_map_grant_ref *op, integer h, integer ref) =
        (rd->grant_table == ld->grant_table ||
         \separated(rd->grant_table, ld->grant_table)) &&
        \separated(rd->grant_table, op, ld->grant_table->maptrack + h,
                   frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(grant_act(rd->grant_table, ref), op, ld->grant_table,
                   ld->grant_table->maptrack + h,
                   frame_table + (0 .. frame_table_nr - 1)) &&
        \forall integer a; \separated(grant_pte(a), grant_act(rd->grant_table, ref));
    // A committed map of handle h with flags: a PV host map's L1 slot
    // holds exactly GRANT_L1E_VAL (RW clear when read-only) ...
    predicate map_ro_pv(struct domain *ld, integer h, integer flags) =
        (flags & GNTMAP_host_map) != 0 && !grant_translated(ld) ==>
        \let mt = ld->grant_table->maptrack + h;
        *grant_pte(mt->pte_maddr) == GRANT_L1E_VAL(mt->mfn, flags & GNTMAP_readonly) &&
        grant_ro_never_writable(mt, *grant_pte(mt->pte_maddr));
    // ... and an HVM one's p2m maps the gfn to the frame, writable only
    // for a writable map.
    predicate map_ro_hvm(struct domain *ld, integer h, integer flags) =
        (flags & GNTMAP_host_map) != 0 && grant_translated(ld) ==>
        \let mt = ld->grant_table->maptrack + h;
        grant_p2m_mfn(grant_p2m_state, ld, mt->gfn) == mt->mfn &&
        (grant_p2m_rw(grant_p2m_state, ld, mt->gfn) ==>
            (mt->flags & GNTMAP_readonly) == 0);
*/

/* map_ref once the frame has the use's references: the host side, then
 * the commit (map_ref_host, map_commit).  The record keeps its invariant. */
/*@ requires frame_table_ok && \valid(op) && \valid(ld) && \valid(rd);
    requires \valid(ld->grant_table) && h < GNTTAB_MAPTRACK_MAX &&
             \valid(ld->grant_table->maptrack + h);
    requires op->ref == ref && op->flags == flags;
    requires grant_ref_ok(rd->grant_table, ref);
    requires mfn < frame_table_nr && page_counts_ok(frame_table + mfn);
    requires sep: map_sep(ld, rd, op, h);
    requires rec: map_rec_apart(ld, rd, op, h, ref);
    requires room: \let a = grant_act(rd->grant_table, ref);
        grant_room(a, mfn, (flags & GNTMAP_readonly) != 0 ? 0 : 1) &&
        ((flags & GNTMAP_readonly) != 0 ? a->pin_ro : a->pin_rw) < GNTTAB_PIN_MAX;
    requires own: grant_l1_refs_own(grant_act(rd->grant_table, ref));
    assigns op->status, op->handle, op->dev_bus_addr,
            ld->grant_table->maptrack[h], ld->grant_table->maptrack_used,
            *grant_act(rd->grant_table, ref),
            grant_shared(rd->grant_table, ref)->flags,
            frame_table[0 .. frame_table_nr - 1], grant_p2m_state,
            { *grant_pte(a) | integer a; 0 <= a };
    ensures inv: grant_act_ok(\old(grant_act(rd->grant_table, ref)));
    ensures mapped: op->status == GNTST_okay ==>
        ld->grant_table->maptrack[h].rd == rd &&
        ld->grant_table->maptrack[h].ref == ref &&
        ld->grant_table->maptrack[h].mfn == \old(grant_act(rd->grant_table, ref))->mfn &&
        ((ld->grant_table->maptrack[h].flags & GNTMAP_readonly) != 0 <==>
            (flags & GNTMAP_readonly) != 0);
    ensures ro_pv: op->status == GNTST_okay ==> map_ro_pv(ld, h, flags);
    ensures ro_hvm: op->status == GNTST_okay ==> map_ro_hvm(ld, h, flags);
*/
static void
map_ref_tail(struct domain *ld, struct domain *rd, struct gnttab_map_grant_ref *op,
             grant_handle_t h, grant_ref_t ref, uint32_t flags, mfn_t mfn)
{
    struct grant_table *lgt = ld->grant_table;
    struct grant_maptrack *mt = &lgt->maptrack[h];
    /* The record at entry: map_commit's contract names it (its fields
     * after the commit are then read through the same pointer). */
    struct grant_active *act = active_entry(rd->grant_table, ref);
    int16_t st = map_ref_host(ld, rd, op, ref, mfn, mt);

    if (st != GNTST_okay) {
        op->status = st;
        return;
    }
    //@ assert h_gt: rd->grant_table == \at(rd->grant_table, Pre) && ld->grant_table == \at(ld->grant_table, Pre);
    //@ assert h_mt: ld->grant_table->maptrack == \at(ld->grant_table->maptrack, Pre);
    /*@ assert h_tab: \forall integer i; 0 <= i < GNTTAB_MAX_FRAMES ==>
        rd->grant_table->active[i] == \at(rd->grant_table->active[i], Pre); */
    //@ assert h_nr: rd->grant_table->nr_frames == \at(rd->grant_table->nr_frames, Pre);
    //@ assert h_ok: grant_ref_ok(rd->grant_table, ref);
    //@ assert h_ptr: grant_act(rd->grant_table, ref) == act;
    //@ assert h_flags: op->flags == flags && op->ref == ref;
    //@ assert h_room: grant_room(act, mfn, (flags & GNTMAP_readonly) != 0 ? 0 : 1);
    //@ assert h_pin: ((flags & GNTMAP_readonly) != 0 ? act->pin_ro : act->pin_rw) < GNTTAB_PIN_MAX;
    //@ assert h_sl: \separated(grant_pte(mt->pte_maddr), act, op, mt);
Com: __attribute__((unused));
    map_commit(ld, rd, op, lgt, mt, h, ref, flags, mfn, act);  /* cannot fail */
    //@ assert c_gt: ld->grant_table == lgt && lgt->maptrack == \at(ld->grant_table->maptrack, Pre);
    //@ assert c_mt: mt == ld->grant_table->maptrack + h;
    /* act->mfn: with map_commit's `*act`, the record read through the
     * pointer at entry (session 7's open link, c_x, now Qed). */
    //@ assert c_x: mt->mfn == act->mfn && act->mfn == mfn;
}

/* map_one once rd is known and handle h of ld is free: decode (check,
 * references, host side), then commit.  The active record of (rd, ref)
 * keeps its invariant; a host map is never writable for a read-only map. */
/*@ requires frames_counts_ok && \valid(op) && \valid(ld) && \valid(rd);
    requires rd->grant_table == \null || grant_table_ok(rd->grant_table);
    requires \valid(ld->grant_table) && h < GNTTAB_MAPTRACK_MAX &&
             \valid(ld->grant_table->maptrack + h);
    // (ld == rd is allowed: a domain may map its own grant)
    requires sep: map_sep(ld, rd, op, h);
    requires rec: grant_ref_ok(rd->grant_table, op->ref) ==>
        map_rec_apart(ld, rd, op, h, op->ref) &&
        grant_act_ok(grant_act(rd->grant_table, op->ref)) &&
        grant_l1_refs_own(grant_act(rd->grant_table, op->ref));
    assigns op->status, op->handle, op->dev_bus_addr,
            ld->grant_table->maptrack[h], ld->grant_table->maptrack_used,
            { *grant_act(rd->grant_table, op->ref) |
              integer k; k == 0 && grant_ref_ok(rd->grant_table, op->ref) },
            grant_shared(rd->grant_table, op->ref)->flags,
            frame_table[0 .. frame_table_nr - 1], grant_p2m_state,
            { *grant_pte(a) | integer a; 0 <= a };
    ensures inv: \old(grant_ref_ok(rd->grant_table, op->ref)) ==>
        grant_act_ok(\at(grant_act(rd->grant_table, op->ref), Pre));
    ensures mapped: op->status == GNTST_okay ==>
        \old(grant_ref_ok(rd->grant_table, op->ref)) &&
        ld->grant_table->maptrack[h].rd == rd &&
        ld->grant_table->maptrack[h].ref == \old(op->ref) &&
        ld->grant_table->maptrack[h].mfn ==
            \at(grant_act(rd->grant_table, op->ref), Pre)->mfn &&
        ((ld->grant_table->maptrack[h].flags & GNTMAP_readonly) != 0 <==>
            (\old(op->flags) & GNTMAP_readonly) != 0);
    ensures ro_pv: op->status == GNTST_okay ==> map_ro_pv(ld, h, \old(op->flags));
    ensures ro_hvm: op->status == GNTST_okay ==> map_ro_hvm(ld, h, \old(op->flags));
*/

static void
map_ref(struct domain *ld, struct domain *rd, struct gnttab_map_grant_ref *op,
        grant_handle_t h)
{
    const uint32_t flags = op->flags;
    const grant_ref_t ref = op->ref;
    mfn_t mfn;
    int16_t st;

    /*@ assert r_sep: grant_ref_ok(rd->grant_table, ref) ==>
        \separated(&mfn, rd->grant_table) &&
        \separated(&mfn, grant_act(rd->grant_table, ref)); */
    st = map_acquire(ld, rd, ref, (flags & GNTMAP_readonly) != 0, &mfn);

    if (st != GNTST_okay) {
        op->status = st;
        return;
    }
    //@ assert a_gt: rd->grant_table == \at(rd->grant_table, Pre) && ld->grant_table == \at(ld->grant_table, Pre);
    /*@ assert a_tab: \forall integer i; 0 <= i < GNTTAB_MAX_FRAMES ==>
        rd->grant_table->active[i] == \at(rd->grant_table->active[i], Pre); */
    //@ assert a_nr: rd->grant_table->nr_frames == \at(rd->grant_table->nr_frames, Pre);
    //@ assert a_mt: ld->grant_table->maptrack == \at(ld->grant_table->maptrack, Pre);
    //@ assert a_ok: grant_ref_ok(rd->grant_table, ref);
    //@ assert a_flags: op->flags == flags && op->ref == ref;
    //@ assert a_ptr: grant_act(rd->grant_table, ref) == \at(grant_act(rd->grant_table, op->ref), Pre);
    //@ assert a_slots: \forall integer x; *grant_pte(x) == \at(*grant_pte(x), Pre);
    /*@ assert a_f: \let a = \at(grant_act(rd->grant_table, op->ref), Pre);
        a->pin_ro == \at(a->pin_ro, Pre) && a->pin_rw == \at(a->pin_rw, Pre) &&
        a->mfn == \at(a->mfn, Pre); */
    /*@ assert a_n: \let a = \at(grant_act(rd->grant_table, op->ref), Pre);
        a->pin_ro + a->pin_rw != 0 ==>
        gen_count(frame_table + a->mfn) >= \at(gen_count(frame_table + a->mfn), Pre) &&
        type_count(frame_table + a->mfn) >= \at(type_count(frame_table + a->mfn), Pre); */
    //@ assert a_own: grant_l1_refs_own(grant_act(rd->grant_table, ref));
    map_ref_tail(ld, rd, op, h, ref, flags, mfn);
}

/*@ // The record a map element names: its granter's table has the ref.
    predicate map_rec_in{L}(struct gnttab_map_grant_ref *op) =
        gnt_lookup(op->dom) != \null &&
        grant_ref_ok(gnt_lookup(op->dom)->grant_table, op->ref);
    // The granter's table as map_ref will see it (ld's, made by
    // maptrack_alloc, when ld maps its own grant without a table yet).
    logic struct grant_table *map_rgt{L}(struct domain *ld,
                                        struct gnttab_map_grant_ref *op) =
        gnt_lookup(op->dom) == ld ? map_lgt(ld) : gnt_lookup(op->dom)->grant_table;
    // ld's side: op, ld, its table and maptrack (found or to be made:
    // map_lgt, map_lmt) apart from each other, the frame table and every
    // L1 slot (map_sep for every handle).
    predicate map_ld_apart(struct domain *ld, struct gnttab_map_grant_ref *op) =
        \separated(op, ld, map_lgt(ld), map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                   frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(ld, map_lgt(ld), map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                   frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(map_lgt(ld), map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                   frame_table + (0 .. frame_table_nr - 1)) &&
        \forall integer a; \separated(grant_pte(a), op, ld, map_lgt(ld),
                   map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                   frame_table + (0 .. frame_table_nr - 1));
    // The granter rd: ld itself or apart from it, valid, apart from op,
    // ld's table and maptrack and the frame table; its table (if any)
    // grant_table_ok, the same as ld's or apart, apart from the same; the
    // record of ref (if in range) grant_act_ok, grant_l1_refs_own, apart
    // from the same and from every L1 slot (map_rec_apart for every handle).
    predicate map_rd_ok(struct domain *ld, struct domain *rd,
                        struct gnttab_map_grant_ref *op) =
        \valid(rd) && (rd == ld || \separated(rd, ld)) &&
        \separated(rd, op, map_lgt(ld), map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                   frame_table + (0 .. frame_table_nr - 1)) &&
        (rd->grant_table == \null ||
         (grant_table_ok(rd->grant_table) &&
          (rd->grant_table == map_lgt(ld) || \separated(rd->grant_table, map_lgt(ld))) &&
          \separated(rd->grant_table, op, ld,
                     map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                     frame_table + (0 .. frame_table_nr - 1)))) &&
        (grant_ref_ok(rd->grant_table, op->ref) ==>
            grant_act_ok(grant_act(rd->grant_table, op->ref)) &&
            grant_l1_refs_own(grant_act(rd->grant_table, op->ref)) &&
            \separated(grant_act(rd->grant_table, op->ref), op, ld, map_lgt(ld),
                       map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                       frame_table + (0 .. frame_table_nr - 1)) &&
            \forall integer a; \separated(grant_pte(a), grant_act(rd->grant_table, op->ref)));
    // What map_one needs of the world (to be established by the
    // dispatcher from a world predicate over every domain, as gnt_world):
    // the frame counts, `current`, ld and its table, the granter op->dom
    // names (none, or map_rd_ok), the separations above.
    predicate map_world(struct domain *ld, struct gnttab_map_grant_ref *op) =
        frames_counts_ok && \valid(op) && map_ld_valid(ld) &&
        (current == \null || \valid_read(current)) &&
        map_ld_apart(ld, op) &&
        (gnt_lookup(op->dom) == \null || map_rd_ok(ld, gnt_lookup(op->dom), op));
*/


/* GNTTABOP_map_grant_ref, one element: the kinds, the granter (a live
 * domain), a free handle of ld, then map_ref.  The record of (rd, ref)
 * keeps its invariant; a committed map's host side is never writable for
 * a read-only map.  ld's table and maptrack may be made (maptrack_alloc)
 * even when the element then fails. */
/*@ requires world: map_world(ld, op);
    requires disp: gnt_disp_world(ld);
    assigns op->status, op->handle, op->dev_bus_addr,
            ld->grant_table, ld->xenmem_bytes,
            { ld->grant_table->maptrack | integer k; k == 0 && ld->grant_table != \null },
            map_lmt(ld)[0 .. GNTTAB_MAPTRACK_MAX - 1], map_lgt(ld)->maptrack_used,
            { *grant_act(gnt_lookup(op->dom)->grant_table, op->ref) |
              integer k; k == 0 && map_rec_in(op) },
            grant_shared(map_rgt(ld, op), op->ref)->flags,
            frame_table[0 .. frame_table_nr - 1], grant_p2m_state,
            { *grant_pte(a) | integer a; 0 <= a };
    ensures inv: \old(map_rec_in(op)) ==>
        grant_act_ok(\at(grant_act(gnt_lookup(op->dom)->grant_table, op->ref), Pre));
    ensures mapped: op->status == GNTST_okay ==>
        \old(map_rec_in(op)) && ld->grant_table == \old(map_lgt(ld)) &&
        ld->grant_table->maptrack == \old(map_lmt(ld)) &&
        \exists integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
            ld->grant_table->maptrack[h].rd == \old(gnt_lookup(op->dom)) &&
            ld->grant_table->maptrack[h].ref == \old(op->ref) &&
            ld->grant_table->maptrack[h].mfn ==
                \at(grant_act(gnt_lookup(op->dom)->grant_table, op->ref), Pre)->mfn &&
            ((ld->grant_table->maptrack[h].flags & GNTMAP_readonly) != 0 <==>
                (\old(op->flags) & GNTMAP_readonly) != 0) &&
            map_ro_pv(ld, h, \old(op->flags)) && map_ro_hvm(ld, h, \old(op->flags));
    ensures disp_kept: gnt_disp_world(ld);
*/
static void
map_one(struct domain *ld, struct gnttab_map_grant_ref *op)
{
    const uint32_t kinds = GNTMAP_host_map | GNTMAP_device_map;
    struct domain *rd;
    int h;

    if ((op->flags & kinds) == 0) {
        op->status = GNTST_bad_gntref;          /* as Xen: no kind of map */
        return;
    }
    rd = grant_domain(op->dom);
    if (rd == NULL) {
        op->status = GNTST_bad_domain;
        return;
    }
    //@ assert o_rd: rd == gnt_lookup(op->dom) && map_rd_ok(ld, rd, op);
    h = maptrack_alloc(ld);
    if (h < 0) {
        /*@ assert o_kept: \at(map_rec_in(op), Pre) ==>
            grant_act_ok(\at(grant_act(gnt_lookup(op->dom)->grant_table, op->ref), Pre)); */
        op->status = GNTST_no_space;    /* as Xen: no handle, full or no memory */
        return;
    }
    /* What maptrack_alloc kept: op, rd's table (ld's new one only when rd
     * is ld and had none: no frames, so no record) and the record. */
    //@ assert o_op: op->ref == \at(op->ref, Pre) && op->flags == \at(op->flags, Pre) && op->dom == \at(op->dom, Pre);
    //@ assert o_lgt: ld->grant_table == \at(map_lgt(ld), Pre) && ld->grant_table->maptrack == \at(map_lmt(ld), Pre);
    //@ assert o_rgt: rd->grant_table == \at(map_rgt(ld, op), Pre);
    /*@ assert o_in: grant_ref_ok(rd->grant_table, op->ref) ==> \at(map_rec_in(op), Pre) &&
        rd->grant_table == \at(gnt_lookup(op->dom)->grant_table, Pre); */
    /*@ assert o_act: \at(map_rec_in(op), Pre) ==>
        grant_act(rd->grant_table, op->ref) ==
            \at(grant_act(gnt_lookup(op->dom)->grant_table, op->ref), Pre) &&
        \let a = grant_act(rd->grant_table, op->ref);
        a->mfn == \at(a->mfn, Pre) && a->pin_ro == \at(a->pin_ro, Pre) &&
        a->pin_rw == \at(a->pin_rw, Pre); */
    //@ assert o_in2: \at(map_rec_in(op), Pre) ==> grant_ref_ok(rd->grant_table, op->ref);
    /*@ assert o_sep: \separated(&ld->grant_table, &ld->grant_table->maptrack,
                                 ld->grant_table->maptrack + h,
                                 frame_table + (0 .. frame_table_nr - 1)); */
Call: __attribute__((unused));
    map_ref(ld, rd, op, (grant_handle_t)h);
    /*@ assert o_call: ld->grant_table == \at(ld->grant_table, Call) &&
        ld->grant_table->maptrack == \at(ld->grant_table->maptrack, Call); */
    /*@ assert o_inv: \at(map_rec_in(op), Pre) ==>
        grant_act_ok(\at(grant_act(gnt_lookup(op->dom)->grant_table, op->ref), Pre)); */
    //@ assert o_in3: op->status == GNTST_okay ==> \at(map_rec_in(op), Pre);
    /*@ assert o_tab: ld->grant_table == \at(map_lgt(ld), Pre) &&
        ld->grant_table->maptrack == \at(map_lmt(ld), Pre); */
    /*@ assert o_mapped: op->status == GNTST_okay ==>
        0 <= h < GNTTAB_MAPTRACK_MAX &&
        ld->grant_table->maptrack[h].rd == \at(gnt_lookup(op->dom), Pre) &&
        ld->grant_table->maptrack[h].ref == \at(op->ref, Pre) &&
        ld->grant_table->maptrack[h].mfn ==
            \at(grant_act(gnt_lookup(op->dom)->grant_table, op->ref), Pre)->mfn &&
        ((ld->grant_table->maptrack[h].flags & GNTMAP_readonly) != 0 <==>
            (\at(op->flags, Pre) & GNTMAP_readonly) != 0) &&
        map_ro_pv(ld, h, \at(op->flags, Pre)) && map_ro_hvm(ld, h, \at(op->flags, Pre)); */
}

/* ------------------------------------------------------------------ */
/* unmap_grant_ref                                                     */

/* Undo a PV host map: the L1 entry host_addr names (flags as mapped) must
 * be the one the map wrote, at machine address at, still naming mfn.
 * GNTST_* (nothing changed on error). */
/*@ requires frame_table_ok && \valid_read(ld) && mfn < frame_table_nr &&
             gen_count(frame_table + mfn) >= 1;
    requires \separated(grant_pte(at), frame_table + (0 .. frame_table_nr - 1));
    assigns *grant_pte(at), frame_table[0 .. frame_table_nr - 1];
    ensures removed: \result == GNTST_okay ==>
        (at >> 12) < frame_table_nr &&
        (\old(*grant_pte(at)) & PTE_PRESENT) != 0 &&
        grant_pte_mfn(\old(*grant_pte(at))) == mfn &&
        gen_count(frame_table + mfn) == \old(gen_count(frame_table + mfn)) - 1 &&
        (\old(gen_count(frame_table + mfn)) >= 2 ==>
            type_count(frame_table + mfn) == \old(type_count(frame_table + mfn)) -
                ((\old(*grant_pte(at)) & PTE_RW) != 0 ? 1 : 0));
    ensures kept: \result != GNTST_okay ==>
        frame_table[mfn].count_info == \old(frame_table[mfn].count_info) &&
        frame_table[mfn].type_info == \old(frame_table[mfn].type_info);
*/
static int16_t
unmap_pv(struct domain *ld, uint64_t host_addr, uint32_t flags, uint64_t at, mfn_t mfn)
{
    uint64_t maddr;
    int16_t st = pv_locate_pte(ld, host_addr, flags, &maddr) /*@ ghost (mfn) */;

    if (st != GNTST_okay)
        return st;
    /* Xen: the entry there must still map the granted frame. */
    if (maddr != at)
        return GNTST_general_error;
    //@ assert slot_kept: *grant_pte(at) == \at(*grant_pte(at), Pre);
    if (!pv_remove(ld, maddr, mfn))
        return GNTST_general_error;
    return GNTST_okay;
}

/* Undo the host side of m for host_addr: GNTST_* (m unchanged on error). */
/*@ requires frame_table_ok && \valid_read(ld) && \valid_read(m) &&
             m->mfn < frame_table_nr && gen_count(frame_table + m->mfn) >= 1;
    requires slots_apart: \forall integer a; \separated(grant_pte(a), m,
                                 frame_table + (0 .. frame_table_nr - 1));
    requires \separated(m, frame_table + (0 .. frame_table_nr - 1));
    assigns grant_p2m_state, *grant_pte(m->pte_maddr),
            frame_table[0 .. frame_table_nr - 1];
    ensures removed: \result == GNTST_okay && !grant_translated(ld) ==>
        (m->pte_maddr >> 12) < frame_table_nr &&
        (\at(*grant_pte(m->pte_maddr), Pre) & PTE_PRESENT) != 0 &&
        grant_pte_mfn(\at(*grant_pte(m->pte_maddr), Pre)) == m->mfn &&
        gen_count(frame_table + m->mfn) == \old(gen_count(frame_table + m->mfn)) - 1 &&
        (\old(gen_count(frame_table + m->mfn)) >= 2 ==>
            type_count(frame_table + m->mfn) ==
                \old(type_count(frame_table + m->mfn)) -
                ((\at(*grant_pte(m->pte_maddr), Pre) & PTE_RW) != 0 ? 1 : 0));
    ensures kept: \result != GNTST_okay || grant_translated(ld) ==>
        frame_table[m->mfn].count_info == \old(frame_table[m->mfn].count_info) &&
        frame_table[m->mfn].type_info == \old(frame_table[m->mfn].type_info);
*/
static int16_t
unmap_host(struct domain *ld, struct grant_maptrack *m, uint64_t host_addr)
{
    int16_t st;

    if (arch_grant_translated(ld)) {
        if ((host_addr >> PAGE_SHIFT) != m->gfn ||
            arch_grant_unmap_hvm(ld, m->gfn, m->mfn) != 0)
            return GNTST_general_error;
        return GNTST_okay;
    }
    //@ assert apart: \separated(grant_pte(m->pte_maddr), m);
    st = unmap_pv(ld, host_addr, m->flags, m->pte_maddr, m->mfn);
    //@ assert m_kept: m->pte_maddr == \at(m->pte_maddr, Pre) && m->mfn == \at(m->mfn, Pre);
    return st;
}

/* The host side of handle m of lgt goes (unmap_host).  The granter's
 * active record keeps grant_act_ok: a removed entry held references of
 * its own beyond the record's pins (grant_l1_refs_own), and the record
 * itself does not change. */
/*@ requires frame_table_ok && \valid_read(ld) && \valid(lgt) && \valid(m) &&
             m->flags != 0;
    requires track: grant_track_ok(m, lgt);
    requires \separated(m, lgt, frame_table + (0 .. frame_table_nr - 1));
    requires slots_apart: \forall integer a; \separated(grant_pte(a), m,
                                 frame_table + (0 .. frame_table_nr - 1));
    assigns grant_p2m_state, *grant_pte(m->pte_maddr),
            frame_table[0 .. frame_table_nr - 1];
    ensures m_kept: m->rd == \old(m->rd) && m->ref == \old(m->ref) &&
        m->mfn == \old(m->mfn) && m->flags == \old(m->flags);
    ensures gt_same: m->rd != \null ==> m->rd->grant_table == \old(m->rd->grant_table);
    ensures ptr_same: m->rd != \null ==>
        grant_act(m->rd->grant_table, m->ref) ==
            \old(grant_act(m->rd->grant_table, m->ref));
    ensures rec: m->rd != \null ==>
        \let a = grant_act(m->rd->grant_table, m->ref);
        a->mfn == \old(a->mfn) && a->pin_ro == \old(a->pin_ro) &&
        a->pin_rw == \old(a->pin_rw) && grant_act_ok(a);
*/
static int16_t
unmap_track_host(struct domain *ld, struct grant_table *lgt, struct grant_maptrack *m,
                 uint64_t host_addr)
{
    int16_t st;

    (void)lgt;                          /* named by the contract only */

    /*@ assert tr: m->rd != \null ==>
        \let a = grant_act(m->rd->grant_table, m->ref);
        a->mfn == m->mfn && grant_act_ok(a) && grant_l1_refs_own(a) &&
        ((m->flags & GNTMAP_readonly) != 0 ? a->pin_ro > 0 : a->pin_rw > 0) &&
        \separated(a, m, lgt, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(grant_pte(m->pte_maddr), a); */
    /*@ assert sep_m: \separated(&m->mfn, grant_pte(m->pte_maddr),
                                 frame_table + (0 .. frame_table_nr - 1)) &&
                      \separated(&m->pte_maddr, grant_pte(m->pte_maddr),
                                 frame_table + (0 .. frame_table_nr - 1)); */
    /*@ assert sep_a: m->rd != \null ==>
        \let a = grant_act(m->rd->grant_table, m->ref);
        \separated(&a->mfn, grant_pte(m->pte_maddr), frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(&a->pin_ro, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(&a->pin_rw, frame_table + (0 .. frame_table_nr - 1)); */
    st = unmap_host(ld, m, host_addr);
    //@ assert m_rd: m->rd == \at(m->rd, Pre) && m->ref == \at(m->ref, Pre);
    //@ assert m_flags: m->flags == \at(m->flags, Pre);
    //@ assert m_mfn: m->mfn == \at(m->mfn, Pre);
    //@ assert m_pte: m->pte_maddr == \at(m->pte_maddr, Pre);
    /*@ assert ptr_same: m->rd != \null ==>
        grant_act(m->rd->grant_table, m->ref) == \at(grant_act(m->rd->grant_table, m->ref), Pre); */
    /*@ assert mfn_same: \at(m->rd, Pre) != \null ==>
        \let a = \at(grant_act(m->rd->grant_table, m->ref), Pre);
        a->mfn == \at(a->mfn, Pre); */
    /*@ assert ro_same: \at(m->rd, Pre) != \null ==>
        \let a = \at(grant_act(m->rd->grant_table, m->ref), Pre);
        a->pin_ro == \at(a->pin_ro, Pre); */
    /*@ assert rw_same: \at(m->rd, Pre) != \null ==>
        \let a = \at(grant_act(m->rd->grant_table, m->ref), Pre);
        a->pin_rw == \at(a->pin_rw, Pre); */
    /*@ assert own: m->rd != \null && st == GNTST_okay && !grant_translated(ld) ==>
        \let a = grant_act(m->rd->grant_table, m->ref);
        \at(gen_count(frame_table + m->mfn), Pre) >= a->pin_ro + a->pin_rw + 1 &&
        ((\at(*grant_pte(m->pte_maddr), Pre) & PTE_RW) != 0 ==>
            \at(type_count(frame_table + m->mfn), Pre) >= a->pin_rw + 1); */
    /*@ assert parts: m->rd != \null ==>
        \let a = grant_act(m->rd->grant_table, m->ref);
        grant_pins_ok(a) && (a->pin_ro + a->pin_rw != 0 ==> a->mfn < frame_table_nr &&
            a->pin_ro + a->pin_rw <= gen_count(frame_table + a->mfn) &&
            a->pin_rw <= type_count(frame_table + a->mfn)); */
    return st;
}

/* Handle m of lgt, checked: its host side goes if host_addr names it, its
 * device side if dev_bus_addr does; with no side left the handle goes
 * (maptrack_release).  GNTST_* (m unchanged on a failure of the host
 * side). */
/*@ requires frame_table_ok && \valid_read(ld) && \valid(lgt) && \valid(m) &&
             m->flags != 0;
    requires track: grant_track_ok(m, lgt);
    requires \separated(m, lgt, frame_table + (0 .. frame_table_nr - 1));
    requires slots_apart: \forall integer a; \separated(grant_pte(a), m,
                                 frame_table + (0 .. frame_table_nr - 1));
    assigns *m, lgt->maptrack_used, grant_p2m_state, *grant_pte(m->pte_maddr),
            frame_table[0 .. frame_table_nr - 1],
            { *grant_act(m->rd->grant_table, m->ref) | integer k; k == 0 && m->rd != \null },
            { grant_shared(m->rd->grant_table, m->ref)->flags |
              integer k; k == 0 && m->rd != \null };
    ensures inv: \old(m->rd) != \null ==>
        grant_act_ok(\at(grant_act(m->rd->grant_table, m->ref), Pre));
*/
static int16_t
unmap_track(struct domain *ld, struct grant_table *lgt, struct grant_maptrack *m,
            uint64_t host_addr, uint64_t dev_bus_addr)
{
    const bool ro = (m->flags & GNTMAP_readonly) != 0;
    uint32_t flags = m->flags;          /* what stays mapped */
    int16_t st;

    /*@ assert tr: m->rd != \null ==>
        \let a = grant_act(m->rd->grant_table, m->ref);
        \valid(m->rd) && grant_ref_ok(m->rd->grant_table, m->ref) &&
        a->mfn == m->mfn && grant_act_ok(a) &&
        (ro ? a->pin_ro > 0 : a->pin_rw > 0) &&
        \separated(a, m, lgt, frame_table + (0 .. frame_table_nr - 1)); */
    if (host_addr != 0 && (flags & GNTMAP_host_map)) {
        st = unmap_track_host(ld, lgt, m, host_addr);
        if (st != GNTST_okay) {
            /*@ assert fail_inv: \at(m->rd, Pre) != \null ==>
                grant_act_ok(\at(grant_act(m->rd->grant_table, m->ref), Pre)); */
            return st;
        }
        flags &= ~(uint32_t)GNTMAP_host_map;
    }
    if (dev_bus_addr != 0)
        flags &= ~(uint32_t)GNTMAP_device_map;
    //@ assert same_gt: m->rd != \null ==> m->rd->grant_table == \at(m->rd->grant_table, Pre);
    /*@ assert rec: m->rd != \null ==>
        \let a = grant_act(m->rd->grant_table, m->ref);
        a == \at(grant_act(m->rd->grant_table, m->ref), Pre) &&
        a->mfn == m->mfn && grant_act_ok(a) &&
        (ro ? a->pin_ro > 0 : a->pin_rw > 0); */
    /* No side left: the handle goes (maptrack_release clears m->flags). */
    //@ assert rec_gt: m->rd != \null ==> \separated(m->rd->grant_table, frame_table + (0 .. frame_table_nr - 1));
    //@ assert rec_nr: m->rd != \null ==> m->rd->grant_table->nr_frames == \at(m->rd->grant_table->nr_frames, Pre);
    //@ assert rec_ok: m->rd != \null ==> grant_ref_ok(m->rd->grant_table, m->ref);
    /*@ assert rec_sep: m->rd != \null ==>
        \valid(m->rd) &&
        \separated(grant_act(m->rd->grant_table, m->ref), m, lgt,
                   frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(m->rd, m, lgt) && \separated(m->rd->grant_table, m, lgt); */
    if (!(flags & (GNTMAP_host_map | GNTMAP_device_map))) {
        maptrack_release(lgt, m, ro);
        /*@ assert rel_inv: \at(m->rd, Pre) != \null ==>
            grant_act_ok(\at(grant_act(m->rd->grant_table, m->ref), Pre)); */
    } else {
        m->flags = flags;
        /*@ assert kept_inv: \at(m->rd, Pre) != \null ==>
            grant_act_ok(\at(grant_act(m->rd->grant_table, m->ref), Pre)); */
    }
    return GNTST_okay;
}

/*@ // The handle an unmap element names is one of ld's maptrack.
    predicate unmap_handle_in(struct domain *ld, struct gnttab_unmap_grant_ref *op) =
        ld->grant_table != \null && ld->grant_table->maptrack != \null &&
        op->handle < GNTTAB_MAPTRACK_MAX;
*/

/*@ requires frame_table_ok && \valid(op) && \valid(ld);
    requires disp: gnt_disp_world(ld);
    requires tables: ld->grant_table != \null ==> \valid(ld->grant_table) &&
        \separated(ld->grant_table, op, frame_table + (0 .. frame_table_nr - 1)) &&
        (ld->grant_table->maptrack != \null ==>
            \valid(ld->grant_table->maptrack + (0 .. GNTTAB_MAPTRACK_MAX - 1)) &&
            \separated(ld->grant_table->maptrack + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                       ld->grant_table, op, frame_table + (0 .. frame_table_nr - 1)) &&
            \forall integer a; \separated(grant_pte(a),
                ld->grant_table->maptrack + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                frame_table + (0 .. frame_table_nr - 1)));
    requires track: ld->grant_table != \null && ld->grant_table->maptrack != \null &&
        op->handle < GNTTAB_MAPTRACK_MAX ==>
        grant_track_ok(ld->grant_table->maptrack + op->handle, ld->grant_table);
    requires op_apart: \separated(op, frame_table + (0 .. frame_table_nr - 1)) &&
        (ld->grant_table != \null && ld->grant_table->maptrack != \null &&
         op->handle < GNTTAB_MAPTRACK_MAX &&
         ld->grant_table->maptrack[op->handle].flags != 0 &&
         ld->grant_table->maptrack[op->handle].rd != \null ==>
            \separated(op, grant_act(ld->grant_table->maptrack[op->handle].rd->grant_table,
                                     ld->grant_table->maptrack[op->handle].ref)));
    assigns op->status, grant_p2m_state, { *grant_pte(a) | integer a; 0 <= a },
            frame_table[0 .. frame_table_nr - 1],
            { ld->grant_table->maptrack[op->handle] | integer k; k == 0 &&
              unmap_handle_in(ld, op) },
            { ld->grant_table->maptrack_used | integer k; k == 0 &&
              unmap_handle_in(ld, op) },
            { *grant_act(ld->grant_table->maptrack[op->handle].rd->grant_table,
                         ld->grant_table->maptrack[op->handle].ref) |
              integer k; k == 0 && unmap_handle_in(ld, op) &&
              ld->grant_table->maptrack[op->handle].rd != \null },
            { grant_shared(ld->grant_table->maptrack[op->handle].rd->grant_table,
                           ld->grant_table->maptrack[op->handle].ref)->flags |
              integer k; k == 0 && unmap_handle_in(ld, op) &&
              ld->grant_table->maptrack[op->handle].rd != \null };
    ensures inv: \old(ld->grant_table != \null && ld->grant_table->maptrack != \null &&
                      op->handle < GNTTAB_MAPTRACK_MAX &&
                      ld->grant_table->maptrack[op->handle].flags != 0 &&
                      ld->grant_table->maptrack[op->handle].rd != \null) ==>
        grant_act_ok(\at(grant_act(ld->grant_table->maptrack[op->handle].rd->grant_table,
                                    ld->grant_table->maptrack[op->handle].ref), Pre));
    ensures disp_kept: gnt_disp_world(ld);
*/
static void
unmap_one(struct domain *ld, struct gnttab_unmap_grant_ref *op)
{
    struct grant_table *gt = ld->grant_table;
    struct grant_maptrack *m;

    if (gt == NULL || gt->maptrack == NULL || op->handle >= GNTTAB_MAPTRACK_MAX) {
        op->status = GNTST_bad_handle;
        return;
    }
    m = &gt->maptrack[array_index_nospec(op->handle, GNTTAB_MAPTRACK_MAX)];
    if (m->flags == 0) {
        op->status = GNTST_bad_handle;
        return;
    }
    if (op->dev_bus_addr != 0 && op->dev_bus_addr != m->mfn << PAGE_SHIFT) {
        op->status = GNTST_bad_dev_addr;
        return;
    }
    op->status = unmap_track(ld, gt, m, op->host_addr, op->dev_bus_addr);
}

/* ------------------------------------------------------------------ */
/* copy                                                                */

struct copy_buf {
    struct page_info *pg;       /* with our references; NULL: none */
    struct domain *rd;          /* granting domain, or NULL: own frame */
    grant_ref_t ref;
    bool ro;
};

/*@ // A granter as a side of a copy finds it (copy_one's world): writable,
    // apart from the frame table, its table (if any) grant_table_ok and
    // apart from the frame table; the record of ref, if in range,
    // grant_act_ok and apart from the domain and the frame table.
    predicate copy_dom_ok(struct domain *d, integer ref) =
        \valid(d) && \separated(d, frame_table + (0 .. frame_table_nr - 1)) &&
        (d->grant_table == \null ||
         (grant_table_ok(d->grant_table) &&
          \separated(d->grant_table, frame_table + (0 .. frame_table_nr - 1)))) &&
        (grant_ref_ok(d->grant_table, ref) ==>
            grant_act_ok(grant_act(d->grant_table, ref)) &&
            \separated(grant_act(d->grant_table, ref), d,
                       frame_table + (0 .. frame_table_nr - 1)));
    // A copy_buf b apart from the granter d, its table and the record.
    predicate copy_buf_apart(struct copy_buf *b, struct domain *d, integer ref) =
        \separated(b, d, frame_table + (0 .. frame_table_nr - 1)) &&
        (d->grant_table != \null ==> \separated(b, d->grant_table)) &&
        (grant_ref_ok(d->grant_table, ref) ==>
            \separated(b, grant_act(d->grant_table, ref)));
    // A side of a copy as its domid and ref name it: no domain, or one
    // as copy_dom_ok with b apart.
    predicate copy_side(integer id, integer ref, struct copy_buf *b) =
        gnt_lookup(id) == \null ||
        (copy_dom_ok(gnt_lookup(id), ref) && copy_buf_apart(b, gnt_lookup(id), ref));
    // The side names a record in range (the one copy_acquire may pin).
    predicate copy_rec_in(integer id, integer ref) =
        gnt_lookup(id) != \null && grant_ref_ok(gnt_lookup(id)->grant_table, ref);

    // One side held (copy_acquire's result, copy_release's `held` and
    // `rec`): pg one of the frame table's, apart from b; a granted frame
    // through the record (rd, ref), which names it, holds a pin of the
    // side's kind, keeps grant_act_ok and lies apart from b and the table.
    // A writable side holds a writable type reference: pg is of writable
    // type (grant_put_refs' `wtype`, copy_release's own-frame put).
    predicate copy_held(struct copy_buf *b) =
        page_ok(b->pg) && \separated(b, frame_table + (0 .. frame_table_nr - 1)) &&
        (b->ro || page_type(b->pg) == PGT_writable_page) &&
        (b->rd != \null ==>
            \valid(b->rd) && grant_ref_ok(b->rd->grant_table, b->ref) &&
            frame_table + grant_act(b->rd->grant_table, b->ref)->mfn == b->pg &&
            (b->ro ? grant_act(b->rd->grant_table, b->ref)->pin_ro > 0 :
                     grant_act(b->rd->grant_table, b->ref)->pin_rw > 0) &&
            grant_act_ok(grant_act(b->rd->grant_table, b->ref)) &&
            \separated(grant_act(b->rd->grant_table, b->ref), b,
                       frame_table + (0 .. frame_table_nr - 1)));

    // What acquiring a side took, from L1 to L2: one more general
    // reference on pg (and a writable type one, rw), pg's counts ok, no
    // other frame changed.
    predicate copy_took{L1, L2}(struct page_info *pg, integer ro) =
        \at(page_ok(pg) && page_counts_ok(pg), L2) &&
        \at(gen_count(pg), L2) == \at(gen_count(pg), L1) + 1 &&
        \at(gen_count(pg), L2) >= 2 &&
        \at(type_count(pg), L2) == \at(type_count(pg), L1) + (ro != 0 ? 0 : 1) &&
        (ro == 0 ==> \at(page_type(pg), L2) == PGT_writable_page) &&
        \forall integer i; 0 <= i < \at(frame_table_nr, L2) && \at(frame_table, L2) + i != pg ==>
            \at(frame_table[i].count_info, L2) == \at(frame_table[i].count_info, L1) &&
            \at(frame_table[i].type_info, L2) == \at(frame_table[i].type_info, L1);
    // ... and the record a that pinned it: one more pin of the kind, the
    // frame pg (the pinned one, if it was), grant_act_ok.
    predicate copy_pinned{L1, L2}(struct grant_active *a, struct page_info *pg,
                                  integer ro) =
        \at(a->pin_ro, L2) == \at(a->pin_ro, L1) + (ro != 0 ? 1 : 0) &&
        \at(a->pin_rw, L2) == \at(a->pin_rw, L1) + (ro != 0 ? 0 : 1) &&
        \at(frame_table + a->mfn, L2) == pg &&
        (\at(a->pin_ro + a->pin_rw, L1) != 0 ==> \at(a->mfn, L2) == \at(a->mfn, L1)) &&
        \at(grant_act_ok(a), L2);
    // A failed side: every referenced frame keeps its counts.
    predicate copy_kept{L1, L2} =
        \forall integer i; 0 <= i < \at(frame_table_nr, L2) &&
            \at(gen_count(frame_table + i), L1) >= 1 ==>
            \at(gen_count(frame_table + i), L2) == \at(gen_count(frame_table + i), L1) &&
            \at(type_count(frame_table + i), L2) == \at(type_count(frame_table + i), L1);
    // A record's fields between two labels.
    predicate copy_rec_same{L1, L2}(struct grant_active *a) =
        \at(a->pin_ro, L2) == \at(a->pin_ro, L1) && \at(a->pin_rw, L2) == \at(a->pin_rw, L1) &&
        \at(a->mfn, L2) == \at(a->mfn, L1);
*/

/* A granted side: may ld use (rd, ref) now (grant_check), the use's
 * references (grant_get_refs), the pin (grant_pin); b->ref and b->pg on
 * success only. */
/*@ requires frames_counts_ok && \valid_read(ld) && \valid(b);
    requires dom: copy_dom_ok(rd, ref) && copy_buf_apart(b, rd, ref);
    assigns b->ref, b->pg, frame_table[0 .. frame_table_nr - 1],
            { *grant_act(rd->grant_table, ref) |
              integer k; k == 0 && grant_ref_ok(rd->grant_table, ref) },
            { grant_shared(rd->grant_table, ref)->flags |
              integer k; k == 0 && grant_ref_ok(rd->grant_table, ref) };
    ensures got: \result == GNTST_okay ==>
        \old(grant_ref_ok(rd->grant_table, ref)) && b->ref == ref &&
        copy_took{Pre, Post}(b->pg, ro) &&
        copy_pinned{Pre, Post}(\at(grant_act(rd->grant_table, ref), Pre), b->pg, ro);
    // ownership: the entry grants ld access, the frame is rd's
    ensures owned: \result == GNTST_okay ==> page_owned_by(b->pg, rd) &&
        (\old(grant_shared(rd->grant_table, ref)->flags) & GTF_type_mask) ==
            GTF_permit_access &&
        \old(grant_shared(rd->grant_table, ref)->domid) == \old(ld->domain_id);
    // a write side needs a writable grant
    ensures ro_rule: \result == GNTST_okay && !ro ==>
        (\old(grant_shared(rd->grant_table, ref)->flags) & GTF_readonly) == 0;
    ensures failed: \result != GNTST_okay ==> b->pg == \old(b->pg) &&
        copy_kept{Pre, Post} &&
        (\old(grant_ref_ok(rd->grant_table, ref)) ==>
            copy_rec_same{Pre, Post}(\at(grant_act(rd->grant_table, ref), Pre)));
*/
static int16_t
copy_grant(struct domain *ld, struct domain *rd, grant_ref_t ref, bool ro,
           struct copy_buf *b)
{
    mfn_t mfn;
    int16_t st = grant_check(rd, ref, ld, ro, &mfn);

    if (st != GNTST_okay) {
        //@ assert g_f0: XL_WP_ONLY(copy_kept{Pre, Here});
        return st;
    }
    //@ assert g_ok: XL_WP_ONLY(grant_ref_ok(rd->grant_table, ref));
    /*@ assert g_sep0: XL_WP_ONLY(\forall integer i; 0 <= i < frame_table_nr ==>
        \separated(grant_act(rd->grant_table, ref), frame_table + i)); */
    /*@ assert g_chk: XL_WP_ONLY(\let a = grant_act(rd->grant_table, ref);
        grant_act_ok(a) && mfn < frame_table_nr &&
        (a->pin_ro + a->pin_rw != 0 ==> a->mfn == mfn)); */
    //@ assert g_sep: XL_WP_ONLY(\separated(grant_act(rd->grant_table, ref), frame_table + mfn, b));
Chk: __attribute__((unused));
    st = grant_get_refs(mfn_to_page(mfn), rd, ro);
    //@ assert g_same: XL_WP_ONLY(copy_rec_same{Chk, Here}(grant_act(rd->grant_table, ref)));
    if (st != GNTST_okay) {
        //@ assert g_kept: XL_WP_ONLY(copy_kept{Pre, Here});
        //@ assert g_f1: XL_WP_ONLY(copy_rec_same{Pre, Here}(\at(grant_act(rd->grant_table, ref), Pre)));
        return st;
    }
    //@ assert g_took: XL_WP_ONLY(copy_took{Pre, Here}(frame_table + mfn, ro));
    /*@ assert g_room: XL_WP_ONLY(\let a = grant_act(rd->grant_table, ref);
        grant_pins_ok(a) && (a->pin_ro + a->pin_rw != 0 ==> a->mfn == mfn) &&
        a->pin_ro + a->pin_rw + 1 <= gen_count(frame_table + mfn) &&
        a->pin_rw + (ro ? 0 : 1) <= type_count(frame_table + mfn) &&
        (ro ? a->pin_ro : a->pin_rw) < GNTTAB_PIN_MAX); */
    b->ref = ref;
    //@ assert g_ptr: XL_WP_ONLY(grant_act(rd->grant_table, ref) == \at(grant_act(rd->grant_table, ref), Pre));
    //@ assert g_sep2: XL_WP_ONLY(\separated(grant_act(rd->grant_table, ref), b, frame_table + (0 .. frame_table_nr - 1)));
    /*@ assert g_sep3: XL_WP_ONLY(\forall integer i; 0 <= i < frame_table_nr ==>
        \separated(\at(grant_act(rd->grant_table, ref), Pre), frame_table + i)); */
Pin: __attribute__((unused));
    grant_pin(rd, ref, ld, ro, mfn);
    /*@ assert g_counts: XL_WP_ONLY(\forall integer i; 0 <= i < frame_table_nr ==>
        frame_table[i].count_info == \at(frame_table[i].count_info, Pin) &&
        frame_table[i].type_info == \at(frame_table[i].type_info, Pin)); */
    //@ assert g_took2: XL_WP_ONLY(copy_took{Pre, Here}(frame_table + mfn, ro));
    //@ assert g_pinned: XL_WP_ONLY(copy_pinned{Pre, Here}(\at(grant_act(rd->grant_table, ref), Pre), frame_table + mfn, ro));
    b->pg = mfn_to_page(mfn);
    return GNTST_okay;
}

/* An own side: a frame of ld (DOMID_SELF or ld's id), with the use's
 * references; b->pg on success only. */
/*@ requires frames_counts_ok && \valid_read(ld) && \valid_read(p) && \valid(b);
    requires \separated(b, frame_table + (0 .. frame_table_nr - 1));
    assigns b->pg, frame_table[0 .. frame_table_nr - 1];
    ensures got: \result == GNTST_okay ==> copy_took{Pre, Post}(b->pg, ro) &&
        page_owned_by(b->pg, ld) &&
        (\old(p->domid) == DOMID_SELF || \old(p->domid) == \old(ld->domain_id));
    ensures failed: \result != GNTST_okay ==> b->pg == \old(b->pg) &&
        copy_kept{Pre, Post};
*/
static int16_t
copy_own(struct domain *ld, const struct gnttab_copy_ptr *p, bool ro,
         struct copy_buf *b)
{
    mfn_t mfn;
    int16_t st;

    if (p->domid != DOMID_SELF && p->domid != ld->domain_id)
        return GNTST_permission_denied;     /* only one's own frames */
    mfn = guest_frame_to_mfn(ld, p->u.gmfn);
    if (!mfn_valid(mfn) || mfn_to_page(mfn)->owner != ld)
        return GNTST_bad_page;
    st = grant_get_refs(mfn_to_page(mfn), ld, ro);
    if (st != GNTST_okay)
        return st;
    //@ assert o_took: XL_WP_ONLY(copy_took{Pre, Here}(frame_table + mfn, ro));
    b->pg = mfn_to_page(mfn);
    return GNTST_okay;
}

/* One side of a copy: a granted frame (gref: p->domid's grant p->u.ref)
 * or one of ld's own (p->u.gmfn).  b is a zeroed buffer; b->pg is set on
 * success only, so copy_release gives back exactly what was taken. */
/*@ requires frames_counts_ok && \valid_read(ld) && \valid_read(p) && \valid(b);
    requires fresh: b->pg == \null && b->rd == \null;
    requires \separated(b, p, frame_table + (0 .. frame_table_nr - 1));
    requires look: current == \null || \valid_read(current);
    requires side: gref ==> copy_side(p->domid, p->u.ref, b);
    assigns b->ro, b->rd, b->ref, b->pg, frame_table[0 .. frame_table_nr - 1],
            { *grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref) |
              integer k; k == 0 && gref && copy_rec_in(p->domid, p->u.ref) },
            { grant_shared(gnt_lookup(p->domid)->grant_table, p->u.ref)->flags |
              integer k; k == 0 && gref && copy_rec_in(p->domid, p->u.ref) };
    ensures kind: b->ro == ro;
    ensures grant: \result == GNTST_okay && gref ==>
        b->rd == \old(gnt_lookup(p->domid)) && b->ref == \old(p->u.ref) &&
        \old(copy_rec_in(p->domid, p->u.ref)) &&
        copy_took{Pre, Post}(b->pg, ro) &&
        copy_pinned{Pre, Post}(\at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre),
                               b->pg, ro) &&
        page_owned_by(b->pg, b->rd);
    ensures own: \result == GNTST_okay && !gref ==> b->rd == \null &&
        copy_took{Pre, Post}(b->pg, ro) && page_owned_by(b->pg, ld) &&
        (\old(p->domid) == DOMID_SELF || \old(p->domid) == \old(ld->domain_id));
    // a write side needs a writable grant (grant_check's `ro_rule`)
    ensures ro_rule: \result == GNTST_okay && gref && !ro ==>
        (\old(grant_shared(gnt_lookup(p->domid)->grant_table, p->u.ref)->flags) &
         GTF_readonly) == 0;
    ensures failed: \result != GNTST_okay ==> b->pg == \null && copy_kept{Pre, Post} &&
        (gref && \old(copy_rec_in(p->domid, p->u.ref)) ==>
            copy_rec_same{Pre, Post}(\at(grant_act(gnt_lookup(p->domid)->grant_table,
                                                   p->u.ref), Pre)));
*/
static int16_t
copy_acquire(struct domain *ld, const struct gnttab_copy_ptr *p, bool gref,
             bool ro, struct copy_buf *b)
{
    struct domain *rd;
    int16_t st;

    b->ro = ro;
    if (!gref)
        return copy_own(ld, p, ro, b);
    rd = grant_domain(p->domid);
    if (rd == NULL) {
        b->rd = NULL;
        return GNTST_bad_domain;
    }
    //@ assert a_rd: XL_WP_ONLY(rd == gnt_lookup(\at(p->domid, Pre)));
    //@ assert a_ptr: XL_WP_ONLY(grant_act(rd->grant_table, p->u.ref) == \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre));
    st = copy_grant(ld, rd, p->u.ref, ro, b);
    /*@ assert a_got: XL_WP_ONLY(st == GNTST_okay ==>
        \at(copy_rec_in(p->domid, p->u.ref), Pre) && b->ref == \at(p->u.ref, Pre) &&
        copy_took{Pre, Here}(b->pg, ro) &&
        copy_pinned{Pre, Here}(\at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre),
                               b->pg, ro) &&
        page_owned_by(b->pg, rd)); */
    //@ assert a_sep: XL_WP_ONLY(st == GNTST_okay ==> \separated(b, b->pg));
    b->rd = rd;                         /* copy_grant does not read it */
    //@ assert a_own: XL_WP_ONLY(st == GNTST_okay ==> page_owned_by(b->pg, b->rd));
    /*@ assert a_took: XL_WP_ONLY(st == GNTST_okay ==> copy_took{Pre, Here}(b->pg, ro) &&
        copy_pinned{Pre, Here}(\at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre),
                               b->pg, ro)); */
    return st;
}

/* The pin and references one side of a copy holds go (grant_drop for a
 * granted frame: the unpin, then the references).  The granter's active
 * record keeps its invariant (grant_act_ok). */
/*@ requires frame_table_ok && \valid(b);
    requires held: b->pg != \null ==> copy_held(b);
    assigns b->pg, frame_table[0 .. frame_table_nr - 1],
            { *grant_act(b->rd->grant_table, b->ref) |
              integer k; k == 0 && b->pg != \null && b->rd != \null },
            { grant_shared(b->rd->grant_table, b->ref)->flags |
              integer k; k == 0 && b->pg != \null && b->rd != \null };
    ensures freed: b->pg == \null;
    ensures inv: \old(b->pg) != \null && \old(b->rd) != \null ==>
        grant_act_ok(\at(grant_act(b->rd->grant_table, b->ref), Pre));
    // (session 9, for copy_one) exactly one use less: the pins, the
    // frame's counts; no other referenced frame changes; nothing held,
    // nothing changes
    ensures pins: \old(b->pg) != \null && \old(b->rd) != \null ==>
        \let a = \at(grant_act(b->rd->grant_table, b->ref), Pre);
        a->pin_ro == \old(a->pin_ro) - (\old(b->ro) ? 1 : 0) &&
        a->pin_rw == \old(a->pin_rw) - (\old(b->ro) ? 0 : 1) &&
        (a->pin_ro + a->pin_rw != 0 ==> a->mfn == \old(a->mfn));
    ensures put: \old(b->pg) != \null ==> \let pg = \old(b->pg);
        gen_count(pg) == \old(gen_count(pg)) - 1 &&
        (\old(gen_count(pg)) >= 2 ==>
            type_count(pg) == \old(type_count(pg)) - (\old(b->ro) ? 0 : 1));
    ensures others: \old(b->pg) != \null &&
        (\old(b->ro) || !is_pt_type(\old(page_type(b->pg)))) ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != \old(b->pg) &&
            \old(gen_count(frame_table + i)) >= 1 ==>
            frame_table[i].count_info == \old(frame_table[i].count_info) &&
            frame_table[i].type_info == \old(frame_table[i].type_info);
    ensures none: \old(b->pg) == \null ==>
        \forall integer i; 0 <= i < frame_table_nr ==>
            frame_table[i].count_info == \old(frame_table[i].count_info) &&
            frame_table[i].type_info == \old(frame_table[i].type_info);
*/
static void
copy_release(struct copy_buf *b)
{
    if (b->pg == NULL)
        return;
    if (b->rd != NULL)
        grant_drop(b->rd, b->ref, page_to_mfn(b->pg), b->ro);
    else
        grant_put_refs(b->pg, b->ro);
    b->pg = NULL;
}

/* Trusted contract (proofs/README.md, Assumed): len bytes from offset soff
 * of frame src to offset doff of frame dst, through the direct map
 * (page_to_virt: arch memory that WP does not model; the bytes are guest
 * data, which no proved function reads). */
/*@ requires page_ok(dst) && page_ok(src);
    requires doff + len <= PAGE_SIZE && soff + len <= PAGE_SIZE;
    assigns \nothing;
*/
static void
copy_bytes(struct page_info *dst, unsigned int doff, struct page_info *src,
           unsigned int soff, unsigned int len)
{
    memmove((char *)page_to_virt(dst) + doff,
            (const char *)page_to_virt(src) + soff, len);
}

/*@ // A side's granter, if any, as copy_dom_ok (copy_side without a buffer).
    predicate copy_dom_side(integer id, integer ref) =
        gnt_lookup(id) == \null || copy_dom_ok(gnt_lookup(id), ref);
    // A record after a use came and went (L1 to L2): the same pins, and
    // the same frame if it was pinned.
    predicate copy_rec_back{L1, L2}(struct grant_active *a) =
        \at(a->pin_ro, L2) == \at(a->pin_ro, L1) && \at(a->pin_rw, L2) == \at(a->pin_rw, L1) &&
        (\at(a->pin_ro + a->pin_rw, L1) != 0 ==> \at(a->mfn, L2) == \at(a->mfn, L1));
*/

/* The destination side of a copy once the source frame spg is held:
 * acquire it writable (p, gref as copy_acquire's), copy len bytes from
 * spg + soff to it at doff, release it.  copy_acquire's status.  What it
 * takes it gives back: every referenced frame's counts (copy_kept) and
 * the record's pins (copy_rec_back). */
/*@ requires frames_counts_ok && \valid_read(ld) && \valid_read(p);
    requires \separated(p, frame_table + (0 .. frame_table_nr - 1));
    requires look: current == \null || \valid_read(current);
    requires side: gref ==> copy_dom_side(p->domid, p->u.ref);
    requires src: page_ok(spg);
    requires ranges: doff + len <= PAGE_SIZE && soff + len <= PAGE_SIZE;
    assigns frame_table[0 .. frame_table_nr - 1],
            { *grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref) |
              integer k; k == 0 && gref && copy_rec_in(p->domid, p->u.ref) },
            { grant_shared(gnt_lookup(p->domid)->grant_table, p->u.ref)->flags |
              integer k; k == 0 && gref && copy_rec_in(p->domid, p->u.ref) };
    ensures kept: copy_kept{Pre, Post};
    ensures back: gref && \old(copy_rec_in(p->domid, p->u.ref)) ==>
        copy_rec_back{Pre, Post}(\at(grant_act(gnt_lookup(p->domid)->grant_table,
                                               p->u.ref), Pre));
*/
static int16_t
copy_dest(struct domain *ld, const struct gnttab_copy_ptr *p, bool gref,
          struct page_info *spg, unsigned int soff, unsigned int doff,
          unsigned int len)
{
    struct copy_buf dst = { 0 };
    int16_t st;

    //@ assert d_fresh0: XL_WP_ONLY(\separated(&dst, p, frame_table + (0 .. frame_table_nr - 1)));
    /*@ assert d_fresh1: XL_WP_ONLY(gref && gnt_lookup(p->domid) != \null ==>
        \separated(&dst, gnt_lookup(p->domid))); */
    /*@ assert d_fresh2: XL_WP_ONLY(gref && gnt_lookup(p->domid) != \null &&
        gnt_lookup(p->domid)->grant_table != \null ==>
        \separated(&dst, gnt_lookup(p->domid)->grant_table)); */
    /*@ assert d_idx: XL_WP_ONLY(gref && copy_rec_in(p->domid, p->u.ref) ==>
        \let gt = gnt_lookup(p->domid)->grant_table;
        0 <= p->u.ref / GNTTAB_ENTRIES_PER_FRAME < gt->nr_frames &&
        0 <= p->u.ref % GNTTAB_ENTRIES_PER_FRAME < GNTTAB_ENTRIES_PER_FRAME &&
        \valid(gt->active[p->u.ref / GNTTAB_ENTRIES_PER_FRAME] +
               (0 .. GNTTAB_ENTRIES_PER_FRAME - 1))); */
    /*@ assert d_fresh3: XL_WP_ONLY(gref && copy_rec_in(p->domid, p->u.ref) ==>
        \valid(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref))); */
    /*@ assert d_fresh4: XL_WP_ONLY(gref && copy_rec_in(p->domid, p->u.ref) ==>
        \separated(&dst, grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref))); */
    //@ assert d_side: XL_WP_ONLY(gref ==> copy_side(p->domid, p->u.ref, &dst));
    /*@ assert d_gtsep0: XL_WP_ONLY(gref && copy_rec_in(p->domid, p->u.ref) ==>
        \let gt = gnt_lookup(p->domid)->grant_table;
        \separated(gt, &dst, frame_table + (0 .. frame_table_nr - 1))); */
    /*@ assert d_gtsep1: XL_WP_ONLY(gref && copy_rec_in(p->domid, p->u.ref) ==>
        \let gt = gnt_lookup(p->domid)->grant_table;
        0 <= p->u.ref / GNTTAB_ENTRIES_PER_FRAME < gt->nr_frames &&
        0 <= p->u.ref % GNTTAB_ENTRIES_PER_FRAME < GNTTAB_ENTRIES_PER_FRAME &&
        \separated(gt, gt->active[p->u.ref / GNTTAB_ENTRIES_PER_FRAME] +
                        (0 .. GNTTAB_ENTRIES_PER_FRAME - 1))); */
    /*@ assert d_gtsep: XL_WP_ONLY(gref && copy_rec_in(p->domid, p->u.ref) ==>
        \let gt = gnt_lookup(p->domid)->grant_table;
        \separated(gt, grant_act(gt, p->u.ref))); */
    /*@ assert d_acq: XL_WP_ONLY(gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) ==>
        \let gt = \at(gnt_lookup(p->domid)->grant_table, Pre);
        gt->nr_frames == \at(gt->nr_frames, Pre) &&
        gt == gnt_lookup(p->domid)->grant_table &&
        \separated(&gt->nr_frames, &dst, grant_act(gt, p->u.ref),
                   frame_table + (0 .. frame_table_nr - 1))); */
Acq: __attribute__((unused));
    st = copy_acquire(ld, p, gref, false, &dst);
    /*@ assert d_rd: XL_WP_ONLY(st == GNTST_okay ==>
        (gref ? dst.rd == \at(gnt_lookup(p->domid), Pre) && dst.ref == \at(p->u.ref, Pre) &&
                \at(copy_rec_in(p->domid, p->u.ref), Pre)
              : dst.rd == \null)); */
    /*@ assert d_gt1: XL_WP_ONLY(st == GNTST_okay && gref ==> \let d = dst.rd;
        d->grant_table == \at(d->grant_table, Pre)); */
    /*@ assert d_gt2: XL_WP_ONLY(gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) ==>
        \let gt = \at(gnt_lookup(p->domid)->grant_table, Pre);
        gt->nr_frames == \at(gt->nr_frames, Acq)); */
    /*@ assert d_gt3: XL_WP_ONLY(st == GNTST_okay && gref ==>
        \let gt = \at(gnt_lookup(p->domid)->grant_table, Pre);
        \forall integer i; 0 <= i < GNTTAB_MAX_FRAMES ==> gt->active[i] == \at(gt->active[i], Pre)); */
    /*@ assert d_gt: XL_WP_ONLY(st == GNTST_okay && gref ==>
        dst.rd->grant_table == \at(gnt_lookup(p->domid)->grant_table, Pre) &&
        grant_ref_ok(dst.rd->grant_table, dst.ref) &&
        grant_act(dst.rd->grant_table, dst.ref) ==
            \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre)); */
    //@ assert d_held: XL_WP_ONLY(st == GNTST_okay ==> copy_held(&dst));
    /*@ assert d_took: XL_WP_ONLY(st == GNTST_okay ==> copy_took{Pre, Here}(dst.pg, 0) && !dst.ro &&
        !is_pt_type(page_type(dst.pg))); */
    /*@ assert d_pin: XL_WP_ONLY(st == GNTST_okay && gref ==>
        \let a = \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre);
        a->pin_ro == \at(a->pin_ro, Pre) && a->pin_rw == \at(a->pin_rw, Pre) + 1 &&
        (\at(a->pin_ro + a->pin_rw, Pre) != 0 ==> a->mfn == \at(a->mfn, Pre))); */
    /*@ assert d_none: XL_WP_ONLY(st != GNTST_okay ==> dst.pg == \null && copy_kept{Pre, Here} &&
        (gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) ==>
            copy_rec_same{Pre, Here}(\at(grant_act(gnt_lookup(p->domid)->grant_table,
                                                   p->u.ref), Pre)))); */
    if (st != GNTST_okay)
        return st;                      /* nothing held */
    copy_bytes(dst.pg, doff, spg, soff, len);
Rel: __attribute__((unused));
    /*@ assert d_k0: XL_WP_ONLY(st == GNTST_okay ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != dst.pg ==>
            frame_table[i].count_info == \at(frame_table[i].count_info, Pre) &&
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre)); */
    copy_release(&dst);
    /*@ assert d_put: XL_WP_ONLY(st == GNTST_okay ==> \let pg = \at(dst.pg, Rel);
        gen_count(pg) == \at(gen_count(pg), Rel) - 1 &&
        type_count(pg) == \at(type_count(pg), Rel) - 1); */
    /*@ assert d_others: XL_WP_ONLY(st == GNTST_okay ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != \at(dst.pg, Rel) &&
            \at(gen_count(frame_table + i), Rel) >= 1 ==>
            gen_count(frame_table + i) == \at(gen_count(frame_table + i), Rel) &&
            type_count(frame_table + i) == \at(type_count(frame_table + i), Rel)); */
    /*@ assert d_unpin: XL_WP_ONLY(st == GNTST_okay && gref ==>
        \let a = \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre);
        a->pin_ro == \at(a->pin_ro, Rel) && a->pin_rw == \at(a->pin_rw, Rel) - 1 &&
        (a->pin_ro + a->pin_rw != 0 ==> a->mfn == \at(a->mfn, Rel))); */
    /*@ assert d_k1: XL_WP_ONLY(st == GNTST_okay ==> copy_kept{Pre, Here}); */
    /*@ assert d_b1: XL_WP_ONLY(st == GNTST_okay && gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) ==>
        copy_rec_back{Pre, Here}(\at(grant_act(gnt_lookup(p->domid)->grant_table,
                                               p->u.ref), Pre))); */
    return st;
}

/* copy_sides_apart (one side's record apart from the other side's granter
 * and table, the two records one or apart): grant_table.h, where the
 * dispatcher's world states it for any two granters (gnt_granters_apart). */

/*@ // The held source buffer s against the destination side (id, ref):
    // s apart from that granter, its table and record; the source's
    // granter as copy_dom_ok; each record apart from the other side's
    // granter and table, the two records one or apart.
    predicate copy_src_apart(struct copy_buf *s, integer gref, integer id, integer ref) =
        (s->rd != \null ==> copy_dom_ok(s->rd, s->ref)) &&
        (gref != 0 && gnt_lookup(id) != \null ==>
            copy_buf_apart(s, gnt_lookup(id), ref) &&
            (s->rd != \null ==>
                copy_sides_apart(s->rd, s->ref, gnt_lookup(id), ref) &&
                copy_sides_apart(gnt_lookup(id), ref, s->rd, s->ref)));
*/

/* The rest of a copy element once its source s is held (read-only):
 * the destination side (copy_dest: acquire, copy, release), then the
 * source's release.  copy_dest's status.  Every frame referenced at
 * entry keeps its counts but s->pg, which has one general reference
 * less; the source's record one read-only pin less; the destination's
 * record, if another, its pins back. */
/*@ requires frames_counts_ok && \valid_read(ld) && \valid_read(p) && \valid(s);
    requires \separated(p, s, frame_table + (0 .. frame_table_nr - 1));
    requires look: current == \null || \valid_read(current);
    requires held: s->pg != \null && copy_held(s) && s->ro && gen_count(s->pg) >= 2;
    requires side: gref ==> copy_dom_side(p->domid, p->u.ref);
    requires apart: copy_src_apart(s, gref, p->domid, p->u.ref);
    requires ranges: doff + len <= PAGE_SIZE && soff + len <= PAGE_SIZE;
    assigns s->pg, frame_table[0 .. frame_table_nr - 1],
            { *grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref) |
              integer k; k == 0 && gref && copy_rec_in(p->domid, p->u.ref) },
            { grant_shared(gnt_lookup(p->domid)->grant_table, p->u.ref)->flags |
              integer k; k == 0 && gref && copy_rec_in(p->domid, p->u.ref) },
            { *grant_act(s->rd->grant_table, s->ref) | integer k; k == 0 && s->rd != \null },
            { grant_shared(s->rd->grant_table, s->ref)->flags |
              integer k; k == 0 && s->rd != \null };
    ensures freed: s->pg == \null;
    ensures frames: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != \old(s->pg) && \old(gen_count(frame_table + i)) >= 1 ==>
        gen_count(frame_table + i) == \old(gen_count(frame_table + i)) &&
        type_count(frame_table + i) == \old(type_count(frame_table + i));
    ensures put: \let pg = \old(s->pg);
        gen_count(pg) == \old(gen_count(pg)) - 1 && type_count(pg) == \old(type_count(pg));
    ensures inv_src: \old(s->rd) != \null ==>
        grant_act_ok(\at(grant_act(s->rd->grant_table, s->ref), Pre));
    ensures pins_src: \old(s->rd) != \null ==>
        \let a = \at(grant_act(s->rd->grant_table, s->ref), Pre);
        a->pin_ro == \old(a->pin_ro) - 1 && a->pin_rw == \old(a->pin_rw) &&
        (a->pin_ro + a->pin_rw != 0 ==> a->mfn == \old(a->mfn));
    ensures back_dst: gref && \old(copy_rec_in(p->domid, p->u.ref)) &&
        (\old(s->rd) == \null ||
         \old(grant_act(s->rd->grant_table, s->ref)) !=
             \old(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref))) ==>
        copy_rec_back{Pre, Post}(\at(grant_act(gnt_lookup(p->domid)->grant_table,
                                               p->u.ref), Pre));
*/
static int16_t
copy_finish(struct domain *ld, const struct gnttab_copy_ptr *p, bool gref,
            struct copy_buf *s, unsigned int soff, unsigned int doff,
            unsigned int len)
{
    int16_t st;

    /*@ assert f_dsep1: XL_WP_ONLY(gref && copy_rec_in(p->domid, p->u.ref) ==>
        \separated(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref),
                   frame_table + (0 .. frame_table_nr - 1))); */
    /*@ assert f_dsep2: XL_WP_ONLY(gref && copy_rec_in(p->domid, p->u.ref) ==>
        \forall integer i; 0 <= i < frame_table_nr ==>
        \separated(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), frame_table + i)); */
    /*@ assert f_srec0: XL_WP_ONLY(s->rd != \null ==>
        0 <= s->ref / GNTTAB_ENTRIES_PER_FRAME < s->rd->grant_table->nr_frames &&
        0 <= s->ref % GNTTAB_ENTRIES_PER_FRAME < GNTTAB_ENTRIES_PER_FRAME &&
        \separated(s->rd->grant_table,
                   s->rd->grant_table->active[s->ref / GNTTAB_ENTRIES_PER_FRAME] +
                   (0 .. GNTTAB_ENTRIES_PER_FRAME - 1))); */
    /*@ assert f_sep: XL_WP_ONLY(\forall integer i; 0 <= i < frame_table_nr ==>
        \separated(s, frame_table + i)); */
    /*@ assert f_dsep: XL_WP_ONLY(gref && copy_rec_in(p->domid, p->u.ref) ==>
        \separated(s, grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref))); */
    /*@ assert f_case: XL_WP_ONLY(s->rd != \null && gref && copy_rec_in(p->domid, p->u.ref) ==>
        grant_act(s->rd->grant_table, s->ref) ==
            grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref) ||
        \separated(grant_act(s->rd->grant_table, s->ref),
                   grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref))); */
    //@ assert f_h1c1: XL_WP_ONLY(s->rd != \null ==> grant_table_ok(s->rd->grant_table));
    /*@ assert f_ssep0: XL_WP_ONLY(s->rd != \null ==>
        \separated(grant_act(s->rd->grant_table, s->ref), frame_table + (0 .. frame_table_nr - 1))); */
    /*@ assert f_gsep: XL_WP_ONLY(s->rd != \null ==> \let gt = s->rd->grant_table;
        \separated(gt, frame_table + (0 .. frame_table_nr - 1)) &&
        (gref && copy_rec_in(p->domid, p->u.ref) ==>
            \separated(gt, grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref)))); */
    /*@ assert f_notin: XL_WP_ONLY(s->rd != \null && !(gref && copy_rec_in(p->domid, p->u.ref) &&
        grant_act(s->rd->grant_table, s->ref) ==
            grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref)) ==>
        !(gref && copy_rec_in(p->domid, p->u.ref)) ||
        \separated(grant_act(s->rd->grant_table, s->ref),
                   grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref))); */
    /*@ assert f_ssep: XL_WP_ONLY(s->rd != \null ==> \forall integer i; 0 <= i < frame_table_nr ==>
        \separated(grant_act(s->rd->grant_table, s->ref), frame_table + i)); */
    st = copy_dest(ld, p, gref, s->pg, soff, doff, len);
    /* s, the source's granter, its table and record as they were */
    //@ assert f_s: XL_WP_ONLY(s->rd == \at(s->rd, Pre) && s->ref == \at(s->ref, Pre) && s->ro);
    //@ assert f_pg: XL_WP_ONLY(s->pg == \at(s->pg, Pre));
    //@ assert f_sgt: XL_WP_ONLY(s->rd != \null ==> s->rd->grant_table == \at(s->rd->grant_table, Pre));
    /*@ assert f_snr: XL_WP_ONLY(s->rd != \null ==> \let gt = \at(s->rd->grant_table, Pre);
        gt->nr_frames == \at(gt->nr_frames, Pre) &&
        \forall integer i; 0 <= i < GNTTAB_MAX_FRAMES ==> gt->active[i] == \at(gt->active[i], Pre)); */
    /*@ assert f_srec: XL_WP_ONLY(s->rd != \null ==>
        grant_act(s->rd->grant_table, s->ref) == \at(grant_act(s->rd->grant_table, s->ref), Pre)); */
    /*@ assert f_spin1: XL_WP_ONLY(s->rd != \null && gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) &&
        \at(grant_act(s->rd->grant_table, s->ref), Pre) ==
            \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre) ==>
        copy_rec_back{Pre, Here}(\at(grant_act(s->rd->grant_table, s->ref), Pre))); */
    /*@ assert f_spin2r: XL_WP_ONLY(\at(s->rd, Pre) != \null && !(gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) &&
        \at(grant_act(s->rd->grant_table, s->ref), Pre) ==
            \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre)) ==>
        \let a = \at(grant_act(s->rd->grant_table, s->ref), Pre);
        a->pin_ro == \at(a->pin_ro, Pre)); */
    /*@ assert f_spin2w: XL_WP_ONLY(\at(s->rd, Pre) != \null && !(gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) &&
        \at(grant_act(s->rd->grant_table, s->ref), Pre) ==
            \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre)) ==>
        \let a = \at(grant_act(s->rd->grant_table, s->ref), Pre);
        a->pin_rw == \at(a->pin_rw, Pre)); */
    /*@ assert f_spin2m: XL_WP_ONLY(\at(s->rd, Pre) != \null && !(gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) &&
        \at(grant_act(s->rd->grant_table, s->ref), Pre) ==
            \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre)) ==>
        \let a = \at(grant_act(s->rd->grant_table, s->ref), Pre);
        a->mfn == \at(a->mfn, Pre)); */
    /*@ assert f_spin2: XL_WP_ONLY(s->rd != \null && !(gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) &&
        \at(grant_act(s->rd->grant_table, s->ref), Pre) ==
            \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre)) ==>
        copy_rec_same{Pre, Here}(\at(grant_act(s->rd->grant_table, s->ref), Pre))); */
    /*@ assert f_spin: XL_WP_ONLY(s->rd != \null ==>
        copy_rec_back{Pre, Here}(\at(grant_act(s->rd->grant_table, s->ref), Pre))); */
    //@ assert f_kept: XL_WP_ONLY(copy_kept{Pre, Here});
    //@ assert f_gen: XL_WP_ONLY(gen_count(s->pg) >= 2 && page_ok(s->pg));
    //@ assert f_h1a: XL_WP_ONLY(s->rd != \null ==> \valid(s->rd));
    /*@ assert f_h1b: XL_WP_ONLY(s->rd != \null ==> \let gt = s->rd->grant_table;
        gt == \at(s->rd->grant_table, Pre) && gt->nr_frames == \at(gt->nr_frames, Pre) &&
        \forall integer i; 0 <= i < gt->nr_frames ==> gt->active[i] == \at(gt->active[i], Pre)); */
    /*@ assert f_h1c0: XL_WP_ONLY(s->rd != \null ==> \let gt = s->rd->grant_table;
        \valid(gt) && gt->nr_frames <= GNTTAB_MAX_FRAMES &&
        0 <= s->ref < gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME); */
    /*@ assert f_h1c2: XL_WP_ONLY(s->rd != \null ==> \let gt = s->rd->grant_table;
        \forall integer i; 0 <= i < gt->nr_frames ==>
            \valid(gt->active[i] + (0 .. GNTTAB_ENTRIES_PER_FRAME - 1)) &&
            \separated(gt, gt->active[i] + (0 .. GNTTAB_ENTRIES_PER_FRAME - 1))); */
    //@ assert f_h1c: XL_WP_ONLY(s->rd != \null ==> grant_ref_ok(s->rd->grant_table, s->ref));
    /*@ assert f_h1d: XL_WP_ONLY(s->rd != \null ==>
        \separated(grant_act(s->rd->grant_table, s->ref), s,
                   frame_table + (0 .. frame_table_nr - 1))); */
    /*@ assert f_h2: XL_WP_ONLY(s->rd != \null ==> \let a = grant_act(s->rd->grant_table, s->ref);
        frame_table + a->mfn == s->pg && a->pin_ro > 0); */
    /*@ assert f_h3: XL_WP_ONLY(s->rd != \null ==> \let a = grant_act(s->rd->grant_table, s->ref);
        a->mfn < frame_table_nr &&
        gen_count(frame_table + a->mfn) == \at(gen_count(frame_table + a->mfn), Pre) &&
        type_count(frame_table + a->mfn) == \at(type_count(frame_table + a->mfn), Pre)); */
    /*@ assert f_h4: XL_WP_ONLY(s->rd != \null ==> grant_act_ok(grant_act(s->rd->grant_table, s->ref))); */
    //@ assert f_held: XL_WP_ONLY(copy_held(s));
    //@ assert f_pre: XL_WP_ONLY(s->pg == \at(s->pg, Pre) && s->ro && gen_count(s->pg) >= 2);
Rel: __attribute__((unused));
    /*@ assert f_rsep: XL_WP_ONLY(gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) &&
        (\at(s->rd, Pre) == \null ||
         \at(grant_act(s->rd->grant_table, s->ref), Pre) !=
             \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre)) ==>
        (s->rd != \null ==> \separated(grant_act(s->rd->grant_table, s->ref),
            \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre)))); */
    copy_release(s);
    /*@ assert f_putg: XL_WP_ONLY(gen_count(\at(s->pg, Rel)) == \at(gen_count(s->pg), Rel) - 1); */
    /*@ assert f_putt: XL_WP_ONLY(type_count(\at(s->pg, Rel)) == \at(type_count(s->pg), Rel)); */
    /*@ assert f_others: XL_WP_ONLY(\forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != \at(s->pg, Rel) && \at(gen_count(frame_table + i), Rel) >= 1 ==>
        gen_count(frame_table + i) == \at(gen_count(frame_table + i), Rel) &&
        type_count(frame_table + i) == \at(type_count(frame_table + i), Rel)); */
    /*@ assert f_dbackr: XL_WP_ONLY(gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) &&
        (\at(s->rd, Pre) == \null ||
         \at(grant_act(s->rd->grant_table, s->ref), Pre) !=
             \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre)) ==>
        \let a = \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre);
        a->pin_ro == \at(a->pin_ro, Rel)); */
    /*@ assert f_dbackw: XL_WP_ONLY(gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) &&
        (\at(s->rd, Pre) == \null ||
         \at(grant_act(s->rd->grant_table, s->ref), Pre) !=
             \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre)) ==>
        \let a = \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre);
        a->pin_rw == \at(a->pin_rw, Rel)); */
    /*@ assert f_dbackm: XL_WP_ONLY(gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) &&
        (\at(s->rd, Pre) == \null ||
         \at(grant_act(s->rd->grant_table, s->ref), Pre) !=
             \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre)) ==>
        \let a = \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre);
        a->mfn == \at(a->mfn, Rel)); */
    /*@ assert f_dback: XL_WP_ONLY(gref && \at(copy_rec_in(p->domid, p->u.ref), Pre) &&
        (\at(s->rd, Pre) == \null ||
         \at(grant_act(s->rd->grant_table, s->ref), Pre) !=
             \at(grant_act(gnt_lookup(p->domid)->grant_table, p->u.ref), Pre)) ==>
        copy_rec_same{Rel, Here}(\at(grant_act(gnt_lookup(p->domid)->grant_table,
                                               p->u.ref), Pre))); */
    return st;
}

/*@ // What copy_run needs of the world (copy_one derives it from the
    // dispatcher's, gnt_disp_world, and its `elem`): op apart from the
    // frame table and the source's record and shared entry (copy_acquire's
    // writes); `current` apart from the frame table (gnt_lookup(DOMID_SELF)
    // across copy_acquire's frame_table[..] assigns); the destination's
    // granter and table apart from each frame; each side's granter
    // copy_dom_ok; the two sides' records apart from the other granter
    // and table, one or apart.
    predicate copy_world(struct domain *ld, struct gnttab_copy *op) =
        \separated(op, frame_table + (0 .. frame_table_nr - 1)) &&
        ((op->flags & GNTCOPY_source_gref) != 0 &&
         copy_rec_in(op->source.domid, op->source.u.ref) ==>
            \separated(op, grant_act(gnt_lookup(op->source.domid)->grant_table,
                                     op->source.u.ref)) &&
            \separated(op, grant_shared(gnt_lookup(op->source.domid)->grant_table,
                                        op->source.u.ref))) &&
        (current == \null || \separated(current, frame_table + (0 .. frame_table_nr - 1))) &&
        ((op->flags & GNTCOPY_dest_gref) != 0 && gnt_lookup(op->dest.domid) != \null ==>
            \forall integer i; 0 <= i < frame_table_nr ==>
            \separated(gnt_lookup(op->dest.domid), frame_table + i) &&
            (gnt_lookup(op->dest.domid)->grant_table != \null ==>
                \separated(gnt_lookup(op->dest.domid)->grant_table, frame_table + i))) &&
        ((op->flags & GNTCOPY_source_gref) != 0 ==>
            copy_dom_side(op->source.domid, op->source.u.ref)) &&
        ((op->flags & GNTCOPY_dest_gref) != 0 ==>
            copy_dom_side(op->dest.domid, op->dest.u.ref)) &&
        ((op->flags & GNTCOPY_source_gref) != 0 &&
         gnt_lookup(op->source.domid) != \null &&
         (op->flags & GNTCOPY_dest_gref) != 0 &&
         gnt_lookup(op->dest.domid) != \null ==>
            copy_sides_apart(gnt_lookup(op->source.domid), op->source.u.ref,
                             gnt_lookup(op->dest.domid), op->dest.u.ref) &&
            copy_sides_apart(gnt_lookup(op->dest.domid), op->dest.u.ref,
                             gnt_lookup(op->source.domid), op->source.u.ref));
*/

/*@ // copy_one's local buffer s apart from op, the frame table and each
    // side's granter, table and record (as copy_acquire's `side`).
    predicate copy_run_buf(struct gnttab_copy *op, struct copy_buf *s) =
        \separated(s, op, frame_table + (0 .. frame_table_nr - 1)) &&
        (current == \null || \separated(current, s)) &&
        ((op->flags & GNTCOPY_source_gref) != 0 && gnt_lookup(op->source.domid) != \null ==>
            copy_buf_apart(s, gnt_lookup(op->source.domid), op->source.u.ref)) &&
        ((op->flags & GNTCOPY_dest_gref) != 0 && gnt_lookup(op->dest.domid) != \null ==>
            copy_buf_apart(s, gnt_lookup(op->dest.domid), op->dest.u.ref));
*/

/* The copy of one checked element (copy_one's part after the checks;
 * same behaviour): op's fields read once into locals, acquire the source
 * (read-only), then the destination side and the source's release
 * (copy_finish).  What the acquires returned.  Every frame referenced at
 * entry keeps its counts.  copy_world: see its comment.  s: copy_one's
 * zeroed local buffer (apart from every granter, table and record: the
 * facts copy_one states with `buf`). */
/*@ requires frames_counts_ok && \valid_read(ld) && \valid_read(op) && \valid(s);
    requires look: current == \null || \valid_read(current);
    requires world: XL_WP_ONLY(copy_world(ld, op));
    requires fresh: s->pg == \null && s->rd == \null;
    requires buf: XL_WP_ONLY(copy_run_buf(op, s));
    requires ranges: op->source.offset + op->len <= PAGE_SIZE &&
                     op->dest.offset + op->len <= PAGE_SIZE;
    assigns *s, frame_table[0 .. frame_table_nr - 1],
            { *grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref) |
              integer k; k == 0 && copy_rec_in(op->source.domid, op->source.u.ref) },
            { grant_shared(gnt_lookup(op->source.domid)->grant_table,
                           op->source.u.ref)->flags |
              integer k; k == 0 && copy_rec_in(op->source.domid, op->source.u.ref) },
            { *grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref) |
              integer k; k == 0 && copy_rec_in(op->dest.domid, op->dest.u.ref) },
            { grant_shared(gnt_lookup(op->dest.domid)->grant_table,
                           op->dest.u.ref)->flags |
              integer k; k == 0 && copy_rec_in(op->dest.domid, op->dest.u.ref) };
    ensures kept: XL_WP_ONLY(copy_kept{Pre, Post});
*/
static int16_t
copy_run(struct domain *ld, struct gnttab_copy *op, struct copy_buf *s)
{
    unsigned int soff, doff, len;
    bool sgref, dgref;
    int16_t st;

    soff = op->source.offset;
    doff = op->dest.offset;
    len = op->len;
    sgref = op->flags & GNTCOPY_source_gref;
    dgref = op->flags & GNTCOPY_dest_gref;
    /*@ assert o_flags: XL_WP_ONLY((sgref <==> (op->flags & GNTCOPY_source_gref) != 0) &&
        (dgref <==> (op->flags & GNTCOPY_dest_gref) != 0)); */
    /*@ assert o_sw: XL_WP_ONLY((op->flags & GNTCOPY_source_gref) != 0 ==>
        copy_dom_side(op->source.domid, op->source.u.ref)); */
    /*@ assert o_dw: XL_WP_ONLY((op->flags & GNTCOPY_dest_gref) != 0 ==>
        copy_dom_side(op->dest.domid, op->dest.u.ref)); */
    /*@ assert o_sa: XL_WP_ONLY((op->flags & GNTCOPY_source_gref) != 0 &&
        (op->flags & GNTCOPY_dest_gref) != 0 && gnt_lookup(op->source.domid) != \null &&
        gnt_lookup(op->dest.domid) != \null ==>
        copy_sides_apart(gnt_lookup(op->source.domid), op->source.u.ref,
                         gnt_lookup(op->dest.domid), op->dest.u.ref) &&
        copy_sides_apart(gnt_lookup(op->dest.domid), op->dest.u.ref,
                         gnt_lookup(op->source.domid), op->source.u.ref)); */
    //@ assert o_fresh0: XL_WP_ONLY(\separated(s, op, frame_table + (0 .. frame_table_nr - 1)));
    /*@ assert o_fresh1: XL_WP_ONLY(sgref && gnt_lookup(op->source.domid) != \null ==>
        \separated(s, gnt_lookup(op->source.domid))); */
    /*@ assert o_fresh2: XL_WP_ONLY(sgref && gnt_lookup(op->source.domid) != \null &&
        gnt_lookup(op->source.domid)->grant_table != \null ==>
        \separated(s, gnt_lookup(op->source.domid)->grant_table)); */
    /*@ assert o_idx: XL_WP_ONLY(sgref && copy_rec_in(op->source.domid, op->source.u.ref) ==>
        \let gt = gnt_lookup(op->source.domid)->grant_table;
        0 <= op->source.u.ref / GNTTAB_ENTRIES_PER_FRAME < gt->nr_frames &&
        0 <= op->source.u.ref % GNTTAB_ENTRIES_PER_FRAME < GNTTAB_ENTRIES_PER_FRAME &&
        \valid(gt->active[op->source.u.ref / GNTTAB_ENTRIES_PER_FRAME] +
               (0 .. GNTTAB_ENTRIES_PER_FRAME - 1))); */
    /*@ assert o_fresh4: XL_WP_ONLY(sgref && copy_rec_in(op->source.domid, op->source.u.ref) ==>
        \separated(s, grant_act(gnt_lookup(op->source.domid)->grant_table,
                                   op->source.u.ref))); */
    /*@ assert o_fresh3: XL_WP_ONLY(sgref && copy_rec_in(op->source.domid, op->source.u.ref) ==>
        \valid(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref))); */
    /*@ assert o_sbuf: XL_WP_ONLY(sgref && gnt_lookup(op->source.domid) != \null ==>
        copy_buf_apart(s, gnt_lookup(op->source.domid), op->source.u.ref)); */
    /*@ assert o_side: XL_WP_ONLY(sgref ==> copy_side(op->source.domid, op->source.u.ref, s)); */
    /*@ assert o_dfresh1: XL_WP_ONLY(dgref && gnt_lookup(op->dest.domid) != \null ==>
        \separated(s, gnt_lookup(op->dest.domid))); */
    /*@ assert o_dfresh2: XL_WP_ONLY(dgref && gnt_lookup(op->dest.domid) != \null &&
        gnt_lookup(op->dest.domid)->grant_table != \null ==>
        \separated(s, gnt_lookup(op->dest.domid)->grant_table)); */
    /*@ assert o_didx: XL_WP_ONLY(dgref && copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
        \let gt = gnt_lookup(op->dest.domid)->grant_table;
        0 <= op->dest.u.ref / GNTTAB_ENTRIES_PER_FRAME < gt->nr_frames &&
        0 <= op->dest.u.ref % GNTTAB_ENTRIES_PER_FRAME < GNTTAB_ENTRIES_PER_FRAME &&
        \valid(gt->active[op->dest.u.ref / GNTTAB_ENTRIES_PER_FRAME] +
               (0 .. GNTTAB_ENTRIES_PER_FRAME - 1))); */
    /*@ assert o_dfresh4: XL_WP_ONLY(dgref && copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
        \separated(s, grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref))); */
    /*@ assert o_opft: XL_WP_ONLY(\forall integer i; 0 <= i < frame_table_nr ==>
        \separated(op, frame_table + i)); */
    /*@ assert o_opsep: XL_WP_ONLY(sgref && copy_rec_in(op->source.domid, op->source.u.ref) ==>
        \separated(op, grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref)) &&
        \separated(op, grant_shared(gnt_lookup(op->source.domid)->grant_table,
                                    op->source.u.ref))); */
    /*@ assert o_sgtsep: XL_WP_ONLY(sgref && copy_rec_in(op->source.domid, op->source.u.ref) ==>
        \let gt = gnt_lookup(op->source.domid)->grant_table;
        \separated(&gt->nr_frames, s, grant_act(gt, op->source.u.ref),
                   frame_table + (0 .. frame_table_nr - 1))); */
    /*@ assert o_dft1: XL_WP_ONLY(dgref && gnt_lookup(op->dest.domid) != \null ==>
        \forall integer i; 0 <= i < frame_table_nr ==>
        \separated(gnt_lookup(op->dest.domid), frame_table + i)); */
    /*@ assert o_dft2: XL_WP_ONLY(dgref && gnt_lookup(op->dest.domid) != \null &&
        gnt_lookup(op->dest.domid)->grant_table != \null ==>
        \forall integer i; 0 <= i < frame_table_nr ==>
        \separated(gnt_lookup(op->dest.domid)->grant_table, frame_table + i)); */
    /*@ assert o_dgtsep: XL_WP_ONLY(dgref && gnt_lookup(op->dest.domid) != \null &&
        gnt_lookup(op->dest.domid)->grant_table != \null ==>
        \let gt = gnt_lookup(op->dest.domid)->grant_table;
        \separated(gt, s, frame_table + (0 .. frame_table_nr - 1)) &&
        (sgref && copy_rec_in(op->source.domid, op->source.u.ref) ==>
            \separated(gt, grant_act(gnt_lookup(op->source.domid)->grant_table,
                                     op->source.u.ref)))); */
    /*@ assert o_dsep0: XL_WP_ONLY(dgref && copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
        \separated(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref),
                   gnt_lookup(op->dest.domid), frame_table + (0 .. frame_table_nr - 1))); */
    /*@ assert o_dgf0: XL_WP_ONLY(dgref && gnt_lookup(op->dest.domid) != \null ==>
        \separated(&gnt_lookup(op->dest.domid)->grant_table, s,
                   frame_table + (0 .. frame_table_nr - 1))); */
    /*@ assert o_dgtf: XL_WP_ONLY(dgref && gnt_lookup(op->dest.domid) != \null &&
        gnt_lookup(op->dest.domid)->grant_table != \null ==>
        \let gt = gnt_lookup(op->dest.domid)->grant_table;
        \separated(&gt->nr_frames, s, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(&gt->active[0], s, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(&gt->active[1], s, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(&gt->active[2], s, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(&gt->active[3], s, frame_table + (0 .. frame_table_nr - 1))); */
    /*@ assert o_dgtok0: XL_WP_ONLY(dgref && gnt_lookup(op->dest.domid) != \null &&
        gnt_lookup(op->dest.domid)->grant_table != \null ==>
        grant_table_ok(gnt_lookup(op->dest.domid)->grant_table)); */
    /*@ assert o_dap: XL_WP_ONLY(dgref && copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
        \let a = grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref);
        \separated(a, s, frame_table + (0 .. frame_table_nr - 1)) &&
        (sgref && copy_rec_in(op->source.domid, op->source.u.ref) &&
         grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref) != a ==>
            \separated(a, grant_act(gnt_lookup(op->source.domid)->grant_table,
                                    op->source.u.ref)))); */
    /*@ assert o_dok0: XL_WP_ONLY(dgref && copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
        grant_act_ok(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref))); */
    /*@ assert o_dapf: XL_WP_ONLY(dgref && copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
        \let a = grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref);
        \separated(&a->pin_ro, s, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(&a->pin_rw, s, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(&a->mfn, s, frame_table + (0 .. frame_table_nr - 1)) &&
        (sgref && copy_rec_in(op->source.domid, op->source.u.ref) &&
         grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref) != a ==>
            \separated(&a->pin_ro, grant_act(gnt_lookup(op->source.domid)->grant_table,
                                             op->source.u.ref)) &&
            \separated(&a->pin_rw, grant_act(gnt_lookup(op->source.domid)->grant_table,
                                             op->source.u.ref)) &&
            \separated(&a->mfn, grant_act(gnt_lookup(op->source.domid)->grant_table,
                                          op->source.u.ref)))); */
    /*@ assert o_cur0: XL_WP_ONLY(current != \null ==>
        \separated(&current->domain, s, frame_table + (0 .. frame_table_nr - 1))); */
Acq: __attribute__((unused));
    st = copy_acquire(ld, &op->source, sgref, true, s);
    //@ assert o_cur: XL_WP_ONLY(current != \null ==> current->domain == \at(current->domain, Acq));
    /*@ assert o_dst: XL_WP_ONLY(op->dest.domid == \at(op->dest.domid, Acq) &&
        op->dest.u.ref == \at(op->dest.u.ref, Acq)); */
    //@ assert o_look: XL_WP_ONLY(gnt_lookup(op->dest.domid) == \at(gnt_lookup(op->dest.domid), Acq));
    //@ assert o_took: XL_WP_ONLY(st == GNTST_okay ==> copy_took{Acq, Here}(s->pg, 1) && s->ro);
    /*@ assert o_rd: XL_WP_ONLY(st == GNTST_okay ==>
        (sgref ? s->rd == \at(gnt_lookup(op->source.domid), Pre) &&
            s->ref == \at(op->source.u.ref, Pre) &&
            \at(copy_rec_in(op->source.domid, op->source.u.ref), Pre)
          : s->rd == \null)); */
    /*@ assert o_sgt: XL_WP_ONLY(st == GNTST_okay && sgref ==>
        \let d = s->rd; d->grant_table == \at(d->grant_table, Pre)); */
    /*@ assert o_snr: XL_WP_ONLY(st == GNTST_okay && sgref ==>
        \let gt = \at(gnt_lookup(op->source.domid)->grant_table, Pre);
        gt->nr_frames == \at(gt->nr_frames, Pre)); */
    /*@ assert o_sact: XL_WP_ONLY(st == GNTST_okay && sgref ==>
        \let gt = \at(gnt_lookup(op->source.domid)->grant_table, Pre);
        \forall integer i; 0 <= i < GNTTAB_MAX_FRAMES ==> gt->active[i] == \at(gt->active[i], Pre)); */
    /*@ assert o_srec: XL_WP_ONLY(st == GNTST_okay && sgref ==>
        grant_ref_ok(s->rd->grant_table, s->ref) &&
        grant_act(s->rd->grant_table, s->ref) ==
            \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Pre) &&
        grant_shared(s->rd->grant_table, s->ref) ==
            \at(grant_shared(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Pre)); */
    /*@ assert o_rd0: XL_WP_ONLY(st == GNTST_okay ==> s->ro && s->pg != \null &&
        gen_count(s->pg) >= 2); */
    /*@ assert o_fco1: XL_WP_ONLY(st == GNTST_okay ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != s->pg ==>
            frame_table[i].count_info == \at(frame_table[i].count_info, Acq) &&
            frame_table[i].type_info == \at(frame_table[i].type_info, Acq)); */
    /*@ assert o_fco2: XL_WP_ONLY(st == GNTST_okay ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != s->pg ==>
            page_counts_ok(frame_table + i)); */
    //@ assert o_fco3: XL_WP_ONLY(st == GNTST_okay ==> page_ok(s->pg) && page_counts_ok(s->pg));
    //@ assert o_fco: XL_WP_ONLY(st == GNTST_okay ==> frames_counts_ok);
    /*@ assert o_h1: XL_WP_ONLY(st == GNTST_okay ==> page_ok(s->pg) && s->ro &&
        \separated(s, frame_table + (0 .. frame_table_nr - 1))); */
    /*@ assert o_h2: XL_WP_ONLY(st == GNTST_okay && s->rd != \null ==>
        \valid(s->rd) && grant_ref_ok(s->rd->grant_table, s->ref)); */
    /*@ assert o_h3: XL_WP_ONLY(st == GNTST_okay && s->rd != \null ==>
        \let a = grant_act(s->rd->grant_table, s->ref);
        frame_table + a->mfn == s->pg && a->pin_ro > 0 && grant_act_ok(a)); */
    /*@ assert o_h4: XL_WP_ONLY(st == GNTST_okay && s->rd != \null ==>
        \separated(grant_act(s->rd->grant_table, s->ref), s,
                   frame_table + (0 .. frame_table_nr - 1))); */
    //@ assert o_held: XL_WP_ONLY(st == GNTST_okay ==> copy_held(s));
    /*@ assert o_sdom: XL_WP_ONLY(st == GNTST_okay && s->rd != \null ==> copy_dom_ok(s->rd, s->ref)); */
    /*@ assert o_dgt: XL_WP_ONLY(st == GNTST_okay && dgref && gnt_lookup(op->dest.domid) != \null ==>
        \let d = gnt_lookup(op->dest.domid); d->grant_table == \at(d->grant_table, Acq)); */
    /*@ assert o_dnrn: XL_WP_ONLY(st == GNTST_okay && dgref && gnt_lookup(op->dest.domid) != \null &&
        gnt_lookup(op->dest.domid)->grant_table != \null ==>
        \let gt = gnt_lookup(op->dest.domid)->grant_table;
        gt->nr_frames == \at(gt->nr_frames, Acq)); */
    /*@ assert o_dnra: XL_WP_ONLY(st == GNTST_okay && dgref && gnt_lookup(op->dest.domid) != \null &&
        gnt_lookup(op->dest.domid)->grant_table != \null ==>
        \let gt = gnt_lookup(op->dest.domid)->grant_table;
        gt->active[0] == \at(gt->active[0], Acq) && gt->active[1] == \at(gt->active[1], Acq) &&
        gt->active[2] == \at(gt->active[2], Acq) && gt->active[3] == \at(gt->active[3], Acq)); */
    /*@ assert o_dnrA: XL_WP_ONLY(st == GNTST_okay && dgref && gnt_lookup(op->dest.domid) != \null &&
        gnt_lookup(op->dest.domid)->grant_table != \null ==>
        \let gt = gnt_lookup(op->dest.domid)->grant_table;
        \forall integer i; 0 <= i < GNTTAB_MAX_FRAMES ==> gt->active[i] == \at(gt->active[i], Acq)); */
    /*@ assert o_dgtok: XL_WP_ONLY(st == GNTST_okay && dgref && gnt_lookup(op->dest.domid) != \null &&
        gnt_lookup(op->dest.domid)->grant_table != \null ==>
        grant_table_ok(gnt_lookup(op->dest.domid)->grant_table)); */
    /*@ assert o_drec: XL_WP_ONLY(st == GNTST_okay && dgref && \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) ==>
        copy_rec_in(op->dest.domid, op->dest.u.ref) &&
        grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref) ==
            \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq)); */
    /*@ assert o_dact1: XL_WP_ONLY(st == GNTST_okay && dgref &&
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) && s->rd != \null &&
        grant_act(s->rd->grant_table, s->ref) ==
            grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref) ==>
        grant_act_ok(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref))); */
    /*@ assert o_dkr: XL_WP_ONLY(st == GNTST_okay && dgref && \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        !(sgref && \at(copy_rec_in(op->source.domid, op->source.u.ref), Acq) &&
          \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Acq) ==
          \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq)) ==>
        \let a = \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq);
        a->pin_ro == \at(a->pin_ro, Acq)); */
    /*@ assert o_dkw: XL_WP_ONLY(st == GNTST_okay && dgref && \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        !(sgref && \at(copy_rec_in(op->source.domid, op->source.u.ref), Acq) &&
          \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Acq) ==
          \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq)) ==>
        \let a = \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq);
        a->pin_rw == \at(a->pin_rw, Acq)); */
    /*@ assert o_dkm: XL_WP_ONLY(st == GNTST_okay && dgref && \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        !(sgref && \at(copy_rec_in(op->source.domid, op->source.u.ref), Acq) &&
          \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Acq) ==
          \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq)) ==>
        \let a = \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq);
        a->mfn == \at(a->mfn, Acq)); */
    /*@ assert o_dcond: XL_WP_ONLY(st == GNTST_okay && dgref &&
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        (s->rd == \null || grant_act(s->rd->grant_table, s->ref) !=
            grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref)) ==>
        !(sgref && \at(copy_rec_in(op->source.domid, op->source.u.ref), Acq) &&
          \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Acq) ==
          \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq))); */
    /*@ assert o_dcnt: XL_WP_ONLY(st == GNTST_okay && dgref &&
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        (s->rd == \null || grant_act(s->rd->grant_table, s->ref) !=
            grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref)) ==>
        \let a = \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq);
        \at(a->pin_ro + a->pin_rw, Acq) != 0 ==>
        \at(a->mfn < frame_table_nr, Acq) &&
        gen_count(frame_table + \at(a->mfn, Acq)) >= \at(gen_count(frame_table + a->mfn), Acq) &&
        type_count(frame_table + \at(a->mfn, Acq)) == \at(type_count(frame_table + a->mfn), Acq)); */
    /*@ assert o_dpin: XL_WP_ONLY(st == GNTST_okay && dgref &&
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        (s->rd == \null || grant_act(s->rd->grant_table, s->ref) !=
            grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref)) ==>
        copy_rec_same{Acq, Here}(\at(grant_act(gnt_lookup(op->dest.domid)->grant_table,
                                               op->dest.u.ref), Acq))); */
    /*@ assert o_dq2: XL_WP_ONLY(st == GNTST_okay && dgref &&
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        !(sgref && \at(copy_rec_in(op->source.domid, op->source.u.ref), Acq) &&
          \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Acq) ==
          \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq)) ==>
        \let a = \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq);
        grant_pins_ok(a)); */
    /*@ assert o_dq3: XL_WP_ONLY(st == GNTST_okay && dgref &&
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        !(sgref && \at(copy_rec_in(op->source.domid, op->source.u.ref), Acq) &&
          \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Acq) ==
          \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq)) ==>
        \let a = \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq);
        a->pin_ro + a->pin_rw != 0 ==> a->mfn < frame_table_nr); */
    /*@ assert o_dq4: XL_WP_ONLY(st == GNTST_okay && dgref &&
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        !(sgref && \at(copy_rec_in(op->source.domid, op->source.u.ref), Acq) &&
          \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Acq) ==
          \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq)) ==>
        \let a = \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq);
        a->pin_ro + a->pin_rw != 0 ==> a->pin_ro + a->pin_rw <= gen_count(frame_table + a->mfn)); */
    /*@ assert o_dq5: XL_WP_ONLY(st == GNTST_okay && dgref &&
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        !(sgref && \at(copy_rec_in(op->source.domid, op->source.u.ref), Acq) &&
          \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Acq) ==
          \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq)) ==>
        \let a = \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq);
        a->pin_ro + a->pin_rw != 0 ==> a->pin_rw <= type_count(frame_table + a->mfn)); */
    /*@ assert o_dact2a: XL_WP_ONLY(st == GNTST_okay && dgref &&
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        !(sgref && \at(copy_rec_in(op->source.domid, op->source.u.ref), Acq) &&
          \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Acq) ==
          \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq)) ==>
        grant_act_ok(\at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Acq))); */
    /*@ assert o_dact2: XL_WP_ONLY(st == GNTST_okay && dgref &&
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) &&
        (s->rd == \null || grant_act(s->rd->grant_table, s->ref) !=
            grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref)) ==>
        grant_act_ok(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref))); */
    /*@ assert o_drin: XL_WP_ONLY(st == GNTST_okay && dgref && copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq)); */
    /*@ assert o_dside0: XL_WP_ONLY(st == GNTST_okay && dgref && \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) ==>
        \separated(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref),
                   gnt_lookup(op->dest.domid), frame_table + (0 .. frame_table_nr - 1))); */
    /*@ assert o_dside1: XL_WP_ONLY(st == GNTST_okay && dgref && \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Acq) ==>
        grant_act_ok(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref))); */
    /*@ assert o_dside: XL_WP_ONLY(st == GNTST_okay && dgref ==> copy_dom_side(op->dest.domid, op->dest.u.ref)); */
    /*@ assert o_ap1: XL_WP_ONLY(st == GNTST_okay && dgref && gnt_lookup(op->dest.domid) != \null ==>
        copy_buf_apart(s, gnt_lookup(op->dest.domid), op->dest.u.ref)); */
    /*@ assert o_ap2: XL_WP_ONLY(st == GNTST_okay && dgref && gnt_lookup(op->dest.domid) != \null &&
        s->rd != \null ==> copy_sides_apart(s->rd, s->ref, gnt_lookup(op->dest.domid), op->dest.u.ref)); */
    /*@ assert o_ap3: XL_WP_ONLY(st == GNTST_okay && dgref && gnt_lookup(op->dest.domid) != \null &&
        s->rd != \null ==> copy_sides_apart(gnt_lookup(op->dest.domid), op->dest.u.ref, s->rd, s->ref)); */
    /*@ assert o_apart: XL_WP_ONLY(st == GNTST_okay ==>
        copy_src_apart(s, dgref, op->dest.domid, op->dest.u.ref)); */
    /*@ assert o_fail: XL_WP_ONLY(st != GNTST_okay ==> copy_kept{Pre, Here}); */
    /*@ assert o_inc_s: XL_WP_ONLY(st == GNTST_okay && s->rd != \null ==>
        \at(copy_rec_in(op->source.domid, op->source.u.ref), Pre) &&
        grant_act(s->rd->grant_table, s->ref) ==
            \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Pre) &&
        grant_shared(s->rd->grant_table, s->ref) ==
            \at(grant_shared(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Pre)); */
    /*@ assert o_inc_d: XL_WP_ONLY(st == GNTST_okay && dgref && copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
        \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Pre) &&
        grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref) ==
            \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Pre) &&
        grant_shared(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref) ==
            \at(grant_shared(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Pre)); */
    if (st == GNTST_okay)               /* else nothing held */
        st = copy_finish(ld, &op->dest, dgref, s, soff, doff, len);
    //@ assert o_kept: XL_WP_ONLY(copy_kept{Pre, Here});
    return st;
}

/*@ // The copy element op apart from what copy_one writes besides it: the
    // frame table, the source's record and shared entry (the dispatcher's
    // element is: gnt_elem_apart).
    predicate copy_op_apart(struct gnttab_copy *op) =
        \separated(op, frame_table + (0 .. frame_table_nr - 1)) &&
        (copy_rec_in(op->source.domid, op->source.u.ref) ==>
            \separated(op, grant_act(gnt_lookup(op->source.domid)->grant_table,
                                     op->source.u.ref)) &&
            \separated(op, grant_shared(gnt_lookup(op->source.domid)->grant_table,
                                        op->source.u.ref)));
*/

/* One copy element: check the flags and both ranges (each inside one
 * page), then the copy (copy_run: acquire the source read-only, the
 * destination side and the source's release).  op->status:
 * GNTST_bad_copy_arg, or what the acquires returned.  The dispatcher's
 * world in (copy_run's `world` follows from it), and kept (`disp_kept`:
 * trusted, README Assumed, as map_one's and unmap_one's). */
/*@ requires disp: gnt_disp_world(ld) && \valid(op);
    requires elem: XL_WP_ONLY(copy_op_apart(op));
    assigns op->status, frame_table[0 .. frame_table_nr - 1],
            { *grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref) |
              integer k; k == 0 && copy_rec_in(op->source.domid, op->source.u.ref) },
            { grant_shared(gnt_lookup(op->source.domid)->grant_table,
                           op->source.u.ref)->flags |
              integer k; k == 0 && copy_rec_in(op->source.domid, op->source.u.ref) },
            { *grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref) |
              integer k; k == 0 && copy_rec_in(op->dest.domid, op->dest.u.ref) },
            { grant_shared(gnt_lookup(op->dest.domid)->grant_table,
                           op->dest.u.ref)->flags |
              integer k; k == 0 && copy_rec_in(op->dest.domid, op->dest.u.ref) };
    ensures disp_kept: gnt_disp_world(ld);
*/
static void
copy_one(struct domain *ld, struct gnttab_copy *op)
{
    struct copy_buf src = { 0 };

    if ((op->flags & ~(GNTCOPY_source_gref | GNTCOPY_dest_gref)) != 0 ||
        (uint32_t)op->source.offset + op->len > PAGE_SIZE ||
        (uint32_t)op->dest.offset + op->len > PAGE_SIZE) {
        op->status = GNTST_bad_copy_arg;
        return;
    }
    /* the world's facts for this element, at entry (before src exists) */
    /*@ assert c_srd: XL_WP_ONLY(\at(gnt_lookup(op->source.domid) != \null ==>
        gnt_rd_ok(ld, gnt_lookup(op->source.domid)), Pre)); */
    /*@ assert c_drd: XL_WP_ONLY(\at(gnt_lookup(op->dest.domid) != \null ==>
        gnt_rd_ok(ld, gnt_lookup(op->dest.domid)), Pre)); */
    /*@ assert c_sa0: XL_WP_ONLY(\at(gnt_lookup(op->source.domid) != \null &&
        gnt_lookup(op->dest.domid) != \null ==>
        gnt_sides_apart(gnt_lookup(op->source.domid), op->source.u.ref,
                        gnt_lookup(op->dest.domid), op->dest.u.ref) &&
        gnt_sides_apart(gnt_lookup(op->dest.domid), op->dest.u.ref,
                        gnt_lookup(op->source.domid), op->source.u.ref), Pre)); */
    /*@ assert c_sa1: XL_WP_ONLY(\at(gnt_lookup(op->source.domid) != \null &&
        gnt_lookup(op->dest.domid) != \null ==>
        copy_sides_apart(gnt_lookup(op->source.domid), op->source.u.ref,
                         gnt_lookup(op->dest.domid), op->dest.u.ref) &&
        copy_sides_apart(gnt_lookup(op->dest.domid), op->dest.u.ref,
                         gnt_lookup(op->source.domid), op->source.u.ref), Pre)); */
    /* the same objects now (src, the local, is apart from them all) */
    /*@ assert c_look: XL_WP_ONLY(gnt_lookup(op->source.domid) == \at(gnt_lookup(op->source.domid), Pre) &&
        gnt_lookup(op->dest.domid) == \at(gnt_lookup(op->dest.domid), Pre) &&
        op->source.domid == \at(op->source.domid, Pre) &&
        op->dest.domid == \at(op->dest.domid, Pre) &&
        op->source.u.ref == \at(op->source.u.ref, Pre) &&
        op->dest.u.ref == \at(op->dest.u.ref, Pre) && op->flags == \at(op->flags, Pre)); */
    /*@ assert c_sw: XL_WP_ONLY(copy_dom_side(op->source.domid, op->source.u.ref)); */
    /*@ assert c_dw: XL_WP_ONLY(copy_dom_side(op->dest.domid, op->dest.u.ref)); */
    /*@ assert c_srec: XL_WP_ONLY((copy_rec_in(op->source.domid, op->source.u.ref) <==>
         \at(copy_rec_in(op->source.domid, op->source.u.ref), Pre)) &&
        (copy_rec_in(op->source.domid, op->source.u.ref) ==>
            grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref) ==
            \at(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Pre) &&
            grant_shared(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref) ==
            \at(grant_shared(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref), Pre))); */
    /*@ assert c_drec: XL_WP_ONLY((copy_rec_in(op->dest.domid, op->dest.u.ref) <==>
         \at(copy_rec_in(op->dest.domid, op->dest.u.ref), Pre)) &&
        (copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
            grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref) ==
            \at(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Pre) &&
            grant_shared(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref) ==
            \at(grant_shared(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref), Pre))); */
    /*@ assert c_dft1: XL_WP_ONLY(gnt_lookup(op->dest.domid) != \null ==>
        \forall integer i; 0 <= i < frame_table_nr ==>
        \separated(gnt_lookup(op->dest.domid), frame_table + i)); */
    /*@ assert c_dft2: XL_WP_ONLY(gnt_lookup(op->dest.domid) != \null &&
        gnt_lookup(op->dest.domid)->grant_table != \null ==>
        \forall integer i; 0 <= i < frame_table_nr ==>
        \separated(gnt_lookup(op->dest.domid)->grant_table, frame_table + i)); */
    /*@ assert c_sa: XL_WP_ONLY(gnt_lookup(op->source.domid) != \null &&
        gnt_lookup(op->dest.domid) != \null ==>
        copy_sides_apart(gnt_lookup(op->source.domid), op->source.u.ref,
                         gnt_lookup(op->dest.domid), op->dest.u.ref) &&
        copy_sides_apart(gnt_lookup(op->dest.domid), op->dest.u.ref,
                         gnt_lookup(op->source.domid), op->source.u.ref)); */
    /*@ assert c_cur: XL_WP_ONLY(current == \null ||
        \separated(current, frame_table + (0 .. frame_table_nr - 1))); */
    /*@ assert c_op: XL_WP_ONLY(\separated(op, frame_table + (0 .. frame_table_nr - 1)) &&
        (copy_rec_in(op->source.domid, op->source.u.ref) ==>
            \separated(op, grant_act(gnt_lookup(op->source.domid)->grant_table,
                                     op->source.u.ref)) &&
            \separated(op, grant_shared(gnt_lookup(op->source.domid)->grant_table,
                                        op->source.u.ref)))); */
    //@ assert c_world: XL_WP_ONLY(copy_world(ld, op));
    /* src, the local, apart from everything (as copy_dest's d_fresh*) */
    //@ assert c_f0: XL_WP_ONLY(\separated(&src, op, frame_table + (0 .. frame_table_nr - 1)));
    //@ assert c_f1: XL_WP_ONLY(current == \null || \separated(current, &src));
    /*@ assert c_f2a: XL_WP_ONLY(gnt_lookup(op->source.domid) != \null ==> \separated(&src, gnt_lookup(op->source.domid))); */
    /*@ assert c_f2b: XL_WP_ONLY(gnt_lookup(op->source.domid) != \null && gnt_lookup(op->source.domid)->grant_table != \null ==>
        \separated(&src, gnt_lookup(op->source.domid)->grant_table)); */
    /*@ assert c_f2i: XL_WP_ONLY(copy_rec_in(op->source.domid, op->source.u.ref) ==>
        \let gt = gnt_lookup(op->source.domid)->grant_table;
        0 <= op->source.u.ref / GNTTAB_ENTRIES_PER_FRAME < gt->nr_frames &&
        0 <= op->source.u.ref % GNTTAB_ENTRIES_PER_FRAME < GNTTAB_ENTRIES_PER_FRAME &&
        \valid(gt->active[op->source.u.ref / GNTTAB_ENTRIES_PER_FRAME] +
               (0 .. GNTTAB_ENTRIES_PER_FRAME - 1))); */
    /*@ assert c_f2v: XL_WP_ONLY(copy_rec_in(op->source.domid, op->source.u.ref) ==>
        \valid(grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref))); */
    /*@ assert c_f2c: XL_WP_ONLY(copy_rec_in(op->source.domid, op->source.u.ref) ==>
        \separated(&src, grant_act(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref))); */
    /*@ assert c_f2: XL_WP_ONLY(gnt_lookup(op->source.domid) != \null ==>
        \separated(&src, gnt_lookup(op->source.domid)) &&
        (gnt_lookup(op->source.domid)->grant_table != \null ==>
            \separated(&src, gnt_lookup(op->source.domid)->grant_table)) &&
        (grant_ref_ok(gnt_lookup(op->source.domid)->grant_table, op->source.u.ref) ==>
            \separated(&src, grant_act(gnt_lookup(op->source.domid)->grant_table,
                                       op->source.u.ref)))); */
    /*@ assert c_f3a: XL_WP_ONLY(gnt_lookup(op->dest.domid) != \null ==> \separated(&src, gnt_lookup(op->dest.domid))); */
    /*@ assert c_f3b: XL_WP_ONLY(gnt_lookup(op->dest.domid) != \null && gnt_lookup(op->dest.domid)->grant_table != \null ==>
        \separated(&src, gnt_lookup(op->dest.domid)->grant_table)); */
    /*@ assert c_f3i: XL_WP_ONLY(copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
        \let gt = gnt_lookup(op->dest.domid)->grant_table;
        0 <= op->dest.u.ref / GNTTAB_ENTRIES_PER_FRAME < gt->nr_frames &&
        0 <= op->dest.u.ref % GNTTAB_ENTRIES_PER_FRAME < GNTTAB_ENTRIES_PER_FRAME &&
        \valid(gt->active[op->dest.u.ref / GNTTAB_ENTRIES_PER_FRAME] +
               (0 .. GNTTAB_ENTRIES_PER_FRAME - 1))); */
    /*@ assert c_f3v: XL_WP_ONLY(copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
        \valid(grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref))); */
    /*@ assert c_f3c: XL_WP_ONLY(copy_rec_in(op->dest.domid, op->dest.u.ref) ==>
        \separated(&src, grant_act(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref))); */
    /*@ assert c_f3: XL_WP_ONLY(gnt_lookup(op->dest.domid) != \null ==>
        \separated(&src, gnt_lookup(op->dest.domid)) &&
        (gnt_lookup(op->dest.domid)->grant_table != \null ==>
            \separated(&src, gnt_lookup(op->dest.domid)->grant_table)) &&
        (grant_ref_ok(gnt_lookup(op->dest.domid)->grant_table, op->dest.u.ref) ==>
            \separated(&src, grant_act(gnt_lookup(op->dest.domid)->grant_table,
                                       op->dest.u.ref)))); */
    //@ assert c_buf: XL_WP_ONLY(copy_run_buf(op, &src));
    op->status = copy_run(ld, op, &src);
}

/* ------------------------------------------------------------------ */
/* setup_table, query_size, versions                                   */

/* Trusted contracts (proofs/README.md): the guest copies of the ops'
 * arguments, through copy_from_guest's `void *`, which WP's typed model
 * does not follow. */
/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_setup(struct gnttab_setup_table *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_query(struct gnttab_query_size *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_set_version(struct gnttab_set_version *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_get_version(struct gnttab_get_version *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/* Whether the caller may act on d (domain_lookup's result for the op's
 * domid): the caller, or another one if the caller is privileged.
 * GNTST_* */
/*@ requires \valid_read(ld) && (d == \null || \valid_read(d));
    assigns \nothing;
    ensures \result == GNTST_okay || \result == GNTST_bad_domain ||
            \result == GNTST_permission_denied;
    ensures ok: \result == GNTST_okay ==> d != \null &&
        (d == ld || ld->is_privileged);
*/
static int16_t
op_domain(const struct domain *ld, const struct domain *d)
{
    if (d == NULL || d->is_dying)
        return GNTST_bad_domain;
    if (d != ld && !ld->is_privileged)
        return GNTST_permission_denied;
    return GNTST_okay;
}

/*@ requires gnt_world && \valid_read(ld);
    ensures \result == 0 || \result == -EFAULT;
*/
static long
setup_table(struct domain *ld, uint64_t uop)
{
    struct gnttab_setup_table op;
    struct domain *d;

    if (guest_read_setup(&op, uop) != 0)
        return -EFAULT;
    d = domain_lookup(op.dom);
    /*@ assert lk: d == \null || gnt_dom_ok(d); */
    op.status = op_domain(ld, d);
    if (op.status == GNTST_okay && gt_grow(d, op.nr_frames) != 0)
        op.status = GNTST_general_error;
    /*@ loop invariant op.status == GNTST_okay ==>
            \valid_read(d->grant_table) &&
            op.nr_frames <= d->grant_table->nr_frames <= GNTTAB_MAX_FRAMES;
        loop assigns i;
    */
    for (uint32_t i = 0; op.status == GNTST_okay && i < op.nr_frames; i++) {
        /* A translated domain maps the frames itself (add_to_physmap). */
        xen_pfn_t f = arch_grant_translated(ld) ? ~0ULL : d->grant_table->frame[i];

        if (copy_to_guest(op.frame_list + i * sizeof(f), &f, sizeof(f)) != 0)
            return -EFAULT;
    }
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/*@ requires gnt_world && \valid_read(ld);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static long
query_size(struct domain *ld, uint64_t uop)
{
    struct gnttab_query_size op;
    struct domain *d;

    if (guest_read_query(&op, uop) != 0)
        return -EFAULT;
    d = domain_lookup(op.dom);
    /*@ assert lk: d == \null || gnt_dom_ok(d); */
    op.status = op_domain(ld, d);
    if (op.status == GNTST_okay) {
        op.nr_frames = d->grant_table ? d->grant_table->nr_frames : 0;
        op.max_nr_frames = GNTTAB_MAX_FRAMES;
    }
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* v1 only: asking for v2 is refused as by a Xen with gnttab=max-ver:1. */
/*@ assigns \nothing;
    ensures \result == 0 || \result == -EFAULT || \result == -EACCES ||
            \result == -EINVAL;
*/
static long
set_version(uint64_t uop)
{
    struct gnttab_set_version op;
    uint32_t want;

    if (guest_read_set_version(&op, uop) != 0)
        return -EFAULT;
    want = op.version;
    op.version = 1;
    if (copy_to_guest(uop, &op, sizeof(op)) != 0)
        return -EFAULT;
    return want == 1 ? 0 : want == 2 ? -EACCES : -EINVAL;
}

/*@ requires (current == \null || \valid_read(current)) && \valid_read(ld);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT || \result == -ESRCH ||
            \result == -EPERM;
*/
static long
get_version(struct domain *ld, uint64_t uop)
{
    struct gnttab_get_version op;
    struct domain *d;

    if (guest_read_get_version(&op, uop) != 0)
        return -EFAULT;
    d = domain_lookup(op.dom);
    if (d == NULL)
        return -ESRCH;
    if (d != ld && !ld->is_privileged)
        return -EPERM;
    op.version = 1;
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* ------------------------------------------------------------------ */
/* The hypercall.                                                      */

union gnttab_elem {
    struct gnttab_map_grant_ref map;
    struct gnttab_unmap_grant_ref unmap;
    struct gnttab_copy copy;
};

/*@ // (session 12, copy_one's proof; Assumed with gnt_elem_apart, README)
    // the element (the hypervisor's local copy) apart from every granter's
    // shared entry (in the granter's frames), whose flags a copy's acquire
    // writes.
    predicate gnt_elem_shared_apart(union gnttab_elem *e) = XL_WP_ONLY(\forall integer id, ref; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null &&
            grant_ref_ok(gnt_lookup(id)->grant_table, ref) ==>
            \separated(grant_shared(gnt_lookup(id)->grant_table, ref), e));
*/
/*@ // The element of a batch (batch_one's local copy) apart from everything
    // the world names: ld, its table and maptrack (found or to be made),
    // the frame table, every L1 slot, every granter with its table and
    // records, every record a handle of ld names.
    predicate gnt_elem_apart(struct domain *ld, union gnttab_elem *e) =
        \valid(e) && \separated(e, ld) && \separated(e, map_lgt(ld)) &&
        \separated(e, map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1)) &&
        \separated(e, frame_table + (0 .. frame_table_nr - 1)) &&
        (\forall integer a; \separated(grant_pte(a), e)) &&
        (\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
            \separated(gnt_lookup(id), e) &&
            (gnt_lookup(id)->grant_table != \null ==>
                \separated(gnt_lookup(id)->grant_table, e)) &&
            \forall integer ref; grant_ref_ok(gnt_lookup(id)->grant_table, ref) ==>
                \separated(grant_act(gnt_lookup(id)->grant_table, ref), e)) &&
        (ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                ld->grant_table->maptrack[h].flags != 0 &&
                ld->grant_table->maptrack[h].rd != \null ==>
                \separated(e, grant_act(ld->grant_table->maptrack[h].rd->grant_table,
                                        ld->grant_table->maptrack[h].ref))) &&
        gnt_elem_shared_apart(e);
*/

/* Trusted contract (proofs/README.md): the guest copy of one element,
 * through copy_from_guest's `void *` (as guest_read_setup). */
/*@ requires \valid(dst) && len <= sizeof(union gnttab_elem);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_elem(union gnttab_elem *dst, uint64_t va, size_t len)
{
    return copy_from_guest(dst, va, len);
}

/* What every element may write (ELEM_ASSIGNS: *e, the frame table, the
 * p2m and the L1 slots) and what each kind writes besides: the sets of
 * its step's `assigns`, and together elem_one's (ACSL macros, expanded by
 * Frama-C's preprocessing). */
#define ELEM_ASSIGNS(e) \
            *e, frame_table[0 .. frame_table_nr - 1], grant_p2m_state, \
            { *grant_pte(a) | integer a; 0 <= a }
#define ELEM_MAP_ASSIGNS(ld, e) \
            ld->grant_table, ld->xenmem_bytes, \
            { ld->grant_table->maptrack | integer k; k == 0 && ld->grant_table != \null }, \
            map_lmt(ld)[0 .. GNTTAB_MAPTRACK_MAX - 1], map_lgt(ld)->maptrack_used, \
            { *grant_act(gnt_lookup(e->map.dom)->grant_table, e->map.ref) | \
              integer k; k == 0 && map_rec_in(&e->map) }, \
            grant_shared(map_rgt(ld, &e->map), e->map.ref)->flags
#define ELEM_UNMAP_ASSIGNS(ld, e) \
            { ld->grant_table->maptrack[e->unmap.handle] | integer k; k == 0 && \
              unmap_handle_in(ld, &e->unmap) }, \
            { ld->grant_table->maptrack_used | integer k; k == 0 && \
              unmap_handle_in(ld, &e->unmap) }, \
            { *grant_act(ld->grant_table->maptrack[e->unmap.handle].rd->grant_table, \
                         ld->grant_table->maptrack[e->unmap.handle].ref) | \
              integer k; k == 0 && unmap_handle_in(ld, &e->unmap) && \
              ld->grant_table->maptrack[e->unmap.handle].rd != \null }, \
            { grant_shared(ld->grant_table->maptrack[e->unmap.handle].rd->grant_table, \
                           ld->grant_table->maptrack[e->unmap.handle].ref)->flags | \
              integer k; k == 0 && unmap_handle_in(ld, &e->unmap) && \
              ld->grant_table->maptrack[e->unmap.handle].rd != \null }
#define ELEM_COPY_ASSIGNS(ld, e) \
            { *grant_act(gnt_lookup(e->copy.source.domid)->grant_table, \
                         e->copy.source.u.ref) | \
              integer k; k == 0 && copy_rec_in(e->copy.source.domid, e->copy.source.u.ref) }, \
            { grant_shared(gnt_lookup(e->copy.source.domid)->grant_table, \
                           e->copy.source.u.ref)->flags | \
              integer k; k == 0 && copy_rec_in(e->copy.source.domid, e->copy.source.u.ref) }, \
            { *grant_act(gnt_lookup(e->copy.dest.domid)->grant_table, e->copy.dest.u.ref) | \
              integer k; k == 0 && copy_rec_in(e->copy.dest.domid, e->copy.dest.u.ref) }, \
            { grant_shared(gnt_lookup(e->copy.dest.domid)->grant_table, \
                           e->copy.dest.u.ref)->flags | \
              integer k; k == 0 && copy_rec_in(e->copy.dest.domid, e->copy.dest.u.ref) }

/* Each kind of element on its own, for the proof (elem_one). */
/*@ requires disp: gnt_disp_world(ld);
    requires elem: gnt_elem_apart(ld, e);
    assigns ELEM_ASSIGNS(e),
            ELEM_MAP_ASSIGNS(ld, e);
    ensures disp_kept: gnt_disp_world(ld);
*/
static void
elem_map(struct domain *ld, union gnttab_elem *e)
{
    map_one(ld, &e->map);
}

/*@ requires disp: gnt_disp_world(ld);
    requires elem: gnt_elem_apart(ld, e);
    assigns ELEM_ASSIGNS(e),
            ELEM_UNMAP_ASSIGNS(ld, e);
    ensures disp_kept: gnt_disp_world(ld);
*/
static void
elem_unmap(struct domain *ld, union gnttab_elem *e)
{
    unmap_one(ld, &e->unmap);
}

/*@ requires disp: gnt_disp_world(ld);
    requires elem: gnt_elem_apart(ld, e);
    assigns ELEM_ASSIGNS(e),
            ELEM_COPY_ASSIGNS(ld, e);
    ensures disp_kept: gnt_disp_world(ld);
*/
static void
elem_copy(struct domain *ld, union gnttab_elem *e)
{
    /*@ assert e_src: XL_WP_ONLY(copy_rec_in(e->copy.source.domid, e->copy.source.u.ref) ==>
        \separated(grant_act(gnt_lookup(e->copy.source.domid)->grant_table,
                             e->copy.source.u.ref), e) &&
        \separated(grant_shared(gnt_lookup(e->copy.source.domid)->grant_table,
                                e->copy.source.u.ref), e)); */
    copy_one(ld, &e->copy);
}

/* One element: map, unmap or copy (any other cmd: batch is only called
 * with these three).  The world holds before and after; the kinds'
 * steps elem_map/elem_unmap/elem_copy each name only their own fields
 * of the union in `assigns` (map_one's `map_world` at its call times out
 * when unmap's are named next to it: proofs/README.md, grant_disp). */
/*@ requires disp: gnt_disp_world(ld);
    requires elem: gnt_elem_apart(ld, e);
    assigns ELEM_ASSIGNS(e),
            ELEM_MAP_ASSIGNS(ld, e),
            ELEM_UNMAP_ASSIGNS(ld, e),
            ELEM_COPY_ASSIGNS(ld, e);
    ensures disp_kept: gnt_disp_world(ld);
*/
static void
elem_one(struct domain *ld, unsigned int cmd, union gnttab_elem *e)
{
    switch (cmd) {
    case GNTTABOP_map_grant_ref:
        elem_map(ld, e);
        break;
    case GNTTABOP_unmap_grant_ref:
        elem_unmap(ld, e);
        break;
    default:
        elem_copy(ld, e);
        break;
    }
}

/* The element buffer is batch_one's stack: no L1 slot (the arch's direct
 * map of page-table frames, grant_pte) and not what the allocator will
 * give ld's first table and maptrack (gnt_new_table, gnt_new_maptrack).
 * Ghost, trusted (proofs/README.md, Assumed): WP 25 knows a local apart
 * from every pointer read from memory, not from these logic functions. */
/*@ ghost
  /@ requires \valid(e);
     assigns \nothing;
     ensures slots: \forall integer a; \separated(grant_pte(a), e);
     ensures fresh: \separated(e, gnt_new_table(ld)) &&
                    \separated(e, gnt_new_maptrack(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1));
     ensures shared: gnt_elem_shared_apart(e);
  @/
  void gnt_elem_local(union gnttab_elem *e, struct domain *ld);
*/

/*@ // Beside gnt_elem_apart: every handle's granter and its table apart
    // from the element e (what the guest copy into e leaves of
    // grant_track_ok, which reads them).
    predicate gnt_elem_apart_rd(struct domain *ld, union gnttab_elem *e) =
        ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                ld->grant_table->maptrack[h].flags != 0 &&
                ld->grant_table->maptrack[h].rd != \null ==>
                \separated(ld->grant_table->maptrack[h].rd, e) &&
                \separated(ld->grant_table->maptrack[h].rd->grant_table, e);
    // The grant tables the world names after an element (ld's, every
    // granter's, every handle's granter's) apart from the element's stack
    // copy e: what the world needs to outlive e (the rest it names is
    // larger than e).
    predicate gnt_elem_unnamed(struct domain *ld, union gnttab_elem *e) =
        (ld->grant_table != \null ==> \separated(ld->grant_table, e)) &&
        (\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null &&
            gnt_lookup(id)->grant_table != \null ==>
            \separated(gnt_lookup(id)->grant_table, e)) &&
        (ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                ld->grant_table->maptrack[h].flags != 0 &&
                ld->grant_table->maptrack[h].rd != \null ==>
                \separated(ld->grant_table->maptrack[h].rd->grant_table, e));
*/

/* The granters and tables the world names are valid: a lemma of
 * gnt_disp_world for batch_one, as a ghost function with an empty body
 * (proved, grant_batch; WP proves it in its own small context). */
/*@ ghost
  /@ requires gnt_disp_world(ld);
     assigns \nothing;
     ensures handles: ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
         \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
             ld->grant_table->maptrack[h].flags != 0 &&
             ld->grant_table->maptrack[h].rd != \null ==>
                \valid(ld->grant_table->maptrack[h].rd) && grant_table_ok(ld->grant_table->maptrack[h].rd->grant_table);
     ensures handles_act: ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
         \forall integer h, i; 0 <= h < GNTTAB_MAPTRACK_MAX &&
             ld->grant_table->maptrack[h].flags != 0 &&
             ld->grant_table->maptrack[h].rd != \null &&
             0 <= i < ld->grant_table->maptrack[h].rd->grant_table->nr_frames ==>
             \valid(ld->grant_table->maptrack[h].rd->grant_table->active[i] +
                    (0 .. GNTTAB_ENTRIES_PER_FRAME - 1));
     ensures tracks: ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
         \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX ==>
             grant_track_ok(ld->grant_table->maptrack + h, ld->grant_table);
     ensures granters: \forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
         \valid(gnt_lookup(id)) && (gnt_lookup(id)->grant_table != \null ==>
             grant_table_ok(gnt_lookup(id)->grant_table));
     ensures granters_act: \forall integer id, i; 0 <= id <= 0xFFFF &&
         gnt_lookup(id) != \null && gnt_lookup(id)->grant_table != \null &&
         0 <= i < gnt_lookup(id)->grant_table->nr_frames ==>
         \valid(gnt_lookup(id)->grant_table->active[i] + (0 .. GNTTAB_ENTRIES_PER_FRAME - 1));
     ensures rd_ok: \forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
         gnt_rd_ok(ld, gnt_lookup(id));
  @/
  static void
  gnt_world_valid(struct domain *ld)
  {
  }
*/

/* After the element, the world keeps no pointer into its stack copy e
 * (map_one, unmap_one and copy_one store domains and tables, never op).
 * Ghost, trusted (proofs/README.md, Assumed): their contracts do not say
 * where the pointers they write (ld's new table and maptrack, a handle's
 * granter) point. */
/*@ ghost
  /@ requires \valid(e);
     assigns \nothing;
     ensures unnamed: gnt_elem_unnamed(ld, e);
  @/
  void gnt_elem_left(union gnttab_elem *e, struct domain *ld);
*/

/* The guest's element into e (batch_one's stack copy).  0 or -EFAULT.
 * The world and e's separations hold as before: what they read is
 * apart from e. */
/*@ requires disp: gnt_disp_world(ld);
    requires elem: gnt_elem_apart(ld, e) && gnt_elem_apart_rd(ld, e);
    requires size: size <= sizeof(union gnttab_elem);
    assigns *e;
    ensures disp_kept: gnt_disp_world(ld);
    ensures elem_kept: gnt_elem_apart(ld, e);
    ensures \result == 0 || \result == -EFAULT;
*/
static long
elem_read(struct domain *ld, union gnttab_elem *e, uint64_t va, size_t size)
{
    long rc = guest_read_elem(e, va, size);

    (void)ld;                           /* named by the contract only */

    /* The world and e's separations as before the copy into e: what
     * they read is apart from e. */
    //@ assert c1: XL_WP_ONLY(frames_counts_ok);
    /*@ assert c0: XL_WP_ONLY(\forall integer i; 0 <= i < frame_table_nr ==>
            frame_table[i].count_info == \at(frame_table[i].count_info, Pre) &&
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre)); */
    //@ assert c0p: XL_WP_ONLY(\forall integer a; *grant_pte(a) == \at(*grant_pte(a), Pre));
    /*@ assert c2a: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX ==>
                ld->grant_table->maptrack[h].flags == \at(ld->grant_table->maptrack[h].flags, Pre) &&
                ld->grant_table->maptrack[h].ref == \at(ld->grant_table->maptrack[h].ref, Pre) &&
                ld->grant_table->maptrack[h].mfn == \at(ld->grant_table->maptrack[h].mfn, Pre)); */
    /*@ assert c2b: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                ld->grant_table->maptrack[h].flags != 0 &&
                ld->grant_table->maptrack[h].rd != \null ==>
                ld->grant_table->maptrack[h].rd->grant_table->nr_frames ==
                    \at(ld->grant_table->maptrack[h].rd->grant_table->nr_frames, Pre)); */
    /*@ assert c2c: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                ld->grant_table->maptrack[h].flags != 0 &&
                ld->grant_table->maptrack[h].rd != \null ==>
                *grant_act(ld->grant_table->maptrack[h].rd->grant_table,
                           ld->grant_table->maptrack[h].ref) ==
                    \at(*grant_act(ld->grant_table->maptrack[h].rd->grant_table,
                                   ld->grant_table->maptrack[h].ref), Pre)); */
    /*@ assert c2p: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                ld->grant_table->maptrack[h].flags != 0 &&
                ld->grant_table->maptrack[h].rd != \null ==>
                \at(grant_ref_ok(ld->grant_table->maptrack[h].rd->grant_table, ld->grant_table->maptrack[h].ref) &&
                    grant_act_ok(grant_act(ld->grant_table->maptrack[h].rd->grant_table, ld->grant_table->maptrack[h].ref)) &&
                    grant_l1_refs_own(grant_act(ld->grant_table->maptrack[h].rd->grant_table, ld->grant_table->maptrack[h].ref)),
                    Pre)); */
    /*@ assert c2d: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                ld->grant_table->maptrack[h].flags != 0 &&
                ld->grant_table->maptrack[h].rd != \null ==>
                grant_ref_ok(ld->grant_table->maptrack[h].rd->grant_table, ld->grant_table->maptrack[h].ref)); */
    /*@ assert c2e: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                ld->grant_table->maptrack[h].flags != 0 &&
                ld->grant_table->maptrack[h].rd != \null ==>
                grant_act_ok(grant_act(ld->grant_table->maptrack[h].rd->grant_table, ld->grant_table->maptrack[h].ref))); */
    /*@ assert c2f: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                ld->grant_table->maptrack[h].flags != 0 &&
                ld->grant_table->maptrack[h].rd != \null ==>
                grant_l1_refs_own(grant_act(ld->grant_table->maptrack[h].rd->grant_table, ld->grant_table->maptrack[h].ref))); */
    /*@ assert c2: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX ==>
                grant_track_ok(ld->grant_table->maptrack + h, ld->grant_table)); */
    //@ assert c3: XL_WP_ONLY(gnt_ld_ok(ld));
    /*@ assert c4a: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null &&
            gnt_lookup(id)->grant_table != \null ==>
            gnt_lookup(id)->grant_table->nr_frames ==
                \at(gnt_lookup(id)->grant_table->nr_frames, Pre)); */
    /*@ assert c4b: XL_WP_ONLY(\forall integer id, ref; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null &&
            grant_ref_ok(gnt_lookup(id)->grant_table, ref) ==>
            *grant_act(gnt_lookup(id)->grant_table, ref) ==
                \at(*grant_act(gnt_lookup(id)->grant_table, ref), Pre)); */
    /*@ assert c4p: XL_WP_ONLY(\forall integer id, ref; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null &&
            grant_ref_ok(gnt_lookup(id)->grant_table, ref) ==>
            \at(grant_act_ok(grant_act(gnt_lookup(id)->grant_table, ref)) &&
                grant_l1_refs_own(grant_act(gnt_lookup(id)->grant_table, ref)), Pre)); */
    /*@ assert c4c: XL_WP_ONLY(\forall integer id, ref; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null &&
            grant_ref_ok(gnt_lookup(id)->grant_table, ref) ==>
            grant_act_ok(grant_act(gnt_lookup(id)->grant_table, ref)) &&
            grant_l1_refs_own(grant_act(gnt_lookup(id)->grant_table, ref))); */
    /*@ assert c4d: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null &&
            gnt_lookup(id)->grant_table != \null ==>
            grant_table_ok(gnt_lookup(id)->grant_table)); */
    /*@ assert c4: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
            gnt_rd_ok(ld, gnt_lookup(id))); */
    /*@ assert c4u: XL_WP_ONLY(\forall integer i, j, ref, eref; 0 <= i <= 0xFFFF && 0 <= j <= 0xFFFF &&
            gnt_lookup(i) != \null && gnt_lookup(j) != \null &&
            \at(gnt_sides_apart(gnt_lookup(i), ref, gnt_lookup(j), eref), Pre) ==>
            gnt_sides_apart(gnt_lookup(i), ref, gnt_lookup(j), eref)); */
    //@ assert c4e: XL_WP_ONLY(gnt_cur_apart);
    //@ assert c4f: XL_WP_ONLY(gnt_granters_apart);
    //@ assert c5: XL_WP_ONLY(gnt_disp_world(ld));
    //@ assert c6: XL_WP_ONLY(gnt_elem_apart(ld, e));
    return rc;
}

/* The element in e: elem_one under an `assigns` that does not depend on
 * e's fields (any record, maptrack entry or shared flags): batch_one
 * needs only the world back, and the call effects of elem_one's own sets
 * make its goals after the element time out. */
/*@ requires disp: gnt_disp_world(ld);
    requires elem: gnt_elem_apart(ld, e);
    assigns ELEM_ASSIGNS(e),
            { d->grant_table | struct domain *d }, { d->xenmem_bytes | struct domain *d },
            { t->maptrack | struct grant_table *t }, { t->maptrack_used | struct grant_table *t },
            { *m | struct grant_maptrack *m }, { *a | struct grant_active *a },
            { g->flags | struct grant_entry_v1 *g };
    ensures disp_kept: gnt_disp_world(ld);
*/
static void
elem_step(struct domain *ld, unsigned int cmd, union gnttab_elem *e)
{
    elem_one(ld, cmd, e);
}

/* One element at guest address va, through a copy on this stack (e):
 * copy in, act, copy the element back.  0 or -EFAULT.  The world holds
 * before and after (proofs/README.md, grant_batch). */
/*@ requires disp: gnt_disp_world(ld);
    requires size: size <= sizeof(union gnttab_elem);
    ensures disp_kept: gnt_disp_world(ld);
    ensures \result == 0 || \result == -EFAULT;
*/
static long
batch_one(struct domain *ld, unsigned int cmd, uint64_t va, size_t size)
{
    long rc;

    /* e's scope ends before the return: the proof states the world once
     * e is released (r*), from what e was apart from while allocated. */
    {
        union gnttab_elem e;

        /* The world as at entry, now that e is allocated. */
        //@ assert w1: XL_WP_ONLY(frames_counts_ok && (current == \null || \valid_read(current)));
        //@ assert w2: XL_WP_ONLY(map_ld_valid(ld));
        /*@ assert w3va: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
                \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                    ld->grant_table->maptrack[h].flags != 0 &&
                    ld->grant_table->maptrack[h].rd != \null ==>
                    \valid(ld->grant_table->maptrack[h].rd) &&
                    \valid(ld->grant_table->maptrack[h].rd->grant_table)); */
        /*@ assert w3vc: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
                \forall integer h, i; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                    ld->grant_table->maptrack[h].rd != \null ==>
                    \base_addr(ld->grant_table->maptrack[h].rd->grant_table->active[i]) !=
                    \base_addr(&e)); */
        /*@ assert w3vp: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
                \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                    ld->grant_table->maptrack[h].flags != 0 &&
                    ld->grant_table->maptrack[h].rd != \null ==>
                    \at(grant_table_ok(ld->grant_table->maptrack[h].rd->grant_table), Pre)); */
        /*@ assert w3vb: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
                \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                    ld->grant_table->maptrack[h].flags != 0 &&
                    ld->grant_table->maptrack[h].rd != \null ==>
                    grant_table_ok(ld->grant_table->maptrack[h].rd->grant_table)); */
        /*@ assert w3t: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
                \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX ==>
                    grant_track_ok(ld->grant_table->maptrack + h, ld->grant_table)); */
        /*@ assert w4: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
                gnt_rd_ok(ld, gnt_lookup(id))); */
        //@ assert w3: XL_WP_ONLY(gnt_ld_ok(ld));
        //@ assert w5: XL_WP_ONLY(gnt_cur_apart);
        //@ ghost gnt_elem_local(&e, ld);
        //@ assert p1: XL_WP_ONLY(\separated(&e, ld) && \separated(&e, frame_table + (0 .. frame_table_nr - 1)));
        //@ assert p2: XL_WP_ONLY(\separated(&e, map_lgt(ld)) && \separated(&e, map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1)));
        /*@ assert p3: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
                \separated(gnt_lookup(id), &e) &&
                (gnt_lookup(id)->grant_table != \null ==>
                    \separated(gnt_lookup(id)->grant_table, &e))); */
        /*@ assert p4: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
                \forall integer ref; grant_ref_ok(gnt_lookup(id)->grant_table, ref) ==>
                    \separated(grant_act(gnt_lookup(id)->grant_table, ref), &e)); */
        /*@ assert p5: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
                \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                    ld->grant_table->maptrack[h].flags != 0 &&
                    ld->grant_table->maptrack[h].rd != \null ==>
                    \separated(&e, grant_act(ld->grant_table->maptrack[h].rd->grant_table,
                                            ld->grant_table->maptrack[h].ref))); */
        //@ assert w6: XL_WP_ONLY(gnt_granters_apart);
        //@ assert w: XL_WP_ONLY(gnt_disp_world(ld));
        //@ assert a0: XL_WP_ONLY(gnt_elem_apart(ld, &e));
        //@ assert a1: XL_WP_ONLY(gnt_elem_apart_rd(ld, &e));
        rc = elem_read(ld, &e, va, size);
        if (rc == 0) {
            elem_step(ld, cmd, &e);
            if (copy_to_guest(va, &e, size) != 0)
                rc = -EFAULT;
        }
        //@ ghost gnt_elem_left(&e, ld);
        //@ ghost gnt_world_valid(ld);
        //@ assert l9: XL_WP_ONLY(gnt_granters_apart);
        /* What the world names is not in e (larger than e, or apart). */
        //@ assert s0w: XL_WP_ONLY(map_ld_valid(ld));
        /*@ assert s0: XL_WP_ONLY(\base_addr(ld) != \base_addr(&e) &&
                (ld->grant_table != \null ==>
                    \base_addr(ld->grant_table) != \base_addr(&e) &&
                    (ld->grant_table->maptrack != \null ==>
                        \base_addr(ld->grant_table->maptrack) != \base_addr(&e)))); */
        /*@ assert s1a: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
                \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                    ld->grant_table->maptrack[h].flags != 0 &&
                    ld->grant_table->maptrack[h].rd != \null ==>
                    \base_addr(ld->grant_table->maptrack[h].rd) != \base_addr(&e)); */
        /*@ assert s1b: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
                \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                    ld->grant_table->maptrack[h].flags != 0 &&
                    ld->grant_table->maptrack[h].rd != \null ==>
                    \base_addr(ld->grant_table->maptrack[h].rd->grant_table) != \base_addr(&e)); */
        /*@ assert s1c: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
                \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                    ld->grant_table->maptrack[h].flags != 0 &&
                    ld->grant_table->maptrack[h].rd != \null ==>
                    \forall integer i; 0 <= i < ld->grant_table->maptrack[h].rd->grant_table->nr_frames ==>
                        \base_addr(ld->grant_table->maptrack[h].rd->grant_table->active[i]) != \base_addr(&e)); */
        /*@ assert s2a: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
                \base_addr(gnt_lookup(id)) != \base_addr(&e)); */
        /*@ assert s2b: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null &&
                gnt_lookup(id)->grant_table != \null ==>
                \base_addr(gnt_lookup(id)->grant_table) != \base_addr(&e)); */
        /*@ assert s2c: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null &&
                gnt_lookup(id)->grant_table != \null ==>
                \forall integer i; 0 <= i < gnt_lookup(id)->grant_table->nr_frames ==>
                    \base_addr(gnt_lookup(id)->grant_table->active[i]) != \base_addr(&e)); */
    }
    /* The world once e is released. */
    //@ assert r1: XL_WP_ONLY(frames_counts_ok && (current == \null || \valid_read(current)));
    //@ assert r2: XL_WP_ONLY(map_ld_valid(ld));
    /*@ assert r3a: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                ld->grant_table->maptrack[h].flags != 0 &&
                ld->grant_table->maptrack[h].rd != \null ==>
                \valid(ld->grant_table->maptrack[h].rd) && \valid(ld->grant_table->maptrack[h].rd->grant_table) &&
                \forall integer i; 0 <= i < ld->grant_table->maptrack[h].rd->grant_table->nr_frames ==>
                    \valid(ld->grant_table->maptrack[h].rd->grant_table->active[i] + (0 .. GNTTAB_ENTRIES_PER_FRAME - 1))); */
    /*@ assert r3: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX &&
                ld->grant_table->maptrack[h].flags != 0 &&
                ld->grant_table->maptrack[h].rd != \null ==>
                grant_table_ok(ld->grant_table->maptrack[h].rd->grant_table)); */
    /*@ assert r4: XL_WP_ONLY(ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX ==>
                grant_track_ok(ld->grant_table->maptrack + h, ld->grant_table)); */
    //@ assert r5: XL_WP_ONLY(gnt_ld_ok(ld));
    /*@ assert r6a: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
            \valid(gnt_lookup(id)) && (gnt_lookup(id)->grant_table != \null ==>
                \valid(gnt_lookup(id)->grant_table) &&
                \forall integer i; 0 <= i < gnt_lookup(id)->grant_table->nr_frames ==>
                    \valid(gnt_lookup(id)->grant_table->active[i] +
                           (0 .. GNTTAB_ENTRIES_PER_FRAME - 1)))); */
    /*@ assert r6: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
            \valid(gnt_lookup(id)) && (gnt_lookup(id)->grant_table != \null ==>
                grant_table_ok(gnt_lookup(id)->grant_table))); */
    /*@ assert r7: XL_WP_ONLY(\forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
            gnt_rd_ok(ld, gnt_lookup(id))); */
    //@ assert r8: XL_WP_ONLY(gnt_cur_apart);
    //@ assert r9: XL_WP_ONLY(gnt_granters_apart);
    return rc;
}

/* Elements one by one (batch_one).  The world is the loop's invariant:
 * each element finds it and keeps it. */
/*@ requires disp: gnt_disp_world(ld);
    requires size: size <= sizeof(union gnttab_elem);
    ensures disp_kept: gnt_disp_world(ld);
    ensures \result == 0 || \result == -EINVAL || \result == -EFAULT;
*/
static long
batch(struct domain *ld, unsigned int cmd, uint64_t uop, unsigned int count,
      size_t size)
{
    if (count > GNTTAB_BATCH_MAX)
        return -EINVAL;         /* no preemption yet: bounded, as pv_mm */
    /*@ loop invariant bound: 0 <= i <= count <= GNTTAB_BATCH_MAX;
        loop invariant same: ld == \at(ld, Pre) && size == \at(size, Pre);
        loop invariant disp: gnt_disp_world(ld);
    */
    for (unsigned int i = 0; i < count; i++) {
        long rc = batch_one(ld, cmd, uop + (uint64_t)i * size, size);

        if (rc != 0)
            return rc;
    }
    return 0;
}


/*@ requires world: gnt_hc_world;
    ensures elems: cmd == GNTTABOP_map_grant_ref || cmd == GNTTABOP_unmap_grant_ref ||
        cmd == GNTTABOP_copy ==> gnt_disp_world(\old(current->domain));
*/
long
do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count)
{
    struct domain *ld = current->domain;

    switch (cmd) {
    case GNTTABOP_map_grant_ref:
        return batch(ld, cmd, uop, count, sizeof(struct gnttab_map_grant_ref));
    case GNTTABOP_unmap_grant_ref:
        return batch(ld, cmd, uop, count, sizeof(struct gnttab_unmap_grant_ref));
    case GNTTABOP_copy:
        return batch(ld, cmd, uop, count, sizeof(struct gnttab_copy));
    case GNTTABOP_setup_table:
        return count != 1 ? -EINVAL : setup_table(ld, uop);
    case GNTTABOP_query_size:
        return count != 1 ? -EINVAL : query_size(ld, uop);
    case GNTTABOP_set_version:
        return count != 1 ? -EINVAL : set_version(uop);
    case GNTTABOP_get_version:
        return count != 1 ? -EINVAL : get_version(ld, uop);
    default:
        return -ENOSYS;
    }
}

/* ------------------------------------------------------------------ */
/* Domain death.                                                       */

/* What d mapped: the entries (if its tables still hold them) and the
 * grant references. */
static void
release_own_mappings(struct domain *d, struct grant_table *gt)
{
    for (unsigned int h = 0; gt->maptrack && h < GNTTAB_MAPTRACK_MAX; h++) {
        struct grant_maptrack *m = &gt->maptrack[h];

        if (m->flags == 0)
            continue;
        if (m->flags & GNTMAP_host_map) {
            if (arch_grant_translated(d))
                (void)arch_grant_unmap_hvm(d, m->gfn, m->mfn);
            else
                (void)pv_remove(d, m->pte_maddr, m->mfn);
        }
        maptrack_release(gt, m, (m->flags & GNTMAP_readonly) != 0);
    }
}

/* Others' mappings of d's frames outlive d: forget d in their maptrack,
 * and take the frames they pin off d (their references keep them). */
static void
orphan_mapped_frames(struct domain *d, struct grant_table *gt)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct grant_table *o = domain_table[i] ? domain_table[i]->grant_table : NULL;

        for (unsigned int h = 0; o && o->maptrack && h < GNTTAB_MAPTRACK_MAX; h++)
            if (o->maptrack[h].flags != 0 && o->maptrack[h].rd == d)
                o->maptrack[h].rd = NULL;
    }
    for (grant_ref_t r = 0; r < gt_nr_entries(gt); r++) {
        struct grant_active *act = active_entry(gt, r);

        struct page_info *pg = mfn_to_page(act->mfn);

        /* Table frames still hold their allocation: free_table_frame. */
        if (act->pin_ro + act->pin_rw != 0 && pg->owner == d &&
            !(pg->count_info & PGC_allocated))
            page_disown(pg);
        memset(act, 0, sizeof(*act));
    }
}

/* A table frame: freed now unless a grantee maps it (then the last put). */
static void
free_table_frame(struct domain *d, mfn_t mfn)
{
    struct page_info *pg = mfn_to_page(mfn);

    pg->owner = NULL;           /* never on d's page list */
    put_page_type(pg);          /* the permanent one */
    page_drop_allocation(pg);
    domain_xen_frame_gone(d);   /* off d's books, freed or not yet */
}

void
grant_table_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (gt == NULL)
        return;
    release_own_mappings(d, gt);
    orphan_mapped_frames(d, gt);
    for (unsigned int i = 0; i < gt->nr_frames; i++) {
        free_table_frame(d, gt->frame[i]);
        domain_xfree(d, gt->active[i]);
    }
    domain_xfree(d, gt->maptrack);
    domain_xfree(d, gt);
    d->grant_table = NULL;
}
