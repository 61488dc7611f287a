/*
 * hvm/svm_entry.S - one trip into an SVM guest and back.
 *
 * Where it runs: hypervisor only, with interrupts off (the caller).
 *
 *   void svm_enter(uint64_t vmcb_pa, struct hvm_gprs *gprs, uint64_t host_pa);
 *
 * VMRUN switches RAX, RSP, RIP, RFLAGS, control and segment registers
 * (from/to the VMCB and the host save area); every other general register
 * is the software's business, so the guest's are loaded from *gprs before
 * VMRUN and stored back after.  VMLOAD/VMSAVE move the state VMRUN leaves
 * alone (FS, GS, TR, LDTR and their hidden parts, KernelGsBase, the
 * SYSCALL/SYSENTER MSRs): the guest's from its VMCB, the hypervisor's from
 * host_pa.  GIF is cleared around the switch; interrupts are enabled just
 * for VMRUN so that, with V_INTR_MASKING, a physical interrupt arriving in
 * the guest makes it exit (and is taken by the caller after STGI/STI).
 */
#include "gprs.inc"

        .text
        .globl  svm_enter
svm_enter:
        pushq   %rbx
        pushq   %rbp
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        pushq   %rdx                    /* 0x10(%rsp): host save area */
        pushq   %rsi                    /* 0x08(%rsp): gprs */
        pushq   %rdi                    /* 0x00(%rsp): vmcb */

        movq    %rdx, %rax
        vmsave  %rax                    /* the hypervisor's FS/GS/TR/... */
        clgi
        sti

        movq    0x00(%rsp), %rax
        GPRS_LOAD

        vmload  %rax
        vmrun   %rax
        vmsave  %rax

        pushq   %rsi                    /* guest rsi; gprs is now at 0x10(%rsp) */
        movq    0x10(%rsp), %rsi
        GPRS_STORE
        popq    %rax
        movq    %rax, 0x18(%rsi)

        cli
        movq    0x10(%rsp), %rax
        vmload  %rax                    /* the hypervisor's state back */
        stgi

        addq    $24, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbp
        popq    %rbx
        ret
