/*
 * grant_table.h - grant tables, version 1: how one domain lets another
 * map or copy one of its frames (Xen's GNTTABOP_* ABI, spec/public/grant_table.h).
 *
 * Environment: hosted and hypervisor (portable core).  No lock: one
 * physical CPU runs the hypervisor and no guest runs while these do.
 *
 * The granting domain (rd) owns a table of nr_frames frames of
 * grant_entry_v1 (512 per frame), allocated by the hypervisor, owned by rd
 * and mapped by rd itself (PV: the mfns setup_table returns; HVM: the lead's
 * add_to_physmap(XENMAPSPACE_grant_table) through grant_table_frame_mfn).
 * rd writes an entry { flags = GTF_permit_access [| GTF_readonly], domid =
 * grantee, frame }.  The grantee (ld) then names it by (rd's domid, ref):
 *
 *   - map_grant_ref: pins the entry (an "active" record per ref keeps the
 *     frame and the pin counts; GTF_reading is set while any pin exists,
 *     GTF_writing while a writable one does) and gives ld a maptrack handle;
 *     GNTMAP_host_map installs the frame: for a PV ld an L1 entry at
 *     host_addr (a virtual address walked in current's page tables, or with
 *     GNTMAP_contains_pte the machine address of the L1 entry itself), for
 *     a translated (HVM/PVH) ld a p2m entry for gfn host_addr >> 12
 *     (arch_grant_map_hvm).  GNTMAP_device_map reports the bus address.
 *   - unmap_grant_ref(handle): undoes one mapping.
 *   - copy: the hypervisor copies bytes between a granted frame and/or the
 *     caller's own frames; nothing stays pinned.
 *
 * References (the frame-table invariants of pv_mm.h keep holding):
 *   - each maptrack entry in use holds one general reference on its frame,
 *     and a PGT_writable_page type reference when it is writable;
 *   - a PV host mapping's L1 entry holds, like every L1 entry, one more
 *     general reference (and a writable type reference if PTE_RW).  The
 *     guest may drop that entry behind the grant's back (mmu_update, unpin):
 *     the entry's references go with it, the grant's stay until the handle
 *     is unmapped or ld dies.  Unmap clears the entry only if it is still
 *     there (validated L1, naming the frame); otherwise GNTST_general_error
 *     and the handle stays (as Xen).
 * So a frame lives while any mapping of it exists, even after rd dies:
 * grant_table_destroy(rd) disowns the frames still pinned (owner NULL, off
 * rd's page list); the last put frees them.
 *
 * Revocation (rd clears GTF_permit_access while mapped) does not tear a
 * mapping down; GTF_reading/GTF_writing stay set until the last unmap, and
 * new maps and copies of that ref are refused.  A ref pinned read-only is
 * never mapped writable: a writable map needs GTF_readonly clear at the
 * time it is made.
 *
 * Who may call what:
 *   - do_grant_table_op: the hypercall dispatcher, for `current`;
 *   - grant_table_frame_mfn: the arch's add_to_physmap (grows the table);
 *   - grant_table_destroy: domain_kill only, after pv_relinquish_memory.
 * Guest errors are GNTST_* in each element's status; the call itself
 * returns 0, -EFAULT (argument unreadable/unwritable), -EINVAL (bad count)
 * or -ENOSYS (unknown sub-op), as Xen.
 */
#ifndef XL_GRANT_TABLE_H
#define XL_GRANT_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <domain.h>
#include <mm.h>
#include <pv_mm.h>
#include "public/grant_table.h"

#define GNTTAB_MAX_FRAMES        4      /* default max, as Xen's 2048 entries */
#define GNTTAB_ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(struct grant_entry_v1))
#define GNTTAB_MAX_ENTRIES       (GNTTAB_MAX_FRAMES * GNTTAB_ENTRIES_PER_FRAME)
#define GNTTAB_MAPTRACK_MAX      1024   /* handles per mapping domain */
#define GNTTAB_PIN_MAX           0xffffU  /* per ref and kind (ro / rw) */
#define GNTTAB_BATCH_MAX         4096U  /* map/unmap/copy elements per call */

