/*
 * pv/entry.S - SYSCALL entry from a PV guest, and the first entry into it.
 *
 * Where it runs: hypervisor only.
 *
 * SYSCALL (LSTAR) arrives in ring 0 with the guest's RSP still loaded,
 * RCX = guest RIP, R11 = guest RFLAGS and interrupts off (SFMASK clears
 * IF).  With one physical CPU the guest RSP can be parked in a global; the
 * stub then switches to the top of the hypervisor stack and builds the same
 * frame an exception from ring 3 would (SS, RSP, RFLAGS, CS, RIP, error 0,
 * vector PV_SYSCALL_VECTOR) so that one path (trap_common) handles both.
 * A 32-bit SYSCALL (CSTAR) has no meaning for a 64-bit PV guest: it takes
 * vector PV_SYSCALL32_VECTOR and crashes the domain.
 */
#include <asm/config.h>

#define PV_SYSCALL_VECTOR   0x100
#define PV_SYSCALL32_VECTOR 0x101
#define GUEST_CS64          0xe033
#define GUEST_SS            0xe02b

        .text
        .globl  pv_syscall_entry, pv_syscall32_entry, pv_enter_frame
        .align  16
pv_syscall_entry:
        movq    %rsp, syscall_guest_rsp(%rip)
        leaq    boot_stack_top(%rip), %rsp
        pushq   $GUEST_SS
        pushq   syscall_guest_rsp(%rip)
        pushq   %r11
        pushq   $GUEST_CS64
        pushq   %rcx
        pushq   $0
        pushq   $PV_SYSCALL_VECTOR
        jmp     trap_common

        .align  16
pv_syscall32_entry:
        movq    %rsp, syscall_guest_rsp(%rip)
        leaq    boot_stack_top(%rip), %rsp
        pushq   $GUEST_SS
        pushq   syscall_guest_rsp(%rip)
        pushq   %r11
        pushq   $GUEST_CS64
        pushq   %rcx
        pushq   $0
        pushq   $PV_SYSCALL32_VECTOR
        jmp     trap_common

/*
 * void pv_enter_frame(const struct cpu_regs *regs): start running a guest
 * with these registers.  Switch to the frame's place at the top of the
 * hypervisor stack first, then copy them in: nothing of the caller's
 * stack, which overlaps that place, may end up in the guest's registers.
 */
#define CPU_REGS_QWORDS 22
        .align  16
pv_enter_frame:
        movq    %rdi, %rsi
        leaq    boot_stack_top(%rip), %rdi
        subq    $CPU_REGS_QWORDS * 8, %rdi
        movq    %rdi, %rsp
        movl    $CPU_REGS_QWORDS, %ecx
        cld
        rep movsq
        jmp     trap_return

        .bss
        .align  8
syscall_guest_rsp:
        .quad   0
