/*
 * pv_mm.h - PV memory management: reference counts, page types, validated
 * guest page tables (direct paging), the MMU hypercalls and domain memory.
 *
 * Environment: hosted and hypervisor (portable core).  No lock yet: one
 * physical CPU runs the hypervisor, and a guest never runs while one of
 * these functions does.
 *
 * The model is Xen's.  Every frame has two counts (mm.h):
 *   - the general count (count_info & PGC_count_mask): who may touch the
 *     frame at all.  A domain's frame holds one general reference for being
 *     allocated (PGC_allocated) and one more for each mapping, pin, vCPU
 *     base pointer and page-table entry that names it.  When it drops to 0
 *     the frame goes back to the allocator.
 *   - the type count (type_info & PGT_count_mask) of the frame's one type:
 *     PGT_writable_page (each writable guest mapping holds one), or
 *     PGT_l1..l4_page_table (each pin, vCPU base pointer and higher-level
 *     entry holds one).  Taking the first reference of a page-table type
 *     validates the frame's contents for that level (and takes the
 *     references its entries need); dropping the last one devalidates it
 *     (and drops them).  A frame has one type at a time: while the type
 *     count is non-zero any other type is refused.  That is what keeps a
 *     page table from ever being mapped writable by a guest.
 * Every type reference comes with a general reference (get_page_and_type).
 *
 * Who may call what:
 *   - get_page/put_page, get_page_type/put_page_type: any core code that
 *     needs a frame to stay what it is while it uses it (grant tables,
 *     the PV domain builder); always in pairs.
 *   - alloc_domheap_pages/assign_pages: the domain builder, memory_op.
 *   - do_mmu_update/do_mmuext_op/do_update_va_mapping: the hypercall
 *     dispatcher, for `current`.
 *   - pv_relinquish_memory: domain_kill only.
 * Guest input never BUG()s: it ends in a negative errno (xl_errno.h).
 * BUG()/ASSERT() mark hypervisor inconsistencies (a put without a get).
 *
 * Page-table entries (x86-64 4-level paging, 4 KiB pages only):
 *   allowed at every level: P, RW, US, A, D, the three AVAIL bits 9..11,
 *   the software bits 52..62 and NX, plus the frame number (bits 12..51,
 *   which must name a frame of the frame table).  In L1 entries G is also
 *   allowed, and the cache attributes PWT/PCD/PAT only for a privileged
 *   domain (Xen allows them to domains with I/O resources).  PSE (a
 *   superpage) in an L2 or L3 entry is refused, as Xen does by default.
 *   L4 slots 256..271 ([HYPERVISOR_VIRT_START, HYPERVISOR_VIRT_END)) belong
 *   to the hypervisor: validation ignores what the guest wrote there and
 *   the arch fills them (arch_pv_init_l4_xen_slots); updates are refused.
 *
 * Linear page tables (Xen's pv-linear-pt, default on): an L2/L3/L4 entry
 * may name a table of its own level only read-only; naming the table that
 * holds the entry takes no reference; naming another table takes a general
 * and a type reference and needs that table validated already.  A table
 * that holds such entries cannot itself be the target of one, and the
 * reverse (Xen's XSA-240 rule): the counts live in type_info bits 48..57.
 */
#ifndef XL_PV_MM_H
#define XL_PV_MM_H

#include <stdbool.h>
#include <stdint.h>
#include <domain.h>
#include <mm.h>

/* ---- page-table entry bits (x86-64) ---- */
#define PTE_PRESENT    (1ULL << 0)
#define PTE_RW         (1ULL << 1)
#define PTE_USER       (1ULL << 2)
#define PTE_PWT        (1ULL << 3)
#define PTE_PCD        (1ULL << 4)
#define PTE_ACCESSED   (1ULL << 5)
#define PTE_DIRTY      (1ULL << 6)
#define PTE_PSE        (1ULL << 7)    /* L2/L3: superpage */
#define PTE_PAT        (1ULL << 7)    /* L1: PAT index bit */
#define PTE_GLOBAL     (1ULL << 8)
#define PTE_AVAIL      (7ULL << 9)    /* software bits 9..11 */
#define PTE_AVAIL_HIGH (0x7ffULL << 52) /* software bits 52..62 */
#define PTE_NX         (1ULL << 63)
#define PTE_MFN_MASK   0x000ffffffffff000ULL

