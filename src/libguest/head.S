/*
 * libguest/head.S - PV64 entry point, Xen ELF notes, hypercall page, stack.
 *
 * Where it runs: guest only (PV64 kernel, ring 3).
 *
 * The domain builder enters `_start` in 64-bit mode with %rsi = the
 * virtual address of start_info, events masked, on a stack of its own
 * inside the initial mapping.  We switch to our own stack (in .bss, so
 * the image does not depend on where the builder put its stack), keep
 * the entry registers for the tests to look at, and call
 * guest_start(start_info) in C.  guest_start must not return; if it
 * does we crash the domain.
 */
#define __ASSEMBLY__
#include "xen_notes.h"

#define HC(nr) (hypercall_page + (nr) * 32)
#define __HYPERVISOR_sched_op 29

    xen_note XEN_ELFNOTE_GUEST_OS,       str, "xenolith-libguest"
    xen_note XEN_ELFNOTE_GUEST_VERSION,  str, "1"
    xen_note XEN_ELFNOTE_XEN_VERSION,    str, "xen-3.0"
    xen_note XEN_ELFNOTE_LOADER,         str, "generic"
    xen_note XEN_ELFNOTE_VIRT_BASE,      quad, GUEST_VIRT_BASE
    xen_note XEN_ELFNOTE_PADDR_OFFSET,   quad, GUEST_PADDR_OFFSET
    xen_note XEN_ELFNOTE_ENTRY,          quad, _start
    xen_note XEN_ELFNOTE_HYPERCALL_PAGE, quad, hypercall_page
    xen_note XEN_ELFNOTE_FEATURES,       str, "pae_pgdir_above_4gb"
    xen_note XEN_ELFNOTE_PAE_MODE,       str, "yes"

    .section .text.head, "ax", @progbits
    .code64
    .globl _start
_start:
    /* Record what the builder handed over, before touching anything. */
    movq %rsp, entry_regs + 0(%rip)
    movq %rsi, entry_regs + 8(%rip)
    pushfq
    popq entry_regs + 16(%rip)
    movq %rax, entry_regs + 24(%rip)
    movq %rbx, entry_regs + 32(%rip)
    movq %rcx, entry_regs + 40(%rip)
    movq %rdx, entry_regs + 48(%rip)
    movq %rdi, entry_regs + 56(%rip)
    movq %rbp, entry_regs + 64(%rip)
    movw %cs, entry_regs + 72(%rip)
    movw %ss, entry_regs + 80(%rip)
    movw %ds, entry_regs + 88(%rip)

    leaq boot_stack_top(%rip), %rsp
    xorl %ebp, %ebp
    movq %rsi, %rdi
    call guest_start

    /* guest_start returned: SCHEDOP_shutdown(SHUTDOWN_crash). */
    movl $3, shutdown_reason(%rip)
    movl $2, %edi
    leaq shutdown_reason(%rip), %rsi
    call HC(__HYPERVISOR_sched_op)
1:  jmp 1b

    /* Filled in by the hypervisor; ud2 everywhere until then. */
    .section .text.hypercall_page, "ax", @progbits
    .p2align 12
    .globl hypercall_page
hypercall_page:
    .rept 4096 / 2
    ud2
    .endr

    .data
    .p2align 2
shutdown_reason:
    .long 0

    .p2align 3
    /* rsp, rsi, rflags, rax, rbx, rcx, rdx, rdi, rbp, cs, ss, ds */
    .globl entry_regs
entry_regs:
    .fill 12, 8, 0

    .section .bss.stack, "aw", @nobits
    .p2align 12
    .globl boot_stack
boot_stack:
    .skip 16384
    .globl boot_stack_top
boot_stack_top:
