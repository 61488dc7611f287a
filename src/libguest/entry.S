/*
 * libguest/entry.S - exception, event and syscall entry stubs; the iret
 * hypercall.
 *
 * Where it runs: guest only (PV64 kernel, ring 3).
 *
 * Frame the hypervisor pushes on the guest kernel stack before entering a
 * handler (lowest address first): rcx, r11, [error code], rip, cs,
 * rflags, rsp, ss.  rcx and r11 are there because Xen's return to the
 * guest may use SYSRET, which clobbers them.  A stub copies the raw frame
 * to trap_raw, pops rcx and r11 back, normalises to
 * "vector, error code, rip, cs, rflags, rsp, ss", saves the general
 * registers and calls trap_dispatch(frame).  Return is through the iret
 * hypercall: push a flags word (0: not returning from a syscall) on top
 * of the rip..ss frame and jump to its stub, which pushes rcx, r11 and
 * rax itself, making a struct iret_context.
 */
#define HC_IRET (hypercall_page + 23 * 32)

    .text

.macro save_raw
    pushq %rax
    movq  8(%rsp),  %rax;  movq %rax, trap_raw + 0(%rip)
    movq  16(%rsp), %rax;  movq %rax, trap_raw + 8(%rip)
    movq  24(%rsp), %rax;  movq %rax, trap_raw + 16(%rip)
    movq  32(%rsp), %rax;  movq %rax, trap_raw + 24(%rip)
    movq  40(%rsp), %rax;  movq %rax, trap_raw + 32(%rip)
    movq  48(%rsp), %rax;  movq %rax, trap_raw + 40(%rip)
    movq  56(%rsp), %rax;  movq %rax, trap_raw + 48(%rip)
    movq  64(%rsp), %rax;  movq %rax, trap_raw + 56(%rip)
    popq  %rax
.endm

/* vector, has_error_code */
.macro trap_stub vec, ec
    .p2align 4
    .globl trap_\vec
trap_\vec:
    save_raw
    popq %rcx
    popq %r11
    .if \ec == 0
    pushq $0
    .endif
    pushq $\vec
    jmp trap_common
.endm

    trap_stub 0, 0
    trap_stub 1, 0
    trap_stub 2, 0
    trap_stub 3, 0
    trap_stub 4, 0
    trap_stub 5, 0
    trap_stub 6, 0
    trap_stub 7, 0
    trap_stub 8, 1
    trap_stub 9, 0
    trap_stub 10, 1
    trap_stub 11, 1
    trap_stub 12, 1
    trap_stub 13, 1
    trap_stub 14, 1
    trap_stub 15, 0
    trap_stub 16, 0
    trap_stub 17, 1
    trap_stub 18, 0
    trap_stub 19, 0
    trap_stub 0x80, 0
    trap_stub 0x81, 0
    trap_stub 0x82, 0
    trap_stub 0x100, 0      /* event upcall */
    trap_stub 0x101, 0      /* syscall from user mode */

    .globl hypervisor_callback, syscall_callback, soft_int_dpl3, soft_int_dpl0, soft_int_dpl1
    .set hypervisor_callback, trap_0x100
    .set syscall_callback, trap_0x101
    .set soft_int_dpl3, trap_0x80
    .set soft_int_dpl0, trap_0x81
    .set soft_int_dpl1, trap_0x82

/*
 * The failsafe callback gets ds, es, fs, gs (one qword each) below the
 * usual rcx, r11: record them, drop them, and treat it as vector 0x102.
 */
    .p2align 4
    .globl failsafe_callback
failsafe_callback:
    save_raw
    addq $32, %rsp
    popq %rcx
    popq %r11
    pushq $0
    pushq $0x102
    jmp trap_common

trap_common:
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq  %rsp, %rdi
    /* The hypervisor pushed the frame wherever the stack was; align. */
    movq  %rsp, %rbx
    andq  $-16, %rsp
    call  trap_dispatch
    movq  %rbx, %rsp
    popq  %r15
    popq  %r14
    popq  %r13
    popq  %r12
    popq  %r11
    popq  %r10
    popq  %r9
    popq  %r8
    popq  %rbp
    popq  %rdi
    popq  %rsi
    popq  %rdx
    popq  %rcx
    popq  %rbx
    popq  %rax
    addq  $16, %rsp             /* vector, error code */
    pushq $0                    /* iret flags: not VGCF_in_syscall */
    jmp   HC_IRET

/*
 * guest_iret_to(ctx): load rax, r11, rcx from ctx and iret to the rest.
 * The frame is copied onto the current stack first.
 */
    .globl guest_iret_to
guest_iret_to:
    subq  $48, %rsp
    movq  24(%rdi), %rax;  movq %rax, 0(%rsp)    /* flags  */
    movq  32(%rdi), %rax;  movq %rax, 8(%rsp)    /* rip    */
    movq  40(%rdi), %rax;  movq %rax, 16(%rsp)   /* cs     */
    movq  48(%rdi), %rax;  movq %rax, 24(%rsp)   /* rflags */
    movq  56(%rdi), %rax;  movq %rax, 32(%rsp)   /* rsp    */
    movq  64(%rdi), %rax;  movq %rax, 40(%rsp)   /* ss     */
    movq  8(%rdi), %r11
    movq  16(%rdi), %rcx
    movq  0(%rdi), %rax
    jmp   HC_IRET

    .globl trap_stub_addr
    .section .rodata
    .p2align 3
trap_stub_addr:
    .quad trap_0, trap_1, trap_2, trap_3, trap_4, trap_5, trap_6, trap_7
    .quad trap_8, trap_9, trap_10, trap_11, trap_12, trap_13, trap_14, trap_15
    .quad trap_16, trap_17, trap_18, trap_19
