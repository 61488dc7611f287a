/*
 * hvm/vmx.c - the Intel VMX backend (with EPT and unrestricted guest).
 *
 * Where it runs: hypervisor only.
 *
 * Per CPU: IA32_FEATURE_CONTROL allowing VMXON (Bochs starts it at 0 and
 * unlocked, so we set and lock it), CR0/CR4 adjusted to the fixed bits the
 * CPU demands (CR4.VMXE, CR0.NE), and VMXON with the revision identifier.
 * Per vCPU: a VMCS.  Every port, MSR, CPUID, HLT, VMCALL and external
 * interrupt exits; unrestricted guest lets the guest run real mode and
 * unpaged protected mode directly on EPT.  CR0.NE and CR4.VMXE are owned
 * by the hypervisor (guest/host masks) and hidden from the guest by read
 * shadows.  Field encodings and bit numbers: Intel SDM vol. 3, appendix B
 * and chapter 24; the exit instruction length is always reported.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <domain.h>
#include <lib.h>
#include <mm.h>
#include <xl_errno.h>
#include <xmalloc.h>
#include <asm/desc.h>
#include <asm/hvm.h>
#include <asm/page.h>
#include <asm/processor.h>

int vmx_enter(struct hvm_gprs *gprs, int launched);
extern char vmx_exit_point[];

/* MSRs */
#define MSR_VMX_PINBASED        0x481
#define MSR_VMX_EXIT            0x483
#define MSR_VMX_ENTRY           0x484
#define MSR_VMX_CR0_FIXED0      0x486
#define MSR_VMX_CR0_FIXED1      0x487
#define MSR_VMX_CR4_FIXED0      0x488
#define MSR_VMX_CR4_FIXED1      0x489
#define MSR_VMX_TRUE_PINBASED   0x48d
#define MSR_VMX_TRUE_PROCBASED  0x48e
#define MSR_VMX_TRUE_EXIT       0x48f
#define MSR_VMX_TRUE_ENTRY      0x490
#define MSR_PAT_NR              0x277
#define X86_CR4_VMXE            (1UL << 13)

