/*
 * tests/guests/pv_user.c - guest user mode: the user L4
 * (MMUEXT_NEW_USER_BASEPTR), the kernel stack for bounces from user mode
 * (stack_switch), entering user mode with the iret hypercall, system calls
 * through the syscall callback and both iret return paths, exceptions,
 * software interrupts and event upcalls from user mode, and the kernel/user
 * GS bases.
 *
 * Where it runs: guest only (PV64 dom0 on Xen 4.17 or xenolith).
 *
 * The user program is a page of position-independent code (user_blob,
 * below) that the user L4 maps at USER_CODE_VA, with a stack page and a
 * "mailbox" data page that the kernel maps too.  user_run(op, rflags)
 * saves the kernel's callee-saved registers and stack pointer, then irets
 * to USER_CODE_VA with %rax = op; the program ends with the system call
 * SYS_exit, whose handler jumps back into user_run, which returns the
 * exit value.  The user L4 maps nothing of the kernel: any kernel address
 * touched from user mode faults.
 */
#include "test.h"

#define USER_CODE_VA   0x400000UL
#define USER_STACK_VA  0x402000UL
#define USER_STACK_TOP 0x403000UL
#define USER_DATA_VA   0x404000UL
#define USER_GS_OFF    0x800UL          /* user GS base: mailbox + 0x800 */

#define SYS_echo 1       /* returns rdi + 1 */
#define SYS_exit 60      /* leaves user mode with rdi */

/* Operations of the user program (its %rax at entry). */
#define OP_EXIT     0    /* exit(0x77) at once */
#define OP_SYSCALL  1    /* SYS_echo with known registers, dump them after */
#define OP_UD2      2    /* #UD, then resume at %r12 */
#define OP_PF       3    /* read a kernel address: #PF */
#define OP_SPIN     4    /* spin until the kernel's event hook bumps MB_EVENTS */
#define OP_GS       5    /* exit(%gs:0) */
#define OP_SOFTINT  6    /* int $0x80 (DPL 3), then int $0x41 (DPL 1) */

/* Mailbox slots (uint64_t index). */
#define MB_EVENTS   0
#define MB_REGS     8    /* rax rbx rcx rdx rsi rdi rbp r8..r15 rflags after_rip */
#define MB_MARK     32
#define MB_SPIN     33
#define MB_GS       (USER_GS_OFF / 8)

#define RFLAGS_IF 0x200UL
#define PTE_U_RO  (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PTE_U_RW  (PTE_U_RO | _PAGE_RW | _PAGE_DIRTY)

static volatile uint64_t mailbox[512] __page_aligned_bss;
static char user_stack[PAGE_SIZE] __page_aligned_bss;
static char kstack[2 * PAGE_SIZE] __aligned(16);
static uint64_t kernel_gs_probe = 0x6b65726e656c6773UL;   /* "kernelgs" */

extern char user_blob[], user_blob_end[], user_after_syscall[];
extern char user_syscall_entry[];
extern long user_run(uint64_t op, uint64_t rflags);
extern __noreturn void user_longjmp(long value);
uint64_t user_iret_flags;             /* flags word of the syscall return */
uint64_t user_kctx_rsp;
uint64_t sys_raw[7];                  /* the syscall callback's frame */

