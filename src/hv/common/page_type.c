/*
 * page_type.c - reference counts, page types and validation of PV guest
 * page tables (see pv_mm.h for the model and the rules).
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * Structure: get_page/put_page and get_page_type/put_page_type at the
 * bottom of the stack; validate_table/devalidate_table call the per-entry
 * get_entry/put_entry for every guest slot; get_entry for L2..L4 calls
 * get_page_and_type one level down (recursively validating), or the linear
 * page-table rule.  Recursion depth is bounded by the four levels: a linear
 * reference is taken only on an already validated table, and a table with
 * linear entries is never itself a linear target.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <domain.h>
#include <lib.h>
#include <mm.h>
#include <pv_mm.h>
#include <xl_errno.h>

uint64_t *m2p_table;
uint64_t m2p_nr;

/* ------------------------------------------------------------------ */
/* Small accessors.                                                    */

static inline uint64_t
gen_count(const struct page_info *pg)
{
    return pg->count_info & PGC_count_mask;
}

/*@ requires \valid_read(pg);
    assigns \nothing;
    ensures \result == (pg->type_info & PGT_count_mask);
*/
static inline uint64_t
type_count(const struct page_info *pg)
{
    return pg->type_info & PGT_count_mask;
}

/*@ requires \valid_read(pg);
    assigns \nothing;
    ensures \result == (pg->type_info & PGT_type_mask);
*/
static inline uint64_t
page_type(const struct page_info *pg)
{
    return pg->type_info & PGT_type_mask;
}

/*@ assigns \nothing;
    ensures xl_type_code(type) ==> (\result <==> is_pt_type(type));
*/
static inline bool
is_pt_type(uint64_t type)
{
    return type >= PGT_l1_page_table && type <= PGT_l4_page_table;
}

/* 1..4 for a page-table type. */
/*@ requires is_pt_type(type);
    assigns \nothing;
    ensures 1 <= \result <= 4 && \result * PGT_l1_page_table == type;
*/
static inline unsigned int
pt_level(uint64_t type)
{
    return (unsigned int)(type >> PGT_type_shift);
}

/* The type word without PGT_validated.  A function of its own so that
 * Qed sees both masks of `(x & ~PGT_validated) & M` in one term (the
 * provers know nothing of nested masks). */
/*@ assigns \nothing;
    ensures (\result & PGT_count_mask) == (x & PGT_count_mask);
    ensures (\result & PGT_type_mask) == (x & PGT_type_mask);
    ensures (\result & PGT_validated) == 0;
*/
static inline uint64_t
clear_validated(uint64_t x)
{
    return x & ~PGT_validated;
}

/* level << PGT_type_shift, written as the product (the same value) so
 * that the provers need no shift axiom for a variable operand. */
/*@ requires 1 <= level <= 4;
    assigns \nothing;
    ensures \result == level * PGT_l1_page_table;
*/
static inline uint64_t
pt_type_of_level(unsigned int level)
{
    return (uint64_t)level * PGT_l1_page_table;
}

/*@ assigns \nothing;
    ensures \result <==> (PV_L4_XEN_FIRST <= slot < PV_L4_XEN_END);
*/
static inline bool
is_xen_l4_slot(unsigned int slot)
{
    return slot >= PV_L4_XEN_FIRST && slot < PV_L4_XEN_END;
}

/* ------------------------------------------------------------------ */
/* Domain page list.                                                   */

static void
page_list_add(struct domain *d, struct page_info *pg)
{
    pg->prev = NULL;
    pg->next = d->page_list;
    if (pg->next)
        pg->next->prev = pg;
    d->page_list = pg;
}

static void
page_list_del(struct domain *d, struct page_info *pg)
{
    if (pg->prev)
        pg->prev->next = pg->next;
    else
        d->page_list = pg->next;
    if (pg->next)
        pg->next->prev = pg->prev;
    pg->next = pg->prev = NULL;
}

static void
m2p_set(mfn_t mfn, uint64_t pfn)
{
    if (m2p_table && mfn < m2p_nr)
        m2p_table[mfn] = pfn;
}

/* The last general reference went: give the frame back.
 * Trusted contract (proofs/README.md, Assumed; not proved: the owner's
 * page list and the M2P would need a validity invariant): it writes the
 * frame's words, the owner's page_list and tot_pages, the links of the
 * frame's neighbours on that list (frames: assign_pages lists only
 * frames), the M2P entry (when mfn < m2p_nr) and, through free_frames,
 * the free-list links and the allocator's statics.  The frame ends with
 * no general reference (free_frames' `freed`: count_info == PGC_free). */
/*@ requires frame_table_ok && page_ok(pg);
    assigns frame_table[0 .. frame_table_nr - 1],
            pg->owner->page_list, pg->owner->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
    ensures freed: pg->owner == \null && (pg->count_info & PGC_count_mask) == 0;
    // no other frame in use changes: page_list_del writes the neighbours'
    // links only, free_frames merges free buddies (general count 0)
    ensures in_use_kept: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != pg && \old(gen_count(frame_table + i)) >= 1 ==>
        frame_table[i].count_info == \old(frame_table[i].count_info) &&
        frame_table[i].type_info == \old(frame_table[i].type_info) &&
        frame_table[i].owner == \old(frame_table[i].owner);
*/
static void
free_domain_page(struct page_info *pg)
{
    struct domain *d = pg->owner;
    uint64_t old_type = page_type(pg);

    ASSERT(!(pg->count_info & PGC_allocated));
    ASSERT(type_count(pg) == 0);
    if (d) {
        BUG_ON(d->tot_pages == 0);
        page_list_del(d, pg);
        d->tot_pages--;
    }
    /* A frame that had a type may still sit in a TLB or a paging-structure
     * cache: flush before anyone else can get it. */
    if (old_type != PGT_none)
        arch_pv_flush_tlb();
    m2p_set(page_to_mfn(pg), M2P_INVALID);
    pg->owner = NULL;
    pg->count_info = 0;
    pg->type_info = 0;
    free_frames(pg, 0);
}

/* ------------------------------------------------------------------ */
/* General references.                                                 */

bool
get_page(struct page_info *pg, const struct domain *d)
{
    uint64_t c = pg->count_info;

    /* Compared as struct domain * on both sides: a comparison across
     * qualifiers goes through char * in Frama-C, which WP's typed model
     * cannot follow (the owner check would drop out of the proof). */
    if (d == NULL || (c & (PGC_free | PGC_reserved)) ||
        pg->owner != (struct domain *)d)
        return false;
    if ((c & PGC_count_mask) == 0 || (c & PGC_count_mask) == PGC_count_mask)
        return false;
    /*@ assert inc: xl_u64(c + 1) &&
            ((c + 1) & PGC_count_mask) == (c & PGC_count_mask) + 1 &&
            (c + 1) / 0x1000000000000 == c / 0x1000000000000; */
    pg->count_info = c + 1;
    return true;
}

void
put_page(struct page_info *pg)
{
    uint64_t c = pg->count_info;

    /* pg is a whole entry of the table (so no other frame's word shares
     * an address with one of its words) */
    /*@ assert at: pg == frame_table + (pg - frame_table) &&
            0 <= pg - frame_table < frame_table_nr; */
    BUG_ON((c & PGC_count_mask) == 0);
    BUG_ON(c & (PGC_free | PGC_reserved));
    pg->count_info = c - 1;
    /*@ assert last: ((c - 1) & PGC_count_mask) == 0 ==>
            (c & PGC_count_mask) == 1; */
    if (((c - 1) & PGC_count_mask) == 0)
        free_domain_page(pg);
}

void
page_disown(struct page_info *pg)
{
    struct domain *d = pg->owner;

    BUG_ON(pg->count_info & PGC_allocated);
    if (d == NULL)
        return;
    BUG_ON(d->tot_pages == 0);
    page_list_del(d, pg);
    d->tot_pages--;
    pg->owner = NULL;
}

void
page_drop_allocation(struct page_info *pg)
{
    if (!(pg->count_info & PGC_allocated))
        return;
    pg->count_info &= ~PGC_allocated;
    put_page(pg);
}

/* ------------------------------------------------------------------ */
/* Domain memory.                                                      */

