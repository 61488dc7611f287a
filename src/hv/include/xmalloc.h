/*
 * xmalloc.h - the hypervisor's small heap, on top of alloc_frames().
 *
 * Environment: hosted and hypervisor.  No lock yet (boot CPU only).
 *
 * Call heap_init() once after the frame allocator has memory.  Every
 * pointer returned is 16-byte aligned; contents are undefined except from
 * the xzalloc variants.  Requests up to PAGE_SIZE/2 bytes come from
 * per-size-class pages (returned to the frame allocator when their last
 * block is freed); larger ones take 2^order whole frames.  xmalloc_bytes(0)
 * returns a valid, freeable, distinct pointer.  NULL means out of memory.
 *
 * xfree(NULL) does nothing.  Freeing a pointer twice, or one that xmalloc
 * did not return, is a hypervisor bug and ends in BUG() (detected with a
 * magic value in the 16-byte header in front of each block: best effort).
 */
#ifndef XL_XMALLOC_H
#define XL_XMALLOC_H

#include <stddef.h>
#include <stdint.h>

struct heap_stats {
    uint64_t bytes_in_use;    /* sum of requested sizes not yet freed */
    uint64_t frames;          /* frames the heap holds now */
    uint64_t allocs, frees;   /* successful calls since heap_init */
};

void heap_init(void);
void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
/* Trusted contract (proofs/README.md): only the heap's own metadata
 * changes, which no caller reads; p is freed. */
/*@ assigns \nothing; */
void xfree(void *p);
/* Proved (module domctl_invoke). */
/*@ requires \valid(st);
    assigns *st;
*/
void heap_get_stats(struct heap_stats *st);

/* The size p was allocated with (p from xmalloc; not NULL, not freed). */
size_t xmalloc_size(const void *p);

/* NULL if n * size overflows. */
void *xmalloc_array_bytes(size_t size, size_t n);
void *xzalloc_array_bytes(size_t size, size_t n);

#define xmalloc(T)            ((T *)xmalloc_bytes(sizeof(T)))
#define xzalloc(T)            ((T *)xzalloc_bytes(sizeof(T)))
#define xmalloc_array(T, n)   ((T *)xmalloc_array_bytes(sizeof(T), (n)))
#define xzalloc_array(T, n)   ((T *)xzalloc_array_bytes(sizeof(T), (n)))

#endif /* XL_XMALLOC_H */
