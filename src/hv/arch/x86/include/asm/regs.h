/*
 * asm/regs.h - the register frame that entry.S builds on every exception
 * and interrupt taken in the hypervisor.
 *
 * Where it runs: hypervisor only.  The field order is the push order of
 * entry.S reversed; keep the two in step (see the static assertions).
 */
#ifndef ASM_X86_REGS_H
#define ASM_X86_REGS_H

#include <stdint.h>
#include <stddef.h>

struct cpu_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint64_t vector;        /* pushed by the stub */
    uint64_t error_code;    /* pushed by the CPU, or 0 by the stub */
    uint64_t rip, cs, rflags, rsp, ss;      /* pushed by the CPU */
};

_Static_assert(offsetof(struct cpu_regs, vector) == 15 * 8, "entry.S frame layout");
_Static_assert(sizeof(struct cpu_regs) == 22 * 8, "entry.S frame layout");

void do_trap(struct cpu_regs *regs);
void show_registers(const struct cpu_regs *regs);
void show_stack_trace(uint64_t rip, uint64_t rbp, uint64_t rsp);

#endif /* ASM_X86_REGS_H */
