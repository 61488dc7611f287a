/*
 * usercopy.c - guest_access.h hooks for the bare-metal hypervisor.
 *
 * Where it runs: hypervisor only, in a hypercall of the current vCPU,
 * whose page tables are loaded.
 */
#include <stddef.h>
#include <stdint.h>
#include <guest_access.h>
#include <asm/uaccess.h>

extern const struct ex_entry __start_ex_table[], __stop_ex_table[];

uint64_t
search_ex_table(uint64_t rip)
{
    for (const struct ex_entry *e = __start_ex_table; e < __stop_ex_table; e++)
        if (e->fault == rip)
            return e->fixup;
    return 0;
}

size_t
arch_copy_from_guest(void *dst, uint64_t guest_va, size_t len)
{
    return copy_with_fixup(dst, (const void *)guest_va, len);
}

size_t
arch_copy_to_guest(uint64_t guest_va, const void *src, size_t len)
{
    return copy_with_fixup((void *)guest_va, src, len);
}