#define PTE_CACHE_ATTRS (PTE_PWT | PTE_PCD | PTE_PAT)
/* Bits a guest may set in any present entry (Xen's base_disallow_mask,
 * inverted). */
#define PTE_GUEST_OK   (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED |     \
                        PTE_DIRTY | PTE_AVAIL | PTE_AVAIL_HIGH | PTE_NX |     \
                        PTE_MFN_MASK)

#define PT_ENTRIES     512
#define PT_LEVEL_SHIFT(level) (12 + 9 * ((level) - 1))  /* level 1..4 */
#define PT_INDEX_OF(va, level) (((va) >> PT_LEVEL_SHIFT(level)) & 511)

/* L4 slots of the hypervisor: [256, 272). */
#define PV_L4_XEN_FIRST 256
#define PV_L4_XEN_END   272

/*@ assigns \nothing;
    ensures \result == (e & PTE_MFN_MASK) >> 12;
*/
static inline mfn_t pte_mfn(uint64_t e) { return (e & PTE_MFN_MASK) >> 12; }

/* ---- linear page-table bookkeeping (type_info bits 48..57) ----
 * Only meaningful while the frame holds a page-table type.  The 9-bit value
 * counts either linear entries held by this table (PGT_linear_uses clear)
 * or uses of this table as a linear target (PGT_linear_uses set); never
 * both (XSA-240). */
#define PGT_linear_shift 48
#define PGT_linear_max   511ULL
#define PGT_linear_mask  (PGT_linear_max << PGT_linear_shift)
#define PGT_linear_uses  (1ULL << 57)

_Static_assert((PGT_linear_mask & PGT_count_mask) == 0, "linear vs count");
_Static_assert(((PGT_linear_mask | PGT_linear_uses) &
                (PGT_partial | PGT_pinned | PGT_validated | PGT_type_mask)) == 0,
               "linear bits are free in type_info");

/* Limit of one mmu_update / mmuext_op batch.  Xen has none because it
 * preempts long batches; xenolith does not preempt yet, so it bounds them
 * (Linux batches at most a few dozen).  Larger counts: -EINVAL. */
#define PV_BATCH_MAX 4096U

/* ---- the machine-to-phys table ----
 * Defined in the core (page_type.c), allocated and mapped for guests by the
 * arch (x86 m2p_init, sim_pv_reset) before the first domain exists; NULL
 * until then (updates are then dropped).  m2p_table[mfn] is the guest pfn
 * the owner gave that frame (MMU_MACHPHYS_UPDATE), or M2P_INVALID. */
#define M2P_INVALID (~0ULL)
extern uint64_t *m2p_table;
extern uint64_t m2p_nr;

