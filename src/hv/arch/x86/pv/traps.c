/*
 * pv/traps.c - a PV guest's way into and out of the hypervisor.
 *
 * Where it runs: hypervisor only.
 *
 * Ways in (each builds struct cpu_regs at the top of the hypervisor stack):
 *   - SYSCALL from the guest kernel: a hypercall (pv_syscall);
 *   - SYSCALL from guest user space: bounced to the guest kernel's syscall
 *     callback, switching the vCPU to kernel mode;
 *   - an exception in the guest: bounced to the handler in its trap table,
 *     or, with no handler, the domain is crashed (pv_trap);
 *   - an interrupt while the guest runs (the tick): handled, then back.
 * The way out is pv_exit_to_guest(): stop if the domain stopped, idle
 * while the vCPU is blocked, deliver a pending event upcall, then iretq.
 *
 * The bounce frame written on the guest kernel stack is Xen's PV64 layout,
 * lowest address first: RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS.
 * The CS slot carries the saved event mask in bits 32-39, and its RPL is 0
 * when the guest was in kernel mode (3 when in user mode).  RFLAGS.IF in
 * the frame is the guest's virtual interrupt flag (!evtchn_upcall_mask).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <domain.h>
#include <guest_access.h>
#include <hypercall.h>
#include <lib.h>
#include <xl_errno.h>
#include <asm/config.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/hvm.h>
#include <asm/regs.h>
#include "public/callback.h"
#include "public/physdev.h"
#include "public/xen.h"

#define EFLAGS_TF   (1UL << 8)
#define EFLAGS_IF   (1UL << 9)
#define EFLAGS_IOPL (3UL << 12)
#define EFLAGS_NT   (1UL << 14)
#define EFLAGS_RF   (1UL << 16)
#define EFLAGS_VM   (1UL << 17)

extern char boot_stack[STACK_SIZE];

/* The guest frame: the top of the hypervisor stack (TSS.rsp0). */
struct cpu_regs *
guest_regs(void)
{
    return (struct cpu_regs *)(boot_stack + STACK_SIZE - sizeof(struct cpu_regs));
}

static struct vcpu_info *
vinfo(struct vcpu *v)
{
    struct shared_info *si = v->domain->shared_info;

    return &si->vcpu_info[v->vcpu_id];
}

static uint64_t
l4_maddr(mfn_t mfn)
{
    return mfn << PAGE_SHIFT;
}

/* Switch between guest kernel and guest user mode: page tables and GS. */
void
pv_toggle_guest_mode(struct vcpu *v)
{
    struct arch_vcpu *a = v->arch;

    a->kernel_mode = !a->kernel_mode;
    if (a->kernel_mode || !v->guest_table_user)
        write_cr3(l4_maddr(v->guest_table));
    else
        write_cr3(l4_maddr(v->guest_table_user));
    wrmsr(MSR_GS_BASE, a->kernel_mode ? a->gs_base_kernel : a->gs_base_user);
}

/*
 * Push a bounce frame on the guest kernel stack and make the guest resume
 * at `target`.  Returns false (and crashes the domain) when the frame
 * cannot be written.
 */
