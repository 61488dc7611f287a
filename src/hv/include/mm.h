/*
 * mm.h - the frame table and the machine-frame (buddy) allocator.
 *
 * Environment: hosted and hypervisor.  No lock yet: boot CPU only until
 * SMP brings a heap lock.
 *
 * There is one struct page_info per machine frame, in an array the boot
 * code provides (frametable_init).  Every frame starts reserved; boot code
 * hands usable RAM to the allocator with frames_free_range().  After that,
 * alloc_frames(order) returns 2^order contiguous frames whose first mfn is
 * a multiple of 2^order, and free_frames() takes them back, merging
 * buddies.  Frames are NOT zeroed on allocation: use alloc_frames_zeroed()
 * when the contents matter (anything a guest can see).
 *
 * Frame states (count_info):
 *   PGC_reserved   never allocatable (firmware, hypervisor image, holes)
 *   PGC_free       inside a free buddy block (all frames of the block)
 *   neither        in use: by the hypervisor (owner NULL) or a domain
 * Freeing a frame that is free or reserved is a hypervisor bug: BUG().
 *
 * Page types (type_info, used from issue 3 on): a frame has one type at a
 * time, none / L1..L4 page table / segment descriptor page / writable,
 * plus PGT_validated once its contents were checked for that type,
 * PGT_pinned when the owner pinned it, and a type reference count in the
 * low bits.  The general reference count lives in the low bits of
 * count_info.  See DESIGN.md section 4 for the invariants.
 */
#ifndef XL_MM_H
#define XL_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ULL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define MAX_ORDER 18              /* largest block: 2^18 frames = 1 GiB */

typedef uint64_t mfn_t;
#define INVALID_MFN (~0ULL)

struct domain;

/* count_info */
#define PGC_allocated  (1ULL << 63)   /* owned by a domain: holds one ref */
#define PGC_free       (1ULL << 62)   /* in the buddy allocator */
#define PGC_reserved   (1ULL << 61)   /* never allocatable */
#define PGC_count_mask ((1ULL << 48) - 1)   /* general reference count */

/* type_info */
#define PGT_type_shift    61
#define PGT_type_mask     (7ULL << PGT_type_shift)
#define PGT_none          (0ULL << PGT_type_shift)
#define PGT_l1_page_table (1ULL << PGT_type_shift)
#define PGT_l2_page_table (2ULL << PGT_type_shift)
#define PGT_l3_page_table (3ULL << PGT_type_shift)
#define PGT_l4_page_table (4ULL << PGT_type_shift)
#define PGT_seg_desc_page (5ULL << PGT_type_shift)
#define PGT_writable_page (7ULL << PGT_type_shift)
#define PGT_validated     (1ULL << 60)   /* contents checked for the type */
#define PGT_pinned        (1ULL << 59)   /* owner holds a pin reference */
#define PGT_partial       (1ULL << 58)   /* validation preempted midway */
#define PGT_count_mask    ((1ULL << 48) - 1)   /* type reference count */

struct page_info {
    struct page_info *next, *prev; /* free list (allocator) or the owner's
                                      page list (owner) */
    uint64_t count_info;           /* PGC_* | general reference count */
    uint64_t type_info;            /* PGT_* | type reference count */
    struct domain *owner;          /* NULL: hypervisor or free */
    uint32_t order;                /* head of a free block: its order */
};

/* The table and its size, set by frametable_init (read-only elsewhere). */
extern struct page_info *frame_table;
extern uint64_t frame_table_nr;

/*@ predicate frame_table_ok = \valid(frame_table + (0 .. frame_table_nr - 1));
    // pg is an entry of the frame table (stated by index: the provers
    // handle that far better than pointer comparisons).
    predicate page_ok(struct page_info *pg) =
        \exists integer i; 0 <= i < frame_table_nr && pg == frame_table + i;
*/

/* Every frame reserved, free lists empty, counters 0.  May be called again
 * to start over (tests). */
/*@ requires \valid(table + (0 .. nr_frames - 1));
    ensures frame_table == table && frame_table_nr == nr_frames;
*/
void frametable_init(struct page_info *table, uint64_t nr_frames);

/* Boot: hand [start, end) -- all reserved -- to the allocator.
 * BUG if out of range or a frame is not reserved. */
/*@ requires frame_table_ok && start <= end && end <= frame_table_nr; */
void frames_free_range(mfn_t start, mfn_t end);

/* NULL when order > MAX_ORDER or no block is free.  The frames are not
 * zeroed, count_info and type_info are 0, owner NULL. */
/*@ requires frame_table_ok;
    ensures \result == \null ||
            (page_ok(\result) && order <= MAX_ORDER &&
             (\result - frame_table) % (1 << order) == 0);
*/
struct page_info *alloc_frames(unsigned int order);
struct page_info *alloc_frames_zeroed(unsigned int order);

/* Trusted contract (proofs/README.md, Assumed; not proved: the free lists
 * are pointer lists whose links the contract would need as an invariant).
 * It writes the block's frames (free, untyped, unowned), the list links
 * and order of free frames (next/prev/order of frames in the table: every
 * free-list link is a frame), and the allocator's own statics (free_list,
 * free_count: page_alloc.c's, visible to no caller, so not named). */
/*@ requires frame_table_ok && page_ok(pg) && order <= MAX_ORDER;
    assigns pg[0 .. (1 << order) - 1].count_info,
            pg[0 .. (1 << order) - 1].type_info,
            pg[0 .. (1 << order) - 1].owner,
            frame_table[0 .. frame_table_nr - 1].next,
            frame_table[0 .. frame_table_nr - 1].prev,
            frame_table[0 .. frame_table_nr - 1].order;
    ensures freed: pg->count_info == PGC_free && pg->type_info == 0 &&
                   pg->owner == \null;
*/
void free_frames(struct page_info *pg, unsigned int order);

/*@ assigns \nothing; */
uint64_t frames_free_count(void);   /* frames in the allocator now */
/*@ assigns \nothing; */
uint64_t frames_total(void);        /* frames ever given by free_range */

/*@ requires mfn < frame_table_nr;
    ensures \result == frame_table + mfn;
    assigns \nothing;
*/
struct page_info *mfn_to_page(mfn_t mfn);

/*@ requires page_ok((struct page_info *)pg);
    ensures \result == pg - frame_table;
    ensures frame: frame_table + \result == pg;
    assigns \nothing;
*/
mfn_t page_to_mfn(const struct page_info *pg);

/*@ ensures \result <==> mfn < frame_table_nr;
    assigns \nothing;
*/
bool mfn_valid(mfn_t mfn);

/* Hypervisor-virtual address of a page's frame (arch direct map). */
void *page_to_virt(const struct page_info *pg);
struct page_info *virt_to_page(const void *va);

#endif /* XL_MM_H */
