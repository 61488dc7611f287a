/*
 * hvm/hvm.c - generic HVM: the run loop, VM-exit dispatch, CPUID, MSRs,
 * port I/O, hypercalls, event delivery and the exit trace.
 *
 * Where it runs: hypervisor only.  Never names SVM or VMX: everything
 * backend-specific goes through hvm_funcs (asm/hvm.h).
 *
 * The run loop: deliver what is pending (an event-channel upcall through
 * the callback vector, or an emulated PIC interrupt), enter the guest,
 * record the exit in the trace, handle it with one small function per
 * reason, and go round again.  A vCPU that halted or blocked waits here
 * with the hypervisor idle until something is pending for it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <domain.h>
#include <event.h>
#include <guest_access.h>
#include <hypercall.h>
#include <lib.h>
#include <pv_mm.h>
#include <schedule.h>
#include <sched_credit.h>
#include <xl_errno.h>
#include <xmalloc.h>
#include <xtime.h>
#include <asm/hvm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/shutdown.h>
#include <asm/time.h>
#include "public/hvm_op.h"
#include "public/hvm_params.h"
#include "public/memory.h"
#include "public/xen.h"
#include "public/elfnote.h"

__attribute__((noreturn)) void dom0_stopped(struct domain *d);

const struct hvm_function_table *hvm_funcs;

#define XEN_CPUID_BASE      0x40000000U
#define XEN_CPUID_MAX       (XEN_CPUID_BASE + 4)
#define XEN_HYPERCALL_MSR   0x40000000U
#define MSR_TSC             0x00000010
#define MSR_PAT             0x00000277
#define MSR_MTRRCAP         0x000000fe
#define MSR_MTRR_DEF_TYPE   0x000002ff
#define MSR_MISC_ENABLE     0x000001a0
#define STRING_IO_MAX       4096        /* bytes per exit; the instruction restarts */

static const char *const exit_names[HVM_EXIT_NR] = {
    [HVM_EXIT_NONE] = "none", [HVM_EXIT_CPUID] = "cpuid", [HVM_EXIT_MSR_READ] = "rdmsr",
    [HVM_EXIT_MSR_WRITE] = "wrmsr", [HVM_EXIT_IO] = "io", [HVM_EXIT_HLT] = "hlt",
    [HVM_EXIT_HYPERCALL] = "hypercall", [HVM_EXIT_NESTED_FAULT] = "nested-fault",
    [HVM_EXIT_EXCEPTION] = "exception", [HVM_EXIT_INTR] = "intr",
    [HVM_EXIT_VINTR] = "irq-window", [HVM_EXIT_TRIPLE_FAULT] = "triple-fault",
    [HVM_EXIT_INVD] = "invd", [HVM_EXIT_PAUSE] = "pause",
    [HVM_EXIT_FORBIDDEN] = "forbidden-insn", [HVM_EXIT_INVALID] = "invalid-state",
    [HVM_EXIT_OTHER] = "other",
};

/* ---- setup ---- */

bool
hvm_available(void)
{
    return hvm_funcs != NULL;
}

void
hvm_init(void)
{
    const struct hvm_function_table *t = NULL;

    if (boot_cpu.svm && boot_cpu.npt)
        t = &svm_function_table;
    else if (boot_cpu.vmx && boot_cpu.ept && boot_cpu.ug)
        t = &vmx_function_table;
    if (!t) {
        printk("HVM: no usable backend (needs SVM+NPT or VMX+EPT+unrestricted guest)\n");
        return;
    }
    if (t->cpu_up()) {
        printk(XENLOG_ERR "HVM: %s did not start on this CPU\n", t->name);
        return;
    }
    hvm_funcs = t;
    printk("HVM: %s backend ready\n", t->name);
}

bool
is_hvm_domain(const struct domain *d)
{
    return d && d->arch && d->arch->hvm;
}

struct hvm_domain *
hvm_domain(const struct domain *d)
{
    return d->arch->hvm;
}

struct hvm_vcpu *
hvm_vcpu(const struct vcpu *v)
{
    return v->arch->hvm;
}