static bool
pv_bounce(struct vcpu *v, struct cpu_regs *r, uint64_t target, bool has_error,
          uint64_t error, bool mask_events)
{
    struct arch_vcpu *a = v->arch;
    struct vcpu_info *vi = vinfo(v);
    uint64_t frame[8], cs = r->cs, sp;
    uint8_t saved_mask = vi->evtchn_upcall_mask;
    unsigned int n = 0;

    /* Every exception and event upcall passes here: test the level
     * before printk even looks at the format. */
    if (printk_get_loglvl() >= LOGLVL_DEBUG)
        printk(XENLOG_DEBUG "bounce: vector %lu from %04lx:%016lx rsp %016lx -> %016lx "
               "kernel %d cr2 %lx\n", (unsigned long)r->vector, (unsigned long)r->cs,
               (unsigned long)r->rip, (unsigned long)r->rsp, (unsigned long)target,
               a->kernel_mode, (unsigned long)read_cr2());
    if (a->kernel_mode) {
        sp = r->rsp;
        cs &= ~3UL;                         /* tell the guest: kernel context */
    } else {
        pv_toggle_guest_mode(v);
        sp = a->kernel_sp;
    }
    sp &= ~0xfUL;
    frame[n++] = r->rcx;
    frame[n++] = r->r11;
    if (has_error)
        frame[n++] = error;
    frame[n++] = r->rip;
    frame[n++] = (cs & 0xffff) | ((uint64_t)saved_mask << 32);
    frame[n++] = (r->rflags & ~(EFLAGS_IF | EFLAGS_IOPL)) | (saved_mask ? 0 : EFLAGS_IF);
    frame[n++] = r->rsp;
    frame[n++] = r->ss;
    sp -= n * 8;
    if (copy_to_guest(sp, frame, n * 8)) {
        printk(XENLOG_ERR "d%u v%u: bounce of vector %lu (from %04lx:%016lx) to %016lx: "
               "guest stack %016lx not writable\n", v->domain->domain_id, v->vcpu_id,
               (unsigned long)r->vector, (unsigned long)r->cs, (unsigned long)r->rip,
               (unsigned long)target, (unsigned long)sp);
        domain_crash(v->domain, "cannot write an exception frame on the guest kernel stack");
        return false;
    }
    if (mask_events)
        vi->evtchn_upcall_mask = 1;
    r->rip = target;
    r->cs = FLAT_KERNEL_CS;
    r->rsp = sp;
    r->ss = FLAT_KERNEL_SS;
    r->rflags = (r->rflags & ~(EFLAGS_TF | EFLAGS_NT | EFLAGS_RF | EFLAGS_VM | EFLAGS_IOPL))
                | EFLAGS_IF;
    return true;
}

static bool
canonical(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

static bool
vector_has_error_code(unsigned int v)
{
    return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21;
}

static void
pv_dump_and_crash(struct vcpu *v, struct cpu_regs *r, const char *why)
{
    printk(XENLOG_ERR "d%u v%u: %s (vector %lu, error %#lx) at %04lx:%016lx\n",
           v->domain->domain_id, v->vcpu_id, why, (unsigned long)r->vector,
           (unsigned long)r->error_code, (unsigned long)r->cs, (unsigned long)r->rip);
    domain_crash(v->domain, why);       /* dumps the registers */
}

/*
 * INT n from the guest hits a DPL 0 gate and raises #GP with the IDT bit in
 * the error code.  If the guest's trap table allows INT n from its current
 * mode (DPL >= 1 from kernel mode, 3 from user mode, as Xen), deliver
 * vector n with RIP after the instruction.  The vector is read from the
 * instruction itself (CD ib): the error code's index field is not reliable
 * under every emulator (QEMU TCG reports n * 16 in long mode).
 */
static bool
pv_soft_interrupt(struct vcpu *v, struct cpu_regs *r)
{
    uint8_t insn[2];
    const struct trap_info *ti;

    if ((r->error_code & 3) != 2 || copy_from_guest(insn, r->rip, 2) || insn[0] != 0xcd)
        return false;
    ti = &v->arch->traps[insn[1]];
    if (!ti->address || TI_DPL(ti->flags) < (v->arch->kernel_mode ? 1 : 3))
        return false;
    r->rip += 2;
    pv_bounce(v, r, ti->address, false, 0, ti->flags & TI_MASK_EVENTS);
    return true;
}

/* An exception raised by guest code. */
void
pv_trap(struct cpu_regs *r)
{
    struct vcpu *v = current;
    const struct trap_info *ti = &v->arch->traps[r->vector & 0xff];

    if (r->vector == 7 && v->arch->fpu_ts) {
        /* #NM after fpu_taskswitch(1): the guest wants to hear about it. */
        v->arch->fpu_ts = false;
        write_cr0(read_cr0() & ~X86_CR0_TS);
    }
    if (r->vector == 14) {
        vinfo(v)->arch.cr2 = read_cr2();
        /* The guest kernel is "supervisor" to itself although it ran in
         * ring 3: Xen clears the U bit of its page-fault error codes. */
        if (v->arch->kernel_mode)
            r->error_code &= ~4UL;
    }
    if (r->vector == 13 && pv_soft_interrupt(v, r))
        return;
    if (!ti->address) {
        pv_dump_and_crash(v, r, "unhandled exception in a PV guest");
        return;
    }
    pv_bounce(v, r, ti->address, vector_has_error_code((unsigned int)r->vector),
              r->error_code, ti->flags & TI_MASK_EVENTS);
}

/* SYSCALL: a hypercall from the guest kernel, a system call from user. */
void
pv_syscall(struct cpu_regs *r)
{
    struct vcpu *v = current;
    uint64_t args[6];

    if (!v->arch->kernel_mode) {
        if (!v->arch->syscall.address) {
            pv_dump_and_crash(v, r, "SYSCALL from guest user mode with no syscall callback");
            return;
        }
        pv_bounce(v, r, v->arch->syscall.address, false, 0, v->arch->syscall.mask_events);
        return;
    }
    args[0] = r->rdi;
    args[1] = r->rsi;
    args[2] = r->rdx;
    args[3] = r->r10;
    args[4] = r->r8;
    args[5] = r->r9;
    r->rax = (uint64_t)hypercall_dispatch(v, r->rax, args);
}

/* ---- hypercalls that touch the vCPU's CPU state ---- */

static long
do_set_trap_table(uint64_t list)
{
    struct arch_vcpu *a = current->arch;
    struct trap_info ti;

    if (!list) {
        memset(a->traps, 0, sizeof(a->traps));
        return 0;
    }
    for (unsigned int i = 0; i < 256; i++) {
        if (copy_from_guest(&ti, list + i * sizeof(ti), sizeof(ti)))
            return -EFAULT;
        if (ti.address == 0)
            return 0;                           /* the terminating entry */
        if (!canonical(ti.address))
            return -EINVAL;         /* Xen checks canonical form only */
        a->traps[ti.vector] = ti;
        a->traps[ti.vector].cs = FLAT_KERNEL_CS;
    }
    return 0;
}

static long
do_stack_switch(uint64_t ss, uint64_t sp)
{
    if ((ss & 3) != 3 && ss != 0)
        return -EPERM;
    current->arch->kernel_ss = ss;
    current->arch->kernel_sp = sp;
    return 0;
}

static bool
callback_address_ok(uint64_t a)
{
    return a == 0 || guest_range_ok(a, 1);
}

static long
register_callback(unsigned int type, uint64_t address, bool mask)
{
    struct arch_vcpu *a = current->arch;
    struct pv_callback *cb;

    switch (type) {
    case CALLBACKTYPE_event:    cb = &a->event;    break;
    case CALLBACKTYPE_failsafe: cb = &a->failsafe; break;
    case CALLBACKTYPE_syscall:  cb = &a->syscall;  break;
    default:
        return -ENOSYS;
    }
    if (!callback_address_ok(address))
        return -EINVAL;
    cb->address = address;
    cb->mask_events = mask;
    return 0;
}

static long
do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall)
{
    if (!callback_address_ok(event) || !callback_address_ok(failsafe) ||
        !callback_address_ok(syscall))
        return -EINVAL;
    register_callback(CALLBACKTYPE_event, event, true);
    register_callback(CALLBACKTYPE_failsafe, failsafe, true);
    register_callback(CALLBACKTYPE_syscall, syscall, false);
    return 0;
}

