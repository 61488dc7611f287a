/*
 * hvm/svm.c - the AMD SVM backend (with nested paging).
 *
 * Where it runs: hypervisor only.
 *
 * Per CPU: EFER.SVME on, a host save area (VM_HSAVE_PA), and a page for
 * the hypervisor's VMSAVE state.  Per vCPU: a VMCB, and shared I/O and MSR
 * permission maps that intercept everything (every port and MSR access of
 * a guest is emulated or refused by the generic code).
 *
 * QEMU's SVM has no next-RIP (NRIPS): for the exits that need to skip an
 * instruction the generic code decodes its length; where the CPU reports
 * it (Bochs), next_rip is passed on.  For IN/OUT, EXITINFO2 always holds
 * the next RIP.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <domain.h>
#include <lib.h>
#include <mm.h>
#include <xl_errno.h>
#include <xmalloc.h>
#include <asm/hvm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include "svm.h"

void svm_enter(uint64_t vmcb_pa, struct hvm_gprs *gprs, uint64_t host_pa);

static uint64_t host_save_pa;
static uint64_t iopm_pa, msrpm_pa;

static struct vmcb *
vmcb_of(struct vcpu *v)
{
    return hvm_vcpu(v)->backend;
}

static uint64_t
alloc_zeroed(unsigned int order, uint8_t fill)
{
    struct page_info *pg = alloc_frames(order);

    if (!pg)
        return 0;
    memset(page_to_virt(pg), fill, PAGE_SIZE << order);
    return page_to_mfn(pg) << PAGE_SHIFT;
}

static int
svm_cpu_up(void)
{
    uint64_t hsave;

    if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
        printk(XENLOG_ERR "SVM: disabled by the firmware (VM_CR.SVMDIS)\n");
        return -ENODEV;
    }
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    hsave = alloc_zeroed(0, 0);
    host_save_pa = alloc_zeroed(0, 0);
    /* All ones: intercept every port (12 KiB map) and every MSR (8 KiB). */
    iopm_pa = alloc_zeroed(2, 0xff);
    msrpm_pa = alloc_zeroed(1, 0xff);
    if (!hsave || !host_save_pa || !iopm_pa || !msrpm_pa)
        return -ENOMEM;
    wrmsr(MSR_VM_HSAVE_PA, hsave);
    return 0;
}

static int
svm_vcpu_init(struct vcpu *v)
{
    uint64_t pa = alloc_zeroed(0, 0);
    struct vmcb *vmcb;

    if (!pa)
        return -ENOMEM;
    vmcb = maddr_to_virt(pa);
    hvm_vcpu(v)->backend = vmcb;
    vmcb->intercept_misc1 = SVM_INTR | SVM_NMI | SVM_CPUID | SVM_INVD | SVM_HLT |
                            SVM_IOIO | SVM_MSR | SVM_SHUTDOWN;
    vmcb->intercept_misc2 = SVM_VMRUN | SVM_VMMCALL | SVM_VMLOAD | SVM_VMSAVE |
                            SVM_STGI | SVM_CLGI | SVM_SKINIT | SVM_XSETBV;
    vmcb->iopm_base_pa = iopm_pa;
    vmcb->msrpm_base_pa = msrpm_pa;
    vmcb->asid = 1;
    vmcb->tlb_control = 1;                  /* flush this ASID on first entry */
    vmcb->vintr = 1ULL << 24;               /* V_INTR_MASKING: guest IF masks only virtual IRQs */
    vmcb->np_enable = 1;
    vmcb->g_pat = 0x0007040600070406ULL;    /* the power-on PAT */
    return 0;
}

static void
svm_vcpu_destroy(struct vcpu *v)
{
    struct vmcb *vmcb = vmcb_of(v);

    if (vmcb)
        free_frames(virt_to_page(vmcb), 0);
    hvm_vcpu(v)->backend = NULL;
}

static void
seg_set(struct vmcb_seg *s, uint16_t sel, uint64_t base, uint32_t limit, uint16_t attr)
{
    s->sel = sel;
    s->base = base;
    s->limit = limit;
    s->attr = attr;
}

/*
 * Real mode at 0:rip (a boot sector), or the PVH entry state: 32-bit flat
 * protected mode with paging off.  EFER.SVME must be set in the guest's
 * EFER for VMRUN to accept it; the guest never sees it (EFER reads are
 * intercepted).
 */