/* Guest RAM: nr_pages frames owned by the domain at gfn 0 .. nr_pages-1. */
int
hvm_domain_init(struct domain *d, uint64_t nr_pages)
{
    int rc;

    if (!hvm_funcs)
        return -ENODEV;
    d->arch->hvm = xzalloc(struct hvm_domain);
    if (!d->arch->hvm)
        return -ENOMEM;
    hvm_domain(d)->shared_info_gfn = ~0ULL;
    if ((rc = p2m_init(d, nr_pages)))
        return rc;
    for (uint64_t gfn = 0; gfn < nr_pages; gfn++) {
        struct page_info *pg = alloc_domheap_pages(d, 0);

        if (!pg)
            return -ENOMEM;
        if ((rc = p2m_set(d, gfn, page_to_mfn(pg), HVM_PERM_R | HVM_PERM_W | HVM_PERM_X)))
            return rc;
    }
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (!v)
            continue;
        v->arch->hvm = xzalloc(struct hvm_vcpu);
        if (!v->arch->hvm || (rc = hvm_funcs->vcpu_init(v)))
            return rc ? rc : -ENOMEM;
        hvm_funcs->set_nested_root(v, hvm_domain(d)->nested_root);
    }
    return 0;
}

/* Everything hvm_domain_init set up, once the domain is dead. */
void
hvm_domain_free(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (!v || !v->arch || !v->arch->hvm)
            continue;
        if (hvm_vcpu(v)->backend)
            hvm_funcs->vcpu_destroy(v);
        xfree(v->arch->hvm);
        v->arch->hvm = NULL;
    }
    p2m_teardown(d);
    xfree(d->arch->hvm);
    d->arch->hvm = NULL;
}

/* ---- small helpers ---- */

static uint64_t
rip_after(struct vcpu *v, const struct hvm_exit *e)
{
    unsigned int len;

    if (e->next_rip)
        return e->next_rip;
    len = hvm_insn_length(v);
    if (!len) {
        domain_crash(v->domain, "cannot decode the instruction that exited");
        return hvm_funcs->get_reg(v, HVM_RIP);
    }
    return hvm_funcs->get_reg(v, HVM_RIP) + len;
}

static void
skip_insn(struct vcpu *v, const struct hvm_exit *e)
{
    hvm_funcs->set_reg(v, HVM_RIP, rip_after(v, e));
}

static bool
guest_long_mode(struct vcpu *v)
{
    return (hvm_funcs->get_reg(v, HVM_EFER) & EFER_LMA) &&
           (hvm_funcs->get_reg(v, HVM_CS_ATTR) & (1u << 9));
}

static void
inject_gp0(struct vcpu *v)
{
    hvm_funcs->inject_exception(v, 13, true, 0);
}

/* ---- CPUID ---- */

static void
cpuid_xen_leaves(struct vcpu *v, uint32_t leaf, struct cpuid_regs *r)
{
    memset(r, 0, sizeof(*r));
    switch (leaf - XEN_CPUID_BASE) {
    case 0:
        r->eax = XEN_CPUID_MAX;
        memcpy(&r->ebx, "XenV", 4);
        memcpy(&r->ecx, "MMXe", 4);
        memcpy(&r->edx, "nVMM", 4);
        break;
    case 1:
        r->eax = (4u << 16) | 17u;                      /* the version we report */
        break;
    case 2:
        r->eax = 1;                                     /* hypercall pages */
        r->ebx = XEN_HYPERCALL_MSR;
        break;
    case 4:
        r->eax = (1u << 3) | (1u << 4);                 /* vcpu id, domid present */
        r->ebx = v->vcpu_id;
        r->ecx = v->domain->domain_id;
        break;
    default:
        break;
    }
}

static void
handle_cpuid(struct vcpu *v, const struct hvm_exit *e)
{
    struct hvm_gprs *g = &hvm_vcpu(v)->gprs;
    uint32_t leaf = (uint32_t)hvm_funcs->get_reg(v, HVM_RAX), sub = (uint32_t)g->rcx;
    struct cpuid_regs r;

    if (leaf >= XEN_CPUID_BASE && leaf < XEN_CPUID_BASE + 0x100) {
        cpuid_xen_leaves(v, leaf, &r);
    } else {
        r = cpuid_count(leaf, sub);
        if (leaf == 1) {
            r.ecx &= ~((1u << 5) | (1u << 21) | (1u << 3));  /* no VMX, x2APIC, MONITOR */
            r.ecx |= 1u << 31;                                /* "running on a hypervisor" */
        } else if (leaf == 0x80000001) {
            r.ecx &= ~(1u << 2);                             /* no SVM */
        }
    }
    hvm_funcs->set_reg(v, HVM_RAX, r.eax);
    g->rbx = r.ebx;
    g->rcx = r.ecx;
    g->rdx = r.edx;
    skip_insn(v, e);
}

