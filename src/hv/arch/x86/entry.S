/*
 * entry.S - exception and interrupt entry stubs.
 *
 * Where it runs: hypervisor only.
 *
 * Each of the 256 vectors has a stub that makes the frame uniform (an error
 * code of 0 where the CPU pushes none, then the vector number), saves the
 * general registers as struct cpu_regs (asm/regs.h) and calls do_trap().
 * On return the registers are restored and iretq resumes the interrupted
 * code.  On entry the CPU has aligned RSP to 16 bytes; the frame is 22
 * quadwords, so the C call sees the ABI's alignment.
 */
#include <asm/config.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                        (v) == 21 || (v) == 29 || (v) == 30)

        .text
        .align 16
        .globl  trap_common
trap_common:
        pushq   %rdi
        pushq   %rsi
        pushq   %rdx
        pushq   %rcx
        pushq   %rax
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        pushq   %rbx
        pushq   %rbp
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        cld
        movq    %rsp, %rdi
        call    do_trap
        .globl  trap_return
trap_return:
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbp
        popq    %rbx
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rax
        popq    %rcx
        popq    %rdx
        popq    %rsi
        popq    %rdi
        addq    $16, %rsp               /* vector and error code */
        iretq

        .altmacro
        .macro  trap_stub v
        .align  16
trap_stub_\v:
        .if     HAS_ERRCODE(\v) == 0
        pushq   $0
        .endif
        pushq   $\v
        jmp     trap_common
        .endm

        .set    v, 0
        .rept   256
        trap_stub %v
        .set    v, v + 1
        .endr

        .macro  stub_addr v
        .quad   trap_stub_\v
        .endm

        .section .rodata
        .align  8
        .globl  trap_stubs
trap_stubs:
        .set    v, 0
        .rept   256
        stub_addr %v
        .set    v, v + 1
        .endr