int
assign_pages(struct domain *d, struct page_info *pg, unsigned int order)
{
    uint64_t n = 1ULL << order;

    if (order > MAX_ORDER || d->is_dying)
        return -EINVAL;
    if (d->tot_pages > d->max_pages || n > d->max_pages - d->tot_pages)
        return -ENOMEM;
    for (uint64_t i = 0; i < n; i++)
        if (pg[i].owner || pg[i].count_info || pg[i].type_info)
            return -EINVAL;
    for (uint64_t i = 0; i < n; i++) {
        pg[i].owner = d;
        pg[i].count_info = PGC_allocated | 1;
        pg[i].type_info = 0;
        page_list_add(d, &pg[i]);
        m2p_set(page_to_mfn(&pg[i]), M2P_INVALID);
    }
    d->tot_pages += n;
    return 0;
}

struct page_info *
alloc_domheap_pages(struct domain *d, unsigned int order)
{
    struct page_info *pg;

    if (order > MAX_ORDER || d->is_dying || d->tot_pages > d->max_pages ||
        (1ULL << order) > d->max_pages - d->tot_pages)
        return NULL;
    pg = alloc_frames_zeroed(order);
    if (pg == NULL)
        return NULL;
    if (assign_pages(d, pg, order) != 0) {
        free_frames(pg, order);
        return NULL;
    }
    return pg;
}

/* ------------------------------------------------------------------ */
/* Linear page-table counts (XSA-240 rule, see pv_mm.h).               */

/* The linear field (bits 48..57) read with `/` and `%`, the same values
 * as `(x & PGT_linear_mask) >> PGT_linear_shift` and `x & PGT_linear_uses`:
 * the provers know `&` only for the literal masks of proofs/prelude.h and
 * do arithmetic on bit fields (proofs/README.md, "Why the rest"). */
/*@ requires \valid_read(pg);
    assigns \nothing;
    ensures \result == (pg->type_info / 0x1000000000000) % 512;
*/
static inline uint64_t
linear_count(const struct page_info *pg)
{
    return (pg->type_info / (1ULL << PGT_linear_shift)) % (PGT_linear_max + 1);
}

/*@ requires \valid_read(pg);
    assigns \nothing;
    ensures \result <==> (pg->type_info / 0x200000000000000) % 2 != 0;
*/
static inline bool
linear_uses(const struct page_info *pg)
{
    return (pg->type_info / PGT_linear_uses) % 2 != 0;
}

/* What the linear-count helpers below keep of pg's type word (written
 * once: the same clauses in each contract). */
#define LINEAR_KEEPS_TYPE \
    ensures cm: (pg->type_info & PGT_count_mask) == \
        \old(pg->type_info & PGT_count_mask); \
    ensures tm: (pg->type_info & PGT_type_mask) == \
        \old(pg->type_info & PGT_type_mask);
#define LINEAR_KEEPS_V \
    ensures v: (pg->type_info & PGT_validated) == \
        \old(pg->type_info & PGT_validated);

/* The linear count one less: n >= 1, so nothing borrows from the bits
 * above; the type count, type and validated bit stay. */
/*@ requires \valid(pg);
    requires count: (pg->type_info / 0x1000000000000) % 512 != 0;
    assigns pg->type_info;
    ensures high: pg->type_info / 0x1000000000000 ==
        \old(pg->type_info) / 0x1000000000000 - 1;
    LINEAR_KEEPS_TYPE
    LINEAR_KEEPS_V
*/
static void
linear_count_dec(struct page_info *pg)
{
    uint64_t x = pg->type_info;

    /*@ ghost uint64_t h = x / 0x1000000000000; */
    /*@ ghost uint64_t r = h % 0x2000; */
    /*@ ghost uint64_t r12 = h % 0x1000; */
    /*@ assert r0: h == (h / 0x2000) * 0x2000 + r &&
            (h / 0x2000) * 0x2000 == ((h / 0x2000) * 16) * 512; */
    /*@ assert r1: r == 0 ==> h % 512 == 0; */
    /*@ assert s0: h == (h / 0x1000) * 0x1000 + r12 &&
            (h / 0x1000) * 0x1000 == ((h / 0x1000) * 8) * 512; */
    /*@ assert s1: r12 == 0 ==> h % 512 == 0; */
    /*@ assert t: (h - 1) / 0x2000 == h / 0x2000; */
    /*@ assert v: (h - 1) / 0x1000 == h / 0x1000; */
    /*@ assert low: x >= 0x1000000000000 &&
            (x - 0x1000000000000) / 0x1000000000000 == h - 1 &&
            (x - 0x1000000000000) % 0x1000000000000 == x % 0x1000000000000; */
    pg->type_info = x - (1ULL << PGT_linear_shift);
}

/* The uses flag cleared by a subtraction: it is set (the same value as
 * `&= ~PGT_linear_uses`).  The validated bit is not stated here nor in
 * dec_linear_uses: no caller needs it (put_upper_e reads the target's type
 * and count), and the step from the arithmetic to WP's bit test of bit 60
 * fails for `x - 2^57` (cvc4 times out, z3 runs out of memory). */
/*@ requires \valid(pg);
    requires set: (pg->type_info / 0x200000000000000) % 2 != 0;
    assigns pg->type_info;
    LINEAR_KEEPS_TYPE
*/
static void
linear_uses_clear(struct page_info *pg)
{
    uint64_t x = pg->type_info;

    /*@ ghost uint64_t h = x / 0x1000000000000; */
    /*@ ghost uint64_t a = h / 1024; */
    /*@ assert u0: x / 0x200000000000000 == h / 512; */
    /*@ assert u1a: (h / 512) / 2 == a && (h / 512) % 2 == 1; */
    /*@ assert u1b: h / 512 == 2 * a + 1; */
    /*@ assert u1c: h == 512 * (h / 512) + h % 512; */
    /*@ assert u1: h == 1024 * a + 512 + h % 512 && h % 512 < 512; */
    /*@ assert t: (h - 512) / 0x2000 == a / 8 && h / 0x2000 == a / 8; */
    /*@ assert low: x >= 0x200000000000000 &&
            (x - 0x200000000000000) / 0x1000000000000 == h - 512 &&
            (x - 0x200000000000000) % 0x1000000000000 == x % 0x1000000000000; */
    pg->type_info = x - PGT_linear_uses;
}

/* One more linear entry held by table pg; false if pg is a linear target
 * or the count is full. */
/*@ requires \valid(pg);
    assigns pg->type_info;
    ensures !\result ==> pg->type_info == \old(pg->type_info);
*/
static bool
inc_linear_entries(struct page_info *pg)
{
    uint64_t n = linear_count(pg);

    if ((pg->type_info & PGT_linear_uses) && n != 0)
        return false;
    if (n == PGT_linear_max)
        return false;
    pg->type_info = (pg->type_info & ~(PGT_linear_mask | PGT_linear_uses)) |
                    ((n + 1) << PGT_linear_shift);
    return true;
}

/*@ requires \valid(pg);
    assigns pg->type_info;
    LINEAR_KEEPS_TYPE
    LINEAR_KEEPS_V
*/
static void
dec_linear_entries(struct page_info *pg)
{
    uint64_t n = linear_count(pg);

    BUG_ON(n == 0 || linear_uses(pg));
    linear_count_dec(pg);
}

/* One more use of table pg as a linear target; false if pg holds linear
 * entries itself or the count is full. */
/*@ requires \valid(pg);
    assigns pg->type_info;
    ensures !\result ==> pg->type_info == \old(pg->type_info);
*/
static bool
inc_linear_uses(struct page_info *pg)
{
    uint64_t n = linear_count(pg);

    if (!(pg->type_info & PGT_linear_uses) && n != 0)
        return false;
    if (n == PGT_linear_max)
        return false;
    pg->type_info = (pg->type_info & ~PGT_linear_mask) | PGT_linear_uses |
                    ((n + 1) << PGT_linear_shift);
    return true;
}

/*@ requires \valid(pg);
    assigns pg->type_info;
    LINEAR_KEEPS_TYPE
*/
static void
dec_linear_uses(struct page_info *pg)
{
    uint64_t n = linear_count(pg);

    BUG_ON(n == 0 || !linear_uses(pg));
    /*@ ghost uint64_t h = pg->type_info / 0x1000000000000; */
    /*@ assert u0: pg->type_info / 0x200000000000000 == h / 512; */
    linear_count_dec(pg);
    /*@ assert u1: n == 1 ==> (h - 1) / 512 == h / 512; */
    /*@ assert u2: n == 1 ==> (pg->type_info / 0x200000000000000) % 2 != 0; */
    if (n == 1)
        linear_uses_clear(pg);
}

