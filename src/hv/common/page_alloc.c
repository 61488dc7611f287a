/*
 * page_alloc.c - the frame table and the buddy allocator (see mm.h).
 *
 * Environment: hosted and hypervisor.
 *
 * free_list[k] holds the head frames of free blocks of 2^k frames, each
 * block naturally aligned.  Every frame of a free block carries PGC_free;
 * only the head's order field is meaningful.  The buddy of the order-k
 * block at mfn b is the block at b ^ 2^k; two free buddies of equal order
 * always merge, so no two free buddies of the same order coexist.
 * (A buddy frame that is PGC_free is the head of a free block of order <= k:
 * a larger free block containing it would also contain the block being
 * freed, which BUGs as a double free first.)
 */
#include <arch_hooks.h>
#include <lib.h>
#include <mm.h>
#include <string.h>

struct page_info *frame_table;
uint64_t frame_table_nr;

static struct page_info *free_list[MAX_ORDER + 1];
static uint64_t free_count;
static uint64_t total_count;

bool
mfn_valid(mfn_t mfn)
{
    return mfn < frame_table_nr;
}

struct page_info *
mfn_to_page(mfn_t mfn)
{
    ASSERT(mfn_valid(mfn));
    return frame_table + mfn;
}

mfn_t
page_to_mfn(const struct page_info *pg)
{
    ASSERT(pg >= frame_table && pg < frame_table + frame_table_nr);
    return (mfn_t)(pg - frame_table);
}

void *
page_to_virt(const struct page_info *pg)
{
    return arch_mfn_to_virt(page_to_mfn(pg));
}

struct page_info *
virt_to_page(const void *va)
{
    return mfn_to_page(arch_virt_to_mfn(va));
}

void
frametable_init(struct page_info *table, uint64_t nr_frames)
{
    frame_table = table;
    frame_table_nr = nr_frames;
    for (uint64_t i = 0; i < nr_frames; i++) {
        memset(&table[i], 0, sizeof(table[i]));
        table[i].count_info = PGC_reserved;
    }
    for (unsigned int k = 0; k <= MAX_ORDER; k++)
        free_list[k] = NULL;
    free_count = 0;
    total_count = 0;
}

static void
list_push(unsigned int order, struct page_info *pg)
{
    pg->order = order;
    pg->prev = NULL;
    pg->next = free_list[order];
    if (pg->next != NULL)
        pg->next->prev = pg;
    free_list[order] = pg;
}

static void
list_remove(unsigned int order, struct page_info *pg)
{
    if (pg->prev != NULL)
        pg->prev->next = pg->next;
    else
        free_list[order] = pg->next;
    if (pg->next != NULL)
        pg->next->prev = pg->prev;
    pg->next = pg->prev = NULL;
}

/* The free buddy of the order-k block at mfn, or NULL. */
/*@ requires frame_table_ok && order <= MAX_ORDER;
    assigns \nothing;
    ensures \result == \null || page_ok(\result);
*/
static struct page_info *
free_buddy(mfn_t mfn, unsigned int order)
{
    mfn_t b = mfn ^ (1ULL << order);
    struct page_info *pg;

    if (!mfn_valid(b))
        return NULL;
    pg = &frame_table[b];
    if (!(pg->count_info & PGC_free) || pg->order != order)
        return NULL;
    return pg;
}

/* Insert the free block [mfn, mfn + 2^order), merging upwards. */
static void
block_insert(mfn_t mfn, unsigned int order)
{
    struct page_info *buddy;

    while (order < MAX_ORDER && (buddy = free_buddy(mfn, order)) != NULL) {
        list_remove(order, buddy);
        mfn &= ~(1ULL << order);
        order++;
    }
    list_push(order, &frame_table[mfn]);
}

/* Mark a block's frames free; BUG on a double free or a reserved frame. */
static void
block_mark_free(struct page_info *pg, unsigned int order)
{
    for (uint64_t i = 0; i < (1ULL << order); i++)
        BUG_ON(pg[i].count_info & (PGC_free | PGC_reserved));
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        pg[i].count_info = PGC_free;
        pg[i].type_info = 0;
        pg[i].owner = NULL;
    }
}

void
free_frames(struct page_info *pg, unsigned int order)
{
    mfn_t mfn = page_to_mfn(pg);

    BUG_ON(order > MAX_ORDER);
    BUG_ON(!IS_ALIGNED(mfn, 1ULL << order));
    BUG_ON(frame_table_nr - mfn < (1ULL << order));
    block_mark_free(pg, order);
    block_insert(mfn, order);
    free_count += 1ULL << order;
}

/* Largest order at which a block at mfn is aligned and fits below end. */
static unsigned int
range_order(mfn_t mfn, mfn_t end)
{
    unsigned int order = 0;

    /*@ loop invariant bound: 0 <= order <= MAX_ORDER;
        loop assigns order;
        loop variant MAX_ORDER - order;
    */
    while (order < MAX_ORDER && IS_ALIGNED(mfn, 1ULL << (order + 1)) &&
           end - mfn >= (1ULL << (order + 1)))
        order++;
    return order;
}

void
frames_free_range(mfn_t start, mfn_t end)
{
    BUG_ON(start > end || end > frame_table_nr);
    for (mfn_t m = start; m < end; m++) {
        BUG_ON(!(frame_table[m].count_info & PGC_reserved));
        frame_table[m].count_info = 0;
    }
    while (start < end) {
        unsigned int order = range_order(start, end);

        free_frames(&frame_table[start], order);
        total_count += 1ULL << order;
        start += 1ULL << order;
    }
}

/* Take a block of at least the order, split down, mark it in use. */
struct page_info *
alloc_frames(unsigned int order)
{
    struct page_info *pg;
    unsigned int k = order;

    if (order > MAX_ORDER)
        return NULL;
    while (k <= MAX_ORDER && free_list[k] == NULL)
        k++;
    if (k > MAX_ORDER)
        return NULL;
    pg = free_list[k];
    list_remove(k, pg);
    while (k > order) {
        k--;
        list_push(k, pg + (1ULL << k));
    }
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        ASSERT(pg[i].count_info == PGC_free);
        pg[i].count_info = 0;
    }
    pg->order = 0;
    free_count -= 1ULL << order;
    return pg;
}

struct page_info *
alloc_frames_zeroed(unsigned int order)
{
    struct page_info *pg = alloc_frames(order);

    if (pg == NULL)
        return NULL;
    for (uint64_t i = 0; i < (1ULL << order); i++)
        memset(page_to_virt(pg + i), 0, PAGE_SIZE);
    return pg;
}

uint64_t
frames_free_count(void)
{
    return free_count;
}

uint64_t
frames_total(void)
{
    return total_count;
}