/* ---- invariants (ACSL) ---- */
/*@ logic integer gen_count(struct page_info *pg) =
        pg->count_info & PGC_count_mask;
    logic integer type_count(struct page_info *pg) =
        pg->type_info & PGT_count_mask;
    logic integer page_type(struct page_info *pg) =
        pg->type_info & PGT_type_mask;

    predicate type_count_le_ref(struct page_info *pg) =
        type_count(pg) <= gen_count(pg);
    predicate is_pt_type(integer t) =
        t == PGT_l1_page_table || t == PGT_l2_page_table ||
        t == PGT_l3_page_table || t == PGT_l4_page_table;
    // a put of a type reference of type t with tc type references is the
    // last of a page table's: the table is devalidated (put_page_type)
    predicate pt_last_type(integer t, integer tc) = is_pt_type(t) && tc == 1;
    // True of every frame (a frame has one type field), so not the
    // property it is named after: that is pt_never_writable below.  Kept
    // in page_counts_ok because cvc4's proof of get_page_type_of depends
    // on the shape of that predicate (without it one assert times out).
    predicate pt_frame_not_writable(struct page_info *pg) =
        type_count(pg) > 0 && is_pt_type(page_type(pg)) ==>
            page_type(pg) != PGT_writable_page;
    // Held as a page table: a pin, a vCPU base pointer or a higher-level
    // entry holds a type reference of level 1..4.
    predicate pt_held(struct page_info *pg) =
        type_count(pg) > 0 && is_pt_type(page_type(pg));
    // Held writable: every writable guest mapping holds a
    // PGT_writable_page type reference.
    predicate writable_held(struct page_info *pg) =
        type_count(pg) > 0 && page_type(pg) == PGT_writable_page;
    // "A page-table frame never has a writable guest mapping", for one
    // type reference asked for (type) and the result rc, from state L1
    // (before) to L2 (after): a writable reference is granted only on a
    // frame that was not held as a page table, and it is then held
    // writable; a page-table reference only on a frame that was not held
    // writable, and it is then held as that page table.  (Dropping the
    // one-type-at-a-time check breaks it: the count would grow on a frame
    // of the other type.)
    predicate pt_never_writable{L1, L2}(struct page_info *pg, integer type,
                                        integer rc) =
        rc == 0 ==>
            (type == PGT_writable_page ==>
                !pt_held{L1}(pg) && writable_held{L2}(pg)) &&
            (is_pt_type(type) ==>
                !writable_held{L1}(pg) && pt_held{L2}(pg) &&
                page_type{L2}(pg) == type);
    // Ownership: the frame belongs to d (a domain maps only frames it
    // owns, or, through a grant, frames their owner granted to it).
    predicate page_owned_by(struct page_info *pg, struct domain *d) =
        pg->owner == d;
    predicate page_in_use(struct page_info *pg) =
        (pg->count_info & (PGC_free | PGC_reserved)) == 0;
    predicate page_counts_ok(struct page_info *pg) =
        page_ok(pg) && type_count_le_ref(pg) && pt_frame_not_writable(pg) &&
        ((pg->count_info & PGC_allocated) != 0 ==> gen_count(pg) >= 1) &&
        (type_count(pg) > 0 && is_pt_type(page_type(pg)) ==>
            (pg->type_info & PGT_validated) != 0);
*/

/* ---- what the PV MMU hypercalls rely on (pv_mmu.c, proofs/README.md) ----
 * pv_held: the frame is consistent and someone (the caller) holds a
 *   general reference apart from its type references, so put_page may drop
 *   one.  pv_frame_inv: what page_type.c keeps for every frame between two
 *   operations (a pin holds a type reference).  m2p_ok: the M2P, when
 *   there is one, is writable up to m2p_nr and apart from the frame table.
 *   pv_vcpu_ok: the calling vCPU and its domain, apart from each other and
 *   from the frame table, with at most MAX_VIRT_CPUS vCPUs. */
/*@ predicate pv_va_ok(integer va) =
        va < 0x800000000000 || va >= 0xffff880000000000;
    predicate pv_held(struct page_info *pg) =
        page_counts_ok(pg) && gen_count(pg) >= 1 &&
        gen_count(pg) > type_count(pg);
    predicate pv_frame_inv(struct page_info *pg) =
        page_counts_ok(pg) &&
        ((pg->type_info & PGT_pinned) != 0 ==> type_count(pg) >= 1);
    predicate m2p_ok = m2p_table == \null ||
        (\valid(m2p_table + (0 .. m2p_nr - 1)) &&
         \separated(m2p_table + (0 .. m2p_nr - 1),
                    frame_table + (0 .. frame_table_nr - 1)));
    predicate pv_vcpu_ok(struct vcpu *v) =
        \valid(v) && \valid(v->domain) && \separated(v, v->domain) &&
        v->domain->max_vcpus <= MAX_VIRT_CPUS &&
        \separated(v, frame_table + (0 .. frame_table_nr - 1)) &&
        \separated(v->domain, frame_table + (0 .. frame_table_nr - 1)) &&
        (m2p_table != \null ==>
            \separated(m2p_table + (0 .. m2p_nr - 1), v, v->domain));
    predicate pv_mmu_ok = frame_table_ok && m2p_ok && pv_vcpu_ok(current);
*/

/* ---- general references ---- */

/* Take a general reference to a frame owned by d.  False (nothing taken)
 * if pg is free or reserved, not owned by d, has no reference left (being
 * freed), or the count would overflow. */
/*@ requires frame_table_ok && page_ok(pg) && page_counts_ok(pg);
    ensures page_counts_ok(pg);
    ensures \result ==> gen_count(pg) == \old(gen_count(pg)) + 1;
    ensures !\result ==> pg->count_info == \old(pg->count_info);
    ensures owned: \result ==> pg->owner == d;   // page_owned_by
    // the frame had a reference already: the caller's is never the last
    ensures held: \result ==> gen_count(pg) >= 2;
    assigns pg->count_info;
*/
bool get_page(struct page_info *pg, const struct domain *d);

