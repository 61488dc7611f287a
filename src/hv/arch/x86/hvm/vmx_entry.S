/*
 * hvm/vmx_entry.S - one trip into a VMX guest and back.
 *
 * Where it runs: hypervisor only, with interrupts off (the caller).
 *
 *   int vmx_enter(struct hvm_gprs *gprs, int launched);
 *
 * VM entry loads the guest's RSP, RIP, RFLAGS, control and segment state
 * from the VMCS; the other general registers (RAX too, unlike SVM) are the
 * software's, so the guest's are loaded from *gprs first.  VM exit lands at vmx_exit_point
 * (HOST_RIP) on the stack recorded in HOST_RSP, where *gprs is found
 * again.  Returns 0 after a VM exit, 1 when VMLAUNCH/VMRESUME itself
 * failed (the VMCS tells why: VM_INSTRUCTION_ERROR).
 */
#define HOST_RSP 0x6c14

#include "gprs.inc"

        .text
        .globl  vmx_enter, vmx_exit_point
vmx_enter:
        pushq   %rbx
        pushq   %rbp
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        pushq   %rdi                    /* gprs: found here after the exit */

        movq    $HOST_RSP, %rax
        vmwrite %rsp, %rax

        testl   %esi, %esi              /* launched?  (MOVs keep the flags) */
        movq    %rdi, %rsi
        movq    0x70(%rsi), %rax
        GPRS_LOAD
        jnz     1f
        vmlaunch
        jmp     2f
1:      vmresume
2:      /* still here: the entry failed */
        popq    %rdi
        movl    $1, %eax
        jmp     3f

vmx_exit_point:
        pushq   %rsi
        movq    8(%rsp), %rsi           /* gprs */
        GPRS_STORE
        movq    %rax, 0x70(%rsi)
        popq    %rax
        movq    %rax, 0x18(%rsi)
        popq    %rdi
        xorl    %eax, %eax
3:      popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbp
        popq    %rbx
        ret
