/*
 * xmalloc.c - the small hypervisor heap (see xmalloc.h).
 *
 * Environment: hosted and hypervisor.
 *
 * Every block starts with a 16-byte struct block_hdr; the caller's pointer
 * is just past it, so 16-byte alignment follows from block placement.
 *
 * Small requests: a frame is carved into blocks of one size class behind a
 * 32-byte struct heap_page.  Pages with at least one free block sit on
 * partial[class]; a page whose last block is freed goes back to the frame
 * allocator.  The owning page of a block is found by rounding its address
 * down to PAGE_SIZE (the direct map is page aligned).
 *
 * Large requests: 2^order whole frames, header at the start of the first
 * frame (the direct map is virtually contiguous over a buddy block).
 */
#include <lib.h>
#include <mm.h>
#include <string.h>
#include <xmalloc.h>

#define HDR_SIZE      16
#define PAGE_HDR_SIZE 32
#define MAGIC_SMALL   0x584c736dU    /* "XLsm" */
#define MAGIC_LARGE   0x584c6c67U    /* "XLlg" */
#define MAGIC_FREE    0x584c6672U    /* "XLfr" */
#define MAGIC_PAGE    0x584c7067U    /* "XLpg" */

struct block_hdr {
    uint32_t magic;       /* MAGIC_SMALL | MAGIC_LARGE | MAGIC_FREE */
    uint32_t cls;         /* size class (small) or frame order (large) */
    uint64_t size;        /* bytes requested; free small blocks: unused */
};

struct heap_page {
    uint32_t magic;                   /* MAGIC_PAGE while owned by the heap */
    uint16_t cls;
    uint16_t inuse;                   /* allocated blocks in this page */
    struct heap_page *next, *prev;    /* partial[cls] list */
    struct block_hdr *free;           /* free blocks, linked through body */
};

_Static_assert(sizeof(struct block_hdr) == HDR_SIZE, "block header size");
_Static_assert(sizeof(struct heap_page) <= PAGE_HDR_SIZE, "page header");

/* Block sizes including the header; the last fills a page. */
static const uint32_t class_size[] = {
    32, 64, 128, 256, 512, 1024, 2032, PAGE_SIZE - PAGE_HDR_SIZE,
};
#define NR_CLASSES ARRAY_SIZE(class_size)

static struct heap_page *partial[NR_CLASSES];
static struct heap_stats stats;

void
heap_init(void)
{
    for (size_t i = 0; i < NR_CLASSES; i++)
        partial[i] = NULL;
    memset(&stats, 0, sizeof(stats));
}

void
heap_get_stats(struct heap_stats *st)
{
    *st = stats;
}

static struct block_hdr **
free_next(struct block_hdr *b)
{
    return (struct block_hdr **)(b + 1);
}

static void
partial_link(struct heap_page *hp)
{
    hp->prev = NULL;
    hp->next = partial[hp->cls];
    if (hp->next != NULL)
        hp->next->prev = hp;
    partial[hp->cls] = hp;
}

static void
partial_unlink(struct heap_page *hp)
{
    if (hp->prev != NULL)
        hp->prev->next = hp->next;
    else
        partial[hp->cls] = hp->next;
    if (hp->next != NULL)
        hp->next->prev = hp->prev;
    hp->next = hp->prev = NULL;
}

static void
block_push(struct heap_page *hp, struct block_hdr *b)
{
    b->magic = MAGIC_FREE;
    b->cls = hp->cls;
    *free_next(b) = hp->free;
    hp->free = b;
}

static struct heap_page *
page_new(unsigned int cls)
{
    struct page_info *pg = alloc_frames(0);
    struct heap_page *hp;

    if (pg == NULL)
        return NULL;
    hp = page_to_virt(pg);
    hp->magic = MAGIC_PAGE;
    hp->cls = (uint16_t)cls;
    hp->inuse = 0;
    hp->free = NULL;
    for (size_t off = PAGE_HDR_SIZE; off + class_size[cls] <= PAGE_SIZE;
         off += class_size[cls])
        block_push(hp, (struct block_hdr *)((char *)hp + off));
    partial_link(hp);
    stats.frames++;
    return hp;
}

/* The smallest class whose blocks hold size bytes and the header (a
 * small request: at most PAGE_SIZE / 2, which the last class holds). */
/*@ requires size <= PAGE_SIZE / 2;
    assigns \nothing;
    ensures bounded: \result < NR_CLASSES;
    ensures fits: size + HDR_SIZE <= class_size[\result];
    ensures smallest: \forall integer j; 0 <= j < \result ==>
        class_size[j] < size + HDR_SIZE;
*/
static unsigned int
size_class(size_t size)
{
    unsigned int c = 0;

    /*@ loop invariant 0 <= c < NR_CLASSES;
        loop invariant \forall integer j; 0 <= j < c ==>
            class_size[j] < size + HDR_SIZE;
        loop assigns c;
        loop variant NR_CLASSES - c;
    */
    while (size + HDR_SIZE > class_size[c])
        c++;
    return c;
}