/* ---- MSRs ---- */

static int
write_hypercall_page(struct vcpu *v, uint64_t val)
{
    uint8_t page[PAGE_SIZE];
    uint64_t gfn = val >> PAGE_SHIFT;

    if (val & (PAGE_SIZE - 1))                  /* page index: only page 0 exists */
        return -EINVAL;
    memset(page, 0xcc, sizeof(page));
    for (unsigned int nr = 0; nr < PAGE_SIZE / 32; nr++) {
        uint8_t *s = page + nr * 32;

        if (nr == __HYPERVISOR_iret) {          /* no iret for HVM: ud2, as Xen */
            s[0] = 0x0f;
            s[1] = 0x0b;
            continue;
        }
        s[0] = 0xb8;                            /* mov $nr, %eax */
        memcpy(s + 1, &nr, 4);
        memcpy(s + 5, hvm_funcs->hypercall_insn, 3);
        s[8] = 0xc3;                            /* ret */
    }
    if (hvm_copy_to_gpa(v->domain, gfn << PAGE_SHIFT, page, sizeof(page)))
        return -EFAULT;
    hvm_vcpu(v)->hypercall_msr_page = gfn;
    return 0;
}

static bool
msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    switch (msr) {
    case MSR_EFER:          *val = hvm_funcs->get_reg(v, HVM_EFER) & ~EFER_SVME; return true;
    case MSR_TSC:           *val = rdtsc(); return true;
    case MSR_PAT:           *val = 0x0007040600070406ULL; return true;
    case MSR_APIC_BASE:     *val = 0xfee00000ULL | (1u << 8) | (1u << 11); return true;
    case MSR_MTRRCAP:       *val = 0; return true;
    case MSR_MTRR_DEF_TYPE: *val = 0; return true;
    case MSR_MISC_ENABLE:   *val = 1; return true;
    default:                return false;
    }
}

static bool
msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
    switch (msr) {
    case MSR_EFER:
        /* LMA is the CPU's business; SVME stays hidden. */
        hvm_funcs->set_reg(v, HVM_EFER, (val & ~EFER_LMA) |
                           (hvm_funcs->get_reg(v, HVM_EFER) & EFER_LMA));
        return true;
    case XEN_HYPERCALL_MSR:
        return write_hypercall_page(v, val) == 0;
    case MSR_TSC:
    case MSR_PAT:
    case MSR_MTRR_DEF_TYPE:
    case MSR_MISC_ENABLE:
        return true;                            /* accepted, no effect */
    default:
        return false;
    }
}

static void
handle_msr(struct vcpu *v, const struct hvm_exit *e, bool write)
{
    struct hvm_gprs *g = &hvm_vcpu(v)->gprs;
    uint32_t msr = (uint32_t)g->rcx;
    uint64_t val;

    if (write) {
        val = (hvm_funcs->get_reg(v, HVM_RAX) & 0xffffffffULL) | (g->rdx << 32);
        if (!msr_write(v, msr, val)) {
            inject_gp0(v);
            return;
        }
    } else {
        if (!msr_read(v, msr, &val)) {
            inject_gp0(v);
            return;
        }
        hvm_funcs->set_reg(v, HVM_RAX, val & 0xffffffffULL);
        g->rdx = val >> 32;
    }
    skip_insn(v, e);
}

/* ---- port I/O ---- */

static void
handle_string_out(struct vcpu *v, const struct hvm_exit *e)
{
    struct hvm_gprs *g = &hvm_vcpu(v)->gprs;
    uint64_t count = e->io.rep ? g->rcx : 1, done = 0;
    uint64_t base = hvm_funcs->get_reg(v, e->io.in ? HVM_ES_BASE : HVM_DS_BASE);
    uint64_t *idx = e->io.in ? &g->rdi : &g->rsi;
    int step = (hvm_funcs->get_reg(v, HVM_RFLAGS) & (1UL << 10)) ? -e->io.size : e->io.size;

    while (done < count && done * e->io.size < STRING_IO_MAX) {
        uint32_t val = 0;

        if (e->io.in) {
            vdev_io(v, e->io.port, e->io.size, true, &val);
            if (hvm_copy_to_guest_virt(v, base + *idx, &val, e->io.size))
                break;
        } else {
            if (hvm_copy_from_guest_virt(v, &val, base + *idx, e->io.size))
                break;
            vdev_io(v, e->io.port, e->io.size, false, &val);
        }
        *idx += (uint64_t)(int64_t)step;
        done++;
    }
    if (done < count && done * e->io.size < STRING_IO_MAX) {
        /* The guest's buffer is not mapped: as a page fault would, stop. */
        domain_crash(v->domain, "string I/O from unmapped guest memory");
        return;
    }
    if (e->io.rep)
        g->rcx -= done;
    if (!e->io.rep || g->rcx == 0)
        hvm_funcs->set_reg(v, HVM_RIP, e->next_rip);
    /* else: RIP stays, the instruction resumes with the rest (preemptible) */
}