__asm__ (
    /* ---- the user program: one page, position independent ---- */
    "    .section .text.user, \"ax\", @progbits\n"
    "    .p2align 12\n"
    "    .globl user_blob, user_blob_end, user_after_syscall\n"
    "user_blob:\n"
    "    cmpq  $1, %rax;  je  1f\n"
    "    cmpq  $2, %rax;  je  2f\n"
    "    cmpq  $3, %rax;  je  3f\n"
    "    cmpq  $4, %rax;  je  4f\n"
    "    cmpq  $5, %rax;  je  5f\n"
    "    cmpq  $6, %rax;  je  6f\n"
    "    movl  $0x77, %edi\n"
    "    jmp   9f\n"
    /* OP_SYSCALL: known values everywhere, SYS_echo(0x1234), dump. */
    "1:  movabsq $0x1111111111111111, %rbx\n"
    "    movabsq $0x3333333333333333, %rdx\n"
    "    movabsq $0x4444444444444444, %rsi\n"
    "    movabsq $0x5555555555555555, %rbp\n"
    "    movabsq $0x0808080808080808, %r8\n"
    "    movabsq $0x0909090909090909, %r9\n"
    "    movabsq $0x1010101010101010, %r10\n"
    "    movabsq $0x1212121212121212, %r12\n"
    "    movabsq $0x1313131313131313, %r13\n"
    "    movabsq $0x1414141414141414, %r14\n"
    "    movabsq $0x1515151515151515, %r15\n"
    "    movl  $0x1234, %edi\n"
    "    movl  $1, %eax\n"
    "    syscall\n"
    "user_after_syscall:\n"
    "    movq  %rax, 0x404040\n"
    "    movq  %rbx, 0x404048\n"
    "    movq  %rcx, 0x404050\n"
    "    movq  %rdx, 0x404058\n"
    "    movq  %rsi, 0x404060\n"
    "    movq  %rdi, 0x404068\n"
    "    movq  %rbp, 0x404070\n"
    "    movq  %r8,  0x404078\n"
    "    movq  %r9,  0x404080\n"
    "    movq  %r10, 0x404088\n"
    "    movq  %r11, 0x404090\n"
    "    movq  %r12, 0x404098\n"
    "    movq  %r13, 0x4040a0\n"
    "    movq  %r14, 0x4040a8\n"
    "    movq  %r15, 0x4040b0\n"
    "    pushfq\n"
    "    popq  0x4040b8\n"
    "    leaq  user_after_syscall(%rip), %rax\n"
    "    movq  %rax, 0x4040c0\n"
    "    xorl  %edi, %edi\n"
    "    jmp   9f\n"
    /* OP_UD2 */
    "2:  leaq  21f(%rip), %r12\n"
    "    ud2\n"
    "21: movq  $0x2d, 0x404100\n"
    "    xorl  %edi, %edi\n"
    "    jmp   9f\n"
    /* OP_PF: the kernel image is not mapped in the user L4 */
    "3:  leaq  31f(%rip), %r12\n"
    "    movabsq $0xffffffff80000000, %rcx\n"
    "    movq  (%rcx), %rax\n"
    "31: movq  $0x3d, 0x404100\n"
    "    xorl  %edi, %edi\n"
    "    jmp   9f\n"
    /* OP_SPIN: about a second under TCG at most */
    "4:  movl  $200000000, %ecx\n"
    "41: cmpq  $0, 0x404000\n"
    "    jne   42f\n"
    "    decq  %rcx\n"
    "    jnz   41b\n"
    "42: movq  %rcx, 0x404108\n"
    "    xorl  %edi, %edi\n"
    "    jmp   9f\n"
    /* OP_GS */
    "5:  movq  %gs:0, %rdi\n"
    "    jmp   9f\n"
    /* OP_SOFTINT */
    "6:  leaq  61f(%rip), %r12\n"
    "    int   $0x80\n"
    "61: leaq  62f(%rip), %r12\n"
    "    int   $0x41\n"
    "62: movq  $0x6d, 0x404100\n"
    "    xorl  %edi, %edi\n"
    /* exit(%rdi) */
    "9:  movl  $60, %eax\n"
    "    syscall\n"
    "    ud2\n"
    "user_blob_end:\n"
    "    .p2align 12\n"

    /* ---- kernel side ---- */
    "    .text\n"
    /* long user_run(op, rflags): iret to user mode, return exit value */
    "    .globl user_run, user_longjmp, user_syscall_entry\n"
    "user_run:\n"
    "    pushq %rbp\n"
    "    pushq %rbx\n"
    "    pushq %r12\n"
    "    pushq %r13\n"
    "    pushq %r14\n"
    "    pushq %r15\n"
    "    movq  %rsp, user_kctx_rsp(%rip)\n"
    "    andq  $-16, %rsp\n"
    "    pushq $0xe02b\n"                 /* ss */
    "    pushq $0x403000\n"               /* rsp: USER_STACK_TOP */
    "    pushq %rsi\n"                    /* rflags */
    "    pushq $0xe033\n"                 /* cs: RPL 3 = user mode */
    "    pushq $0x400000\n"               /* rip: USER_CODE_VA */
    "    pushq $0\n"                      /* flags */
    "    movq  %rdi, %rax\n"              /* op: the context's rax */
    "    jmp   hypercall_page + 23 * 32\n"
    "user_longjmp:\n"
    "    movq  user_kctx_rsp(%rip), %rsp\n"
    "    movq  %rdi, %rax\n"
    "    popq  %r15\n"
    "    popq  %r14\n"
    "    popq  %r13\n"
    "    popq  %r12\n"
    "    popq  %rbx\n"
    "    popq  %rbp\n"
    "    ret\n"
    /* The syscall callback: frame rcx r11 rip cs rflags rsp ss; only
     * the slots hold the user's rcx and r11 (Xen may enter the callback
     * with SYSRET).  Return: iret with user_iret_flags. */
    "user_syscall_entry:\n"
    "    pushq %rax\n"
    "    movq  8(%rsp), %rax;  movq %rax, sys_raw + 0(%rip)\n"
    "    movq  16(%rsp), %rax; movq %rax, sys_raw + 8(%rip)\n"
    "    movq  24(%rsp), %rax; movq %rax, sys_raw + 16(%rip)\n"
    "    movq  32(%rsp), %rax; movq %rax, sys_raw + 24(%rip)\n"
    "    movq  40(%rsp), %rax; movq %rax, sys_raw + 32(%rip)\n"
    "    movq  48(%rsp), %rax; movq %rax, sys_raw + 40(%rip)\n"
    "    movq  56(%rsp), %rax; movq %rax, sys_raw + 48(%rip)\n"
    "    popq  %rax\n"
    "    popq  %rcx\n"                    /* the user's rcx and r11: the */
    "    popq  %r11\n"                    /* registers may hold others */
    "    pushq %rax\n"
    "    pushq %rbx\n"
    "    pushq %rcx\n"
    "    pushq %rdx\n"
    "    pushq %rsi\n"
    "    pushq %rdi\n"
    "    pushq %rbp\n"
    "    pushq %r8\n"
    "    pushq %r9\n"
    "    pushq %r10\n"
    "    pushq %r11\n"
    "    pushq %r12\n"
    "    pushq %r13\n"
    "    pushq %r14\n"
    "    pushq %r15\n"
    "    movq  %rsp, %rdi\n"
    "    movq  %rsp, %rbx\n"
    "    andq  $-16, %rsp\n"
    "    call  user_syscall_c\n"
    "    movq  %rbx, %rsp\n"
    "    movq  %rax, 14 * 8(%rsp)\n"      /* the result becomes rax */
    "    popq  %r15\n"
    "    popq  %r14\n"
    "    popq  %r13\n"
    "    popq  %r12\n"
    "    popq  %r11\n"
    "    popq  %r10\n"
    "    popq  %r9\n"
    "    popq  %r8\n"
    "    popq  %rbp\n"
    "    popq  %rdi\n"
    "    popq  %rsi\n"
    "    popq  %rdx\n"
    "    popq  %rcx\n"
    "    popq  %rbx\n"
    "    popq  %rax\n"
    "    pushq user_iret_flags(%rip)\n"
    "    jmp   hypercall_page + 23 * 32\n");

