/*
 * libguest/hypercall.h - PV64 hypercalls through the hypercall page.
 *
 * Where it runs: guest only (PV64 kernel in ring 3).
 *
 * The hypervisor fills `hypercall_page` (named by the HYPERCALL_PAGE ELF
 * note, see head.S) with one 32-byte stub per hypercall number; a call is
 * `call hypercall_page + nr * 32` with the arguments in %rdi, %rsi, %rdx,
 * %r10, %r8 and the result in %rax.  On PV64 the stubs use `syscall` and
 * preserve %rcx and %r11 themselves.  The hypervisor may clobber argument
 * registers it did not use (debug builds of Xen do), so every argument
 * register is an in/out operand here.  All results are Xen's: >= 0 on
 * success, a negative Xen errno on failure.
 *
 * The iret hypercall is not callable from C: it takes its frame from the
 * stack (see entry.S, guest_iret).
 */
#ifndef LIBGUEST_HYPERCALL_H
#define LIBGUEST_HYPERCALL_H

#include <stdint.h>
#include "public/xen.h"
#include "public/sched.h"
#include "public/version.h"
#include "public/vcpu.h"
#include "public/event_channel.h"
#include "public/callback.h"
#include "public/physdev.h"
#include "public/memory.h"
#include "public/elfnote.h"
#include "public/grant_table.h"

extern char hypercall_page[4096];


#define _hypercall0(nr) ({                                              \
    long _r;                                                            \
    __asm__ volatile ("call hypercall_page + %c[off]"                   \
                      : "=a" (_r)                                       \
                      : [off] "i" ((nr) * 32)                           \
                      : "memory", "rdi", "rsi", "rdx", "r10", "r8");    \
    _r; })

#define _hypercall1(nr, a1) ({                                          \
    long _r; register uint64_t _a1 __asm__("rdi") = (uint64_t)(a1);    \
    __asm__ volatile ("call hypercall_page + %c[off]"                   \
                      : "=a" (_r), "+r" (_a1)                           \
                      : [off] "i" ((nr) * 32)                           \
                      : "memory", "rsi", "rdx", "r10", "r8");           \
    _r; })

#define _hypercall2(nr, a1, a2) ({                                      \
    long _r; register uint64_t _a1 __asm__("rdi") = (uint64_t)(a1);    \
    register uint64_t _a2 __asm__("rsi") = (uint64_t)(a2);             \
    __asm__ volatile ("call hypercall_page + %c[off]"                   \
                      : "=a" (_r), "+r" (_a1), "+r" (_a2)               \
                      : [off] "i" ((nr) * 32)                           \
                      : "memory", "rdx", "r10", "r8");                  \
    _r; })

#define _hypercall3(nr, a1, a2, a3) ({                                  \
    long _r; register uint64_t _a1 __asm__("rdi") = (uint64_t)(a1);    \
    register uint64_t _a2 __asm__("rsi") = (uint64_t)(a2);             \
    register uint64_t _a3 __asm__("rdx") = (uint64_t)(a3);             \
    __asm__ volatile ("call hypercall_page + %c[off]"                   \
                      : "=a" (_r), "+r" (_a1), "+r" (_a2), "+r" (_a3)   \
                      : [off] "i" ((nr) * 32)                           \
                      : "memory", "r10", "r8");                         \
    _r; })

#define _hypercall4(nr, a1, a2, a3, a4) ({                              \
    long _r; register uint64_t _a1 __asm__("rdi") = (uint64_t)(a1);    \
    register uint64_t _a2 __asm__("rsi") = (uint64_t)(a2);             \
    register uint64_t _a3 __asm__("rdx") = (uint64_t)(a3);             \
    register uint64_t _a4 __asm__("r10") = (uint64_t)(a4);             \
    __asm__ volatile ("call hypercall_page + %c[off]"                   \
                      : "=a" (_r), "+r" (_a1), "+r" (_a2), "+r" (_a3),  \
                        "+r" (_a4)                                      \
                      : [off] "i" ((nr) * 32)                           \
                      : "memory", "r8");                                \
    _r; })