/* VMCS fields */
enum {
    VPID = 0x0000,
    G_ES_SEL = 0x0800, G_CS_SEL = 0x0802, G_SS_SEL = 0x0804, G_DS_SEL = 0x0806,
    G_FS_SEL = 0x0808, G_GS_SEL = 0x080a, G_LDTR_SEL = 0x080c, G_TR_SEL = 0x080e,
    H_ES_SEL = 0x0c00, H_CS_SEL = 0x0c02, H_SS_SEL = 0x0c04, H_DS_SEL = 0x0c06,
    H_FS_SEL = 0x0c08, H_GS_SEL = 0x0c0a, H_TR_SEL = 0x0c0c,
    EPT_POINTER = 0x201a, LINK_POINTER = 0x2800, G_PAT = 0x2804, G_EFER = 0x2806,
    H_PAT = 0x2c00, H_EFER = 0x2c02,
    GUEST_PHYS_ADDR = 0x2400,
    PIN_CTLS = 0x4000, PROC_CTLS = 0x4002, EXC_BITMAP = 0x4004, CR3_TARGET_COUNT = 0x400a,
    EXIT_CTLS = 0x400c, EXIT_MSR_STORE = 0x400e, EXIT_MSR_LOAD = 0x4010,
    ENTRY_CTLS = 0x4012, ENTRY_MSR_LOAD = 0x4014, ENTRY_INTR_INFO = 0x4016,
    ENTRY_EXC_ERROR = 0x4018, ENTRY_INSN_LEN = 0x401a, PROC_CTLS2 = 0x401e,
    INSN_ERROR = 0x4400, EXIT_REASON = 0x4402, EXIT_INTR_INFO = 0x4404,
    EXIT_INTR_ERROR = 0x4406, IDT_VEC_INFO = 0x4408, IDT_VEC_ERROR = 0x440a,
    EXIT_INSN_LEN = 0x440c,
    G_ES_LIMIT = 0x4800, G_CS_LIMIT = 0x4802, G_SS_LIMIT = 0x4804, G_DS_LIMIT = 0x4806,
    G_FS_LIMIT = 0x4808, G_GS_LIMIT = 0x480a, G_LDTR_LIMIT = 0x480c, G_TR_LIMIT = 0x480e,
    G_GDTR_LIMIT = 0x4810, G_IDTR_LIMIT = 0x4812,
    G_ES_AR = 0x4814, G_CS_AR = 0x4816, G_SS_AR = 0x4818, G_DS_AR = 0x481a,
    G_FS_AR = 0x481c, G_GS_AR = 0x481e, G_LDTR_AR = 0x4820, G_TR_AR = 0x4822,
    G_INTERRUPTIBILITY = 0x4824, G_ACTIVITY = 0x4826, H_SYSENTER_CS = 0x4c00,
    CR0_MASK = 0x6000, CR4_MASK = 0x6002, CR0_SHADOW = 0x6004, CR4_SHADOW = 0x6006,
    EXIT_QUAL = 0x6400,
    G_CR0 = 0x6800, G_CR3 = 0x6802, G_CR4 = 0x6804,
    G_ES_BASE = 0x6806, G_CS_BASE = 0x6808, G_SS_BASE = 0x680a, G_DS_BASE = 0x680c,
    G_FS_BASE = 0x680e, G_GS_BASE = 0x6810, G_LDTR_BASE = 0x6812, G_TR_BASE = 0x6814,
    G_GDTR_BASE = 0x6816, G_IDTR_BASE = 0x6818, G_DR7 = 0x681a, G_RSP = 0x681c,
    G_RIP = 0x681e, G_RFLAGS = 0x6820,
    H_CR0 = 0x6c00, H_CR3 = 0x6c02, H_CR4 = 0x6c04, H_FS_BASE = 0x6c06, H_GS_BASE = 0x6c08,
    H_TR_BASE = 0x6c0a, H_GDTR_BASE = 0x6c0c, H_IDTR_BASE = 0x6c0e, H_RSP = 0x6c14,
    H_RIP = 0x6c16,
};

/* controls */
#define PIN_EXT_INTR        (1u << 0)
#define PIN_NMI             (1u << 3)
#define PROC_INTR_WINDOW    (1u << 2)
#define PROC_HLT            (1u << 7)
#define PROC_UNCOND_IO      (1u << 24)
#define PROC_SECONDARY      (1u << 31)
#define PROC2_EPT           (1u << 1)
#define PROC2_UG            (1u << 7)
#define EXIT_HOST_64        (1u << 9)
#define EXIT_SAVE_PAT       (1u << 18)
#define EXIT_LOAD_PAT       (1u << 19)
#define EXIT_SAVE_EFER      (1u << 20)
#define EXIT_LOAD_EFER      (1u << 21)
#define ENTRY_IA32E         (1u << 9)
#define ENTRY_LOAD_PAT      (1u << 14)
#define ENTRY_LOAD_EFER     (1u << 15)

#define INTR_INFO_VALID     (1u << 31)
#define INTR_TYPE_EXT       (0u << 8)
#define INTR_TYPE_HW_EXC    (3u << 8)
#define INTR_DELIVER_EC     (1u << 11)

/* basic exit reasons */
#define VMX_EXIT_EXC_NMI    0
#define VMX_EXIT_EXT_INTR   1
#define VMX_EXIT_TRIPLE     2
#define VMX_EXIT_INTR_WIN   7
#define VMX_EXIT_CPUID      10
#define VMX_EXIT_HLT        12
#define VMX_EXIT_INVD       13
#define VMX_EXIT_VMCALL     18
#define VMX_EXIT_IO         30
#define VMX_EXIT_RDMSR      31
#define VMX_EXIT_WRMSR      32
#define VMX_EXIT_BAD_GUEST  33
#define VMX_EXIT_PAUSE      40
#define VMX_EXIT_EPT_VIOL   48
#define VMX_EXIT_EPT_MISC   49
#define VMX_EXIT_XSETBV     55

struct vmx_vcpu {
    uint64_t vmcs_pa;
    bool launched;
    bool flush_ept;             /* INVEPT before the next entry */
};

static uint32_t vmcs_revision;
static uint64_t cr0_fixed0, cr0_fixed1;
static bool true_ctls;

static uint64_t
vmread(uint64_t field)
{
    uint64_t v = 0;

    __asm__ volatile ("vmread %1, %0" : "=rm" (v) : "r" (field) : "cc");
    return v;
}

static void
vmwrite(uint64_t field, uint64_t val)
{
    uint8_t fail;

    __asm__ volatile ("vmwrite %1, %2; setna %0" : "=q" (fail) : "rm" (val), "r" (field) : "cc");
    if (fail)
        printk(XENLOG_ERR "VMX: vmwrite of field %#lx failed (error %lu)\n",
               (unsigned long)field, (unsigned long)vmread(INSN_ERROR));
}

static int
vmx_insn(const char *what, uint64_t pa, int op)
{
    uint8_t fail;

    switch (op) {
    case 0: __asm__ volatile ("vmxon %1; setna %0" : "=q" (fail) : "m" (pa) : "cc", "memory"); break;
    case 1: __asm__ volatile ("vmclear %1; setna %0" : "=q" (fail) : "m" (pa) : "cc", "memory"); break;
    default: __asm__ volatile ("vmptrld %1; setna %0" : "=q" (fail) : "m" (pa) : "cc", "memory"); break;
    }
    if (fail) {
        printk(XENLOG_ERR "VMX: %s failed\n", what);
        return -EIO;
    }
    return 0;
}

/* Allowed-0 settings must be 1, allowed-1 settings may be 1 (SDM A.3). */
static uint32_t
adjust_ctls(uint32_t want, uint32_t msr)
{
    uint64_t cap = rdmsr(msr);

    return (want | (uint32_t)cap) & (uint32_t)(cap >> 32);
}

static uint64_t
alloc_page_pa(void)
{
    struct page_info *pg = alloc_frames(0);

    if (!pg)
        return 0;
    memset(page_to_virt(pg), 0, PAGE_SIZE);
    return page_to_mfn(pg) << PAGE_SHIFT;
}

static int
vmx_cpu_up(void)
{
    uint64_t basic = rdmsr(MSR_VMX_BASIC), fc = rdmsr(MSR_FEATURE_CONTROL), region;

    if (!(fc & 1)) {
        wrmsr(MSR_FEATURE_CONTROL, fc | 1 | 4);     /* lock, VMXON outside SMX */
        fc = rdmsr(MSR_FEATURE_CONTROL);
    }
    if (!(fc & 4)) {
        printk(XENLOG_ERR "VMX: disabled by the firmware (IA32_FEATURE_CONTROL)\n");
        return -ENODEV;
    }
    vmcs_revision = (uint32_t)(basic & 0x7fffffff);
    true_ctls = basic & (1ULL << 55);
    cr0_fixed0 = rdmsr(MSR_VMX_CR0_FIXED0);
    cr0_fixed1 = rdmsr(MSR_VMX_CR0_FIXED1);
    write_cr0((read_cr0() | cr0_fixed0) & cr0_fixed1);
    write_cr4(((read_cr4() | X86_CR4_VMXE) | rdmsr(MSR_VMX_CR4_FIXED0)) & rdmsr(MSR_VMX_CR4_FIXED1));
    region = alloc_page_pa();
    if (!region)
        return -ENOMEM;
    *(uint32_t *)maddr_to_virt(region) = vmcs_revision;
    return vmx_insn("VMXON", region, 0);
}

static struct vmx_vcpu *
vv(struct vcpu *v)
{
    return hvm_vcpu(v)->backend;
}

/*
 * Make v's VMCS the current one.  Every get/set of a guest register on the
 * exit path goes through here, so VMPTRLD runs only when the CPU's current
 * VMCS is another vCPU's (it stays current across VM exits).
 */
static uint64_t current_vmcs_pa;

static void
vmcs_load(struct vcpu *v)
{
    uint64_t pa = vv(v)->vmcs_pa;

    if (pa != current_vmcs_pa && vmx_insn("VMPTRLD", pa, 2) == 0)
        current_vmcs_pa = pa;
}

static void
host_state(void)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) gdtr, idtr;

    __asm__ volatile ("sgdt %0; sidt %1" : "=m" (gdtr), "=m" (idtr));
    vmwrite(H_CR0, read_cr0());
    vmwrite(H_CR3, read_cr3());
    vmwrite(H_CR4, read_cr4());
    vmwrite(H_CS_SEL, __HYPERVISOR_CS);
    vmwrite(H_SS_SEL, __HYPERVISOR_DS32);
    vmwrite(H_DS_SEL, __HYPERVISOR_DS32);
    vmwrite(H_ES_SEL, __HYPERVISOR_DS32);
    vmwrite(H_FS_SEL, 0);
    vmwrite(H_GS_SEL, 0);
    vmwrite(H_TR_SEL, TSS_SELECTOR);
    vmwrite(H_FS_BASE, rdmsr(MSR_FS_BASE));
    vmwrite(H_GS_BASE, rdmsr(MSR_GS_BASE));
    vmwrite(H_TR_BASE, (uint64_t)&boot_tss);
    vmwrite(H_GDTR_BASE, gdtr.base);
    vmwrite(H_IDTR_BASE, idtr.base);
    vmwrite(H_SYSENTER_CS, 0);
    vmwrite(H_EFER, rdmsr(MSR_EFER));
    vmwrite(H_PAT, rdmsr(MSR_PAT_NR));
    vmwrite(H_RIP, (uint64_t)vmx_exit_point);
}

static int
vmx_vcpu_init(struct vcpu *v)
{
    struct vmx_vcpu *x = xzalloc(struct vmx_vcpu);
    uint32_t proc, proc2;

    if (!x || !(x->vmcs_pa = alloc_page_pa()))
        return -ENOMEM;
    hvm_vcpu(v)->backend = x;
    *(uint32_t *)maddr_to_virt(x->vmcs_pa) = vmcs_revision;
    if (vmx_insn("VMCLEAR", x->vmcs_pa, 1) || vmx_insn("VMPTRLD", x->vmcs_pa, 2))
        return -EIO;
    current_vmcs_pa = x->vmcs_pa;
    vmwrite(PIN_CTLS, adjust_ctls(PIN_EXT_INTR | PIN_NMI,
                                  true_ctls ? MSR_VMX_TRUE_PINBASED : MSR_VMX_PINBASED));
    proc = adjust_ctls(PROC_HLT | PROC_UNCOND_IO | PROC_SECONDARY,
                       true_ctls ? MSR_VMX_TRUE_PROCBASED : MSR_VMX_PROCBASED_CTLS);
    /* No CR3 exits: with EPT the guest owns its paging. */
    proc &= ~((1u << 15) | (1u << 16));
    vmwrite(PROC_CTLS, proc);
    proc2 = adjust_ctls(PROC2_EPT | PROC2_UG, MSR_VMX_PROCBASED_CTLS2);
    vmwrite(PROC_CTLS2, proc2);
    vmwrite(EXIT_CTLS, adjust_ctls(EXIT_HOST_64 | EXIT_SAVE_PAT | EXIT_LOAD_PAT |
                                   EXIT_SAVE_EFER | EXIT_LOAD_EFER,
                                   true_ctls ? MSR_VMX_TRUE_EXIT : MSR_VMX_EXIT));
    vmwrite(ENTRY_CTLS, adjust_ctls(ENTRY_LOAD_PAT | ENTRY_LOAD_EFER,
                                    true_ctls ? MSR_VMX_TRUE_ENTRY : MSR_VMX_ENTRY));
    vmwrite(EXC_BITMAP, 0);
    vmwrite(CR3_TARGET_COUNT, 0);
    vmwrite(EXIT_MSR_STORE, 0);
    vmwrite(EXIT_MSR_LOAD, 0);
    vmwrite(ENTRY_MSR_LOAD, 0);
    vmwrite(ENTRY_INTR_INFO, 0);
    vmwrite(LINK_POINTER, ~0ULL);
    /* The hypervisor owns CR0.NE and CR4.VMXE; the guest sees them clear. */
    vmwrite(CR0_MASK, X86_CR0_NE);
    vmwrite(CR0_SHADOW, 0);
    vmwrite(CR4_MASK, X86_CR4_VMXE);
    vmwrite(CR4_SHADOW, 0);
    vmwrite(G_PAT, 0x0007040600070406ULL);
    vmwrite(G_ACTIVITY, 0);
    vmwrite(G_INTERRUPTIBILITY, 0);
    host_state();
    return 0;
}

static void
vmx_vcpu_destroy(struct vcpu *v)
{
    struct vmx_vcpu *x = vv(v);

    if (!x)
        return;
    vmx_insn("VMCLEAR", x->vmcs_pa, 1);         /* no longer current either */
    if (current_vmcs_pa == x->vmcs_pa)
        current_vmcs_pa = 0;
    free_frames(mfn_to_page(x->vmcs_pa >> PAGE_SHIFT), 0);
    xfree(x);
    hvm_vcpu(v)->backend = NULL;
}

static void
seg(unsigned int idx, uint16_t sel, uint64_t base, uint32_t limit, uint32_t ar)
{
    static const uint16_t f[8][4] = {
        { G_ES_SEL, G_ES_BASE, G_ES_LIMIT, G_ES_AR }, { G_CS_SEL, G_CS_BASE, G_CS_LIMIT, G_CS_AR },
        { G_SS_SEL, G_SS_BASE, G_SS_LIMIT, G_SS_AR }, { G_DS_SEL, G_DS_BASE, G_DS_LIMIT, G_DS_AR },
        { G_FS_SEL, G_FS_BASE, G_FS_LIMIT, G_FS_AR }, { G_GS_SEL, G_GS_BASE, G_GS_LIMIT, G_GS_AR },
        { G_LDTR_SEL, G_LDTR_BASE, G_LDTR_LIMIT, G_LDTR_AR }, { G_TR_SEL, G_TR_BASE, G_TR_LIMIT, G_TR_AR },
    };

    vmwrite(f[idx][0], sel);
    vmwrite(f[idx][1], base);
    vmwrite(f[idx][2], limit);
    vmwrite(f[idx][3], ar);
}

/* Same entry states as the SVM backend: real mode at 0:rip, or PVH's
 * 32-bit flat protected mode with paging off. */
static void
vmx_set_initial_state(struct vcpu *v, bool pm, uint64_t rip)
{
    uint32_t code = pm ? 0xc09b : 0x9b, data = pm ? 0xc093 : 0x93, limit = pm ? 0xffffffff : 0xffff;

    vmcs_load(v);
    for (unsigned int i = 0; i < 6; i++)
        seg(i, pm ? (i == 1 ? 0x10 : 0x18) : 0, 0, limit, i == 1 ? code : data);
    seg(6, 0, 0, 0xffff, 0x10000);              /* LDTR unusable */
    seg(7, 0, 0, 0xffff, 0x8b);                 /* TR: busy 32-bit TSS */
    vmwrite(G_GDTR_BASE, 0);
    vmwrite(G_GDTR_LIMIT, 0xffff);
    vmwrite(G_IDTR_BASE, 0);
    vmwrite(G_IDTR_LIMIT, 0xffff);
    vmwrite(G_CR0, (pm ? X86_CR0_PE : 0) | (1UL << 4) | X86_CR0_NE);
    vmwrite(CR0_SHADOW, (pm ? X86_CR0_PE : 0) | (1UL << 4));
    vmwrite(G_CR3, 0);
    vmwrite(G_CR4, X86_CR4_VMXE);
    vmwrite(G_EFER, 0);
    vmwrite(G_DR7, 0x400);
    vmwrite(G_RFLAGS, 0x2);
    vmwrite(G_RIP, rip);
    vmwrite(G_RSP, 0);
}

static void
vmx_set_nested_root(struct vcpu *v, uint64_t root)
{
    vmcs_load(v);
    vmwrite(EPT_POINTER, root | 6 | (3 << 3));  /* write-back, 4-level walk */
}

static void
decode_exit(struct hvm_exit *e)
{
    uint64_t reason = vmread(EXIT_REASON), qual = vmread(EXIT_QUAL);

    memset(e, 0, sizeof(*e));
    e->raw_code = reason;
    e->qual = qual;
    e->next_rip = vmread(G_RIP) + vmread(EXIT_INSN_LEN);
    if (reason & (1u << 31)) {
        e->reason = HVM_EXIT_INVALID;
        return;
    }
    switch (reason & 0xffff) {
    case VMX_EXIT_EXC_NMI: {
        uint32_t info = (uint32_t)vmread(EXIT_INTR_INFO);

        if (((info >> 8) & 7) == 2) {           /* NMI: the host's */
            e->reason = HVM_EXIT_INTR;
            break;
        }
        e->reason = HVM_EXIT_EXCEPTION;
        e->vector = info & 0xff;
        e->error_code = (uint32_t)vmread(EXIT_INTR_ERROR);
        break;
    }
    case VMX_EXIT_EXT_INTR:  e->reason = HVM_EXIT_INTR; break;
    case VMX_EXIT_TRIPLE:    e->reason = HVM_EXIT_TRIPLE_FAULT; break;
    case VMX_EXIT_INTR_WIN:  e->reason = HVM_EXIT_VINTR; break;
    case VMX_EXIT_CPUID:     e->reason = HVM_EXIT_CPUID; break;
    case VMX_EXIT_HLT:       e->reason = HVM_EXIT_HLT; break;
    case VMX_EXIT_INVD:      e->reason = HVM_EXIT_INVD; break;
    case VMX_EXIT_PAUSE:     e->reason = HVM_EXIT_PAUSE; break;
    case VMX_EXIT_VMCALL:    e->reason = HVM_EXIT_HYPERCALL; break;
    case VMX_EXIT_RDMSR:     e->reason = HVM_EXIT_MSR_READ; break;
    case VMX_EXIT_WRMSR:     e->reason = HVM_EXIT_MSR_WRITE; break;
    case VMX_EXIT_BAD_GUEST: e->reason = HVM_EXIT_INVALID; break;
    case VMX_EXIT_EPT_VIOL:
    case VMX_EXIT_EPT_MISC:
        e->reason = HVM_EXIT_NESTED_FAULT;
        e->gpa = vmread(GUEST_PHYS_ADDR);
        /* report as the generic code expects: bit 1 write, bit 4 fetch */
        e->qual = ((qual & 2) ? 2 : 0) | ((qual & 4) ? 16 : 0) | ((qual & 0x38) ? 1 : 0);
        break;
    case VMX_EXIT_IO:
        e->reason = HVM_EXIT_IO;
        e->io.size = (uint8_t)((qual & 7) + 1);
        e->io.in = qual & 8;
        e->io.string = qual & 16;
        e->io.rep = qual & 32;
        e->io.port = (uint16_t)(qual >> 16);
        break;
    case 19: case 20: case 21: case 22: case 23: case 24: case 25: case 26: case 27:
    case 50: case 53: case VMX_EXIT_XSETBV:
        e->reason = HVM_EXIT_FORBIDDEN;         /* VMX instructions, INVEPT, ... */
        break;
    default:
        e->reason = HVM_EXIT_OTHER;
        break;
    }
}