static long
do_callback_op(int cmd, uint64_t arg)
{
    struct callback_register reg;
    struct callback_unregister unreg;

    switch (cmd) {
    case CALLBACKOP_register:
        if (copy_from_guest(&reg, arg, sizeof(reg)))
            return -EFAULT;
        return register_callback(reg.type, reg.address, reg.flags & CALLBACKF_mask_events);
    case CALLBACKOP_unregister:
        if (copy_from_guest(&unreg, arg, sizeof(unreg)))
            return -EFAULT;
        if (unreg.type != CALLBACKTYPE_event && unreg.type != CALLBACKTYPE_failsafe &&
            unreg.type != CALLBACKTYPE_syscall)
            return -EINVAL;
        return register_callback(unreg.type, 0, false);
    default:
        return -ENOSYS;
    }
}

static long
do_fpu_taskswitch(int set)
{
    current->arch->fpu_ts = set != 0;
    write_cr0(set ? read_cr0() | X86_CR0_TS : read_cr0() & ~X86_CR0_TS);
    return 0;
}

static long
do_set_segment_base(unsigned int which, uint64_t base)
{
    struct arch_vcpu *a = current->arch;

    switch (which) {
    case SEGBASE_FS:
        if (!canonical(base))
            return -EINVAL;
        a->fs_base = base;
        wrmsr(MSR_FS_BASE, base);
        return 0;
    case SEGBASE_GS_USER:
        if (!canonical(base))
            return -EINVAL;
        a->gs_base_user = base;
        return 0;
    case SEGBASE_GS_KERNEL:
        if (!canonical(base))
            return -EINVAL;
        a->gs_base_kernel = base;
        if (a->kernel_mode)
            wrmsr(MSR_GS_BASE, base);
        return 0;
    case SEGBASE_GS_USER_SEL:
        /* Only the null selector (and 64-bit flat selectors) make sense. */
        if ((base & 0xffff) != 0 && (base & 0xffff) != FLAT_USER_DS32)
            return -EINVAL;
        return 0;
    default:
        return -EINVAL;
    }
}