static void
handle_io(struct vcpu *v, const struct hvm_exit *e)
{
    uint32_t val = 0;
    uint64_t mask = 0xffffffffULL >> (32 - 8 * e->io.size);

    if (e->io.string) {
        handle_string_out(v, e);
        return;
    }
    if (e->io.in) {
        vdev_io(v, e->io.port, e->io.size, true, &val);
        hvm_funcs->set_reg(v, HVM_RAX, (hvm_funcs->get_reg(v, HVM_RAX) & ~mask) | (val & mask));
    } else {
        val = (uint32_t)(hvm_funcs->get_reg(v, HVM_RAX) & mask);
        vdev_io(v, e->io.port, e->io.size, false, &val);
    }
    hvm_funcs->set_reg(v, HVM_RIP, e->next_rip);
}

/* ---- hypercalls ---- */

static const uint8_t hvm_hypercalls[] = {
    __HYPERVISOR_memory_op, __HYPERVISOR_multicall, __HYPERVISOR_set_timer_op,
    __HYPERVISOR_xen_version, __HYPERVISOR_console_io, __HYPERVISOR_grant_table_op,
    __HYPERVISOR_vcpu_op, __HYPERVISOR_sched_op, __HYPERVISOR_event_channel_op,
    __HYPERVISOR_physdev_op, __HYPERVISOR_hvm_op,
};

bool
arch_hypercall_permitted(const struct vcpu *v, uint64_t nr)
{
    if (!is_hvm_domain(v->domain))
        return true;
    for (unsigned int i = 0; i < ARRAY_SIZE(hvm_hypercalls); i++)
        if (hvm_hypercalls[i] == nr)
            return true;
    return false;
}

/*
 * What is true of an HVM/PVH guest here: it writes its own page tables and
 * sees guest-physical addresses (translated by the p2m), its kernel runs
 * in ring 0, event upcalls come through a callback vector, and the time
 * info in shared_info is safe to use.
 */
uint32_t
arch_domain_features(const struct domain *d)
{
    if (!is_hvm_domain(d))
        return 0;
    return (1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_auto_translated_physmap) |
           (1u << XENFEAT_supervisor_mode_kernel) | (1u << XENFEAT_hvm_callback_vector) |
           (1u << XENFEAT_hvm_safe_pvclock);
}

static long
hvmop_param(struct vcpu *v, bool set, uint64_t arg)
{
    struct hvm_domain *h = hvm_domain(v->domain);
    struct xen_hvm_param p;

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -EFAULT;
    if (p.domid != DOMID_SELF && p.domid != v->domain->domain_id)
        return domain_lookup(p.domid) ? -EPERM : -ESRCH;
    if (p.index >= HVM_NR_PARAMS || p.index >= ARRAY_SIZE(h->params))
        return -EINVAL;
    if (set) {
        h->params[p.index] = p.value;
        /* As Xen, the guest's mode when it sets its callback decides the
         * shared_info layout it gets (32-bit guests: 32-bit words). */
        if (p.index == HVM_PARAM_CALLBACK_IRQ && !!v->domain->shinfo_compat != !guest_long_mode(v)) {
            v->domain->shinfo_compat = !guest_long_mode(v);
            update_domain_wallclock_time(v->domain);
        }
        return 0;
    }
    p.value = h->params[p.index];
    return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
}

static long
do_hvm_op(struct vcpu *v, unsigned int op, uint64_t arg)
{
    switch (op) {
    case HVMOP_set_param: return hvmop_param(v, true, arg);
    case HVMOP_get_param: return hvmop_param(v, false, arg);
    default:              return -ENOSYS;
    }
}

