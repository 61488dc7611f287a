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
#include <asm/hvm.h>
#include <domain.h>

extern const struct ex_entry __start_ex_table[], __stop_ex_table[];

uint64_t
search_ex_table(uint64_t rip)
{
    for (const struct ex_entry *e = __start_ex_table; e < __stop_ex_table; e++)
        if (e->fault == rip)
            return e->fixup;
    return 0;
}

/*
 * A PV guest's addresses are live in the loaded page tables; an HVM
 * guest's go through its own paging and the p2m (hvm/emulate.c).
 */
size_t
arch_copy_from_guest(void *dst, uint64_t guest_va, size_t len)
{
    if (current && is_hvm_domain(current->domain))
        return hvm_copy_from_guest_virt(current, dst, guest_va, len);
    return copy_with_fixup(dst, (const void *)guest_va, len);
}

size_t
arch_copy_to_guest(uint64_t guest_va, const void *src, size_t len)
{
    if (current && is_hvm_domain(current->domain))
        return hvm_copy_to_guest_virt(current, guest_va, src, len);
    return copy_with_fixup((void *)guest_va, src, len);
}