/* Drop one.  The last one frees the frame (it is then not PGC_allocated,
 * which holds a reference of its own).  BUG on a put without a get (a
 * zero count, or a free or reserved frame).
 * What the last one writes (free_domain_page): the frame's words, the
 * links of its neighbours on its owner's page list and on the allocator's
 * free list (frames too), the owner's page_list/tot_pages, the M2P entry
 * (the allocator's statics are page_alloc.c's own, see mm.h). */
/*@ requires counted: frame_table_ok && page_ok(pg) && page_counts_ok(pg);
    // the caller's reference, apart from the type references (pv_held)
    requires ref_held: gen_count(pg) >= 1 && type_count(pg) < gen_count(pg);
    assigns frame_table[0 .. frame_table_nr - 1],
            pg->owner->page_list, pg->owner->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
    ensures \old(gen_count(pg)) >= 2 ==>
            gen_count(pg) == \old(gen_count(pg)) - 1 && page_counts_ok(pg);
    // the last one too: the freed frame has none left
    ensures one_less: gen_count(pg) == \old(gen_count(pg)) - 1;
    // not the last reference: type word and owner stay
    ensures kept: \old(gen_count(pg)) >= 2 ==>
            pg->type_info == \old(pg->type_info) && pg->owner == \old(pg->owner);
    // ... and no other frame changes
    ensures others_c: \old(gen_count(pg)) >= 2 ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != pg ==>
            frame_table[i].count_info == \old(frame_table[i].count_info);
    ensures others_t: \old(gen_count(pg)) >= 2 ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != pg ==>
            frame_table[i].type_info == \old(frame_table[i].type_info);
    ensures others_o: \old(gen_count(pg)) >= 2 ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != pg ==>
            frame_table[i].owner == \old(frame_table[i].owner);
    // the last reference too: no other frame in use changes
    // (free_domain_page's in_use_kept, trusted)
    ensures in_use_kept: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != pg && \old(gen_count(frame_table + i)) >= 1 ==>
        frame_table[i].count_info == \old(frame_table[i].count_info) &&
        frame_table[i].type_info == \old(frame_table[i].type_info) &&
        frame_table[i].owner == \old(frame_table[i].owner);
*/
void put_page(struct page_info *pg);

/* ---- type references ---- */

/* Take a type reference: type is PGT_writable_page, PGT_seg_desc_page or
 * PGT_l1..l4_page_table.  The caller holds a general reference.  Returns 0,
 * -EINVAL (the frame has another type in use, is not owned by a domain,
 * or the count would overflow) or the error of validating the contents. */
/*@ requires frame_table_ok && page_ok(pg) && page_counts_ok(pg);
    requires gen_count(pg) > type_count(pg);
    requires xl_type_code(type);   // a type code: bits 61..63 only (prelude.h)
    assigns frame_table[0 .. frame_table_nr - 1];
    ensures \result == 0 ==> page_type(pg) == type &&
                             type_count(pg) == \old(type_count(pg)) + 1;
    ensures \result != 0 ==> type_count(pg) == \old(type_count(pg));
    // one type at a time: while referenced, no other type is given out
    // (so a page-table frame in use never gets a writable reference)
    ensures \old(type_count(pg)) > 0 && \old(page_type(pg)) != type ==>
            \result != 0 && pg->type_info == \old(pg->type_info);
    ensures no_writable_pt: pt_never_writable{Pre, Here}(pg, type, \result);
    ensures page_counts_ok(pg);
    // a frame that needs no validation keeps its general count
    ensures general_kept: !is_pt_type(type) ==>
            pg->count_info == \old(pg->count_info);
    ensures gen_grows: gen_count(pg) >= \old(gen_count(pg));
    ensures owner_kept: pg->owner == \old(pg->owner);
    // a type without validation: no other frame changes (get_page_type_of's)
    ensures others: !is_pt_type(type) ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != pg ==>
            frame_table[i].count_info == \old(frame_table[i].count_info) &&
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
*/
int get_page_type(struct page_info *pg, uint64_t type);

/* Drop one; the last reference of a page-table type devalidates the
 * contents (drops what its entries hold).  BUG if the count is 0. */