/* memory_op: XENMEM_add_to_physmap of the shared_info page. */
static long
do_hvm_memory_op(struct vcpu *v, unsigned int op, uint64_t arg)
{
    struct domain *d = v->domain;
    struct xen_add_to_physmap x;

    if (op != XENMEM_add_to_physmap)
        return -ENOSYS;
    if (guest_long_mode(v)) {
        if (copy_from_guest(&x, arg, sizeof(x)))
            return -EFAULT;
    } else {
        /* The 32-bit layout: idx and gpfn are 32-bit (16 bytes in all). */
        struct { uint16_t domid, size; uint32_t space, idx, gpfn; } c;

        if (copy_from_guest(&c, arg, sizeof(c)))
            return -EFAULT;
        x.domid = c.domid;
        x.size = c.size;
        x.space = c.space;
        x.idx = c.idx;
        x.gpfn = c.gpfn;
    }
    if (x.domid != DOMID_SELF && x.domid != d->domain_id)
        return -EPERM;
    if (x.space != XENMAPSPACE_shared_info)
        return -ENOSYS;
    if (x.idx != 0 || x.gpfn >= hvm_domain(d)->nr_gfns)
        return -EINVAL;
    if (p2m_set(d, x.gpfn, d->shared_info_mfn, HVM_PERM_R | HVM_PERM_W))
        return -ENOMEM;
    hvm_domain(d)->shared_info_gfn = x.gpfn;
    return 0;
}

long hvm_arch_hypercall(struct vcpu *v, uint64_t nr, const uint64_t args[6], bool *handled);

long
hvm_arch_hypercall(struct vcpu *v, uint64_t nr, const uint64_t args[6], bool *handled)
{
    *handled = true;
    switch (nr) {
    case __HYPERVISOR_hvm_op:    return do_hvm_op(v, (unsigned int)args[0], args[1]);
    case __HYPERVISOR_memory_op: return do_hvm_memory_op(v, (unsigned int)args[0], args[1]);
    default:
        *handled = false;
        return -ENOSYS;
    }
}

static void
handle_hypercall(struct vcpu *v, const struct hvm_exit *e)
{
    struct hvm_gprs *g = &hvm_vcpu(v)->gprs;
    uint64_t nr = hvm_funcs->get_reg(v, HVM_RAX), args[6];
    bool wide = guest_long_mode(v);
    uint64_t next = rip_after(v, e);
    long rc;

    if (hvm_funcs->get_reg(v, HVM_CPL) != 0) {
        rc = -EPERM;                            /* only the guest kernel */
    } else {
        if (wide) {
            args[0] = g->rdi; args[1] = g->rsi; args[2] = g->rdx;
            args[3] = g->r10; args[4] = g->r8;  args[5] = g->r9;
        } else {
            nr &= 0xffffffffULL;
            args[0] = (uint32_t)g->rbx; args[1] = (uint32_t)g->rcx;
            args[2] = (uint32_t)g->rdx; args[3] = (uint32_t)g->rsi;
            args[4] = (uint32_t)g->rdi; args[5] = (uint32_t)g->rbp;
        }
        rc = hypercall_dispatch(v, nr, args);
    }
    hvm_funcs->set_reg(v, HVM_RAX, wide ? (uint64_t)rc : (uint32_t)rc);
    hvm_funcs->set_reg(v, HVM_RIP, next);
}

static bool has_wakeup(struct vcpu *v);

/* ---- the rest of the exits ---- */

static void
handle_hlt(struct vcpu *v, const struct hvm_exit *e)
{
    skip_insn(v, e);
    if (has_wakeup(v))
        return;                     /* an interrupt is due already: no sleep */
    if (!hvm_funcs->interrupts_enabled(v) && vdev_pending_irq(v) < 0)
        printk(XENLOG_WARNING "d%u v%u: HLT with interrupts disabled: the vCPU sleeps for good\n",
               v->domain->domain_id, v->vcpu_id);
    hvm_vcpu(v)->blocked_in_hlt = true;
    v->is_blocked = true;          /* off the run queue until an interrupt is due */
    sched_sleep(v);
}

static void
handle_nested_fault(struct vcpu *v, const struct hvm_exit *e)
{
    printk(XENLOG_ERR "d%u v%u: access to guest-physical %#lx (%s%s%s) at rip %#lx: no memory or device there\n",
           v->domain->domain_id, v->vcpu_id, (unsigned long)e->gpa,
           (e->qual & 2) ? "write" : "read", (e->qual & 16) ? ", fetch" : "",
           (e->qual & 1) ? ", protection" : "",
           (unsigned long)hvm_funcs->get_reg(v, HVM_RIP));
    domain_crash(v->domain, "nested page fault outside any device");
}