static void
invept_single(uint64_t eptp)
{
    struct { uint64_t eptp, zero; } desc = { eptp, 0 };

    __asm__ volatile ("invept %0, %1" : : "m" (desc), "r" (1UL) : "memory", "cc");
}

static void
vmx_run(struct vcpu *v, struct hvm_exit *e)
{
    struct vmx_vcpu *x = vv(v);
    uint32_t idt;

    vmcs_load(v);
    if (x->flush_ept) {
        invept_single(vmread(EPT_POINTER));
        x->flush_ept = false;
    }
    vmwrite(H_CR3, read_cr3());
    vmwrite(H_GS_BASE, rdmsr(MSR_GS_BASE));
    vmwrite(H_FS_BASE, rdmsr(MSR_FS_BASE));
    /* Interrupts on only for the entry, as with SVM: with external-interrupt
     * exiting, one arriving in the guest makes it exit; the caller takes it. */
    if (vmx_enter(&hvm_vcpu(v)->gprs, x->launched)) {
        memset(e, 0, sizeof(*e));
        e->reason = HVM_EXIT_INVALID;
        e->raw_code = 0x80000000u | vmread(INSN_ERROR);
        printk(XENLOG_ERR "VMX: VM entry failed, instruction error %lu\n",
               (unsigned long)vmread(INSN_ERROR));
        return;
    }
    x->launched = true;
    vmwrite(ENTRY_INTR_INFO, 0);
    idt = (uint32_t)vmread(IDT_VEC_INFO);
    if (idt & INTR_INFO_VALID) {                /* deliver it again */
        vmwrite(ENTRY_INTR_INFO, idt & ~(1u << 12));
        if (idt & INTR_DELIVER_EC)
            vmwrite(ENTRY_EXC_ERROR, vmread(IDT_VEC_ERROR));
    }
    decode_exit(e);
}

/* VMX access rights -> the compressed 12-bit form the generic code reads
 * (bits 0-7 = descriptor bits 40-47, bits 8-11 = descriptor bits 52-55). */
static uint64_t
ar_compress(uint64_t ar)
{
    return (ar & 0xff) | ((ar >> 4) & 0xf00);
}

static uint64_t
vmx_get_reg(struct vcpu *v, enum hvm_reg r)
{
    vmcs_load(v);
    switch (r) {
    case HVM_RAX:     return hvm_vcpu(v)->gprs.rax;
    case HVM_RSP:     return vmread(G_RSP);
    case HVM_RIP:     return vmread(G_RIP);
    case HVM_RFLAGS:  return vmread(G_RFLAGS);
    case HVM_CR0:     return vmread(G_CR0);
    case HVM_CR2:     return read_cr2();       /* not in the VMCS: live */
    case HVM_CR3:     return vmread(G_CR3);
    case HVM_CR4:     return vmread(G_CR4);
    case HVM_EFER:    return vmread(G_EFER);
    case HVM_CS_BASE: return vmread(G_CS_BASE);
    case HVM_CS_ATTR: return ar_compress(vmread(G_CS_AR));
    case HVM_SS_ATTR: return ar_compress(vmread(G_SS_AR));
    case HVM_DS_BASE: return vmread(G_DS_BASE);
    case HVM_ES_BASE: return vmread(G_ES_BASE);
    case HVM_CPL:     return (vmread(G_SS_AR) >> 5) & 3;
    default:          return 0;
    }
}

