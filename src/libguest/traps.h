/*
 * libguest/traps.h - the guest's virtual IDT, event and syscall callbacks.
 *
 * Where it runs: guest only.
 *
 * traps_init() registers a trap table for vectors 0-19 and a few software
 * interrupt vectors, and the event, failsafe and syscall callbacks.  Each
 * entry stub (entry.S) turns the frame the hypervisor pushed into a
 * struct trap_frame, calls trap_dispatch(), and returns through the iret
 * hypercall, so a handler may change the frame (e.g. rip) to resume
 * elsewhere.
 *
 * The PV64 bounce frame, as pushed on the guest kernel stack (lowest
 * address first): rcx, r11, [error code], rip, cs, rflags, rsp, ss.  The
 * first 8 qwords at the handler's %rsp are kept in trap_raw[] exactly as
 * found, for tests of the layout.
 *
 * Expecting a fault: set trap_resume to the address to continue at, then
 * execute the faulting instruction; the dispatcher records the trap in
 * last_trap, resumes there and clears trap_resume.  A trap nobody
 * expected goes to trap_unexpected_hook (the test framework's), or else
 * crashes the domain with a register dump.
 */
#ifndef LIBGUEST_TRAPS_H
#define LIBGUEST_TRAPS_H

#include "guest.h"

#define VEC_EVENT    0x100   /* trap_frame.vector of an event upcall      */
#define VEC_SYSCALL  0x101   /* ... of a syscall from guest user mode     */
#define VEC_FAILSAFE 0x102   /* ... of the failsafe callback              */

/* Software interrupt vectors in the table (DPL in the name). */
#define VEC_SOFT_DPL3 0x80
#define VEC_SOFT_DPL0 0x81
#define VEC_SOFT_DPL1 0x82
#define VEC_SOFT_DPL1_ALT 0x41   /* same handler; see pv_traps.c */

struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;   /* as the hypervisor pushed them */
};

struct trap_record {
    uint64_t vector, error_code, rip, cs, rflags, rsp, ss;
    uint64_t cr2;                 /* vcpu_info[0].arch.cr2 at dispatch */
    uint8_t  upcall_mask;         /* vcpu_info[0].evtchn_upcall_mask   */
    uint64_t raw[8];              /* the stack as the stub found it     */
};

extern volatile uint64_t trap_resume;
extern volatile struct trap_record last_trap;
extern volatile unsigned int trap_count;
extern volatile uint64_t trap_raw[8];
/* The frame of the last event upcall: where it interrupted the guest
 * (cs with RPL 3 when that was guest user mode). */
extern volatile uint64_t last_upcall_cs, last_upcall_rip, last_upcall_rsp;
extern trap_info_t guest_trap_table[];

/* Per-vector handler; returns non-zero if it dealt with the trap. */
typedef int (*trap_hook_t)(struct trap_frame *f);
extern trap_hook_t trap_hooks[256];
extern void (*trap_unexpected_hook)(struct trap_frame *f);
/* Called for every event upcall after pending ports are collected. */
extern void (*event_hook)(uint32_t port);
/* Called for a syscall from guest user mode (VEC_SYSCALL). */
extern void (*syscall_hook)(struct trap_frame *f);

void traps_init(void);
void trap_dispatch(struct trap_frame *f);
void trap_dump(const struct trap_frame *f);

/* Entry stubs (entry.S). */

extern char hypervisor_callback[], failsafe_callback[], syscall_callback[];
extern char soft_int_dpl3[], soft_int_dpl0[], soft_int_dpl1[];
uint64_t trap_stub(unsigned int vector);

/* Leave through the iret hypercall with the frame at *frame (an
 * iret_context: rax r11 rcx flags rip cs rflags rsp ss). */
__noreturn void guest_iret_to(const struct iret_context *frame);

/* Event channels on the 2-level ABI. */
static inline void evtchn_mask_events(void)
{ shared_info->vcpu_info[0].evtchn_upcall_mask = 1; __asm__ volatile ("" ::: "memory"); }
static inline void evtchn_unmask_events(void)
{
    __asm__ volatile ("" ::: "memory");
    shared_info->vcpu_info[0].evtchn_upcall_mask = 0;
    __asm__ volatile ("" ::: "memory");
    /* An event that arrived while masked is delivered on the next
     * hypercall; force one. */
    if (shared_info->vcpu_info[0].evtchn_upcall_pending)
        HYPERVISOR_xen_version(XENVER_version, NULL);
}
void evtchn_clear(uint32_t port);
void evtchn_set_mask(uint32_t port, int masked);
/* EVTCHNOP_send / EVTCHNOP_close on one port, the result ignored (a
 * backend whose peer is gone has nothing more to do). */
void evtchn_notify(uint32_t port);
void evtchn_close_port(uint32_t port);
extern volatile uint32_t event_counts[64];   /* upcalls seen per port */

#endif /* LIBGUEST_TRAPS_H */