/* Registers of the syscall callback (the user's, as it made the call). */
struct sys_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t rip, cs, rflags, rsp, ss;
};

static struct sys_frame sys_seen, echo_seen;
static uint64_t echo_raw[7];
static uint8_t sys_seen_mask;
static uint64_t sys_seen_gs, sys_seen_at;
static unsigned int sys_calls;
static uint64_t sys_rcx_override;     /* non-zero: the handler sets rcx */

long user_syscall_c(struct sys_frame *f);

long
user_syscall_c(struct sys_frame *f)
{
    sys_calls++;
    sys_seen = *f;
    sys_seen_at = (uint64_t)(uintptr_t)&f->rip;
    sys_seen_mask = shared_info->vcpu_info[0].evtchn_upcall_mask;
    __asm__ volatile ("movq %%gs:0, %0" : "=r" (sys_seen_gs));
    switch (f->rax) {
    case SYS_exit:
        user_longjmp((long)f->rdi);
    case SYS_echo:
        echo_seen = *f;
        memcpy(echo_raw, sys_raw, sizeof(echo_raw));
        if (sys_rcx_override)
            f->rcx = sys_rcx_override;
        return (long)f->rdi + 1;
    default:
        return -XEN_ENOSYS;
    }
}

/* Faults from user mode: record, resume at the address the program put
 * in %r12. */
static struct trap_frame user_fault;
static uint64_t user_fault_at;

static int
user_fault_hook(struct trap_frame *f)
{
    if ((f->cs & 3) != 3)
        return 0;               /* not ours: a kernel-mode fault */
    user_fault = *f;
    user_fault_at = (uint64_t)(uintptr_t)&f->rip;
    f->rip = f->r12;
    return 1;
}

static uint64_t
kstack_top(void)
{
    return ((uint64_t)(uintptr_t)kstack + sizeof(kstack)) & ~0xfUL;
}

static long
run(uint64_t op, uint64_t rflags)
{
    long rc = user_run(op, rflags);

    evtchn_mask_events();
    return rc;
}

static uint64_t
mfn_of(const void *p)
{
    return guest_va_to_mfn(p);
}

static long
pin_l4(uint64_t mfn)
{
    mmuext_op_t op = { .cmd = MMUEXT_PIN_L4_TABLE };

    op.arg1.mfn = mfn;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static long
set_user_baseptr(uint64_t mfn)
{
    mmuext_op_t op = { .cmd = MMUEXT_NEW_USER_BASEPTR };

    op.arg1.mfn = mfn;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static int user_ready;

#define L1_IDX(va) (((va) >> 12) & 511)

GUEST_TEST(user_page_tables)
{
    uint64_t *l4 = page_alloc(), *l3 = page_alloc(), *l2 = page_alloc(), *l1 = page_alloc();
    uint64_t code = (uint64_t)(uintptr_t)user_blob;
    callback_register_t cb = { .type = CALLBACKTYPE_syscall,
                               .address = (uint64_t)(uintptr_t)user_syscall_entry };

    CHECK((code & (PAGE_SIZE - 1)) == 0 && user_blob_end - user_blob <= (long)PAGE_SIZE,
          "user program not one page");
    l1[L1_IDX(USER_CODE_VA)] = (mfn_of(user_blob) << PAGE_SHIFT) | PTE_U_RO;
    l1[L1_IDX(USER_STACK_VA)] = (mfn_of(user_stack) << PAGE_SHIFT) | PTE_U_RW;
    l1[L1_IDX(USER_DATA_VA)] = (mfn_of((void *)mailbox) << PAGE_SHIFT) | PTE_U_RW;
    l2[(USER_CODE_VA >> 21) & 511] = (mfn_of(l1) << PAGE_SHIFT) | PTE_U_RW;
    l3[0] = (mfn_of(l2) << PAGE_SHIFT) | PTE_U_RW;
    l4[0] = (mfn_of(l3) << PAGE_SHIFT) | PTE_U_RW;
    CHECK_RC(page_set_writable(l1, 0), 0);
    CHECK_RC(page_set_writable(l2, 0), 0);
    CHECK_RC(page_set_writable(l3, 0), 0);
    CHECK_RC(page_set_writable(l4, 0), 0);
    CHECK_RC(pin_l4(mfn_of(l4)), 0);
    CHECK_RC(set_user_baseptr(mfn_of(l4)), 0);
    CHECK_RC(HYPERVISOR_stack_switch(FLAT_KERNEL_SS, kstack_top()), 0);
    CHECK_RC(HYPERVISOR_callback_op(CALLBACKOP_register, &cb), 0);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, (uint64_t)(uintptr_t)&kernel_gs_probe), 0);
    trap_hooks[TRAP_invalid_op] = user_fault_hook;
    trap_hooks[TRAP_page_fault] = user_fault_hook;
    trap_hooks[TRAP_gp_fault] = user_fault_hook;
    trap_hooks[VEC_SOFT_DPL3] = user_fault_hook;
    user_ready = 1;
}

