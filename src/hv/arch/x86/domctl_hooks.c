/*
 * domctl_hooks.c - the x86 side of the domctl arch hooks (see domctl.h):
 * creating, building and tearing down domUs of every kind.
 *
 * Where it runs: hypervisor only.
 *
 * create: the arch state of every domain (pv_domain_init: registers, FPU
 * area, trap table...), plus for PVH/HVM the guest RAM, the p2m and the
 * backend's per-vCPU control block (hvm_domain_init).
 * build: the same builders as dom0 (PV: pv/dom0_build.c, PVH and HVM:
 * hvm/build.c), so a domU boots exactly like a dom0 of its kind, minus the
 * privilege.
 * destroy: after domain_kill dropped the domain's page references, release
 * what the arch still holds: GDT frames (seg_desc type references), the
 * backend's control blocks, nested page tables, the p2m and the structs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <domain.h>
#include <domctl.h>
#include <lib.h>
#include <xl_errno.h>
#include <asm/hvm.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/page.h>
#include <string.h>
#include <xtime.h>

int
arch_domain_create(struct domain *d, unsigned int type)
{
    int rc;

    if (type != XL_DOMCTL_TYPE_PV && type != XL_DOMCTL_TYPE_PVH && type != XL_DOMCTL_TYPE_HVM)
        return -EINVAL;
    if (type != XL_DOMCTL_TYPE_PV && !hvm_available())
        return -ENODEV;                 /* no SVM+NPT or VMX+EPT on this machine */
    if ((rc = pv_domain_init(d)))
        return rc;
    /* Guest RAM of an HVM/PVH domain comes with the build (a domain is
     * built only while it owns no frame). */
    d->arch->kind = type;
    return 0;
}

void
arch_domain_destroy(struct domain *d)
{
    if (!d->arch)
        return;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i]->arch && !is_hvm_domain(d))
            pv_release_descriptors(d->vcpu[i]);
    if (is_hvm_domain(d))
        hvm_domain_free(d);
    pv_domain_free(d);
}

unsigned int
arch_domain_type(const struct domain *d)
{
    if (d->arch && d->arch->kind)
        return d->arch->kind;
    if (!is_hvm_domain(d))
        return XL_DOMCTL_TYPE_PV;
    return hvm_domain(d)->pvh ? XL_DOMCTL_TYPE_PVH : XL_DOMCTL_TYPE_HVM;
}

static int
hvm_prepare(struct domain *d, bool pvh)
{
    int rc = hvm_domain_init(d, d->max_pages);

    if (rc == 0)
        hvm_domain(d)->pvh = pvh;
    return rc;
}

int
arch_domain_build(struct domain *d, unsigned int type, const void *image,
                  size_t size, const void *rd, size_t rd_size,
                  const char *cmdline, struct domain_rings *rings)
{
    int rc;

    switch (type) {
    case XL_DOMCTL_TYPE_PV:
        rc = dom0_build_pv(d, image, size, rd, rd_size, cmdline, rings);
        break;
    case XL_DOMCTL_TYPE_PVH:
        rc = hvm_prepare(d, true);
        if (rc == 0)
            rc = hvm_build_pvh(d, image, size, rd, rd_size, cmdline, rings);
        break;
    case XL_DOMCTL_TYPE_HVM:
        rc = hvm_prepare(d, false);
        if (rc == 0)
            rc = hvm_build_realmode(d, image, size, rings);
        break;
    default:
        rc = -EINVAL;
    }
    if (rc == 0)
        update_domain_wallclock_time(d);
    return rc;
}