/* ------------------------------------------------------------------ */
/* Entries: what a present entry of a level-`level` table holds.       */

static int get_page_type_of(struct page_info *pg, uint64_t type);

/*@ requires \valid_read(d);
    assigns \nothing;
*/
static uint64_t
l1_allowed(const struct domain *d)
{
    uint64_t ok = PTE_GUEST_OK | PTE_GLOBAL;

    return d->is_privileged ? ok | PTE_CACHE_ATTRS : ok;
}

/*@ requires frame_table_ok && \valid_read(d);
    requires frame: (e & PTE_MFN_MASK) >> 12 < frame_table_nr ==>
        page_counts_ok(frame_table + ((e & PTE_MFN_MASK) >> 12));
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
    ensures owned: \result == 0 ==>
        page_owned_by(frame_table + ((e & PTE_MFN_MASK) >> 12), d);
    ensures in_ft: \result == 0 ==> (e & PTE_MFN_MASK) >> 12 < frame_table_nr;
    // a writable entry is accepted only with a writable type reference on
    // a frame that was not a page table in use
    ensures rw_writable: \result == 0 && (e & PTE_RW) != 0 ==>
        !\at(pt_held(frame_table + ((e & PTE_MFN_MASK) >> 12)), Pre) &&
        writable_held(frame_table + ((e & PTE_MFN_MASK) >> 12));
    // a page table in use keeps its type word and owner (a writable type
    // is refused on it; a put here is never the last)
    ensures pt_kept: \forall integer i; 0 <= i < frame_table_nr &&
        \old(type_count(frame_table + i)) >= 1 &&
        is_pt_type(\old(page_type(frame_table + i))) ==>
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
*/
static int
get_l1e(uint64_t e, struct domain *d)
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *pg;

    if (e & ~l1_allowed(d))
        return -EINVAL;
    if (!mfn_valid(mfn))
        return -EPERM;          /* MMIO: not supported yet */
    pg = mfn_to_page(mfn);
    if (!get_page(pg, d))
        return -EBUSY;
    /*@ assert g_kept: \forall integer i; 0 <= i < frame_table_nr ==>
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
            frame_table[i].owner == \at(frame_table[i].owner, Pre); */
    if ((e & PTE_RW) && get_page_type_of(pg, PGT_writable_page) != 0) {
        /*@ assert r_kept: \forall integer i; 0 <= i < frame_table_nr &&
                \at(type_count(frame_table + i), Pre) >= 1 &&
                is_pt_type(\at(page_type(frame_table + i), Pre)) ==>
                frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
                frame_table[i].owner == \at(frame_table[i].owner, Pre); */
        put_page(pg);
        return -EBUSY;
    }
    return 0;
}

/* What a present L1 entry e holds of its frame (put_l1e drops it;
 * put_entry requires it for level 1): the counts consistent, an RW entry
 * one writable type reference, a read-only one a general reference apart
 * from the type references.  Written once, expanded in both contracts. */
#define L1E_REFS(e) \
        (page_counts_ok(frame_table + (((e) & PTE_MFN_MASK) >> 12)) && \
        (((e) & PTE_RW) != 0 ==> \
            page_type(frame_table + (((e) & PTE_MFN_MASK) >> 12)) == \
                PGT_writable_page && \
            type_count(frame_table + (((e) & PTE_MFN_MASK) >> 12)) >= 1) && \
        (((e) & PTE_RW) == 0 ==> \
            gen_count(frame_table + (((e) & PTE_MFN_MASK) >> 12)) > \
            type_count(frame_table + (((e) & PTE_MFN_MASK) >> 12))))

/* What a present L1 entry holds goes: a general reference of its frame
 * and, if RW, a writable type reference (get_l1e's, in reverse).  That
 * the entry holds them is the reference accounting (`entry_refs`: the
 * caller's claim, trusted where put_entry calls this, proofs/README.md
 * Assumed): an RW entry holds a writable type reference, so its put
 * devalidates nothing; a read-only one holds a general reference apart
 * from the type references. */
/*@ requires frame_table_ok;
    requires in_ft: (e & PTE_MFN_MASK) >> 12 < frame_table_nr;
    requires entry_refs: L1E_REFS(e);
    assigns frame_table[0 .. frame_table_nr - 1],
            frame_table[(e & PTE_MFN_MASK) >> 12].owner->page_list,
            frame_table[(e & PTE_MFN_MASK) >> 12].owner->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
    // one general reference less (the last one too)
    ensures one_less: gen_count(frame_table + ((e & PTE_MFN_MASK) >> 12)) ==
        \old(gen_count(frame_table + ((e & PTE_MFN_MASK) >> 12))) - 1;
    // RW: one writable type reference less, unless the frame is freed
    ensures rw_less: (e & PTE_RW) != 0 &&
        \old(gen_count(frame_table + ((e & PTE_MFN_MASK) >> 12))) >= 2 ==>
        type_count(frame_table + ((e & PTE_MFN_MASK) >> 12)) ==
            \old(type_count(frame_table + ((e & PTE_MFN_MASK) >> 12))) - 1 &&
        page_type(frame_table + ((e & PTE_MFN_MASK) >> 12)) == PGT_writable_page;
    // read-only, not the last reference: the type word stays
    ensures ro_kept: (e & PTE_RW) == 0 &&
        \old(gen_count(frame_table + ((e & PTE_MFN_MASK) >> 12))) >= 2 ==>
        frame_table[(e & PTE_MFN_MASK) >> 12].type_info ==
            \old(frame_table[(e & PTE_MFN_MASK) >> 12].type_info);
    // not the last reference: the owner stays
    ensures owner_kept:
        \old(gen_count(frame_table + ((e & PTE_MFN_MASK) >> 12))) >= 2 ==>
        frame_table[(e & PTE_MFN_MASK) >> 12].owner ==
            \old(frame_table[(e & PTE_MFN_MASK) >> 12].owner);
    // no other frame in use changes (get_l1e's pt_kept, and more)
    ensures others: \forall integer i; 0 <= i < frame_table_nr &&
        i != (e & PTE_MFN_MASK) >> 12 && \old(gen_count(frame_table + i)) >= 1 ==>
        frame_table[i].count_info == \old(frame_table[i].count_info) &&
        frame_table[i].type_info == \old(frame_table[i].type_info) &&
        frame_table[i].owner == \old(frame_table[i].owner);
*/
static void
put_l1e(uint64_t e)
{
    struct page_info *pg = mfn_to_page(pte_mfn(e));

    if (e & PTE_RW)
        put_page_and_type(pg);
    else
        put_page(pg);
}

/* Entry e of table `table` (level `level`, 2..4) names a table of the
 * same level: Xen's linear page-table rule. */
