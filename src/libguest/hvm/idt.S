/*
 * libguest/hvm/idt.S - interrupt stubs for libhvm guests, 32- or 64-bit.
 *
 * Where it runs: guest only (ring 0).
 *
 * Each stub pushes a zero error code where the CPU pushes none, then the
 * vector, then every general register, so the stack holds a
 * struct hvm_trap_frame (hvm.h); hvm_trap(frame) may rewrite frame->ip
 * (trap_resume) before the stub returns with iret.  hvm_trap_stubs[] lists
 * the stubs for vectors 0..31 and, last, the event upcall vector.
 */
    .text

#ifdef __x86_64__
#define WORD .quad
#else
#define WORD .long
#endif

.macro stub vec, has_err
    .p2align 4
1:
    .if \has_err == 0
    push $0
    .endif
    push $\vec
    jmp trap_common
    .pushsection .rodata
    WORD 1b
    .popsection
.endm

    .pushsection .rodata
    .p2align 3
    .globl hvm_trap_stubs
hvm_trap_stubs:
    .popsection

    stub 0, 0
    stub 1, 0
    stub 2, 0
    stub 3, 0
    stub 4, 0
    stub 5, 0
    stub 6, 0
    stub 7, 0
    stub 8, 1
    stub 9, 0
    stub 10, 1
    stub 11, 1
    stub 12, 1
    stub 13, 1
    stub 14, 1
    stub 15, 0
    stub 16, 0
    stub 17, 1
    stub 18, 0
    stub 19, 0
    stub 20, 0
    stub 21, 1
    stub 22, 0
    stub 23, 0
    stub 24, 0
    stub 25, 0
    stub 26, 0
    stub 27, 0
    stub 28, 0
    stub 29, 1
    stub 30, 1
    stub 31, 0
    stub 0xf3, 0

trap_common:
#ifdef __x86_64__
    push %rax
    push %rcx
    push %rdx
    push %rbx
    push %rbp
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    cld
    mov %rsp, %rdi
    call hvm_trap
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rbp
    pop %rbx
    pop %rdx
    pop %rcx
    pop %rax
    add $16, %rsp
    iretq
#else
    pushal
    cld
    push %esp
    call hvm_trap
    add $4, %esp
    popal
    add $8, %esp
    iret
#endif