static struct block_hdr *
small_alloc(size_t size)
{
    unsigned int cls = size_class(size);
    struct heap_page *hp = partial[cls];
    struct block_hdr *b;

    if (hp == NULL && (hp = page_new(cls)) == NULL)
        return NULL;
    b = hp->free;
    hp->free = *free_next(b);
    hp->inuse++;
    if (hp->free == NULL)
        partial_unlink(hp);
    b->magic = MAGIC_SMALL;
    return b;
}

static struct block_hdr *
large_alloc(size_t size)
{
    unsigned int order = 0;
    struct page_info *pg;
    struct block_hdr *b;

    while (order <= MAX_ORDER && (PAGE_SIZE << order) - HDR_SIZE < size)
        order++;
    if (order > MAX_ORDER || (pg = alloc_frames(order)) == NULL)
        return NULL;
    b = page_to_virt(pg);
    b->magic = MAGIC_LARGE;
    b->cls = order;
    stats.frames += 1ULL << order;
    return b;
}

void *
xmalloc_bytes(size_t size)
{
    struct block_hdr *b;

    if (size <= PAGE_SIZE / 2)
        b = small_alloc(size);
    else
        b = large_alloc(size);
    if (b == NULL)
        return NULL;
    b->size = size;
    stats.bytes_in_use += size;
    stats.allocs++;
    return b + 1;
}

void *
xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    if (p != NULL)
        memset(p, 0, size);
    return p;
}

/* n elements of size bytes: NULL when size * n would wrap, so the block
 * is never smaller than the array. */
/*@ ensures size * n > SIZE_MAX ==> \result == \null; */
void *
xmalloc_array_bytes(size_t size, size_t n)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    /*@ assert no_wrap: size * n <= SIZE_MAX; */
    return xmalloc_bytes(size * n);
}

/*@ ensures size * n > SIZE_MAX ==> \result == \null; */
void *
xzalloc_array_bytes(size_t size, size_t n)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    /*@ assert no_wrap: size * n <= SIZE_MAX; */
    return xzalloc_bytes(size * n);
}

static void
small_free(struct block_hdr *b)
{
    struct heap_page *hp = (struct heap_page *)ROUNDDOWN((uintptr_t)b,
                                                         PAGE_SIZE);
    size_t off = (size_t)((char *)b - (char *)hp);

    if (hp->magic != MAGIC_PAGE || hp->cls != b->cls ||
        b->cls >= NR_CLASSES || off < PAGE_HDR_SIZE ||
        (off - PAGE_HDR_SIZE) % class_size[b->cls] != 0 || hp->inuse == 0)
        panic("xfree(%p): not a heap block", (void *)(b + 1));
    if (hp->free == NULL)
        partial_link(hp);
    block_push(hp, b);
    if (--hp->inuse != 0)
        return;
    partial_unlink(hp);
    hp->magic = 0;
    free_frames(virt_to_page(hp), 0);
    stats.frames--;
}

static void
large_free(struct block_hdr *b)
{
    unsigned int order = b->cls;

    if (!IS_ALIGNED((uintptr_t)b, PAGE_SIZE) || order > MAX_ORDER)
        panic("xfree(%p): not a heap block", (void *)(b + 1));
    b->magic = MAGIC_FREE;
    free_frames(virt_to_page(b), order);
    stats.frames -= 1ULL << order;
}

size_t
xmalloc_size(const void *p)
{
    const struct block_hdr *b = (const struct block_hdr *)p - 1;

    if (!IS_ALIGNED((uintptr_t)p, HDR_SIZE) ||
        (b->magic != MAGIC_SMALL && b->magic != MAGIC_LARGE))
        panic("xmalloc_size(%p): not a live heap block", p);
    return (size_t)b->size;
}

void
xfree(void *p)
{
    struct block_hdr *b;
    uint64_t size;

    if (p == NULL)
        return;
    b = (struct block_hdr *)p - 1;
    if (!IS_ALIGNED((uintptr_t)p, HDR_SIZE))
        panic("xfree(%p): misaligned pointer", p);
    if (b->magic == MAGIC_FREE)
        panic("xfree(%p): double free", p);
    size = b->size;
    if (b->magic == MAGIC_SMALL)
        small_free(b);
    else if (b->magic == MAGIC_LARGE)
        large_free(b);
    else
        panic("xfree(%p): bad magic %#x", p, b->magic);
    stats.bytes_in_use -= size;
    stats.frees++;
}