/*@ requires frame_table_ok && page_ok(table) && \valid_read(d);
    requires 2 <= level <= 4;
    // the self-map takes no reference: the table must be d's
    requires self: frame_table + ((e & PTE_MFN_MASK) >> 12) == table ==>
        table->owner == d;
    requires in_ft: (e & PTE_MFN_MASK) >> 12 < frame_table_nr;
    requires frame: page_counts_ok(frame_table + ((e & PTE_MFN_MASK) >> 12));
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
    ensures owned: \result == 0 ==>
        page_owned_by(frame_table + ((e & PTE_MFN_MASK) >> 12), d);
    // only the table and a target of its own level change
    ensures upper_kept: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != table &&
        \old(type_count(frame_table + i)) >= 1 &&
        is_pt_type(\old(page_type(frame_table + i))) &&
        \old(page_type(frame_table + i)) > level * PGT_l1_page_table ==>
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
    // the table itself, in use as a table of this level, keeps its owner
    ensures table_own: \old(type_count(table)) >= 1 &&
        \old(page_type(table)) == level * PGT_l1_page_table ==>
            table->owner == \old(table->owner);
*/
static int
get_linear(uint64_t e, struct page_info *table, unsigned int level,
           struct domain *d)
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *pg;
    uint64_t want = pt_type_of_level(level);

    /*@ assert tv: \valid(table); */
    if (e & PTE_RW)
        return -EINVAL;
    if (mfn == page_to_mfn(table))
        return 0;               /* maps itself: no reference */
    pg = mfn_to_page(mfn);
    /*@ assert apart: pg != table && pg == frame_table + mfn; */
    if (!get_page(pg, d))
        return -EINVAL;
    /*@ assert g_kept: \forall integer i; 0 <= i < frame_table_nr ==>
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
            frame_table[i].owner == \at(frame_table[i].owner, Pre); */
    /*@ assert got: pg->owner == d && page_counts_ok(pg) &&
            gen_count(pg) >= 2 && type_count(pg) < gen_count(pg); */
    /* A validated table of the same level (the type and the validated
     * bit tested apart: the provers see one mask at a time). */
    if ((pg->type_info & PGT_type_mask) != want ||
        !(pg->type_info & PGT_validated) ||
        type_count(pg) == 0 || type_count(pg) == PGT_count_mask)
        goto fail;
    /*@ assert lin_type: page_type(pg) == level * PGT_l1_page_table; */
    /*@ assert lin_old: \at(page_type(frame_table +
            ((e & PTE_MFN_MASK) >> 12)), Pre) == level * PGT_l1_page_table; */
    if (!inc_linear_entries(table))
        goto fail;
    if (!inc_linear_uses(pg)) {
        dec_linear_entries(table);
        goto fail;
    }
    pg->type_info++;            /* type reference, no validation needed */
    /*@ assert s_kept: \forall integer i; 0 <= i < frame_table_nr &&
            frame_table + i != table &&
            frame_table + i != pg ==>
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
            frame_table[i].owner == \at(frame_table[i].owner, Pre); */
    /*@ assert s_own: table->owner == \at(table->owner, Pre); */
    return 0;
fail:
    /*@ assert fail_pre: page_counts_ok(pg) &&
            gen_count(pg) >= 1 && type_count(pg) < gen_count(pg); */
    /*@ assert f_kept: \forall integer i; 0 <= i < frame_table_nr &&
            frame_table + i != table ==>
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
            frame_table[i].owner == \at(frame_table[i].owner, Pre); */
    put_page(pg);
    /*@ assert f_kept2: \forall integer i; 0 <= i < frame_table_nr &&
            frame_table + i != table ==>
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
            frame_table[i].owner == \at(frame_table[i].owner, Pre); */
    /*@ assert f_own: table->owner == \at(table->owner, Pre); */
    return -EINVAL;
}

/*@ requires frame_table_ok && page_ok(table) && \valid_read(d);
    requires 2 <= level <= 4;
    requires frame: (e & PTE_MFN_MASK) >> 12 < frame_table_nr ==>
        page_counts_ok(frame_table + ((e & PTE_MFN_MASK) >> 12));
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
    ensures owned: \result == 0 ==>
        page_owned_by(frame_table + ((e & PTE_MFN_MASK) >> 12), d);
    ensures in_ft: \result == 0 ==> (e & PTE_MFN_MASK) >> 12 < frame_table_nr;
    // validation one level down: a page table above the table's level in
    // use keeps its type word and owner
    ensures upper_kept: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != table &&
        \old(type_count(frame_table + i)) >= 1 &&
        is_pt_type(\old(page_type(frame_table + i))) &&
        \old(page_type(frame_table + i)) > level * PGT_l1_page_table ==>
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
    // the table itself, in use as a table of this level, keeps its owner
    ensures table_own: \old(type_count(table)) >= 1 &&
        \old(page_type(table)) == level * PGT_l1_page_table ==>
            table->owner == \old(table->owner);
*/
static int
get_upper_e(uint64_t e, struct page_info *table, unsigned int level,
            struct domain *d)
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *pg;
    int rc;

    if (e & ~PTE_GUEST_OK)
        return -EINVAL;         /* includes PSE: no superpages */
    if (!mfn_valid(mfn))
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if (!get_page(pg, d))
        return -EINVAL;
    /*@ assert g_kept: \forall integer i; 0 <= i < frame_table_nr ==>
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
            frame_table[i].owner == \at(frame_table[i].owner, Pre); */
    rc = get_page_type_of(pg, pt_type_of_level(level - 1));
    /*@ assert t_kept: \forall integer i; 0 <= i < frame_table_nr &&
            frame_table + i != table &&
            \at(type_count(frame_table + i), Pre) >= 1 &&
            is_pt_type(\at(page_type(frame_table + i), Pre)) &&
            \at(page_type(frame_table + i), Pre) > level * PGT_l1_page_table ==>
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
            frame_table[i].owner == \at(frame_table[i].owner, Pre); */
    /*@ assert t_own: \at(type_count(table), Pre) >= 1 &&
            \at(page_type(table), Pre) == level * PGT_l1_page_table ==>
            table->owner == \at(table->owner, Pre); */
    if (rc == 0)
        return 0;
    /*@ assert put_pre: gen_count(pg) >= 2 && type_count(pg) < gen_count(pg); */
    /*@ assert put_own: pg->owner == d && pg == frame_table + mfn &&
            mfn == (e & PTE_MFN_MASK) >> 12; */
    put_page(pg);
    /*@ assert again_frame:
            page_counts_ok(frame_table + ((e & PTE_MFN_MASK) >> 12)); */
    /*@ assert again_own: pg->owner == d; */
    /*@ assert p_kept: \forall integer i; 0 <= i < frame_table_nr &&
            frame_table + i != table &&
            \at(type_count(frame_table + i), Pre) >= 1 &&
            is_pt_type(\at(page_type(frame_table + i), Pre)) &&
            \at(page_type(frame_table + i), Pre) > level * PGT_l1_page_table ==>
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
            frame_table[i].owner == \at(frame_table[i].owner, Pre); */
    /*@ assert p_own: \at(type_count(table), Pre) >= 1 &&
            \at(page_type(table), Pre) == level * PGT_l1_page_table ==>
            table->owner == \at(table->owner, Pre) &&
            type_count(table) == \at(type_count(table), Pre) &&
            page_type(table) == \at(page_type(table), Pre); */
    if (rc == -EINVAL && get_linear(e, table, level, d) == 0)
        return 0;
    /*@ assert l_own: \at(type_count(table), Pre) >= 1 &&
            \at(page_type(table), Pre) == level * PGT_l1_page_table ==>
            table->owner == \at(table->owner, Pre); */
    return rc;
}

/* The entry held the last type reference of its target, a page table:
 * the put devalidates the target (put_page_and_type). */
/*@ predicate upper_dv(uint64_t e, struct page_info *table) =
        frame_table + ((e & PTE_MFN_MASK) >> 12) != table &&
        pt_last_type(page_type(frame_table + ((e & PTE_MFN_MASK) >> 12)),
                     type_count(frame_table + ((e & PTE_MFN_MASK) >> 12)));
*/

/* What a present entry of an L2..L4 table holds goes: nothing for a
 * linear self-map; a linear entry's counts (the table's linear entries,
 * the target's linear uses) and the target's general and type reference.
 * `level` and `keep` are put_entry's (ghost here).  Proved (pt_put_entry)
 * on put_page_and_type's contract but for `devalidated`: when the put
 * devalidates the target, put_page_and_type says nothing of the other
 * frames (trusted: proofs/README.md, Assumed). */