/*@ requires counted: frame_table_ok && page_ok(pg) && page_counts_ok(pg);
    requires type_held: type_count(pg) >= 1;
    assigns pg->type_info, frame_table[0 .. frame_table_nr - 1];
    ensures (pg->type_info & PGT_count_mask) ==          // type_count(pg)
            \old(pg->type_info & PGT_count_mask) - 1;
    ensures (pg->type_info & PGT_type_mask) ==           // page_type(pg)
            \old(pg->type_info & PGT_type_mask);
    ensures owner_kept: pg->owner == \old(pg->owner);
    // no devalidation (not the last reference of a validated page
    // table): only pg's type word changes
    ensures plain_c: !(\old(type_count(pg)) == 1 &&
            is_pt_type(\old(page_type(pg))) &&
            (\old(pg->type_info) & PGT_validated) != 0) ==>
        pg->count_info == \old(pg->count_info);
    ensures plain_o: !(\old(type_count(pg)) == 1 &&
            is_pt_type(\old(page_type(pg))) &&
            (\old(pg->type_info) & PGT_validated) != 0) ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != pg ==>
            frame_table[i].count_info == \old(frame_table[i].count_info) &&
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
*/
void put_page_type(struct page_info *pg);

/* Both, in the right order: 0 or the error (nothing held then). */
/*@ // used by pv_mmu; proved in pt_frames.  The put on failure is never the
    // last reference, yet put_page's `assigns` names d's page list and the
    // M2P (what a last put writes), so these are named here too.
    requires frame_table_ok && page_ok(pg) && page_counts_ok(pg);
    requires xl_type_code(type);
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
    ensures got: \result == 0 ==> pg->owner == d && page_type(pg) == type &&
        type_count(pg) == \old(type_count(pg)) + 1;
    ensures failed: \result != 0 ==> type_count(pg) == \old(type_count(pg));
    ensures page_counts_ok(pg);
*/
int get_page_and_type(struct page_info *pg, const struct domain *d,
                      uint64_t type);
/* Used by grants (grant_table.c: grant_put_refs) and pv_mmu.  Proved in
 * module pt_put from put_page_type's and put_page's contracts, but for
 * the calls' preconditions, `assigns`, `type_less_dv` and
 * `caller_ref_kept_dv` (trusted: proofs/README.md, Assumed).  put_page_type
 * and put_page BUG on a zero count, so a return means both counts were
 * there; a frame that is not a page table changes nothing but its own
 * counts (the free path of the last reference touches free frames only). */
/*@ requires frame_table_ok && page_ok(pg);
    assigns frame_table[0 .. frame_table_nr - 1];
    ensures held: \old(gen_count(pg)) >= 1 && \old(type_count(pg)) >= 1;
    // exactly one general reference less, unless this is the last type
    // reference of a page table: its devalidation drops what the entries
    // held too (an L1 that maps itself read-only goes from 3 to 1: unit
    // test test_l1_validate_devalidate)
    ensures one_less: !pt_last_type(\old(page_type(pg)), \old(type_count(pg))) ==>
        gen_count(pg) == \old(gen_count(pg)) - 1;
    ensures type_less: \old(gen_count(pg)) >= 2 &&
        !pt_last_type(\old(page_type(pg)), \old(type_count(pg))) ==>
        type_count(pg) == \old(type_count(pg)) - 1 &&
        page_type(pg) == \old(page_type(pg)) && pg->owner == \old(pg->owner);
    // the same for the last type reference of a table: trusted (pt_put
    // leaves it out, README Assumed): devalidation may drop general
    // references of pg itself (its entries naming it), and only the
    // reference accounting says that pg's allocation reference is still
    // there (a validated table keeps it until pv_relinquish_memory), so
    // that the put is not pg's last
    ensures type_less_dv: \old(gen_count(pg)) >= 2 &&
        pt_last_type(\old(page_type(pg)), \old(type_count(pg))) ==>
        type_count(pg) == \old(type_count(pg)) - 1 &&
        page_type(pg) == \old(page_type(pg)) && pg->owner == \old(pg->owner);
    ensures others: !is_pt_type(\old(page_type(pg))) ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != pg &&
            \old(gen_count(frame_table + i)) >= 1 ==>
            frame_table[i].count_info == \old(frame_table[i].count_info) &&
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
    // a page table too, but for its last type reference (no devalidation:
    // put_page_type's plain_o, then put_page's in_use_kept; put_upper_e's)
    ensures others_plain: !pt_last_type(\old(page_type(pg)), \old(type_count(pg))) ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != pg &&
            \old(gen_count(frame_table + i)) >= 1 ==>
            frame_table[i].count_info == \old(frame_table[i].count_info) &&
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
    // used by pv_mmu: a general reference held apart from the type
    // references (the caller's) survives (not a table's last type
    // reference: proved in pt_put) ...
    ensures caller_ref_kept:
        !pt_last_type(\old(page_type(pg)), \old(type_count(pg))) &&
        \at(page_counts_ok(pg), Pre) &&
        \old(gen_count(pg)) > \old(type_count(pg)) ==>
        page_counts_ok(pg) && gen_count(pg) > type_count(pg);
    // ... and when the last type reference of a table goes: assumed (not
    // provable from the contracts alone): devalidation drops only what
    // the table's entries held (reference accounting, proofs/README.md)
    ensures caller_ref_kept_dv:
        pt_last_type(\old(page_type(pg)), \old(type_count(pg))) &&
        \at(page_counts_ok(pg), Pre) &&
        \old(gen_count(pg)) > \old(type_count(pg)) ==>
        page_counts_ok(pg) && gen_count(pg) > type_count(pg);
*/
void put_page_and_type(struct page_info *pg);