static bool
canonical(uint64_t a)
{
    return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

static void
regs_to_user(const struct cpu_regs *r, struct cpu_user_regs *u)
{
    u->r15 = r->r15; u->r14 = r->r14; u->r13 = r->r13; u->r12 = r->r12;
    u->rbp = r->rbp; u->rbx = r->rbx; u->r11 = r->r11; u->r10 = r->r10;
    u->r9 = r->r9;   u->r8 = r->r8;   u->rax = r->rax; u->rcx = r->rcx;
    u->rdx = r->rdx; u->rsi = r->rsi; u->rdi = r->rdi;
    u->rip = r->rip; u->cs = (uint16_t)r->cs; u->rflags = r->rflags;
    u->rsp = r->rsp; u->ss = (uint16_t)r->ss;
}

static void
user_to_regs(const struct cpu_user_regs *u, struct cpu_regs *r)
{
    r->r15 = u->r15; r->r14 = u->r14; r->r13 = u->r13; r->r12 = u->r12;
    r->rbp = u->rbp; r->rbx = u->rbx; r->r11 = u->r11; r->r10 = u->r10;
    r->r9 = u->r9;   r->r8 = u->r8;   r->rax = u->rax; r->rcx = u->rcx;
    r->rdx = u->rdx; r->rsi = u->rsi; r->rdi = u->rdi;
    r->rip = u->rip; r->cs = u->cs | 3;
    r->rflags = (u->rflags & ~(3UL << 12 | 1UL << 17 | 1UL << 14)) | X86_EFLAGS_IF | 2;
    r->rsp = u->rsp; r->ss = u->ss | 3;
}

/*
 * A PV vCPU's context in Xen's layout: registers, FPU, trap table,
 * callbacks, stacks, segment bases, page-table roots (ctrlreg[3] kernel,
 * ctrlreg[1] user, as CR3 values) and GDT frames.  For HVM vCPUs only the
 * general registers, RIP, RSP and RFLAGS are filled in.
 */
int
arch_get_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c)
{
    struct arch_vcpu *a = v->arch;

    memset(c, 0, sizeof(*c));
    if (!a)
        return -EINVAL;
    memcpy(c->fpu_ctxt.x, a->fpu, sizeof(c->fpu_ctxt.x));
    c->flags = VGCF_i387_valid;
    if (is_hvm_domain(v->domain)) {
        const struct hvm_gprs *g = &hvm_vcpu(v)->gprs;
        struct cpu_user_regs *u = &c->user_regs;

        u->rbx = g->rbx; u->rcx = g->rcx; u->rdx = g->rdx; u->rsi = g->rsi;
        u->rdi = g->rdi; u->rbp = g->rbp; u->r8 = g->r8;   u->r9 = g->r9;
        u->r10 = g->r10; u->r11 = g->r11; u->r12 = g->r12; u->r13 = g->r13;
        u->r14 = g->r14; u->r15 = g->r15;
        u->rax = hvm_funcs->get_reg(v, HVM_RAX);
        u->rip = hvm_funcs->get_reg(v, HVM_RIP);
        u->rsp = hvm_funcs->get_reg(v, HVM_RSP);
        u->rflags = hvm_funcs->get_reg(v, HVM_RFLAGS);
        return 0;
    }
    regs_to_user(&a->regs, &c->user_regs);
    if (a->kernel_mode)
        c->flags |= VGCF_in_kernel;
    memcpy(c->trap_ctxt, a->traps, sizeof(c->trap_ctxt));
    c->ldt_base = a->ldt_base;
    c->ldt_ents = a->ldt_ents;
    for (unsigned int i = 0; i < a->gdt_nr_frames && i < 16; i++)
        c->gdt_frames[i] = a->gdt_frames[i];
    c->gdt_ents = a->gdt_ents;
    c->kernel_ss = a->kernel_ss;
    c->kernel_sp = a->kernel_sp;
    c->ctrlreg[3] = v->guest_table << PAGE_SHIFT;
    c->ctrlreg[1] = v->guest_table_user << PAGE_SHIFT;
    c->event_callback_eip = a->event.address;
    c->failsafe_callback_eip = a->failsafe.address;
    c->syscall_callback_eip = a->syscall.address;
    c->vm_assist = v->domain->vm_assist;
    c->fs_base = a->fs_base;
    c->gs_base_kernel = a->gs_base_kernel;
    c->gs_base_user = a->gs_base_user;
    return 0;
}

/*
 * Load a PV vCPU's registers, FPU state, trap table, callbacks, stacks and
 * segment bases.  The page-table roots and the GDT cannot be changed this
 * way (they hold typed references): they must equal the vCPU's own, else
 * -EINVAL.  Every address is checked before anything changes.  HVM vCPUs:
 * -EOPNOTSUPP (not yet).
 */
int
arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct arch_vcpu *a = v->arch;

    if (!a)
        return -EINVAL;
    if (is_hvm_domain(v->domain))
        return -EOPNOTSUPP;
    if (c->ctrlreg[3] != v->guest_table << PAGE_SHIFT ||
        c->ctrlreg[1] != v->guest_table_user << PAGE_SHIFT || c->gdt_ents != a->gdt_ents)
        return -EINVAL;
    if (!canonical(c->user_regs.rip) || !canonical(c->user_regs.rsp) ||
        !canonical(c->fs_base) || !canonical(c->gs_base_kernel) || !canonical(c->gs_base_user) ||
        !canonical(c->event_callback_eip) || !canonical(c->failsafe_callback_eip) ||
        !canonical(c->syscall_callback_eip) || !canonical(c->kernel_sp) ||
        (c->kernel_ss && (c->kernel_ss & 3) != 3))
        return -EINVAL;
    for (unsigned int i = 0; i < 256; i++)
        if (!canonical(c->trap_ctxt[i].address))
            return -EINVAL;
    user_to_regs(&c->user_regs, &a->regs);
    memcpy(a->fpu, c->fpu_ctxt.x, sizeof(a->fpu));
    memcpy(a->traps, c->trap_ctxt, sizeof(a->traps));
    for (unsigned int i = 0; i < 256; i++)
        a->traps[i].cs = FLAT_KERNEL_CS;
    a->kernel_mode = c->flags & VGCF_in_kernel;
    a->kernel_ss = c->kernel_ss;
    a->kernel_sp = c->kernel_sp;
    a->event.address = c->event_callback_eip;
    a->failsafe.address = c->failsafe_callback_eip;
    a->syscall.address = c->syscall_callback_eip;
    a->fs_base = c->fs_base;
    a->gs_base_kernel = c->gs_base_kernel;
    a->gs_base_user = c->gs_base_user;
    return 0;
}

/* PV needs nothing; HVM/PVH need SVM or VMX, and here nested paging
 * (NPT / EPT) too: hvm_available() says whether a backend was set up. */
uint32_t
arch_physinfo_caps(void)
{
    uint32_t caps = XL_PHYSCAP_pv;

    if (boot_cpu.svm)
        caps |= XL_PHYSCAP_svm;
    if (boot_cpu.vmx)
        caps |= XL_PHYSCAP_vmx;
    if ((boot_cpu.svm && boot_cpu.npt) || (boot_cpu.vmx && boot_cpu.ept))
        caps |= XL_PHYSCAP_hap;
    if (hvm_available())
        caps |= XL_PHYSCAP_hvm;
    return caps;
}

/* One CPU runs the hypervisor until SMP. */
unsigned int
arch_nr_cpus(void)
{
    return 1;
}
