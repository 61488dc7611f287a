/*
 * context.c - which vCPU runs on the CPU, and switching between them.
 *
 * Where it runs: hypervisor only.
 *
 * schedule() is the one place a vCPU leaves the CPU: it charges the time
 * the vCPU ran, saves what lives in the CPU (the PV register frame at the
 * top of the hypervisor stack, the FPU/SSE state), asks the scheduler
 * (sched_credit.c) for the next vCPU, loads its state and enters it on a
 * fresh stack.  With nothing runnable the CPU idles in schedule() until
 * an interrupt (the tick: timers, events) makes something runnable.
 *
 * Callers: the PV exit path and the HVM run loop, whenever the running
 * vCPU blocked, its domain stopped, or its time slice is over.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <domain.h>
#include <lib.h>
#include <sched_credit.h>
#include <schedule.h>
#include <xtime.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/hvm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/time.h>

__attribute__((noreturn)) void dom0_stopped(struct domain *d);

static uint8_t fpu_init_state[512] __attribute__((aligned(16)));
static uint64_t slice_end_ns, run_start_ns;

static void
fxsave(void *area)
{
    __asm__ volatile ("fxsaveq (%0)" : : "r" (area) : "memory");
}

static void
fxrstor(const void *area)
{
    __asm__ volatile ("fxrstorq (%0)" : : "r" (area) : "memory");
}

/* A clean FPU/SSE state for new vCPUs (after CR4.OSFXSR is on). */
void
context_init(void)
{
    uint32_t mxcsr = 0x1f80;

    clts();
    __asm__ volatile ("fninit; ldmxcsr %0" : : "m" (mxcsr));
    fxsave(fpu_init_state);
}

void
vcpu_fpu_init(struct vcpu *v)
{
    memcpy(v->arch->fpu, fpu_init_state, sizeof(fpu_init_state));
}

/* Is it time for the running vCPU to leave the CPU? */
bool
need_resched(struct vcpu *v)
{
    struct domain *d = v->domain;

    /* sched_need_resched(): it yielded, or a wake-up outranks it. */
    return v->is_blocked || d->is_paused || d->is_shut_down || d->is_crashed ||
           d->is_dying || sched_need_resched() || arch_now_ns() >= slice_end_ns;
}

static void
save_state(struct vcpu *v)
{
    clts();
    fxsave(v->arch->fpu);
    if (!is_hvm_domain(v->domain))
        v->arch->regs = *guest_regs();
}

static void
restore_state(struct vcpu *v)
{
    clts();
    fxrstor(v->arch->fpu);
    if (!is_hvm_domain(v->domain)) {
        pv_load_gdt(v);
        pv_load_ldt(v);
        if (v->arch->fpu_ts)
            write_cr0(read_cr0() | X86_CR0_TS);
    }
}

static __attribute__((noreturn)) void
enter(struct vcpu *v)
{
    if (is_hvm_domain(v->domain))
        hvm_run_vcpu(v);
    pv_run_vcpu(v);
}

/* Continue on the hypervisor stack's top (just below the PV guest frame),
 * dropping whatever nesting brought us here. */
static __attribute__((noreturn)) void
switch_stack_and_enter(struct vcpu *v)
{
    __asm__ volatile ("movq %0, %%rsp; xorl %%ebp, %%ebp; call *%1"
                      : : "r" (guest_regs()), "r" (enter), "D" (v) : "memory");
    __builtin_unreachable();
}

/* dom0 stopping takes the machine with it (dom0_stopped); a domU that
 * stops just leaves the run queue until its controller destroys it. */
static void
check_dom0(void)
{
    struct domain *d0 = domain_lookup(0);

    if (d0 && (d0->is_shut_down || d0->is_crashed))
        dom0_stopped(d0);
}

void
schedule(void)
{
    struct vcpu *prev = current, *next;
    uint64_t now = arch_now_ns(), slice = SCHED_SLICE_NS;

    local_irq_disable();
    if (prev) {
        sched_account(prev, now - run_start_ns);
        save_state(prev);
        if (prev->runstate == VCPU_RUNNING)
            vcpu_runstate_change(prev, prev->is_blocked ? VCPU_BLOCKED :
                                 sched_vcpu_runnable(prev) ? VCPU_RUNNABLE : VCPU_OFFLINE, now);
    }
    for (;;) {
        check_dom0();
        next = sched_pick_next(now, prev, &slice);
        if (next)
            break;
        /* Nothing to run: idle on the hypervisor's own tables. */
        current = NULL;
        prev = NULL;
        write_cr3(virt_to_maddr(idle_pg_table));
        safe_halt();
        local_irq_disable();
        now = arch_now_ns();
    }
    slice_end_ns = now + slice;
    run_start_ns = now;
    if (next->runstate != VCPU_RUNNING)
        vcpu_runstate_change(next, VCPU_RUNNING, now);
    restore_state(next);
    current = next;
    update_vcpu_system_time(next);
    switch_stack_and_enter(next);
}
