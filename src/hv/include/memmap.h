/*
 * memmap.h - the boot memory map: typed physical address ranges.
 *
 * Environment: hosted and hypervisor (boot time, one CPU).
 *
 * The boot code fills a struct memmap from multiboot/e820 with
 * memmap_add(), calls memmap_sanitize(), then marks what it uses
 * (hypervisor image, boot modules) with memmap_carve() and takes early
 * memory with memmap_alloc().  Whatever is still MEM_RAM at the end is
 * handed to the frame allocator.
 *
 * Ranges are half-open [start, end).  A sanitized map (memmap_sane) is
 * sorted, non-overlapping, without empty entries, and adjacent entries of
 * the same type are merged.  Sanitizing resolves overlaps by rank: any
 * non-RAM type beats RAM, and among non-RAM types the higher number wins;
 * so memory is never turned into RAM by an overlap.  If the sanitized map
 * would need more than MEMMAP_MAX entries the smallest RAM entries are
 * dropped (become holes, i.e. unusable), never a reserved one.
 *
 * memmap_sanitize, memmap_carve and memmap_alloc use a static scratch
 * table: boot CPU only, not reentrant.
 */
#ifndef XL_MEMMAP_H
#define XL_MEMMAP_H

#include <stdint.h>
#include <xl_errno.h>

#define MEMMAP_MAX 128

enum memmap_type {
    MEM_RAM = 1, MEM_RESERVED = 2, MEM_ACPI = 3, MEM_NVS = 4,
    MEM_UNUSABLE = 5,
    MEM_HYPERVISOR = 16,      /* the hypervisor image */
    MEM_MODULE = 17,          /* boot modules (dom0 kernel, ramdisk) */
    MEM_BOOTALLOC = 18,       /* taken by memmap_alloc */
};

struct memmap_entry {
    uint64_t start, end;      /* [start, end) */
    uint32_t type;            /* enum memmap_type, or a firmware type */
};

struct memmap {
    unsigned int nr;          /* entries e[0 .. nr-1] are used */
    struct memmap_entry e[MEMMAP_MAX];
};

/*@ predicate memmap_valid(struct memmap *m) =
        m->nr <= MEMMAP_MAX &&
        (\forall integer i; 0 <= i < m->nr ==> m->e[i].start < m->e[i].end);

    predicate memmap_sane(struct memmap *m) =
        memmap_valid(m) &&
        (\forall integer i; 0 <= i < m->nr - 1 ==>
            m->e[i].end <= m->e[i + 1].start);
*/

/*@ requires \valid(m) && memmap_valid(m);
    assigns m->nr, m->e[0 .. MEMMAP_MAX - 1];
    ensures memmap_valid(m);
    behavior empty:
      assumes start >= end;
      ensures \result == -EINVAL && m->nr == \old(m->nr);
    behavior full:
      assumes start < end && m->nr >= MEMMAP_MAX;
      ensures \result == -ENOSPC && m->nr == \old(m->nr);
    behavior added:
      assumes start < end && m->nr < MEMMAP_MAX;
      ensures \result == 0 && m->nr == \old(m->nr) + 1;
      ensures m->e[\old(m->nr)].start == start;
      ensures m->e[\old(m->nr)].end == end;
      ensures m->e[\old(m->nr)].type == type;
    complete behaviors;
    disjoint behaviors;
*/
int memmap_add(struct memmap *m, uint64_t start, uint64_t end, uint32_t type);

/*@ requires \valid(m) && m->nr <= MEMMAP_MAX;
    assigns m->nr, m->e[0 .. MEMMAP_MAX - 1];
    ensures memmap_sane(m);
*/
void memmap_sanitize(struct memmap *m);

/* Mark [start,end) as type (not MEM_RAM: -EINVAL) and sanitize.
 * -EINVAL for an empty range, -ENOSPC if the table is full even after
 * sanitizing. */
/*@ requires \valid(m) && m->nr <= MEMMAP_MAX;
    assigns m->nr, m->e[0 .. MEMMAP_MAX - 1];
    ensures \result == 0 || \result == -EINVAL || \result == -ENOSPC;
    ensures \result == 0 ==> memmap_sane(m);
*/
int memmap_carve(struct memmap *m, uint64_t start, uint64_t end,
                 uint32_t type);

/* Sum of the sizes of the entries of the given type (of a sanitized map). */
/*@ requires \valid_read(m) && memmap_valid(m);
    assigns \nothing;
*/
uint64_t memmap_total(const struct memmap *m, uint32_t type);

/*
 * Boot allocator: take size bytes of RAM starting at a multiple of align
 * (a power of two; 0 means 1), ending at or below limit, at the highest
 * such address, and mark them type (not MEM_RAM).  The map is sanitized
 * first.  Returns the physical address, or 0 on failure: page 0 is never
 * handed out.
 */
/*@ requires \valid(m) && m->nr <= MEMMAP_MAX;
    assigns m->nr, m->e[0 .. MEMMAP_MAX - 1];
    ensures memmap_sane(m);
    ensures \result != 0 ==> \result >= 4096 && \result + size <= limit;
*/
uint64_t memmap_alloc(struct memmap *m, uint64_t size, uint64_t align,
                      uint64_t limit, uint32_t type);

/* "RAM", "reserved", ... or "unknown". */
const char *memmap_type_name(uint32_t type);

/* printk one line per entry:
 * " [0000000000100000, 000000001ffe0000) RAM  (511 MiB)" */
void memmap_print(const struct memmap *m);

#endif /* XL_MEMMAP_H */