#define _hypercall5(nr, a1, a2, a3, a4, a5) ({                          \
    long _r; register uint64_t _a1 __asm__("rdi") = (uint64_t)(a1);    \
    register uint64_t _a2 __asm__("rsi") = (uint64_t)(a2);             \
    register uint64_t _a3 __asm__("rdx") = (uint64_t)(a3);             \
    register uint64_t _a4 __asm__("r10") = (uint64_t)(a4);             \
    register uint64_t _a5 __asm__("r8") = (uint64_t)(a5);              \
    __asm__ volatile ("call hypercall_page + %c[off]"                   \
                      : "=a" (_r), "+r" (_a1), "+r" (_a2), "+r" (_a3),  \
                        "+r" (_a4), "+r" (_a5)                          \
                      : [off] "i" ((nr) * 32)                           \
                      : "memory");                                      \
    _r; })

/* Any hypercall number, chosen at run time (tests of unknown numbers). */
long hypercall_raw(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
                   uint64_t a4, uint64_t a5);

static inline long
HYPERVISOR_set_trap_table(const trap_info_t *t)
{ return _hypercall1(__HYPERVISOR_set_trap_table, t); }

static inline long
HYPERVISOR_mmu_update(mmu_update_t *req, unsigned int count,
                      unsigned int *done, unsigned int foreigndom)
{ return _hypercall4(__HYPERVISOR_mmu_update, req, count, done, foreigndom); }

static inline long
HYPERVISOR_set_gdt(const uint64_t *frames, unsigned int entries)
{ return _hypercall2(__HYPERVISOR_set_gdt, frames, entries); }

static inline long
HYPERVISOR_stack_switch(uint64_t ss, uint64_t esp)
{ return _hypercall2(__HYPERVISOR_stack_switch, ss, esp); }

static inline long
HYPERVISOR_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall)
{ return _hypercall3(__HYPERVISOR_set_callbacks, event, failsafe, syscall); }

static inline long
HYPERVISOR_fpu_taskswitch(int set)
{ return _hypercall1(__HYPERVISOR_fpu_taskswitch, set); }

static inline long
HYPERVISOR_update_descriptor(uint64_t maddr, uint64_t desc)
{ return _hypercall2(__HYPERVISOR_update_descriptor, maddr, desc); }

static inline long
HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{ return _hypercall2(__HYPERVISOR_memory_op, cmd, arg); }

static inline long
HYPERVISOR_multicall(multicall_entry_t *calls, unsigned int nr)
{ return _hypercall2(__HYPERVISOR_multicall, calls, nr); }

static inline long
HYPERVISOR_update_va_mapping(uint64_t va, uint64_t pte, uint64_t flags)
{ return _hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags); }

static inline long
HYPERVISOR_set_timer_op(uint64_t timeout_ns)
{ return _hypercall1(__HYPERVISOR_set_timer_op, timeout_ns); }

static inline long
HYPERVISOR_xen_version(int cmd, void *arg)
{ return _hypercall2(__HYPERVISOR_xen_version, cmd, arg); }

static inline long
HYPERVISOR_console_io(int cmd, unsigned int count, const void *buf)
{ return _hypercall3(__HYPERVISOR_console_io, cmd, count, buf); }

static inline long
HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{ return _hypercall2(__HYPERVISOR_vm_assist, cmd, type); }

static inline long
HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{ return _hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg); }

static inline long
HYPERVISOR_set_segment_base(int which, uint64_t base)
{ return _hypercall2(__HYPERVISOR_set_segment_base, which, base); }

static inline long
HYPERVISOR_mmuext_op(mmuext_op_t *op, unsigned int count,
                     unsigned int *done, unsigned int foreigndom)
{ return _hypercall4(__HYPERVISOR_mmuext_op, op, count, done, foreigndom); }

static inline long
HYPERVISOR_sched_op(int cmd, void *arg)
{ return _hypercall2(__HYPERVISOR_sched_op, cmd, arg); }

static inline long
HYPERVISOR_callback_op(int cmd, const void *arg)
{ return _hypercall2(__HYPERVISOR_callback_op, cmd, arg); }

static inline long
HYPERVISOR_event_channel_op(int cmd, void *arg)
{ return _hypercall2(__HYPERVISOR_event_channel_op, cmd, arg); }

static inline long
HYPERVISOR_physdev_op(int cmd, void *arg)
{ return _hypercall2(__HYPERVISOR_physdev_op, cmd, arg); }

static inline long
HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{ return _hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count); }

#endif /* LIBGUEST_HYPERCALL_H */