/* ---- domain memory ---- */

/* 2^order zeroed frames owned by d: PGC_allocated with one reference each,
 * on d->page_list, counted in tot_pages, M2P entries invalid.  NULL when d
 * is dying, tot_pages would exceed max_pages, or memory is short. */
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order);

/* Give 2^order hypervisor frames (allocated, owner NULL, no references) to
 * d as above.  0, -EINVAL (dying domain, frames not unowned) or -ENOMEM
 * (beyond max_pages). */
int assign_pages(struct domain *d, struct page_info *pg, unsigned int order);

/* Drop the allocation reference (the owner gives the frame up or dies);
 * the frame is freed when its last reference goes.  No-op if not set. */
void page_drop_allocation(struct page_info *pg);

/* ---- page-table updates ---- */

/* Validate val for entry `index` of table frame `table` (which d owns and
 * which holds a validated page-table type), store it, and drop what the
 * old entry held.  preserve_ad keeps the old entry's A/D bits.  0,
 * -EINVAL (bad flags, bad target at L2..L4, hypervisor L4 slot, table not
 * validated), -EBUSY (L1 target not mappable: foreign/free frame, or a
 * page table mapped writable), -EPERM (not a RAM frame). */
/*@ // used by pv_mmu; proved in pt_frames (page_type.c) but for
    // caller_ref_kept, assumed (README, Assumed / Why the rest)
    requires frame_table_ok && \valid(d) && page_ok(table);
    requires \separated(d, frame_table + (0 .. frame_table_nr - 1));
    // the M2P: an entry's references that go may be a frame's last
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
    // ownership: a present entry is stored only once get_l1e/get_lNe took
    // a reference to its frame, which d owns
    ensures owned: \result == 0 && (val & PTE_PRESENT) != 0 ==>
        (val & PTE_MFN_MASK) >> 12 < frame_table_nr &&
        page_owned_by(frame_table + ((val & PTE_MFN_MASK) >> 12), d);
    // a page-table frame never gets a writable guest mapping: an RW entry
    // goes into an L1 table only on a frame that was not held as a page
    // table (and was then held writable: get_l1e's rw_writable)
    ensures rw_not_pt: \result == 0 && (val & PTE_PRESENT) != 0 &&
        (val & PTE_RW) != 0 &&
        (\old(table->type_info) & PGT_type_mask) == PGT_l1_page_table ==>
        (val & PTE_MFN_MASK) >> 12 < frame_table_nr &&
        !\old(pt_held(frame_table + ((val & PTE_MFN_MASK) >> 12)));
    ensures table_owner: \result == 0 ==> \old(table->owner) == d;
    ensures owner_kept: table->owner == \old(table->owner);
    // assumed like put_page_and_type's caller_ref_kept (README)
    ensures caller_ref_kept: \at(pv_held(table), Pre) ==> pv_held(table);
*/
int pv_mod_entry(struct domain *d, struct page_info *table,
                 unsigned int index, uint64_t val, bool preserve_ad);

