/*
 * pv/domain.c - running PV vCPUs, and the arch hooks the portable core
 * calls for PV domains.
 *
 * Where it runs: hypervisor only.
 *
 * One physical CPU runs one vCPU at a time; `current` is it.  Entering a
 * guest means: its L4 in CR3 (with the hypervisor's slots copied in at
 * validation), the top of the hypervisor stack in TSS.rsp0 (where the CPU
 * puts the frame of the next exception or interrupt from ring 3), its
 * registers in that frame, and iretq.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <domain.h>
#include <hypercall.h>
#include <lib.h>
#include <pv_mm.h>
#include <xl_errno.h>
#include <xmalloc.h>
#include <xtime.h>
#include <schedule.h>
#include <event.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/shutdown.h>
#include <asm/time.h>
#include "public/sched.h"
#include "public/xen.h"

#define MSR_STAR    0xc0000081
#define MSR_LSTAR   0xc0000082
#define MSR_CSTAR   0xc0000083
#define MSR_SFMASK  0xc0000084

extern char boot_stack_top[];
extern void pv_syscall_entry(void), pv_syscall32_entry(void);
extern __attribute__((noreturn)) void pv_enter_frame(const struct cpu_regs *regs);

/*
 * SYSCALL lands in pv_syscall_entry on CS 0xe008 / SS 0xe010 (STAR[47:32]);
 * SFMASK clears IF, TF, DF, NT and AC so the stub runs with interrupts off.
 * Guests return through iretq, so STAR's SYSRET half is only a formality.
 */
void
pv_syscall_init(void)
{
    wrmsr(MSR_STAR, ((uint64_t)(FLAT_RING3_CS32 - 16 + 3) << 48) |
                    ((uint64_t)__HYPERVISOR_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)pv_syscall_entry);
    wrmsr(MSR_CSTAR, (uint64_t)pv_syscall32_entry);
    wrmsr(MSR_SFMASK, 0x44700);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* Guests run SSE code: let them (the hypervisor itself never does). */
    write_cr4(read_cr4() | X86_CR4_OSFXSR | (1UL << 10) /* OSXMMEXCPT */);
    write_cr0((read_cr0() & ~(1UL << 2) /* EM */) | X86_CR0_MP);
}

static int
pv_vcpu_init(struct vcpu *v)
{
    v->arch = xzalloc(struct arch_vcpu);
    if (!v->arch)
        return -ENOMEM;
    vcpu_fpu_init(v);
    return 0;
}

int
pv_domain_init(struct domain *d)
{
    d->arch = xzalloc(struct arch_domain);
    if (!d->arch)
        return -ENOMEM;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && pv_vcpu_init(d->vcpu[i]))
            return -ENOMEM;
    return 0;
}

void
pv_domain_free(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i]) {
            xfree(d->vcpu[i]->arch);
            d->vcpu[i]->arch = NULL;
        }
    xfree(d->arch);
    d->arch = NULL;
}

/*
 * The guest frame lives at the top of the stack this function runs on, so
 * it is not written here: a call made after writing it would push its
 * return address into it (the guest then started with a hypervisor text
 * address in r12).  pv_enter_frame copies the registers in once it has
 * left this stack.
 */
/* An event-channel upcall is pending and not masked: bounce to it. */
static void
pv_deliver_upcall(struct vcpu *v, struct cpu_regs *r)
{
    extern bool pv_bounce_event(struct vcpu *, struct cpu_regs *);
    struct vcpu_info *vi = &((struct shared_info *)v->domain->shared_info)->vcpu_info[v->vcpu_id];

    if (vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask && v->arch->event.address)
        pv_bounce_event(v, r);
}