static void
vmx_set_reg(struct vcpu *v, enum hvm_reg r, uint64_t val)
{
    vmcs_load(v);
    switch (r) {
    case HVM_RAX:    hvm_vcpu(v)->gprs.rax = val; break;
    case HVM_RSP:    vmwrite(G_RSP, val); break;
    case HVM_RIP:    vmwrite(G_RIP, val); break;
    case HVM_RFLAGS: vmwrite(G_RFLAGS, val); break;
    case HVM_EFER: {
        uint32_t entry = (uint32_t)vmread(ENTRY_CTLS);

        vmwrite(G_EFER, val);
        vmwrite(ENTRY_CTLS, (val & EFER_LMA) ? (entry | ENTRY_IA32E) : (entry & ~ENTRY_IA32E));
        break;
    }
    default:         break;
    }
}

static void
vmx_inject_irq(struct vcpu *v, uint8_t vector)
{
    vmcs_load(v);
    vmwrite(ENTRY_INTR_INFO, INTR_INFO_VALID | INTR_TYPE_EXT | vector);
}

static void
vmx_inject_exception(struct vcpu *v, uint8_t vector, bool has_ec, uint32_t ec)
{
    vmcs_load(v);
    vmwrite(ENTRY_INTR_INFO, INTR_INFO_VALID | INTR_TYPE_HW_EXC | vector |
                             (has_ec ? INTR_DELIVER_EC : 0));
    if (has_ec)
        vmwrite(ENTRY_EXC_ERROR, ec);
}

static bool
vmx_event_pending(struct vcpu *v)
{
    vmcs_load(v);
    return vmread(ENTRY_INTR_INFO) & INTR_INFO_VALID;
}

static bool
vmx_interrupts_enabled(struct vcpu *v)
{
    vmcs_load(v);
    return (vmread(G_RFLAGS) & X86_EFLAGS_IF) && !(vmread(G_INTERRUPTIBILITY) & 3);
}

static void
vmx_request_irq_window(struct vcpu *v, bool on)
{
    uint32_t proc;

    vmcs_load(v);
    proc = (uint32_t)vmread(PROC_CTLS);
    vmwrite(PROC_CTLS, on ? (proc | PROC_INTR_WINDOW) : (proc & ~PROC_INTR_WINDOW));
}

/* EPT entries: R/W/X in bits 0-2; a leaf also names its memory type
 * (6 = write-back) in bits 3-5. */
static uint64_t
vmx_p2m_entry(uint64_t maddr, unsigned int perms, bool leaf)
{
    if (!leaf)
        return maddr | 7;
    return maddr | (6u << 3) | ((perms & HVM_PERM_R) ? 1 : 0) |
           ((perms & HVM_PERM_W) ? 2 : 0) | ((perms & HVM_PERM_X) ? 4 : 0);
}

/* Mappings tagged with this EPTP are dropped (INVEPT, single context)
 * right before the next VM entry. */
static void
vmx_flush_nested_tlb(struct vcpu *v)
{
    vv(v)->flush_ept = true;
}

static const uint8_t vmcall_insn[3] = { 0x0f, 0x01, 0xc1 };

const struct hvm_function_table vmx_function_table = {
    .name = "VMX",
    .cpu_up = vmx_cpu_up,
    .vcpu_init = vmx_vcpu_init,
    .vcpu_destroy = vmx_vcpu_destroy,
    .set_initial_state = vmx_set_initial_state,
    .set_nested_root = vmx_set_nested_root,
    .run = vmx_run,
    .get_reg = vmx_get_reg,
    .set_reg = vmx_set_reg,
    .inject_irq = vmx_inject_irq,
    .inject_exception = vmx_inject_exception,
    .event_pending = vmx_event_pending,
    .interrupts_enabled = vmx_interrupts_enabled,
    .request_irq_window = vmx_request_irq_window,
    .flush_nested_tlb = vmx_flush_nested_tlb,
    .p2m_entry = vmx_p2m_entry,
    .hypercall_insn = vmcall_insn,
};
