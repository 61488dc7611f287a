/*
 * memmap.c - the boot memory map (see memmap.h).
 *
 * Environment: hosted and hypervisor (boot time, one CPU).
 *
 * Sanitizing is a sweep over elementary intervals: every entry boundary is
 * collected and sorted, and each interval between two consecutive
 * boundaries gets the highest-ranked type of the entries covering it.
 * With at most MEMMAP_MAX entries there are at most 2*MEMMAP_MAX
 * boundaries, so the quadratic sweep is a few tens of thousands of steps,
 * done a handful of times at boot.
 */
#include <lib.h>
#include <memmap.h>
#include <string.h>
#include <xl_errno.h>

#define PAGE0_END 4096ULL   /* memmap_alloc never hands out page 0 */

static uint64_t bounds[2 * MEMMAP_MAX];
static struct memmap_entry scratch[2 * MEMMAP_MAX];

int
memmap_add(struct memmap *m, uint64_t start, uint64_t end, uint32_t type)
{
    if (start >= end)
        return -EINVAL;
    if (m->nr >= MEMMAP_MAX)
        return -ENOSPC;
    m->e[m->nr].start = start;
    m->e[m->nr].end = end;
    m->e[m->nr].type = type;
    m->nr++;
    return 0;
}

/* Overlap priority: RAM loses to everything, higher non-RAM types win. */
static uint64_t
type_rank(uint32_t type)
{
    return type == MEM_RAM ? 0 : (uint64_t)type + 1;
}

/* Insert v into the sorted, duplicate-free bounds[0 .. n-1]. */
static unsigned int
bounds_insert(unsigned int n, uint64_t v)
{
    unsigned int i = n;

    while (i > 0 && bounds[i - 1] > v)
        i--;
    if (i > 0 && bounds[i - 1] == v)
        return n;
    memmove(&bounds[i + 1], &bounds[i], (n - i) * sizeof(bounds[0]));
    bounds[i] = v;
    return n + 1;
}

static unsigned int
bounds_collect(const struct memmap *m)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < m->nr; i++) {
        if (m->e[i].start >= m->e[i].end)
            continue;
        n = bounds_insert(n, m->e[i].start);
        n = bounds_insert(n, m->e[i].end);
    }
    return n;
}

/* Winning type over [lo, hi), which no boundary splits; false if a hole. */
static bool
covering_type(const struct memmap *m, uint64_t lo, uint64_t hi,
              uint32_t *type)
{
    bool found = false;

    for (unsigned int i = 0; i < m->nr; i++) {
        const struct memmap_entry *e = &m->e[i];

        if (e->start > lo || e->end < hi || e->start >= e->end)
            continue;
        if (!found || type_rank(e->type) > type_rank(*type))
            *type = e->type;
        found = true;
    }
    return found;
}

static unsigned int
scratch_build(const struct memmap *m, unsigned int nb)
{
    unsigned int n = 0;
    uint32_t type = 0;

    for (unsigned int i = 0; i + 1 < nb; i++) {
        if (!covering_type(m, bounds[i], bounds[i + 1], &type))
            continue;
        if (n > 0 && scratch[n - 1].end == bounds[i] &&
            scratch[n - 1].type == type) {
            scratch[n - 1].end = bounds[i + 1];
            continue;
        }
        scratch[n].start = bounds[i];
        scratch[n].end = bounds[i + 1];
        scratch[n].type = type;
        n++;
    }
    return n;
}

/* Remove the smallest RAM entry (the smallest entry if there is no RAM). */
static unsigned int
scratch_drop_one(unsigned int n)
{
    unsigned int victim = 0;
    bool ram = false;

    for (unsigned int i = 0; i < n; i++) {
        bool is_ram = scratch[i].type == MEM_RAM;
        uint64_t sz = scratch[i].end - scratch[i].start;

        if ((is_ram && !ram) ||
            (is_ram == ram &&
             sz < scratch[victim].end - scratch[victim].start)) {
            victim = i;
            ram = ram || is_ram;
        }
    }
    printk(XENLOG_WARNING "memmap: table full, dropping [%016llx, %016llx) %s\n",
           (unsigned long long)scratch[victim].start,
           (unsigned long long)scratch[victim].end,
           memmap_type_name(scratch[victim].type));
    memmove(&scratch[victim], &scratch[victim + 1],
            (n - victim - 1) * sizeof(scratch[0]));
    return n - 1;
}