/*@ requires frame_table_ok && page_ok(table);
    requires 2 <= level <= 4 && keep < frame_table_nr;
    requires in_ft: (e & PTE_MFN_MASK) >> 12 < frame_table_nr &&
        page_ok(frame_table + ((e & PTE_MFN_MASK) >> 12));
    requires table_type: page_type(table) == level * PGT_l1_page_table;
    // a type reference one level down, or a linear one of this level
    requires upper_refs: frame_table + ((e & PTE_MFN_MASK) >> 12) != table ==>
        page_type(frame_table + ((e & PTE_MFN_MASK) >> 12)) == (level - 1) * PGT_l1_page_table ||
        page_type(frame_table + ((e & PTE_MFN_MASK) >> 12)) == level * PGT_l1_page_table;
    requires table_held: gen_count(table) >= 1;
    requires keep_held: gen_count(frame_table + keep) >= 1 &&
        ((e & PTE_MFN_MASK) >> 12 == keep && frame_table + ((e & PTE_MFN_MASK) >> 12) != table ==>
            gen_count(frame_table + keep) >= 2);
    requires typed_counted: \forall integer i; 0 <= i < frame_table_nr &&
        type_count(frame_table + i) >= 1 ==> gen_count(frame_table + i) >= 1;
    assigns frame_table[0 .. frame_table_nr - 1];
    ensures table_kept: !\old(upper_dv(e, table)) ==>
        (table->type_info & PGT_count_mask) ==
            \old(table->type_info & PGT_count_mask) &&
        (table->type_info & PGT_type_mask) ==
            \old(table->type_info & PGT_type_mask) &&
        (table->type_info & PGT_validated) ==
            \old(table->type_info & PGT_validated);
    ensures keep_owner: !\old(upper_dv(e, table)) ==>
        frame_table[keep].owner == \old(frame_table[keep].owner);
    ensures table_owner: !\old(upper_dv(e, table)) ==>
        table->owner == \old(table->owner);
    ensures upper_kept: !\old(upper_dv(e, table)) ==>
        \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != table &&
        \old(type_count(frame_table + i)) >= 1 &&
        is_pt_type(\old(page_type(frame_table + i))) &&
        \old(page_type(frame_table + i)) > level * PGT_l1_page_table ==>
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
    // the target devalidated: trusted (README Assumed)
    ensures devalidated: \old(upper_dv(e, table)) ==>
        ((table->type_info & PGT_count_mask) ==
            \old(table->type_info & PGT_count_mask) &&
        (table->type_info & PGT_type_mask) ==
            \old(table->type_info & PGT_type_mask) &&
        (table->type_info & PGT_validated) ==
            \old(table->type_info & PGT_validated)) &&
        frame_table[keep].owner == \old(frame_table[keep].owner) &&
        table->owner == \old(table->owner) &&
        (\forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != table &&
        \old(type_count(frame_table + i)) >= 1 &&
        is_pt_type(\old(page_type(frame_table + i))) &&
        \old(page_type(frame_table + i)) > level * PGT_l1_page_table ==>
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner));
*/
static void
put_upper_e(uint64_t e, struct page_info *table)
/*@ ghost (unsigned int level, mfn_t keep) */
{
    mfn_t mfn = pte_mfn(e);
    struct page_info *pg;

    if (mfn == page_to_mfn(table))
        return;                 /* linear self-map: held nothing */
    pg = mfn_to_page(mfn);
    /*@ assert at1: mfn == (e & PTE_MFN_MASK) >> 12 && mfn < frame_table_nr; */
    /*@ assert at2: pg == frame_table + mfn; */
    /*@ assert at3: pg != table; */
    /*@ assert at4: page_ok(pg); */
    if (page_type(pg) == page_type(table)) {
        dec_linear_uses(pg);
        dec_linear_entries(table);
    }
    /*@ assert mid_pg: type_count(pg) == \at(type_count(frame_table + ((e & PTE_MFN_MASK) >> 12)), Pre) &&
            page_type(pg) == \at(page_type(frame_table + ((e & PTE_MFN_MASK) >> 12)), Pre) &&
            gen_count(pg) == \at(gen_count(frame_table + ((e & PTE_MFN_MASK) >> 12)), Pre) &&
            pg->owner == \at((frame_table + ((e & PTE_MFN_MASK) >> 12))->owner, Pre); */
    /*@ assert mid_table: (table->type_info & PGT_count_mask) ==
            \at(table->type_info & PGT_count_mask, Pre) &&
        (table->type_info & PGT_type_mask) ==
            \at(table->type_info & PGT_type_mask, Pre) &&
        (table->type_info & PGT_validated) ==
            \at(table->type_info & PGT_validated, Pre) &&
        table->owner == \at(table->owner, Pre) &&
        table->count_info == \at(table->count_info, Pre); */
    /*@ assert mid_rest: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != pg && frame_table + i != table ==>
            frame_table[i].count_info == \at(frame_table[i].count_info, Pre) &&
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
            frame_table[i].owner == \at(frame_table[i].owner, Pre); */
    put_page_and_type(pg);
}

/*
 * A 64-bit PV kernel runs in ring 3, so every guest mapping must be
 * user-accessible: like Xen, set _PAGE_USER on each present entry a guest
 * installs (the guest's own kernel/user separation comes from its two L4s,
 * the hypervisor's from its supervisor-only slots).
 */
/* Trusted (proofs/README.md, Assumed): OR-ing a flag below bit 12
 * (PTE_USER, PTE_ACCESSED, PTE_DIRTY) keeps bits 12..51, the frame number
 * (C11 6.5.12: `|` is bitwise).  cvc4 proves the instance x | 4 alone
 * (0.2 s), not x | 0x20.  Here, not in prelude.h: only page_type.c's
 * modules see it. */
/*@ axiomatic Xl_pte_bits {
      axiom or_low_mfn: \forall integer x, m;
          0 <= x < 0x10000000000000000 && 0 <= m < 0x1000 ==>
          ((x | m) & 0x000ffffffffff000) == (x & 0x000ffffffffff000);
    }
*/

/*@ assigns \nothing;
    ensures mfn: (\result & PTE_MFN_MASK) == (e & PTE_MFN_MASK);
    ensures present: (\result & PTE_PRESENT) == (e & PTE_PRESENT);
    ensures rw: (\result & PTE_RW) == (e & PTE_RW);
*/
static uint64_t
pte_adjust_guest(uint64_t e)
{
    return (e & PTE_PRESENT) ? (e | PTE_USER) : e;
}

/*@ requires frame_table_ok && page_ok(table) && \valid_read(d);
    requires 1 <= level <= 4;
    requires frame: (e & PTE_MFN_MASK) >> 12 < frame_table_nr ==>
        page_counts_ok(frame_table + ((e & PTE_MFN_MASK) >> 12));
    assigns frame_table[0 .. frame_table_nr - 1], d->page_list, d->tot_pages,
            m2p_table[0 .. m2p_nr - 1];
    ensures owned: \result == 0 && (e & PTE_PRESENT) != 0 ==>
        page_owned_by(frame_table + ((e & PTE_MFN_MASK) >> 12), d);
    ensures in_ft: \result == 0 && (e & PTE_PRESENT) != 0 ==>
        (e & PTE_MFN_MASK) >> 12 < frame_table_nr;
    // an L1 entry with RW: get_l1e's rw_writable
    ensures rw_writable: \result == 0 && level == 1 &&
        (e & PTE_PRESENT) != 0 && (e & PTE_RW) != 0 ==>
        !\at(pt_held(frame_table + ((e & PTE_MFN_MASK) >> 12)), Pre) &&
        writable_held(frame_table + ((e & PTE_MFN_MASK) >> 12));
    ensures upper_kept: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != table &&
        \old(type_count(frame_table + i)) >= 1 &&
        is_pt_type(\old(page_type(frame_table + i))) &&
        \old(page_type(frame_table + i)) > level * PGT_l1_page_table ==>
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
    // the table itself, in use as a table of this level, keeps its owner
    ensures table_own: \old(type_count(table)) >= 1 &&
        \old(page_type(table)) == level * PGT_l1_page_table ==>
            table->owner == \old(table->owner);
*/
static int
get_entry(uint64_t e, struct page_info *table, unsigned int level,
          struct domain *d)
{
    if (!(e & PTE_PRESENT))
        return 0;
    return level == 1 ? get_l1e(e, d) : get_upper_e(e, table, level, d);
}

/* Proved (pt_put_entry) on its preconditions, the reference accounting
 * trusted at its two callers' calls, and put_upper_e's trusted
 * `devalidated` (proofs/README.md, Assumed); its `assigns` trusted: what
 * one entry of a table of level `level` holds goes (put_l1e/put_upper_e, and
 * with a table's last type reference its devalidation).  table_kept: the
 * table's own type count, type and validated bit stay (no entry holds a
 * type reference of its own table: a linear self-map holds nothing, an
 * L1 entry naming its table is read-only).  keep_owner: a frame on which
 * the caller holds a reference that e does not hold (the table itself, or
 * the target of the entry the caller just stored) keeps its owner: the
 * reference accounting (README, "Why the rest").  That is the caller's
 * claim about the keep it passes, not a fact of every frame (a put may
 * free the old entry's frame): only the two callers' instances are used.  Like put_entries it
 * also writes the M2P, owners' page lists and the allocator (not named). */