static void
dump_guest(struct vcpu *v)
{
    struct hvm_gprs *g = &hvm_vcpu(v)->gprs;

    printk(XENLOG_ERR "  rip %016lx rsp %016lx rflags %016lx rax %016lx\n",
           (unsigned long)hvm_funcs->get_reg(v, HVM_RIP), (unsigned long)hvm_funcs->get_reg(v, HVM_RSP),
           (unsigned long)hvm_funcs->get_reg(v, HVM_RFLAGS), (unsigned long)hvm_funcs->get_reg(v, HVM_RAX));
    printk(XENLOG_ERR "  rbx %016lx rcx %016lx rdx %016lx rsi %016lx rdi %016lx\n",
           (unsigned long)g->rbx, (unsigned long)g->rcx, (unsigned long)g->rdx,
           (unsigned long)g->rsi, (unsigned long)g->rdi);
    printk(XENLOG_ERR "  cr0 %016lx cr3 %016lx cr4 %016lx efer %016lx\n",
           (unsigned long)hvm_funcs->get_reg(v, HVM_CR0), (unsigned long)hvm_funcs->get_reg(v, HVM_CR3),
           (unsigned long)hvm_funcs->get_reg(v, HVM_CR4), (unsigned long)hvm_funcs->get_reg(v, HVM_EFER));
}

static void
hvm_crash(struct vcpu *v, const char *why, const struct hvm_exit *e)
{
    printk(XENLOG_ERR "d%u v%u: %s (exit %s, code %#lx, qualification %#lx)\n",
           v->domain->domain_id, v->vcpu_id, why, exit_names[e->reason],
           (unsigned long)e->raw_code, (unsigned long)e->qual);
    dump_guest(v);
    domain_crash(v->domain, why);
}

static void
handle_exit(struct vcpu *v, const struct hvm_exit *e)
{
    switch (e->reason) {
    case HVM_EXIT_CPUID:        handle_cpuid(v, e); break;
    case HVM_EXIT_MSR_READ:     handle_msr(v, e, false); break;
    case HVM_EXIT_MSR_WRITE:    handle_msr(v, e, true); break;
    case HVM_EXIT_IO:           handle_io(v, e); break;
    case HVM_EXIT_HLT:          handle_hlt(v, e); break;
    case HVM_EXIT_HYPERCALL:    handle_hypercall(v, e); break;
    case HVM_EXIT_NESTED_FAULT: handle_nested_fault(v, e); break;
    case HVM_EXIT_INTR:         break;      /* the host took it already */
    case HVM_EXIT_VINTR:        hvm_funcs->request_irq_window(v, false); break;
    case HVM_EXIT_INVD:
    case HVM_EXIT_PAUSE:        skip_insn(v, e); break;
    case HVM_EXIT_FORBIDDEN:    hvm_funcs->inject_exception(v, 6, false, 0); break;
    case HVM_EXIT_EXCEPTION:
        hvm_funcs->inject_exception(v, (uint8_t)e->vector,
                                    e->vector == 8 || (e->vector >= 10 && e->vector <= 14) ||
                                    e->vector == 17, e->error_code);
        break;
    case HVM_EXIT_TRIPLE_FAULT: hvm_crash(v, "triple fault", e); break;
    case HVM_EXIT_INVALID:      hvm_crash(v, "the CPU refused the guest state", e); break;
    default:                    hvm_crash(v, "unexpected VM exit", e); break;
    }
}

/* ---- events into the guest ---- */

/* The vector to deliver now, if any: the callback vector while an
 * event-channel upcall is pending, else an emulated PIC interrupt. */
static int
pending_vector(struct vcpu *v, bool *is_pic)
{
    uint64_t cb = hvm_domain(v->domain)->params[HVM_PARAM_CALLBACK_IRQ];
    struct vcpu_info *vi = vcpu_info_of(v);

    *is_pic = false;
    if ((cb >> 56) == 2 && (cb & 0xff) >= 16 && vi->evtchn_upcall_pending)
        return (int)(cb & 0xff);
    *is_pic = true;
    return vdev_pending_irq(v);
}

