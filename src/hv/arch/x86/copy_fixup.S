/*
 * usercopy.S - copies between the hypervisor and the current guest's
 * address space that survive a bad guest address.
 *
 * Where it runs: hypervisor only, while the guest's page tables are loaded
 * (during its hypercall).
 *
 * `rep movsb` does the copy.  If it faults (the guest address is unmapped
 * or, for a write, read-only), the trap handler finds the faulting RIP in
 * the exception table (.ex_table: pairs of fault address, fixup address)
 * and resumes at the fixup, which returns how many bytes were NOT copied
 * (still in %rcx).  The caller has already refused hypervisor addresses.
 *
 *   size_t copy_with_fixup(void *dst, const void *src, size_t n);
 */
        .text
        .globl  copy_with_fixup
copy_with_fixup:
        movq    %rdx, %rcx
1:      rep movsb
2:      movq    %rcx, %rax
        ret

        .section .ex_table, "a"
        .align  8
        .quad   1b, 2b