void
pv_run_vcpu(struct vcpu *v)
{
    bool user = !v->arch->kernel_mode && v->guest_table_user;

    current = v;
    boot_tss.rsp[0] = (uint64_t)boot_stack_top;
    write_cr3((user ? v->guest_table_user : v->guest_table) << PAGE_SHIFT);
    wrmsr(MSR_FS_BASE, v->arch->fs_base);
    wrmsr(MSR_GS_BASE, v->arch->kernel_mode ? v->arch->gs_base_kernel : v->arch->gs_base_user);
    v->arch->regs.cs |= 3;
    v->arch->regs.ss |= 3;
    pv_deliver_upcall(v, &v->arch->regs);
    pv_enter_frame(&v->arch->regs);
}

static const char *
reason_name(int reason)
{
    switch (reason) {
    case SHUTDOWN_poweroff: return "poweroff";
    case SHUTDOWN_reboot:   return "reboot";
    case SHUTDOWN_suspend:  return "suspend";
    case SHUTDOWN_crash:    return "crash";
    case SHUTDOWN_watchdog: return "watchdog";
    default:                return "unknown";
    }
}

/* dom0 stopped: the machine follows it, as on Xen. */
__attribute__((noreturn)) void dom0_stopped(struct domain *d);

void
dom0_stopped(struct domain *d)
{
    int reason = d->is_crashed ? SHUTDOWN_crash : d->shutdown_reason;

    write_cr3(virt_to_maddr(idle_pg_table));
    current = NULL;
    printk("Hardware dom0 %s (reason %s)\n",
           d->is_crashed ? "crashed" : "shut down", reason_name(reason));
    /* Test kernels end with poweroff or reboot when all went well (on Xen
     * a reboot is what ends QEMU), with crash otherwise. */
    if (test_mode)
        machine_test_exit(reason == SHUTDOWN_poweroff || reason == SHUTDOWN_reboot ? 0 : 1);
    switch (reason) {
    case SHUTDOWN_poweroff:
        machine_power_off();
    case SHUTDOWN_reboot:
        machine_reboot();
    default:
        panic("dom0 %s", d->is_crashed ? "crashed" : "stopped");
    }
}

/* Last step before iretq into the guest: deliver what is pending. */
void
pv_exit_to_guest(struct cpu_regs *r)
{
    struct vcpu *v = current;

    v->arch->exits++;
    if (need_resched(v))
        schedule();                 /* blocked, stopped or out of time */
    pv_deliver_upcall(v, r);
}

/* ---- hooks of the portable core ---- */

void
arch_pv_init_l4_xen_slots(uint64_t *l4, struct domain *d)
{
    for (unsigned int i = PML4_SLOT(HYPERVISOR_AREA_START); i < PML4_SLOT(HYPERVISOR_AREA_END - 1) + 1; i++)
        l4[i] = idle_pg_table[i];
}

void
arch_pv_new_baseptr(struct vcpu *v)
{
    if (v == current && v->arch->kernel_mode)
        write_cr3(v->guest_table << PAGE_SHIFT);
    else if (v == current && v->guest_table_user)
        write_cr3(v->guest_table_user << PAGE_SHIFT);
}

void
arch_pv_flush_tlb(void)
{
    flush_tlb_all_local();
}

void
arch_pv_invlpg(uint64_t va)
{
    invlpg((void *)va);
}

/* Every crash of the running guest comes with its registers (as Xen's
 * "Domain N (vcpu#M) crashed" dump): the frame it entered the hypervisor
 * with, whichever path (trap, bounce, hypercall) gave up on it. */
void
arch_domain_crashed(struct domain *d)
{
    if (current != NULL && current->domain == d && d->arch != NULL) {
        printk(XENLOG_ERR "d%u v%u: guest registers at the crash:\n",
               (unsigned int)d->domain_id, current->vcpu_id);
        show_registers(guest_regs());
    }
}

void
arch_domain_shutdown(struct domain *d, int reason)
{
}

void
arch_vcpu_kick(struct vcpu *v)
{
    /* The exit path delivers the upcall; the idle loop sees is_blocked clear. */
}

void
arch_vcpu_block(struct vcpu *v)
{
}

uint64_t
arch_rdtsc(void)
{
    return rdtsc();
}

uint32_t
arch_tsc_khz(void)
{
    return (uint32_t)tsc_khz;
}