_Static_assert(GNTTAB_ENTRIES_PER_FRAME == 512, "v1 entries per frame");

/* Per granted ref of rd: what the grantees pinned.  Valid while
 * pin_ro + pin_rw > 0; all zero otherwise. */
struct grant_active {
    domid_t domid;          /* the grantee that pinned it */
    mfn_t mfn;              /* the frame pinned (read once, at the first pin) */
    uint32_t pin_ro;        /* read-only maps and copies in flight */
    uint32_t pin_rw;        /* writable maps and copies in flight */
};

/* Per handle of ld.  flags == 0: free. */
struct grant_maptrack {
    uint32_t flags;         /* GNTMAP_host_map / device_map / readonly /
                               contains_pte as mapped */
    struct domain *rd;      /* granting domain; NULL once it died */
    grant_ref_t ref;
    mfn_t mfn;              /* holds a general ref (+ writable type ref) */
    uint64_t pte_maddr;     /* PV host map: machine address of the L1 entry */
    uint64_t gfn;           /* HVM host map: where the p2m maps it */
};

struct grant_table {
    unsigned int nr_frames;                      /* <= max_frames */
    unsigned int max_frames;
    mfn_t frame[GNTTAB_MAX_FRAMES];              /* owned by the domain */
    struct grant_active *active[GNTTAB_MAX_FRAMES];  /* 512 each */
    struct grant_maptrack *maptrack;             /* NULL until the first map */
    unsigned int maptrack_used;                  /* entries in use */
};

/* The entry pv_install writes for a PV host map (grant_l1e), as an ACSL
 * term (a macro so that WP sees the expression itself; ro != 0:
 * read-only). */
#define GRANT_L1E_VAL(mfn, ro)                                               \
    ((uint64_t)((mfn) << 12) | (PTE_PRESENT | PTE_USER | PTE_ACCESSED) |     \
     ((ro) != 0 ? 0 : (PTE_RW | PTE_DIRTY)))