static void
deliver_events(struct vcpu *v)
{
    bool is_pic;
    int vec;

    vdev_tick(v);
    vec = pending_vector(v, &is_pic);
    if (vec < 0 || hvm_funcs->event_pending(v))
        return;
    if (!hvm_funcs->interrupts_enabled(v)) {
        hvm_funcs->request_irq_window(v, true);
        return;
    }
    hvm_funcs->inject_irq(v, (uint8_t)vec);
    if (is_pic)
        vdev_ack_irq(v, vec);
    hvm_vcpu(v)->blocked_in_hlt = false;
}

static bool
has_wakeup(struct vcpu *v)
{
    bool is_pic;

    vdev_tick(v);
    return pending_vector(v, &is_pic) >= 0 && hvm_funcs->interrupts_enabled(v);
}

/*
 * The tick: an HVM vCPU halted in HLT wakes when an interrupt is due for
 * it (its emulated PIT fired, or an event is pending and its callback
 * vector can be taken).  Event-channel wakeups also come straight from
 * the event code (vcpu_unblock).
 */
void
hvm_poll_halted(void)
{
    for (unsigned int id = 0; id < MAX_DOMAINS; id++) {
        struct domain *d = domain_table[id];

        if (!d || !is_hvm_domain(d))
            continue;
        for (unsigned int i = 0; i < d->max_vcpus; i++) {
            struct vcpu *v = d->vcpu[i];

            if (v && v->arch && v->arch->hvm && hvm_vcpu(v)->blocked_in_hlt && has_wakeup(v)) {
                hvm_vcpu(v)->blocked_in_hlt = false;
                vcpu_unblock(v);
            }
        }
    }
}

/* ---- trace ---- */

static void
trace_exit(struct vcpu *v, const struct hvm_exit *e, uint64_t rip, uint64_t cycles)
{
    struct hvm_vcpu *h = hvm_vcpu(v);
    struct hvm_trace_entry *t = &h->trace[h->trace_head++ % HVM_TRACE_LEN];

    t->raw_code = e->raw_code;
    t->qual = e->qual;
    t->rip = rip;
    t->cycles = cycles;
    t->reason = (uint8_t)e->reason;
    h->exit_counts[e->reason]++;
}

/* Debug key: exit counters and the last exits of the running HVM vCPU. */
void
hvm_dump_exits(void)
{
    struct vcpu *v = current;
    struct hvm_vcpu *h;

    if (!v || !is_hvm_domain(v->domain)) {
        printk("No HVM vCPU is running.\n");
        return;
    }
    h = hvm_vcpu(v);
    printk("d%u v%u (%s) exits by reason:\n", v->domain->domain_id, v->vcpu_id, hvm_funcs->name);
    for (unsigned int r = 1; r < HVM_EXIT_NR; r++)
        if (h->exit_counts[r])
            printk("  %-16s %lu\n", exit_names[r], (unsigned long)h->exit_counts[r]);
    printk("last exits (oldest first): reason, code, qualification, guest rip, cycles exit->entry\n");
    for (unsigned int i = 0; i < HVM_TRACE_LEN; i++) {
        const struct hvm_trace_entry *t = &h->trace[(h->trace_head + i) % HVM_TRACE_LEN];

        if (t->reason)
            printk("  %-14s %#6lx %#10lx %016lx %lu\n", exit_names[t->reason],
                   (unsigned long)t->raw_code, (unsigned long)t->qual,
                   (unsigned long)t->rip, (unsigned long)t->cycles);
    }
}

/* ---- the loop ---- */

void
hvm_run_vcpu(struct vcpu *v)
{
    struct hvm_exit e;

    current = v;
    for (;;) {
        uint64_t rip, t0;

        if (need_resched(v))
            schedule();             /* halted, blocked, stopped or out of time */
        hvm_vcpu(v)->blocked_in_hlt = false;
        deliver_events(v);
        hvm_funcs->run(v, &e);
        t0 = rdtsc();
        rip = hvm_funcs->get_reg(v, HVM_RIP);
        /* Take the interrupt that made it exit.  STI holds interrupts off
         * for one more instruction, so "sti; cli" would never let it in
         * (and the next entry would exit at once, for ever): sti; nop; cli. */
        __asm__ volatile ("sti; nop; cli" ::: "memory");
        handle_exit(v, &e);
        trace_exit(v, &e, rip, rdtsc() - t0);
    }
}