/*@ requires frame_table_ok && page_ok(table);
    requires 1 <= level <= 4 && keep < frame_table_nr;
    // the reference accounting, trusted at the two callers' calls
    // (proofs/README.md, Assumed): a present entry names a frame of the
    // frame table; a present L1 entry holds what put_l1e drops
    requires entry_in_ft: (e & PTE_PRESENT) != 0 ==>
        (e & PTE_MFN_MASK) >> 12 < frame_table_nr &&
        page_ok(frame_table + ((e & PTE_MFN_MASK) >> 12));
    requires entry_refs: (e & PTE_PRESENT) != 0 && level == 1 ==>
        L1E_REFS(e);
    // a present entry of an L2..L4 table (not a linear self-map) holds a
    // type reference one level down or a linear one of the table's level
    requires upper_refs: (e & PTE_PRESENT) != 0 && level >= 2 &&
        frame_table + ((e & PTE_MFN_MASK) >> 12) != table ==>
        page_type(frame_table + ((e & PTE_MFN_MASK) >> 12)) ==
            (level - 1) * PGT_l1_page_table ||
        page_type(frame_table + ((e & PTE_MFN_MASK) >> 12)) ==
            level * PGT_l1_page_table;
    // the table is a table of its level (the callers pass its level)
    requires table_type: page_type(table) == level * PGT_l1_page_table;
    // the caller holds a general reference on the table, and on keep,
    // apart from the one a present L1 entry naming it holds
    requires table_held: gen_count(table) >= 1 &&
        ((e & PTE_PRESENT) != 0 && level == 1 &&
         frame_table + ((e & PTE_MFN_MASK) >> 12) == table ==>
            gen_count(table) >= 2);
    requires keep_held: gen_count(frame_table + keep) >= 1 &&
        ((e & PTE_PRESENT) != 0 && (e & PTE_MFN_MASK) >> 12 == keep &&
         (level == 1 || frame_table + keep != table) ==>
            gen_count(frame_table + keep) >= 2);
    // a frame with a type reference has a general one (type_count_le_ref
    // of page_counts_ok, the frame-table invariant)
    requires typed_counted: \forall integer i; 0 <= i < frame_table_nr &&
        type_count(frame_table + i) >= 1 ==> gen_count(frame_table + i) >= 1;
    assigns frame_table[0 .. frame_table_nr - 1];
    ensures table_kept: (table->type_info & PGT_count_mask) ==
            \old(table->type_info & PGT_count_mask) &&
        (table->type_info & PGT_type_mask) ==
            \old(table->type_info & PGT_type_mask) &&
        (table->type_info & PGT_validated) ==
            \old(table->type_info & PGT_validated);
    ensures keep_owner: frame_table[keep].owner == \old(frame_table[keep].owner);
    // the table: held by its caller apart from what the entry holds
    ensures table_owner: table->owner == \old(table->owner);
    // what an entry held is of the table's level or below (a linear
    // target, a type reference one level down, a writable frame); a page
    // table of a higher level in use keeps its type word and, its count
    // holding more than the entry's reference (the accounting), its owner
    ensures upper_kept: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != table &&
        \old(type_count(frame_table + i)) >= 1 &&
        is_pt_type(\old(page_type(frame_table + i))) &&
        \old(page_type(frame_table + i)) > level * PGT_l1_page_table ==>
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
*/
static void
put_entry(uint64_t e, struct page_info *table, unsigned int level)
/*@ ghost (mfn_t keep) */
{
    if (!(e & PTE_PRESENT))
        return;
    if (level == 1)
        put_l1e(e);
    else
        put_upper_e(e, table) /*@ ghost (level, keep) */;
}

/* ------------------------------------------------------------------ */
/* Whole tables.                                                       */

/*@ assigns \nothing;
    ensures \result <==> (level != 4 || i < PV_L4_XEN_FIRST || i >= PV_L4_XEN_END);
*/
static bool
is_guest_slot(unsigned int level, unsigned int i)
{
    return level != 4 || !is_xen_l4_slot(i);
}

/* Slot `index` of a table frame, through the arch's direct map
 * (page_to_virt).  Trusted contracts (proofs/README.md, Assumed): frame
 * contents are not modelled, as pv_mmu.c's pt_read/pt_write: a load gives
 * some value, a store writes nothing the core's contracts name. */
/*@ requires frame_table_ok && page_ok(table) && index < PT_ENTRIES;
    assigns \nothing;
*/
static inline uint64_t
pt_slot_load(const struct page_info *table, unsigned int index)
{
    return ((const uint64_t *)page_to_virt(table))[index];
}

/*@ requires frame_table_ok && page_ok(table) && index < PT_ENTRIES;
    assigns \nothing;
*/
static inline void
pt_slot_store(const struct page_info *table, unsigned int index, uint64_t val)
{
    ((uint64_t *)page_to_virt(table))[index] = val;
}

/* Contract assumed, not proved (proofs/README.md): dropping what entries
 * hold never changes the table's own type, type count or validated bit
 * (an entry naming its own table holds no type reference of it).  Writes
 * also the frames' contents, the M2P, the owners' page lists and the
 * allocator (none read by the proved callers). */
/*@ requires frame_table_ok && page_ok(table);
    requires 1 <= level <= 4 && upto <= PT_ENTRIES;
    assigns frame_table[0 .. frame_table_nr - 1];
    ensures (table->type_info & PGT_count_mask) ==      // type_count(table)
            \old(table->type_info & PGT_count_mask);
    ensures (table->type_info & PGT_type_mask) ==       // page_type(table)
            \old(table->type_info & PGT_type_mask);
    ensures (table->type_info & PGT_validated) ==
            \old(table->type_info & PGT_validated);
    ensures upper_kept: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != table &&
        \old(type_count(frame_table + i)) >= 1 &&
        is_pt_type(\old(page_type(frame_table + i))) &&
        \old(page_type(frame_table + i)) > level * PGT_l1_page_table ==>
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
    ensures table_owner: table->owner == \old(table->owner);
*/
static void
put_entries(struct page_info *table, unsigned int level, unsigned int upto)
{
    /*@ ghost mfn_t self = (mfn_t)(table - frame_table); */

    /*@ loop invariant bound: 0 <= i <= upto;
        loop invariant kept:
            (table->type_info & PGT_count_mask) ==
                \at(table->type_info & PGT_count_mask, Pre) &&
            (table->type_info & PGT_type_mask) ==
                \at(table->type_info & PGT_type_mask, Pre) &&
            (table->type_info & PGT_validated) ==
                \at(table->type_info & PGT_validated, Pre);
        loop invariant upper_kept: \forall integer j; 0 <= j < frame_table_nr &&
            frame_table + j != table &&
            \at(type_count(frame_table + j), Pre) >= 1 &&
            is_pt_type(\at(page_type(frame_table + j), Pre)) &&
            \at(page_type(frame_table + j), Pre) > level * PGT_l1_page_table ==>
                frame_table[j].type_info == \at(frame_table[j].type_info, Pre) &&
                frame_table[j].owner == \at(frame_table[j].owner, Pre);
        loop invariant table_owner: table->owner == \at(table->owner, Pre);
        loop assigns i, frame_table[0 .. frame_table_nr - 1]; XL_EVA4_LOOP_UNROLL(0)
    */
    for (unsigned int i = 0; i < upto; i++)
        if (is_guest_slot(level, i))
            put_entry(pt_slot_load(table, i), table, level) /*@ ghost (self) */;
}

/* First reference of a page-table type: take what every entry needs.
 * Contract assumed, not proved (proofs/README.md): the table's own type,
 * type count and validated bit stay (only references of other frames are
 * typed; an entry naming the table itself takes a general reference or
 * none), its general count only grows.  Writes also what put_entries
 * writes. */