/* domain_kill: unpin everything, drop the vCPUs' base pointers,
 * devalidate every table, drop every allocation reference.  Afterwards the
 * frames whose last reference went are back in the allocator. */
void pv_relinquish_memory(struct domain *d);

/* ---- hypercalls (Xen's ABI; for `current`) ----
 * Batches: the whole argument array is checked with guest_range_ok first
 * (-EFAULT); entries are copied one at a time and processed in order; the
 * first failure stops the batch; if pdone != 0 the number processed
 * successfully is written there as a 32-bit unsigned integer.
 * foreigndom (bits 15..0; for mmu_update bits 31..16 are 1 + the domain
 * whose page tables are written, 0 = caller): DOMID_SELF only.  Naming the
 * caller's own id is -ESRCH (as Xen); another domain is -EPERM for an
 * unprivileged caller and -ENOSYS for a privileged one (foreign mappings
 * are not implemented yet). */
long do_mmu_update(uint64_t ureqs, unsigned int count, uint64_t pdone,
                   unsigned int foreigndom);
long do_mmuext_op(uint64_t uops, unsigned int count, uint64_t pdone,
                  unsigned int foreigndom);
long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags);

/* The L1 table (validated, owned by v's domain) that maps va in v's kernel
 * page tables, with a general reference the caller puts; NULL when a level
 * is missing or a superpage.  Shared with grant_table.c (GNTMAP_host_map). */
struct page_info *pv_find_l1_table(struct vcpu *v, uint64_t va);

/* A frame of a dying domain that others still hold references to (a
 * granted frame still mapped): take it off its owner's page list and out
 * of tot_pages, owner NULL; the last put_page frees it.  grant_table.c. */
void page_disown(struct page_info *pg);

/* ---- arch hooks (x86 in src/hv/arch/x86, hosted in sim/sim_pv.c) ---- */

/* Fill L4 slots [PV_L4_XEN_FIRST, PV_L4_XEN_END) of a guest L4 table that
 * is being validated for d (the hypervisor's own mappings).  l4 is the
 * hypervisor view of the frame.  Must not touch any other slot. */
void arch_pv_init_l4_xen_slots(uint64_t *l4, struct domain *d);

/* v->guest_table (and/or guest_table_user) changed; v is current: load the
 * new CR3 as the PV context requires.  The references are already taken. */
/*@ // trusted (README): loads CR3 / the arch's opaque state only
    assigns \nothing; */
void arch_pv_new_baseptr(struct vcpu *v);

/* Flush the current CPU's TLB of guest translations (non-global and
 * global: PV guests may set G in L1 entries). */
/*@ assigns \nothing; */   // trusted (arch: the TLB is not memory); used by grants
void arch_pv_flush_tlb(void);

/* Invalidate the translation of guest-virtual va on the current CPU.  va
 * is canonical and outside the hypervisor range. */
/*@ // trusted (README): the TLB is not modelled
    requires pv_va_ok(va);
    assigns \nothing; */
void arch_pv_invlpg(uint64_t va);

/* Install the LDT of v: nents descriptors (0..8192) at guest address va
 * (page aligned, a guest address; 0 when nents is 0).  0 or -errno. */
/*@ // trusted (README): writes the arch's opaque part of v only
    requires \valid(v) && nents <= 8192;
    requires nents == 0 ==> va == 0;
    requires va % 4096 == 0 && pv_va_ok(va);
    assigns \nothing; */
int arch_pv_set_ldt(struct vcpu *v, uint64_t va, unsigned int nents);

/* Domain life cycle (called by domain.c; declared here because domain.h
 * is not pv_mm's to edit -- they may move there).
 * arch_domain_crashed: d was just marked crashed (first time only): stop
 *   scheduling its vCPUs; if d is current's domain, do not return to it.
 * arch_domain_shutdown: d asked to stop with SHUTDOWN_* reason (first time
 *   only): stop its vCPUs; for dom0, act on the machine (power off,
 *   reboot) as the arch sees fit. */
void arch_domain_crashed(struct domain *d);
void arch_domain_shutdown(struct domain *d, int reason);

#endif /* XL_PV_MM_H */