static void
svm_set_initial_state(struct vcpu *v, bool protected_mode, uint64_t rip)
{
    struct vmcb *vmcb = vmcb_of(v);
    uint16_t code = protected_mode ? 0xc9b : 0x9b, data = protected_mode ? 0xc93 : 0x93;
    uint32_t limit = protected_mode ? 0xffffffff : 0xffff;

    seg_set(&vmcb->cs, protected_mode ? 0x10 : 0, 0, limit, code);
    seg_set(&vmcb->ds, protected_mode ? 0x18 : 0, 0, limit, data);
    seg_set(&vmcb->es, protected_mode ? 0x18 : 0, 0, limit, data);
    seg_set(&vmcb->ss, protected_mode ? 0x18 : 0, 0, limit, data);
    seg_set(&vmcb->fs, protected_mode ? 0x18 : 0, 0, limit, data);
    seg_set(&vmcb->gs, protected_mode ? 0x18 : 0, 0, limit, data);
    seg_set(&vmcb->gdtr, 0, 0, 0xffff, 0);
    seg_set(&vmcb->idtr, 0, 0, 0xffff, 0);
    seg_set(&vmcb->ldtr, 0, 0, 0xffff, 0x82);
    seg_set(&vmcb->tr, 0, 0, 0xffff, 0x8b);
    vmcb->cpl = 0;
    vmcb->efer = EFER_SVME;
    vmcb->cr0 = protected_mode ? (X86_CR0_PE | (1UL << 4)) : (1UL << 4);  /* ET */
    vmcb->cr3 = 0;
    vmcb->cr4 = 0;
    vmcb->dr6 = 0xffff0ff0;
    vmcb->dr7 = 0x400;
    vmcb->rflags = 0x2;
    vmcb->rip = rip;
    vmcb->rsp = 0;
}

static void
svm_set_nested_root(struct vcpu *v, uint64_t root)
{
    vmcb_of(v)->n_cr3 = root;
}

static void
decode_exit(struct vmcb *vmcb, struct hvm_exit *e)
{
    uint64_t code = vmcb->exitcode, i1 = vmcb->exitinfo1;

    memset(e, 0, sizeof(*e));
    e->raw_code = code;
    e->qual = i1;
    e->next_rip = boot_cpu.nrips ? vmcb->next_rip : 0;
    if (code >= SVM_EXIT_EXCP_BASE && code < SVM_EXIT_EXCP_BASE + 32) {
        e->reason = HVM_EXIT_EXCEPTION;
        e->vector = (uint32_t)(code - SVM_EXIT_EXCP_BASE);
        e->error_code = (uint32_t)i1;
        return;
    }
    switch (code) {
    case SVM_EXIT_CPUID:    e->reason = HVM_EXIT_CPUID; break;
    case SVM_EXIT_MSR:      e->reason = i1 ? HVM_EXIT_MSR_WRITE : HVM_EXIT_MSR_READ; break;
    case SVM_EXIT_HLT:      e->reason = HVM_EXIT_HLT; break;
    case SVM_EXIT_VMMCALL:  e->reason = HVM_EXIT_HYPERCALL; break;
    case SVM_EXIT_INTR:
    case SVM_EXIT_NMI:      e->reason = HVM_EXIT_INTR; break;
    case SVM_EXIT_VINTR:    e->reason = HVM_EXIT_VINTR; break;
    case SVM_EXIT_SHUTDOWN: e->reason = HVM_EXIT_TRIPLE_FAULT; break;
    case SVM_EXIT_INVD:     e->reason = HVM_EXIT_INVD; break;
    case SVM_EXIT_PAUSE:    e->reason = HVM_EXIT_PAUSE; break;
    case SVM_EXIT_NPF:
        e->reason = HVM_EXIT_NESTED_FAULT;
        e->gpa = vmcb->exitinfo2;
        break;
    case SVM_EXIT_IOIO:
        /* EXITINFO1: bit 0 IN, 2 string, 3 rep, 4-6 size, 16-31 port. */
        e->reason = HVM_EXIT_IO;
        e->io.in = i1 & 1;
        e->io.string = i1 & 4;
        e->io.rep = i1 & 8;
        e->io.size = (i1 & 0x10) ? 1 : (i1 & 0x20) ? 2 : 4;
        e->io.port = (uint16_t)(i1 >> 16);
        e->next_rip = vmcb->exitinfo2;
        break;
    case SVM_EXIT_VMRUN: case SVM_EXIT_VMLOAD: case SVM_EXIT_VMSAVE:
    case SVM_EXIT_STGI: case SVM_EXIT_CLGI: case SVM_EXIT_SKINIT: case SVM_EXIT_XSETBV:
        e->reason = HVM_EXIT_FORBIDDEN;
        break;
    case SVM_EXIT_INVALID:
        e->reason = HVM_EXIT_INVALID;
        break;
    default:
        e->reason = HVM_EXIT_OTHER;
        break;
    }
}

static void
svm_run(struct vcpu *v, struct hvm_exit *e)
{
    struct vmcb *vmcb = vmcb_of(v);

    svm_enter(virt_to_maddr(vmcb), &hvm_vcpu(v)->gprs, host_save_pa);
    vmcb->tlb_control = 0;
    /* An event interrupted by the exit (e.g. a nested fault while the CPU
     * delivered it) must be delivered again. */
    if (vmcb->exitintinfo & SVM_EVT_VALID) {
        vmcb->eventinj = vmcb->exitintinfo;
        vmcb->exitintinfo = 0;
    } else {
        vmcb->eventinj = 0;
    }
    decode_exit(vmcb, e);
}