GUEST_TEST(user_enter_and_exit)
{
    CHECK(user_ready, "needs user_page_tables");
    CHECK_RC(run(OP_EXIT, 0x2), 0x77);
    /* Back through the syscall callback, on the stack_switch stack. */
    CHECK_EQ(sys_seen.rax, SYS_exit);
    CHECK(sys_seen_at > (uint64_t)(uintptr_t)kstack && sys_seen_at < kstack_top(),
          "callback frame at %#lx, not on the kernel stack", sys_seen_at);
    /* The kernel's own mapping is back: its data is readable. */
    CHECK_EQ(kernel_gs_probe, 0x6b65726e656c6773UL);
}

/* The frame of a syscall from user mode: rcx r11 rip cs rflags rsp ss at
 * the kernel stack's top (16-byte aligned), cs with RPL 3 and the saved
 * event mask in bits 32-39, and the user's registers live. */
GUEST_TEST(user_syscall_frame)
{
    uint64_t after = (uint64_t)(user_after_syscall - user_blob) + USER_CODE_VA;

    CHECK(user_ready, "needs user_page_tables");
    user_iret_flags = VGCF_in_syscall;
    CHECK_RC(run(OP_SYSCALL, 0x2), 0);
    test_note("syscall frame: %#lx %#lx %#lx %#lx %#lx %#lx %#lx", echo_raw[0], echo_raw[1],
              echo_raw[2], echo_raw[3], echo_raw[4], echo_raw[5], echo_raw[6]);
    CHECK_EQ(echo_raw[0], after);                 /* rcx: SYSCALL put rip there */
    CHECK_EQ(echo_raw[2], after);                 /* rip */
    CHECK_EQ(echo_raw[3], (1UL << 32) | FLAT_USER_CS);   /* masked, RPL 3 */
    CHECK_EQ(echo_raw[4] & RFLAGS_IF, 0);         /* IF = !saved mask */
    CHECK_EQ(echo_raw[5], USER_STACK_TOP);
    CHECK_EQ(echo_raw[6], FLAT_USER_SS);
    /* The frame sits at the top of the stack_switch stack. */
    CHECK_EQ(sys_seen_at + 5 * 8, kstack_top());
    CHECK_EQ(echo_seen.rcx, after);
    CHECK_EQ(echo_seen.r11, echo_raw[1]);
    CHECK_EQ(echo_seen.rdi, 0x1234);
    CHECK_EQ(echo_seen.rbx, 0x1111111111111111UL);
    CHECK_EQ(echo_seen.r15, 0x1515151515151515UL);
}

/* iret with VGCF_in_syscall: rax, rip, rflags, rsp restored; rcx and r11
 * discarded (Xen returns with SYSRET: rcx = rip, r11 = rflags); every
 * other register as the user left it. */
GUEST_TEST(user_syscall_return_in_syscall)
{
    uint64_t after = (uint64_t)(user_after_syscall - user_blob) + USER_CODE_VA;
    const volatile uint64_t *r = &mailbox[MB_REGS];

    CHECK(user_ready, "needs user_page_tables");
    user_iret_flags = VGCF_in_syscall;
    sys_rcx_override = 0xabcdef;
    memset((void *)mailbox, 0, 256);
    CHECK_RC(run(OP_SYSCALL, 0x2), 0);
    sys_rcx_override = 0;
    test_note("after return: rcx %#lx r11 %#lx rflags %#lx", r[2], r[10], r[15]);
    CHECK_EQ(r[0], 0x1235);                      /* rax: the result */
    CHECK_EQ(r[1], 0x1111111111111111UL);        /* rbx */
    CHECK_EQ(r[3], 0x3333333333333333UL);        /* rdx */
    CHECK_EQ(r[4], 0x4444444444444444UL);        /* rsi */
    CHECK_EQ(r[5], 0x1234);                      /* rdi */
    CHECK_EQ(r[6], 0x5555555555555555UL);        /* rbp */
    CHECK_EQ(r[7], 0x0808080808080808UL);
    CHECK_EQ(r[8], 0x0909090909090909UL);
    CHECK_EQ(r[9], 0x1010101010101010UL);
    CHECK_EQ(r[11], 0x1212121212121212UL);
    CHECK_EQ(r[14], 0x1515151515151515UL);
    CHECK_EQ(r[16], after);                      /* it resumed after syscall */
    CHECK_EQ(r[2], after);                       /* rcx = rip (SYSRET) */
    CHECK_EQ(r[10] & 0xff5, r[15] & 0xff5);      /* r11 = rflags */
}