/*@ requires frame_table_ok && page_ok(table);
    requires 1 <= level <= 4;
    assigns frame_table[0 .. frame_table_nr - 1];
    ensures type_count(table) == \old(type_count(table));
    ensures page_type(table) == \old(page_type(table));
    ensures (table->type_info & PGT_validated) ==
            \old(table->type_info & PGT_validated);
    ensures gen_count(table) >= \old(gen_count(table));
    ensures owner_kept: table->owner == \old(table->owner);
    ensures alloc_kept: (table->count_info & PGC_allocated) ==
            \old(table->count_info & PGC_allocated);
    // validation asks other frames only for types of lower levels (and,
    // through the linear rule, for references of its own level): a page
    // table of a higher level in use keeps its type word and owner
    ensures upper_kept: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != table &&
        \old(type_count(frame_table + i)) >= 1 &&
        is_pt_type(\old(page_type(frame_table + i))) &&
        \old(page_type(frame_table + i)) > level * PGT_l1_page_table ==>
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
*/
static int
validate_table(struct page_info *table, unsigned int level)
{
    uint64_t *t = page_to_virt(table);
    struct domain *d = table->owner;

    /*@ loop invariant bound: 0 <= i <= PT_ENTRIES; */
    for (unsigned int i = 0; i < PT_ENTRIES; i++) {
        int rc;

        if (!is_guest_slot(level, i))
            continue;
        t[i] = pte_adjust_guest(t[i]);
        rc = get_entry(t[i], table, level, d);
        if (rc != 0) {
            put_entries(table, level, i);
            return rc;
        }
    }
    if (level == 4)
        arch_pv_init_l4_xen_slots(t, d);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Type references.                                                    */

/*@ requires frame_table_ok && page_ok(pg) && page_counts_ok(pg);
    requires gen_count(pg) > type_count(pg);
    requires type == PGT_writable_page || type == PGT_seg_desc_page ||
             is_pt_type(type);
    // pg->type_info lies in the frame table (page_ok); named apart so that
    // the stores' inclusion is not a goal in the long path contexts here
    // (it is one in get_page_type's short one)
    assigns pg->type_info, frame_table[0 .. frame_table_nr - 1];
    ensures \result == 0 ==> page_type(pg) == type &&
                             type_count(pg) == \old(type_count(pg)) + 1;
    ensures \result != 0 ==> type_count(pg) == \old(type_count(pg));
    ensures \old(type_count(pg)) > 0 && \old(page_type(pg)) != type ==>
            \result != 0 && pg->type_info == \old(pg->type_info);
    ensures no_writable_pt: pt_never_writable{Pre, Here}(pg, type, \result);
    ensures page_counts_ok(pg);
    // a frame that needs no validation keeps its general count
    ensures general_kept: !is_pt_type(type) ==>
            pg->count_info == \old(pg->count_info);
    ensures gen_grows: gen_count(pg) >= \old(gen_count(pg));
    ensures owner_kept: pg->owner == \old(pg->owner);
    // a refusal or a further reference leaves the general count alone
    ensures count_kept: \old(type_count(pg)) > 0 ==>
            pg->count_info == \old(pg->count_info);
    // a type without validation: no other frame changes
    ensures others: !is_pt_type(type) ==>
        \forall integer i; 0 <= i < frame_table_nr && frame_table + i != pg ==>
            frame_table[i].count_info == \old(frame_table[i].count_info) &&
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
    // validation asks only for lower levels: another page table of a
    // higher level in use keeps its type word and owner
    ensures upper_kept: \forall integer i; 0 <= i < frame_table_nr &&
        frame_table + i != pg &&
        \old(type_count(frame_table + i)) >= 1 &&
        is_pt_type(\old(page_type(frame_table + i))) &&
        \old(page_type(frame_table + i)) > type ==>
            frame_table[i].type_info == \old(frame_table[i].type_info) &&
            frame_table[i].owner == \old(frame_table[i].owner);
*/
static int
get_page_type_of(struct page_info *pg, uint64_t type)
{
    uint64_t x = pg->type_info;
    int rc;

    /* pg is a whole entry of the table (put_page's `at`) */
    /*@ assert at: pg == frame_table + (pg - frame_table) &&
            0 <= pg - frame_table < frame_table_nr; */
    if (pg->owner == NULL || (x & PGT_count_mask) == PGT_count_mask)
        return -EINVAL;
    if ((x & PGT_count_mask) != 0) {
        /* One type at a time; a table being validated (count > 0, not yet
         * validated) is not usable either. */
#if XL_PLANT_BUG != 1   /* planted bug 1 (fuzz/README.md): no type check */
        if ((x & PGT_type_mask) != type)
            return -EINVAL;
#endif
        if (!(x & PGT_validated))
            return -EINVAL;
        /*@ assert same_inc: xl_u64(x + 1) &&
                ((x + 1) & PGT_count_mask) == (x & PGT_count_mask) + 1 &&
                ((x + 1) & PGT_type_mask) == (x & PGT_type_mask) &&
                ((x + 1) & PGT_validated) == (x & PGT_validated); */
        pg->type_info = x + 1;
        /*@ assert same_done: type_count(pg) == \at(type_count(pg), Pre) + 1 &&
                page_type(pg) == type && pg->count_info == \at(pg->count_info, Pre) &&
                pg->owner == \at(pg->owner, Pre); */
        /*@ assert same_ok: page_counts_ok(pg); */
        /*@ assert same_others: \forall integer i; 0 <= i < frame_table_nr &&
                frame_table + i != pg ==>
                frame_table[i].count_info == \at(frame_table[i].count_info, Pre) &&
                frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
                frame_table[i].owner == \at(frame_table[i].owner, Pre); */
        return 0;
    }
    ASSERT(!(x & (PGT_pinned | PGT_linear_mask | PGT_linear_uses)));
    /* New type: stale translations of the old one must go first (a
     * writable TLB entry of a frame about to become a page table, or a
     * cached walk through a table about to become writable). */
    if ((x & PGT_type_mask) != PGT_none && (x & PGT_type_mask) != type)
        arch_pv_flush_tlb();
    if (!is_pt_type(type)) {
        /*@ assert plain: type == PGT_writable_page || type == PGT_seg_desc_page; */
        /*@ assert plain_w: type == PGT_writable_page ==>
                (type | PGT_validated | 1) == 0xf000000000000001; */
        /*@ assert plain_s: type == PGT_seg_desc_page ==>
                (type | PGT_validated | 1) == 0xb000000000000001; */
        pg->type_info = type | PGT_validated | 1;
        /*@ assert plain_done_w: type == PGT_writable_page ==>
                pg->type_info == 0xf000000000000001 &&
                type_count(pg) == 1 && page_type(pg) == type &&
                (pg->type_info & PGT_validated) != 0; */
        /*@ assert plain_done_s: type == PGT_seg_desc_page ==>
                pg->type_info == 0xb000000000000001 &&
                type_count(pg) == 1 && page_type(pg) == type &&
                (pg->type_info & PGT_validated) != 0; */
        /*@ assert plain_ok: page_counts_ok(pg); */
        /*@ assert plain_others: \forall integer i; 0 <= i < frame_table_nr &&
                frame_table + i != pg ==>
                frame_table[i].count_info == \at(frame_table[i].count_info, Pre) &&
                frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
                frame_table[i].owner == \at(frame_table[i].owner, Pre); */
        return 0;
    }
    /*@ assert v_code: ((type | 1) & PGT_count_mask) == 1 &&
            ((type | 1) & PGT_type_mask) == type &&
            ((type | 1) & PGT_validated) == 0; */
    pg->type_info = type | 1;           /* validating */
    /*@ assert validating: type_count(pg) == 1 && page_type(pg) == type &&
            (pg->type_info & PGT_validated) == 0; */
    rc = validate_table(pg, pt_level(type));
    /*@ assert validated: type_count(pg) == 1 && page_type(pg) == type &&
            (pg->type_info & PGT_validated) == 0 &&
            gen_count(pg) >= \at(gen_count(pg), Pre) &&
            pg->owner == \at(pg->owner, Pre); */
    if (rc != 0) {
        /*@ assert pt_codes: (type & PGT_count_mask) == 0 &&
                (type & PGT_type_mask) == type; */
        pg->type_info = type;           /* count 0, not validated */
        /*@ assert fail_ok: page_counts_ok(pg); */
        return rc;
    }
    /*@ assert set_v_pre: xl_u64(pg->type_info) &&
            (pg->type_info | PGT_validated) == pg->type_info + PGT_validated; */
    pg->type_info |= PGT_validated;
    /*@ assert pt_done: type_count(pg) == 1 && page_type(pg) == type &&
            (pg->type_info & PGT_validated) != 0; */
    /*@ assert pt_gen: gen_count(pg) >= 1 && type_count(pg) <= gen_count(pg) &&
            pt_frame_not_writable(pg); */
    /*@ assert pt_ok: page_counts_ok(pg); */
    return 0;
}

int
get_page_type(struct page_info *pg, uint64_t type)
{
    if (type != PGT_writable_page && type != PGT_seg_desc_page &&
        !is_pt_type(type))
        return -EINVAL;
    return get_page_type_of(pg, type);
}

void
put_page_type(struct page_info *pg)
{
    uint64_t x = pg->type_info, nx;

    /* dv: 1 once the devalidation starts (for `plain`) */
    /*@ ghost int dv = 0; */
    /* pg is a whole entry of the table (as in put_page) */
    /*@ assert at: pg == frame_table + (pg - frame_table) &&
            0 <= pg - frame_table < frame_table_nr; */
    BUG_ON((x & PGT_count_mask) == 0);
    if ((x & PGT_count_mask) == 1 && is_pt_type(x & PGT_type_mask) &&
        (x & PGT_validated)) {
        unsigned int level = pt_level(x & PGT_type_mask);

        /* Last reference: devalidate while the count still holds the
         * frame, so nothing below can re-enter it as validated. */
        BUG_ON(x & PGT_pinned);
        /*@ ghost dv = 1; */
        pg->type_info = x & ~PGT_validated;
        put_entries(pg, level, PT_ENTRIES);
        x = pg->type_info;
        BUG_ON(x & (PGT_linear_mask | PGT_linear_uses));
    }
    /* no devalidation: no frame changed yet */
    /*@ assert plain_dv: !(\at(type_count(pg), Pre) == 1 &&
            is_pt_type(\at(page_type(pg), Pre)) &&
            (\at(pg->type_info, Pre) & PGT_validated) != 0) ==> dv == 0; */
    /*@ assert none: dv == 0 ==>
        \forall integer i; 0 <= i < frame_table_nr ==>
            frame_table[i].count_info == \at(frame_table[i].count_info, Pre) &&
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
            frame_table[i].owner == \at(frame_table[i].owner, Pre); */
    /*@ assert mid: (x & PGT_count_mask) == \at(pg->type_info & PGT_count_mask, Pre) &&
            (x & PGT_type_mask) == \at(pg->type_info & PGT_type_mask, Pre); */
    /* At count 0 only the type bits stay (they tell the next
     * get_page_type that a flush is due); validated is set again then.
     * (x - 1 borrows nothing from the flag bits: the count is >= 1.) */
    nx = x - 1;
    /*@ assert dec: nx == x - 1 &&
            (nx & PGT_count_mask) == (x & PGT_count_mask) - 1 &&
            (nx & PGT_type_mask) == (x & PGT_type_mask); */
    if ((x & PGT_count_mask) == 1)
        nx = clear_validated(nx);
    /*@ assert fin: (nx & PGT_count_mask) == (x & PGT_count_mask) - 1 &&
            (nx & PGT_type_mask) == (x & PGT_type_mask); */
    pg->type_info = nx;
    /*@ assert plain_at: dv == 0 ==>
        \forall integer i; 0 <= i < frame_table_nr && i != pg - frame_table ==>
            frame_table[i].count_info == \at(frame_table[i].count_info, Pre) &&
            frame_table[i].type_info == \at(frame_table[i].type_info, Pre) &&
            frame_table[i].owner == \at(frame_table[i].owner, Pre); */
}

int
get_page_and_type(struct page_info *pg, const struct domain *d,
                  uint64_t type)
{
    int rc;

    if (!get_page(pg, d))
        return -EINVAL;
    rc = get_page_type(pg, type);
    if (rc != 0)
        put_page(pg);
    return rc;
}

void
put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

/* ------------------------------------------------------------------ */
/* Updating one entry of a validated table.                            */

/* val | (old & (PTE_ACCESSED | PTE_DIRTY)), one flag at a time (the same
 * value; each step is an OR with a constant, which the provers handle). */
/*@ assigns \nothing;
    ensures mfn: (\result & PTE_MFN_MASK) == (val & PTE_MFN_MASK);
    ensures present: (\result & PTE_PRESENT) == (val & PTE_PRESENT);
    ensures rw: (\result & PTE_RW) == (val & PTE_RW);
*/
static uint64_t
keep_ad(uint64_t val, uint64_t old)
{
    if (old & PTE_ACCESSED)
        val |= PTE_ACCESSED;
    /*@ assert a: (val & PTE_PRESENT) == (\at(val, Pre) & PTE_PRESENT) &&
            (val & PTE_RW) == (\at(val, Pre) & PTE_RW) &&
            (val & PTE_MFN_MASK) == (\at(val, Pre) & PTE_MFN_MASK); */
    if (old & PTE_DIRTY)
        val |= PTE_DIRTY;
    return val;
}

int
pv_mod_entry(struct domain *d, struct page_info *table, unsigned int index,
             uint64_t val, bool preserve_ad)
{
    uint64_t x = table->type_info;
    unsigned int level;
    uint64_t old;
    int rc;

    if (index >= PT_ENTRIES || table->owner != d || !is_pt_type(x & PGT_type_mask) ||
        !(x & PGT_validated) || (x & PGT_count_mask) == 0)
        return -EINVAL;
    level = pt_level(x & PGT_type_mask);
    if (!is_guest_slot(level, index))
        return -EINVAL;
    old = pt_slot_load(table, index);
    val = pte_adjust_guest(val);
    if (preserve_ad)
        val = keep_ad(val, old);
    /* the frame-table invariant at a guest-named frame, as pv_mmu.c's
     * pv_frame (proofs/README.md, Assumed) */
    /*@ admit frame: (val & PTE_MFN_MASK) >> 12 < frame_table_nr ==>
            page_counts_ok(frame_table + ((val & PTE_MFN_MASK) >> 12)); */
    /* New references first, so that re-writing the same target never lets
     * its counts touch zero on the way. */
    rc = get_entry(val, table, level, d);
    if (rc != 0)
        return rc;
    pt_slot_store(table, index, val);
    /*@ ghost mfn_t keep = (val & PTE_PRESENT) != 0 ?
            (mfn_t)((val & PTE_MFN_MASK) >> 12) : (mfn_t)(table - frame_table); */
    put_entry(old, table, level) /*@ ghost (keep) */;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Domain death.                                                       */

static void
drop_baseptr(mfn_t *ptr)
{
    if (*ptr != 0) {
        put_page_and_type(mfn_to_page(*ptr));
        *ptr = 0;
    }
}

/* Devalidate a table in place whatever its type count: what still holds a
 * type reference (a same-level linear entry, in a cycle nobody else can
 * break) will drop it later without devalidating again. */
static void
force_devalidate(struct page_info *pg)
{
    uint64_t x = pg->type_info;

    pg->type_info = x & ~PGT_validated;
    put_entries(pg, pt_level(x & PGT_type_mask), PT_ENTRIES);
}

void
pv_relinquish_memory(struct domain *d)
{
    struct page_info *pg, *next;

    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (v) {
            drop_baseptr(&v->guest_table);
            drop_baseptr(&v->guest_table_user);
        }
    }
    /* Every frame still holds its allocation reference here, so nothing
     * below frees a frame and the list stays intact. */
    for (pg = d->page_list; pg; pg = pg->next)
        if (pg->type_info & PGT_pinned) {
            pg->type_info &= ~PGT_pinned;
            put_page_and_type(pg);
        }
    for (unsigned int level = 4; level >= 1; level--)
        for (pg = d->page_list; pg; pg = pg->next)
            if ((pg->type_info & (PGT_type_mask | PGT_validated)) ==
                (pt_type_of_level(level) | PGT_validated))
                force_devalidate(pg);
    arch_pv_flush_tlb();
    for (pg = d->page_list; pg; pg = next) {
        next = pg->next;
        BUG_ON(type_count(pg) != 0 && is_pt_type(page_type(pg)));
        page_drop_allocation(pg);
    }
}