void
memmap_sanitize(struct memmap *m)
{
    unsigned int n = scratch_build(m, bounds_collect(m));

    while (n > MEMMAP_MAX)
        n = scratch_drop_one(n);
    memcpy(m->e, scratch, n * sizeof(scratch[0]));
    m->nr = n;
}

int
memmap_carve(struct memmap *m, uint64_t start, uint64_t end, uint32_t type)
{
    int rc;

    if (type == MEM_RAM)
        return -EINVAL;
    rc = memmap_add(m, start, end, type);
    if (rc == -ENOSPC) {
        memmap_sanitize(m);
        rc = memmap_add(m, start, end, type);
    }
    if (rc != 0)
        return rc;
    memmap_sanitize(m);
    return 0;
}

uint64_t
memmap_total(const struct memmap *m, uint32_t type)
{
    uint64_t sum = 0;

    /*@ loop invariant bound: 0 <= i <= m->nr;
        loop assigns i, sum;
        loop variant m->nr - i;
    */
    for (unsigned int i = 0; i < m->nr; i++)
        if (m->e[i].type == type && m->e[i].end > m->e[i].start)
            sum += m->e[i].end - m->e[i].start;
    return sum;
}

/* Highest aligned address in RAM entry e for the request; false if none. */
/*@ requires \valid_read(e) && \valid(addr);
    assigns *addr;
*/
static bool
alloc_candidate(const struct memmap_entry *e, uint64_t size, uint64_t align,
                uint64_t limit, uint64_t *addr)
{
    uint64_t hi = e->end < limit ? e->end : limit;
    uint64_t lo = e->start > PAGE0_END ? e->start : PAGE0_END;
    uint64_t a;

    if (e->type != MEM_RAM || hi < size)
        return false;
    a = ROUNDDOWN(hi - size, align);
    if (a < lo)
        return false;
    *addr = a;
    return true;
}

uint64_t
memmap_alloc(struct memmap *m, uint64_t size, uint64_t align, uint64_t limit,
             uint32_t type)
{
    uint64_t best = 0, a;

    if (align == 0)
        align = 1;
    if (size == 0 || type == MEM_RAM || !IS_POWER_OF_2(align))
        return 0;
    memmap_sanitize(m);
    for (unsigned int i = 0; i < m->nr; i++)
        if (alloc_candidate(&m->e[i], size, align, limit, &a) && a > best)
            best = a;
    if (best == 0 || memmap_carve(m, best, best + size, type) != 0)
        return 0;
    return best;
}

const char *
memmap_type_name(uint32_t type)
{
    switch (type) {
    case MEM_RAM:        return "RAM";
    case MEM_RESERVED:   return "reserved";
    case MEM_ACPI:       return "ACPI";
    case MEM_NVS:        return "NVS";
    case MEM_UNUSABLE:   return "unusable";
    case MEM_HYPERVISOR: return "hypervisor";
    case MEM_MODULE:     return "module";
    case MEM_BOOTALLOC:  return "bootalloc";
    default:             return "unknown";
    }
}

static void
print_entry(const struct memmap_entry *e)
{
    uint64_t sz = e->end - e->start;
    unsigned long long shown;
    const char *unit;

    if (sz >= (1ULL << 20)) {
        shown = (sz >> 20) + ((sz >> 19) & 1);   /* round to nearest */
        unit = "MiB";
    } else {
        shown = (sz >> 10) + ((sz >> 9) & 1);
        unit = "KiB";
    }
    printk(" [%016llx, %016llx) %s  (%llu %s)\n",
           (unsigned long long)e->start, (unsigned long long)e->end,
           memmap_type_name(e->type), shown, unit);
}

void
memmap_print(const struct memmap *m)
{
    for (unsigned int i = 0; i < m->nr; i++)
        print_entry(&m->e[i]);
}