/* iret without VGCF_in_syscall: rcx and r11 come from the context. */
GUEST_TEST(user_syscall_return_plain)
{
    const volatile uint64_t *r = &mailbox[MB_REGS];

    CHECK(user_ready, "needs user_page_tables");
    user_iret_flags = 0;
    sys_rcx_override = 0xabcdef;
    memset((void *)mailbox, 0, 256);
    CHECK_RC(run(OP_SYSCALL, 0x2), 0);
    sys_rcx_override = 0;
    user_iret_flags = VGCF_in_syscall;
    CHECK_EQ(r[0], 0x1235);
    CHECK_EQ(r[2], 0xabcdef);                    /* rcx from the context */
    CHECK_EQ(r[10], echo_raw[1]);                /* r11 as the frame had it */
}

/* The syscall callback with and without CALLBACKF_mask_events, entered
 * from user mode with events enabled. */
GUEST_TEST(user_syscall_mask_events)
{
    callback_register_t cb = { .type = CALLBACKTYPE_syscall,
                               .address = (uint64_t)(uintptr_t)user_syscall_entry };

    CHECK(user_ready, "needs user_page_tables");
    CHECK_RC(run(OP_EXIT, 0x202), 0x77);
    CHECK_EQ(sys_seen_mask, 0);
    CHECK_EQ(sys_raw[3] >> 32, 0);               /* saved mask: enabled */
    CHECK_EQ(sys_raw[4] & RFLAGS_IF, RFLAGS_IF);
    cb.flags = CALLBACKF_mask_events;
    CHECK_RC(HYPERVISOR_callback_op(CALLBACKOP_register, &cb), 0);
    CHECK_RC(run(OP_EXIT, 0x202), 0x77);
    CHECK_EQ(sys_seen_mask, 1);
    CHECK_EQ(sys_raw[3] >> 32, 0);               /* still the mask before */
    CHECK_EQ(sys_raw[4] & RFLAGS_IF, RFLAGS_IF);
    cb.flags = 0;
    CHECK_RC(HYPERVISOR_callback_op(CALLBACKOP_register, &cb), 0);
}

/* An exception in user mode goes to the kernel's handler, on the kernel
 * stack, with the user's cs (RPL 3), rip and rsp in the frame. */
GUEST_TEST(user_exception_bounce)
{
    unsigned int before = trap_count;

    CHECK(user_ready, "needs user_page_tables");
    mailbox[MB_MARK] = 0;
    CHECK_RC(run(OP_UD2, 0x2), 0);
    CHECK(trap_count == before + 1, "%u traps", trap_count - before);
    test_note("#UD from user: cs %#lx rip %#lx rsp %#lx frame at %#lx", user_fault.cs,
              user_fault.rip, user_fault.rsp, user_fault_at);
    CHECK_EQ(user_fault.vector, TRAP_invalid_op);
    CHECK_EQ(user_fault.cs, (1UL << 32) | FLAT_USER_CS);   /* RPL 3; masked */
    CHECK(user_fault.rip >= USER_CODE_VA && user_fault.rip < USER_CODE_VA + PAGE_SIZE,
          "rip %#lx", user_fault.rip);
    CHECK_EQ(*(const uint16_t *)(user_blob + (user_fault.rip - USER_CODE_VA)), 0x0b0f);
    CHECK_EQ(user_fault.rsp, USER_STACK_TOP);
    CHECK_EQ(user_fault.ss, FLAT_USER_SS);
    /* rip's slot: 5 qwords below the aligned kernel stack top. */
    CHECK_EQ(user_fault_at + 5 * 8, kstack_top());
    CHECK_EQ(mailbox[MB_MARK], 0x2d);            /* resumed in user mode */
}

