/*
 * symbols.h - address to symbol name lookup for stack traces.
 *
 * Environment: hosted and hypervisor.
 *
 * A struct symtab is produced at build time (from `nm` of the linked
 * image) and is read-only at run time: addrs[0 .. nr-1] sorted ascending,
 * and the name of symbol i is the NUL-terminated string at
 * names + name_offs[i].  Lookups take no lock and never fail hard.
 */
#ifndef XL_SYMBOLS_H
#define XL_SYMBOLS_H

#include <stdint.h>

struct symtab {
    uint64_t nr;
    const uint64_t *addrs;        /* sorted ascending */
    const uint32_t *name_offs;    /* into names */
    const char *names;
};

/*@ predicate symtab_ok(struct symtab *t) =
        \valid_read(t->addrs + (0 .. t->nr - 1)) &&
        \valid_read(t->name_offs + (0 .. t->nr - 1)) &&
        (\forall integer i, j; 0 <= i <= j < t->nr ==>
            t->addrs[i] <= t->addrs[j]);
*/

/* Name of the greatest symbol <= addr (the last of equal ones) and, if
 * offset != NULL, addr minus its address; NULL if t->nr == 0 or addr is
 * below the first symbol (then *offset is not written). */
/*@ requires \valid_read(t) && symtab_ok((struct symtab *)t);
    requires offset == \null ||
             (\valid(offset) &&
              \separated(offset, t, t->addrs + (0 .. t->nr - 1),
                         t->name_offs + (0 .. t->nr - 1)));
    assigns *offset;
    behavior none:
      assumes t->nr == 0 || addr < t->addrs[0];
      ensures \result == \null;
      ensures offset != \null ==> *offset == \old(*offset);
    behavior found:
      assumes t->nr > 0 && addr >= t->addrs[0];
      ensures \exists integer i; 0 <= i < t->nr &&
          t->addrs[i] <= addr && (i == t->nr - 1 || t->addrs[i + 1] > addr) &&
          \result == t->names + t->name_offs[i] &&
          (offset != \null ==> *offset == addr - t->addrs[i]);
    complete behaviors;
    disjoint behaviors;
*/
const char *symbols_lookup(const struct symtab *t, uint64_t addr,
                           uint64_t *offset);

#endif /* XL_SYMBOLS_H */