static uint64_t
svm_get_reg(struct vcpu *v, enum hvm_reg r)
{
    struct vmcb *vmcb = vmcb_of(v);

    switch (r) {
    case HVM_RAX:     return vmcb->rax;
    case HVM_RSP:     return vmcb->rsp;
    case HVM_RIP:     return vmcb->rip;
    case HVM_RFLAGS:  return vmcb->rflags;
    case HVM_CR0:     return vmcb->cr0;
    case HVM_CR2:     return vmcb->cr2;
    case HVM_CR3:     return vmcb->cr3;
    case HVM_CR4:     return vmcb->cr4;
    case HVM_EFER:    return vmcb->efer;
    case HVM_CS_BASE: return vmcb->cs.base;
    case HVM_CS_ATTR: return vmcb->cs.attr;
    case HVM_SS_ATTR: return vmcb->ss.attr;
    case HVM_DS_BASE: return vmcb->ds.base;
    case HVM_ES_BASE: return vmcb->es.base;
    case HVM_CPL:     return vmcb->cpl;
    default:          return 0;
    }
}

static void
svm_set_reg(struct vcpu *v, enum hvm_reg r, uint64_t val)
{
    struct vmcb *vmcb = vmcb_of(v);

    switch (r) {
    case HVM_RAX:    vmcb->rax = val; break;
    case HVM_RSP:    vmcb->rsp = val; break;
    case HVM_RIP:    vmcb->rip = val; break;
    case HVM_RFLAGS: vmcb->rflags = val; break;
    case HVM_EFER:   vmcb->efer = val | EFER_SVME; break;
    default:         break;
    }
}

static void
svm_inject_irq(struct vcpu *v, uint8_t vector)
{
    vmcb_of(v)->eventinj = SVM_EVT_VALID | SVM_EVT_TYPE_INTR | vector;
}

static void
svm_inject_exception(struct vcpu *v, uint8_t vector, bool has_ec, uint32_t ec)
{
    vmcb_of(v)->eventinj = SVM_EVT_VALID | SVM_EVT_TYPE_EXCP | vector |
                           (has_ec ? SVM_EVT_EV | ((uint64_t)ec << 32) : 0);
}

static bool
svm_event_pending(struct vcpu *v)
{
    return vmcb_of(v)->eventinj & SVM_EVT_VALID;
}

static bool
svm_interrupts_enabled(struct vcpu *v)
{
    struct vmcb *vmcb = vmcb_of(v);

    return (vmcb->rflags & X86_EFLAGS_IF) && !(vmcb->interrupt_shadow & 1);
}

/* A virtual interrupt request makes the CPU exit (VINTR) as soon as the
 * guest can take an interrupt. */
static void
svm_request_irq_window(struct vcpu *v, bool on)
{
    struct vmcb *vmcb = vmcb_of(v);

    if (on) {
        vmcb->vintr |= SVM_V_IRQ | SVM_V_IGN_TPR;
        vmcb->intercept_misc1 |= SVM_VINTR;
    } else {
        vmcb->vintr &= ~(SVM_V_IRQ | SVM_V_IGN_TPR);
        vmcb->intercept_misc1 &= ~SVM_VINTR;
    }
}

/* Nested page tables have the ordinary x86-64 format; guest accesses count
 * as user accesses, so every level needs U. */
static uint64_t
svm_p2m_entry(uint64_t maddr, unsigned int perms, bool leaf)
{
    uint64_t e = maddr | _PAGE_PRESENT | _PAGE_USER;

    if (!leaf)
        return e | _PAGE_RW;
    if (perms & HVM_PERM_W)
        e |= _PAGE_RW;
    if (!(perms & HVM_PERM_X) && boot_cpu.nx)
        e |= _PAGE_NX;
    return e;
}

/* TLB_CONTROL 1: flush every translation of this guest's ASID on entry. */
static void
svm_flush_nested_tlb(struct vcpu *v)
{
    vmcb_of(v)->tlb_control = 1;
}

static const uint8_t vmmcall_insn[3] = { 0x0f, 0x01, 0xd9 };

const struct hvm_function_table svm_function_table = {
    .name = "SVM",
    .cpu_up = svm_cpu_up,
    .vcpu_init = svm_vcpu_init,
    .vcpu_destroy = svm_vcpu_destroy,
    .set_initial_state = svm_set_initial_state,
    .set_nested_root = svm_set_nested_root,
    .run = svm_run,
    .get_reg = svm_get_reg,
    .set_reg = svm_set_reg,
    .inject_irq = svm_inject_irq,
    .inject_exception = svm_inject_exception,
    .event_pending = svm_event_pending,
    .interrupts_enabled = svm_interrupts_enabled,
    .request_irq_window = svm_request_irq_window,
    .flush_nested_tlb = svm_flush_nested_tlb,
    .p2m_entry = svm_p2m_entry,
    .hypercall_insn = vmmcall_insn,
};
