/*
 * asm/uaccess.h - fault-tolerant copies and the exception table.
 *
 * Where it runs: hypervisor only.
 */
#ifndef ASM_X86_UACCESS_H
#define ASM_X86_UACCESS_H

#include <stddef.h>
#include <stdint.h>

struct ex_entry {
    uint64_t fault;     /* address of an instruction allowed to fault */
    uint64_t fixup;     /* where to resume when it does */
};

size_t copy_with_fixup(void *dst, const void *src, size_t n);
/* The fixup address for a faulting RIP, or 0. */
uint64_t search_ex_table(uint64_t rip);

#endif /* ASM_X86_UACCESS_H */