/*@ // The pins of a ref never exceed what the frame's counts hold: each
    // map holds a general ref, each writable one a type ref.
    predicate grant_map_count_le_refs(struct grant_active *a, struct page_info *pg) =
        a->pin_ro + a->pin_rw <= gen_count(pg) && a->pin_rw <= type_count(pg);
    // A read-only mapping takes no type ref and never a writable PTE.
    predicate grant_ro_never_writable(struct grant_maptrack *m, uint64_t pte) =
        (m->flags & GNTMAP_readonly) != 0 ==> (pte & PTE_RW) == 0;

    // gt's active records: nr_frames arrays of 512, valid.
    predicate grant_table_ok(struct grant_table *gt) =
        \valid(gt) && gt->nr_frames <= GNTTAB_MAX_FRAMES &&
        \forall integer i; 0 <= i < gt->nr_frames ==>
            \valid(gt->active[i] + (0 .. GNTTAB_ENTRIES_PER_FRAME - 1)) &&
            \separated(gt, gt->active[i] + (0 .. GNTTAB_ENTRIES_PER_FRAME - 1));
    predicate grant_ref_ok(struct grant_table *gt, integer ref) =
        grant_table_ok(gt) && 0 <= ref < gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
    logic struct grant_active *grant_act(struct grant_table *gt, integer ref) =
        gt->active[ref / GNTTAB_ENTRIES_PER_FRAME] + ref % GNTTAB_ENTRIES_PER_FRAME;
    // The shared entry of ref: inside a frame of gt, reached through the
    // arch's direct map (page_to_virt), so abstract here.
    axiomatic Grant_shared {
      logic struct grant_entry_v1 *grant_shared{L}(struct grant_table *gt,
                                                   integer ref);
    }
    // No pin count reaches past its cap.
    predicate grant_pins_ok(struct grant_active *a) =
        a->pin_ro <= GNTTAB_PIN_MAX && a->pin_rw <= GNTTAB_PIN_MAX;

    // The invariant of one active record, as map_one, unmap_one and
    // maptrack_release require and ensure it for the record they touch:
    // pins within their caps; while pinned, the frame is in the frame
    // table and its counts cover the pins (grant_map_count_le_refs).
    predicate grant_act_ok(struct grant_active *a) =
        grant_pins_ok(a) &&
        (a->pin_ro + a->pin_rw != 0 ==>
            a->mfn < frame_table_nr &&
            grant_map_count_le_refs(a, frame_table + a->mfn));

    // pv_mm's count invariant on every frame (map_one reads the frame
    // number from the granter's entry, so it needs it for any frame).
    predicate frames_counts_ok =
        frame_table_ok &&
        \forall integer i; 0 <= i < frame_table_nr ==>
            page_counts_ok(frame_table + i);

    // The L1 entry at machine address maddr, through the arch's direct map
    // (pte_at, grant_table.c), and the frame an entry names.
    axiomatic Grant_pte {
      logic uint64_t *grant_pte(integer maddr);
    }
    logic integer grant_pte_mfn(integer e) = (e & PTE_MFN_MASK) >> 12;
    // The L1 rule (pv_mm.h), as far as a pinned record needs it: a present
    // L1 entry naming the record's frame holds a general reference (and,
    // if RW, a writable type reference) of its own, beyond the record's
    // pins.  Relied on (README: needs the global reference accounting),
    // not proved.
    predicate grant_l1_refs_own(struct grant_active *a) =
        \forall integer m; (m >> 12) < frame_table_nr &&
            (*grant_pte(m) & PTE_PRESENT) != 0 &&
            grant_pte_mfn(*grant_pte(m)) == a->mfn &&
            a->pin_ro + a->pin_rw != 0 ==>
            gen_count(frame_table + a->mfn) >= a->pin_ro + a->pin_rw + 1 &&
            ((*grant_pte(m) & PTE_RW) != 0 ==>
                type_count(frame_table + a->mfn) >= a->pin_rw + 1);

    // A maptrack entry of lgt in use holds a general reference of its
    // frame; while its granter lives, the granter's active record names
    // the same frame, holds a pin of the entry's kind and keeps its
    // invariant (grant_act_ok, grant_l1_refs_own), apart from the maptrack.
    // Required by unmap_one (established by map_one's `mapped`).
    predicate grant_track_ok(struct grant_maptrack *m, struct grant_table *lgt) =
        m->flags != 0 ==>
            m->mfn < frame_table_nr && gen_count(frame_table + m->mfn) >= 1 &&
            (m->rd != \null ==>
                \valid(m->rd) && grant_ref_ok(m->rd->grant_table, m->ref) &&
                \separated(m->rd, m, lgt, frame_table + (0 .. frame_table_nr - 1)) &&
                \separated(m->rd->grant_table, m, lgt,
                           frame_table + (0 .. frame_table_nr - 1)) &&
                grant_act(m->rd->grant_table, m->ref)->mfn == m->mfn &&
                ((m->flags & GNTMAP_readonly) != 0 ?
                    grant_act(m->rd->grant_table, m->ref)->pin_ro > 0 :
                    grant_act(m->rd->grant_table, m->ref)->pin_rw > 0) &&
                grant_act_ok(grant_act(m->rd->grant_table, m->ref)) &&
                grant_l1_refs_own(grant_act(m->rd->grant_table, m->ref)) &&
                \separated(grant_act(m->rd->grant_table, m->ref), m, lgt,
                           frame_table + (0 .. frame_table_nr - 1)) &&
                \forall integer a;
                    \separated(grant_pte(a), grant_act(m->rd->grant_table, m->ref)));

    // The p2m of a translated domain is arch memory, not modelled: a ghost
    // state number stands for it, and two abstract views of it.
    axiomatic Grant_p2m {
      logic integer grant_p2m_mfn(integer s, struct domain *d, integer gfn);
      predicate grant_p2m_rw(integer s, struct domain *d, integer gfn);
    }
*/
//@ ghost extern int grant_p2m_state;

/* grant_table_op(cmd, uop, count) for current (Xen's prototype). */
long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count);

/* Machine frame of table frame idx of d, growing the table to idx + 1
 * frames if needed (Xen's XENMAPSPACE_grant_table does the same).
 * INVALID_MFN if idx >= max frames, d is dying or memory is short. */