bool pv_bounce_event(struct vcpu *v, struct cpu_regs *r);

/* An event-channel upcall: bounce to the event callback, events masked. */
bool
pv_bounce_event(struct vcpu *v, struct cpu_regs *r)
{
    return pv_bounce(v, r, v->arch->event.address, false, 0, true);
}

/* The iret hypercall: return from a bounce frame, possibly to user mode. */
static long
do_iret(void)
{
    struct vcpu *v = current;
    struct cpu_regs *r = guest_regs();
    struct iret_context ctx;

    if (copy_from_guest(&ctx, r->rsp, sizeof(ctx))) {
        domain_crash(v->domain, "iret: the iret_context on the guest stack is unreadable");
        return -EFAULT;
    }
    if ((ctx.cs & 3) == 3 && v->arch->kernel_mode) {
        if (!v->guest_table_user) {
            domain_crash(v->domain, "iret to user mode without a user page table");
            return -EFAULT;
        }
        pv_toggle_guest_mode(v);
    }
    if (!canonical(ctx.rip) || !guest_range_ok(ctx.rip, 1)) {
        domain_crash(v->domain, "iret to a non-canonical or hypervisor address");
        return -EFAULT;
    }
    r->rip = ctx.rip;
    r->cs = (ctx.cs & 0xffff) | 3;
    r->rflags = (ctx.rflags & ~(EFLAGS_IOPL | EFLAGS_VM | EFLAGS_NT)) | EFLAGS_IF;
    r->rsp = ctx.rsp;
    r->ss = (ctx.ss & 0xffff) | 3;
    if (!(ctx.flags & VGCF_in_syscall)) {
        r->r11 = ctx.r11;
        r->rcx = ctx.rcx;
    } else {
        /* "Discard RCX, R11": Xen returns with SYSRET, which leaves the
         * new rip in RCX and the new rflags in R11; do the same. */
        r->rcx = r->rip;
        r->r11 = r->rflags;
    }
    vinfo(v)->evtchn_upcall_mask = !(ctx.rflags & EFLAGS_IF);
    return (long)ctx.rax;           /* becomes RAX: iret restores it */
}

/*
 * physdev_op: only PHYSDEVOP_set_iopl, recorded.  xenolith's dom0 talks to
 * the console through console_io and needs no port access; I/O
 * instructions in a guest still raise #GP (bounced to the guest).
 */
static long
do_physdev_op(int cmd, uint64_t arg)
{
    struct physdev_set_iopl io;

    switch (cmd) {
    case PHYSDEVOP_set_iopl:
        if (copy_from_guest(&io, arg, sizeof(io)))
            return -EFAULT;
        if (io.iopl > 3)
            return -EINVAL;
        current->arch->iopl = io.iopl;
        return 0;
    default:
        return -ENOSYS;
    }
}

long hvm_arch_hypercall(struct vcpu *v, uint64_t nr, const uint64_t args[6], bool *handled);

long
arch_hypercall(struct vcpu *v, uint64_t nr, const uint64_t args[6], bool *handled)
{
    if (is_hvm_domain(v->domain))
        return hvm_arch_hypercall(v, nr, args, handled);
    *handled = true;
    switch (nr) {
    case __HYPERVISOR_set_trap_table:   return do_set_trap_table(args[0]);
    case __HYPERVISOR_stack_switch:     return do_stack_switch(args[0], args[1]);
    case __HYPERVISOR_set_callbacks:    return do_set_callbacks(args[0], args[1], args[2]);
    case __HYPERVISOR_callback_op:      return do_callback_op((int)args[0], args[1]);
    case __HYPERVISOR_fpu_taskswitch:   return do_fpu_taskswitch((int)args[0]);
    case __HYPERVISOR_set_segment_base: return do_set_segment_base((unsigned int)args[0], args[1]);
    case __HYPERVISOR_iret:             return do_iret();
    case __HYPERVISOR_physdev_op:       return do_physdev_op((int)args[0], args[1]);
    case __HYPERVISOR_set_gdt:          return do_set_gdt(args[0], (unsigned int)args[1]);
    case __HYPERVISOR_update_descriptor: return do_update_descriptor(args[0], args[1]);
    default:
        *handled = false;
        return -ENOSYS;
    }
}
