/*
 * symbols.c - symbol lookup by binary search (see symbols.h).
 *
 * Environment: hosted and hypervisor.
 */
#include <stddef.h>
#include <symbols.h>

const char *
symbols_lookup(const struct symtab *t, uint64_t addr, uint64_t *offset)
{
    uint64_t lo = 0, hi = t->nr;   /* answer index is lo - 1 */

    /* Invariant: addrs[0 .. lo-1] <= addr < addrs[hi .. nr-1]. */
    /*@ loop invariant bound: 0 <= lo <= hi <= t->nr;
        loop invariant below: \forall integer i; 0 <= i < lo ==> t->addrs[i] <= addr;
        loop invariant above: \forall integer i; hi <= i < t->nr ==> t->addrs[i] > addr;
        loop assigns lo, hi;
        loop variant hi - lo;
    */
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;

        if (t->addrs[mid] <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    if (offset != NULL)
        *offset = addr - t->addrs[lo - 1];
    return t->names + t->name_offs[lo - 1];
}