mfn_t grant_table_frame_mfn(struct domain *d, unsigned int idx);

/* The domain builder's grant (Xen's reserved entries): entry ref of d
 * becomes { GTF_permit_access, grantee, frame }, the table growing to
 * hold it.  frame is a gfn (translated d) or an mfn of d.  0, -EINVAL
 * (ref beyond GNTTAB_NR_RESERVED_ENTRIES, frame too big, d dying),
 * -ENOMEM.  For a domain that is not running yet (nothing races it). */
int grant_table_reserved_entry(struct domain *d, grant_ref_t ref,
                               domid_t grantee, uint64_t frame);

/* domain_kill, after pv_relinquish_memory: unmap what d mapped (drop its
 * maptrack references, unpin rd's entries), disown d's frames that others
 * still map, free the table.  Idempotent. */
void grant_table_destroy(struct domain *d);

/* Oracle / test view: the active record of (d, ref), NULL if none. */
const struct grant_active *grant_active_of(const struct domain *d, grant_ref_t ref);

/* ---- arch hooks (x86 in src/hv/arch/x86/hvm/grant.c, sim in sim/sim_grant.c) ---- */

/* d is translated (HVM/PVH): grant frames are gfns, host_addr is a
 * guest-physical address.  (Trusted contract: a read; fixed for d's life.) */
/*@ axiomatic Grant_translated { predicate grant_translated(struct domain *d); } */
/*@ assigns \nothing;
    ensures \result <==> grant_translated((struct domain *)d);
*/
bool arch_grant_translated(const struct domain *d);

/* mfn of gfn in translated d's p2m, or INVALID_MFN.  (Trusted: a read.) */
/*@ assigns \nothing; */
mfn_t arch_grant_gfn_to_mfn(const struct domain *d, uint64_t gfn);

/* Make gfn of translated d map mfn (read-only if readonly): 0 or -errno.
 * The references are the grant's; the p2m entry takes none.
 * Trusted contract (proofs/README.md, Assumed): on success gfn maps mfn,
 * writable only if !readonly, and no other gfn of any domain changes; on
 * failure nothing changes.  (A p2m table frame it may take from the
 * allocator is a free frame: not named here.) */
/*@ assigns grant_p2m_state;
    ensures mapped: \result == 0 ==>
        grant_p2m_mfn(grant_p2m_state, d, gfn) == mfn &&
        (grant_p2m_rw(grant_p2m_state, d, gfn) ==> !readonly);
    ensures others: \forall struct domain *o, integer g; o != d || g != gfn ==>
        grant_p2m_mfn(grant_p2m_state, o, g) ==
            grant_p2m_mfn(\old(grant_p2m_state), o, g) &&
        (grant_p2m_rw(grant_p2m_state, o, g) <==>
            grant_p2m_rw(\old(grant_p2m_state), o, g));
    ensures failed: \result != 0 ==> grant_p2m_state == \old(grant_p2m_state);
*/
int arch_grant_map_hvm(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly);

/* Undo it: 0, or -EINVAL when gfn does not map mfn (nothing changed).
 * Trusted contract: only the p2m changes. */
/*@ assigns grant_p2m_state;
    ensures failed: \result != 0 ==> grant_p2m_state == \old(grant_p2m_state);
*/
int arch_grant_unmap_hvm(struct domain *d, uint64_t gfn, mfn_t mfn);

/* The grant worlds (moved from grant_table.c in session 11 so that the
 * hypercall dispatcher's hypercall_world, hypercall_world.h, can name
 * gnt_hc_world; the definitions are unchanged). */