GUEST_TEST(user_page_fault)
{
    CHECK(user_ready, "needs user_page_tables");
    mailbox[MB_MARK] = 0;
    CHECK_RC(run(OP_PF, 0x2), 0);
    test_note("#PF from user: error %#lx cr2 %#lx cs %#lx", user_fault.error_code,
              last_trap.cr2, user_fault.cs);
    CHECK_EQ(user_fault.vector, TRAP_page_fault);
    CHECK_EQ(user_fault.error_code, 4);          /* not present, read, user */
    CHECK_EQ(last_trap.cr2, GUEST_VIRT_BASE);
    CHECK_EQ(user_fault.cs & 3, 3);
    /* The error-code frame: rip's slot 5 qwords below the top again. */
    CHECK_EQ(user_fault_at + 5 * 8, kstack_top());
    CHECK_EQ(mailbox[MB_MARK], 0x3d);
}

/* int $0x80 (trap-table DPL 3) reaches its handler from user mode;
 * int $0x41 (DPL 1) does not: #GP. */
GUEST_TEST(user_soft_int)
{
    unsigned int before = trap_count;

    CHECK(user_ready, "needs user_page_tables");
    mailbox[MB_MARK] = 0;
    CHECK_RC(run(OP_SOFTINT, 0x2), 0);
    CHECK(trap_count == before + 2, "%u traps", trap_count - before);
    CHECK_EQ(mailbox[MB_MARK], 0x6d);
    CHECK_EQ(last_trap.vector, TRAP_gp_fault);
    CHECK_EQ(user_fault.cs & 3, 3);
}

static uint32_t timer_port;

static void
user_event_hook(uint32_t port)
{
    if (port == timer_port)
        mailbox[MB_EVENTS]++;
}

/* A timer event while the vCPU runs user code: the upcall interrupts user
 * mode (cs RPL 3 in its frame) and returns there. */
GUEST_TEST(user_timer_upcall)
{
    evtchn_bind_virq_t b = { .virq = VIRQ_TIMER, .vcpu = 0 };

    CHECK(user_ready, "needs user_page_tables");
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b), 0);
    timer_port = b.port;
    event_hook = user_event_hook;
    mailbox[MB_EVENTS] = 0;
    last_upcall_cs = 0;
    CHECK_RC(HYPERVISOR_set_timer_op(guest_system_time() + 2000000), 0);
    CHECK_RC(run(OP_SPIN, 0x202), 0);
    event_hook = NULL;
    test_note("upcall: %lu events, interrupted cs %#lx rip %#lx rsp %#lx, spin left %lu",
              mailbox[MB_EVENTS], last_upcall_cs, last_upcall_rip, last_upcall_rsp,
              mailbox[MB_SPIN]);
    CHECK(mailbox[MB_EVENTS] > 0, "no timer event while in user mode");
    CHECK_EQ(last_upcall_cs & 0xffff, FLAT_USER_CS);
    CHECK(last_upcall_rip >= USER_CODE_VA && last_upcall_rip < USER_CODE_VA + PAGE_SIZE,
          "upcall interrupted rip %#lx", last_upcall_rip);
    CHECK(last_upcall_rsp == USER_STACK_TOP, "rsp %#lx", last_upcall_rsp);
}

/* GS base: the kernel's in kernel mode, the user's in user mode, switched
 * by the hypervisor on every crossing. */
GUEST_TEST(user_gs_base)
{
    uint64_t v;

    CHECK(user_ready, "needs user_page_tables");
    mailbox[MB_GS] = 0x7573657267730000UL;       /* "usergs" */
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_GS_USER, USER_DATA_VA + USER_GS_OFF), 0);
    __asm__ volatile ("movq %%gs:0, %0" : "=r" (v));
    CHECK_EQ(v, kernel_gs_probe);                /* GS_USER does not touch ours */
    CHECK_EQ(run(OP_GS, 0x2), 0x7573657267730000UL);
    CHECK_EQ(sys_seen_gs, kernel_gs_probe);      /* in the callback: kernel's */
    __asm__ volatile ("movq %%gs:0, %0" : "=r" (v));
    CHECK_EQ(v, kernel_gs_probe);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_GS_USER, 0), 0);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, 0), 0);
}