/*@ // What the allocator gives ld's first map, as logic constants (WP 25
    // implements no \fresh): the table gt_get makes for a domain without
    // one, the maptrack array a table without one gets.  Assumed (README):
    // their separations are facts of the world at map_one (map_world).
    axiomatic Grant_new {
      logic struct grant_table *gnt_new_table(struct domain *d);
      logic struct grant_maptrack *gnt_new_maptrack(struct domain *d);
    }
    // ld's table and maptrack as its next map finds or makes them.
    logic struct grant_table *map_lgt{L}(struct domain *ld) =
        ld->grant_table != \null ? ld->grant_table : gnt_new_table(ld);
    logic struct grant_maptrack *map_lmt{L}(struct domain *ld) =
        ld->grant_table != \null && ld->grant_table->maptrack != \null ?
            ld->grant_table->maptrack : gnt_new_maptrack(ld);
    // ld's table NULL or valid, its maptrack NULL or 1024 valid entries.
    predicate map_ld_valid(struct domain *ld) =
        \valid(ld) && (ld->grant_table == \null ||
            (\valid(ld->grant_table) && (ld->grant_table->maptrack == \null ||
                \valid(ld->grant_table->maptrack + (0 .. GNTTAB_MAPTRACK_MAX - 1)))));
*/
/*@ // The domain a domid names (domain_lookup's contract, domain.h):
    // DOMID_SELF the caller's, an id < MAX_DOMAINS its slot, else none.
    logic struct domain *gnt_lookup(integer id) =
        id == 0x7FF0 ? (current == \null ? (struct domain *)\null : current->domain) :
        (id < MAX_DOMAINS ? domain_table[id] : (struct domain *)\null);
*/
/* The body of copy_sides_apart and gnt_sides_apart (ACSL), over the
 * range predicate IN (grant_ref_ok, or grant_ref_in without \valid). */
#define GNT_SIDES_APART(IN) \
        (IN(d->grant_table, ref) ==> \
            \separated(grant_act(d->grant_table, ref), e) && \
            (e->grant_table != \null ==> \
                \separated(grant_act(d->grant_table, ref), e->grant_table)) && \
            (IN(e->grant_table, eref) ==> \
                grant_act(d->grant_table, ref) == grant_act(e->grant_table, eref) || \
                \separated(grant_act(d->grant_table, ref), \
                           grant_act(e->grant_table, eref))))

/*@ // The dispatcher's world (session 11, module grant_disp): what every
    // map, unmap and copy element of a batch needs of the grant state, for
    // the caller ld and any element the guest may write, and what each
    // element keeps (`disp_kept` of map_one, unmap_one, copy_one: trusted,
    // README Assumed).  map_world (map_one), unmap_one's requires and
    // copy_one's follow from it with the element apart (gnt_elem_apart).
    // A granter rd as any domid names it: map_rd_ok without the element,
    // for every ref of its table.
    // (session 12, copy_one's proof; Assumed, README) each record of
    // rd's table apart from rd itself: distinct allocations (the domain
    // struct, the table's active arrays); copy_dom_ok needs it.
    predicate gnt_recs_apart_own(struct domain *rd) = XL_WP_ONLY(\forall integer ref; grant_ref_ok(rd->grant_table, ref) ==>
            \separated(grant_act(rd->grant_table, ref), rd));
    predicate gnt_rd_ok(struct domain *ld, struct domain *rd) =
        \valid(rd) && (rd == ld || \separated(rd, ld)) && gnt_recs_apart_own(rd) &&
        \separated(rd, map_lgt(ld), map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                   frame_table + (0 .. frame_table_nr - 1)) &&
        (rd->grant_table == \null ||
         (grant_table_ok(rd->grant_table) &&
          (rd->grant_table == map_lgt(ld) || \separated(rd->grant_table, map_lgt(ld))) &&
          \separated(rd->grant_table, ld,
                     map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                     frame_table + (0 .. frame_table_nr - 1)))) &&
        \forall integer ref; grant_ref_ok(rd->grant_table, ref) ==>
            grant_act_ok(grant_act(rd->grant_table, ref)) &&
            grant_l1_refs_own(grant_act(rd->grant_table, ref)) &&
            \separated(grant_act(rd->grant_table, ref), ld, map_lgt(ld),
                       map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                       frame_table + (0 .. frame_table_nr - 1)) &&
            \forall integer a; \separated(grant_pte(a), grant_act(rd->grant_table, ref));
    // ld's side: its table and maptrack (found or to be made) valid and
    // apart from each other, the frame table and every L1 slot; every
    // handle in use grant_track_ok (unmap_one's `track`).
    predicate gnt_ld_ok(struct domain *ld) =
        map_ld_valid(ld) &&
        \separated(ld, map_lgt(ld), map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                   frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(map_lgt(ld), map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                   frame_table + (0 .. frame_table_nr - 1)) &&
        (\forall integer a; \separated(grant_pte(a), ld, map_lgt(ld),
                   map_lmt(ld) + (0 .. GNTTAB_MAPTRACK_MAX - 1),
                   frame_table + (0 .. frame_table_nr - 1))) &&
        (ld->grant_table != \null && ld->grant_table->maptrack != \null ==>
            \forall integer h; 0 <= h < GNTTAB_MAPTRACK_MAX ==>
                grant_track_ok(ld->grant_table->maptrack + h, ld->grant_table));
    // (session 12, copy_one's proof; Assumed, README: memory layout,
    // distinct allocations) `current` apart from the frame table: the caller's domain (DOMID_SELF) is read again after an
    // acquire wrote the frame table.
    predicate gnt_cur_apart = XL_WP_ONLY(current == \null || \separated(current, frame_table + (0 .. frame_table_nr - 1)));
    // (same) Two granters d, e (one side of a copy each, any domids the
    // guest names): d's record of ref apart from e and e's table, the two
    // records one or apart (a copy may name one grant twice).  Body
    // written once, GNT_SIDES_APART, with gnt_sides_apart's below.
    predicate copy_sides_apart(struct domain *d, integer ref, struct domain *e,
                               integer eref) =
        GNT_SIDES_APART(grant_ref_ok);
    // (session 13) The same for the world, read from the layout only: a
    // ref inside gt's frames without grant_table_ok's \valid, so that the
    // fact holds across an allocation or a release of a local (batch_one's
    // stack element: with \valid inside, its frame timed out there).
    // Under the world (grant_table_ok of every granter's table) it gives
    // copy_sides_apart.
    predicate grant_ref_in(struct grant_table *gt, integer ref) =
        gt != \null && 0 <= ref < gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
    predicate gnt_sides_apart(struct domain *d, integer ref, struct domain *e,
                              integer eref) =
        GNT_SIDES_APART(grant_ref_in);
    predicate gnt_granters_apart = XL_WP_ONLY(\forall integer i, j, ref, eref; 0 <= i <= 0xFFFF && 0 <= j <= 0xFFFF &&
            gnt_lookup(i) != \null && gnt_lookup(j) != \null ==>
            gnt_sides_apart(gnt_lookup(i), ref, gnt_lookup(j), eref));
    // The world: the frame counts, `current`, ld's side, every granter.
    predicate gnt_disp_world(struct domain *ld) =
        frames_counts_ok && (current == \null || \valid_read(current)) &&
        gnt_cur_apart && gnt_granters_apart &&
        gnt_ld_ok(ld) &&
        \forall integer id; 0 <= id <= 0xFFFF && gnt_lookup(id) != \null ==>
            gnt_rd_ok(ld, gnt_lookup(id));
*/
/*@ // A domain as the decoders use it: writable, its table (if any) with
    // at most GNTTAB_MAX_FRAMES frames, max_frames too.
    predicate gnt_dom_ok(struct domain *d) =
        \valid(d) && (d->grant_table == \null ||
            (\valid(d->grant_table) &&
             d->grant_table->nr_frames <= GNTTAB_MAX_FRAMES &&
             d->grant_table->max_frames <= GNTTAB_MAX_FRAMES));
    // Every domain an op may name (the table's, the caller's).
    predicate gnt_world =
        (current == \null || (\valid_read(current) && gnt_dom_ok(current->domain))) &&
        \forall integer i; 0 <= i < MAX_DOMAINS && domain_table[i] != \null ==>
            gnt_dom_ok(domain_table[i]);
*/
/*@ // The world at the hypercall: the decoders' (gnt_world) and the
    // elements' for the caller's domain.  Assumed at the entry (README).
    predicate gnt_hc_world =
        gnt_world && \valid_read(current) && gnt_disp_world(current->domain);
*/

#endif /* XL_GRANT_TABLE_H */
