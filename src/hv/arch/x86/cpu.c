/*
 * cpu.c - what the boot CPU is and can do.
 *
 * Where it runs: hypervisor only, at boot.
 *
 * The virtualization features decide which HVM backend can run later:
 * AMD SVM (CPUID 0x80000001 ECX.2) with nested paging and next-RIP
 * (CPUID 0x8000000A EDX.0 and EDX.3), or Intel VMX (CPUID 1 ECX.5) with
 * EPT and unrestricted guest, which are secondary processor-based controls
 * reported by the VMX capability MSRs (allowed-1 settings in the high
 * 32 bits, Intel SDM vol 3 appendix A.3.3).
 */
#include <string.h>
#include <lib.h>
#include <asm/processor.h>

struct cpu_info boot_cpu;

#define BIT(n) (1u << (n))

static void
cpu_detect_vmx(struct cpu_info *c)
{
    uint64_t procbased, procbased2;

    procbased = rdmsr(MSR_VMX_PROCBASED_CTLS);
    if (!((procbased >> 32) & BIT(31)))      /* secondary controls allowed? */
        return;
    procbased2 = rdmsr(MSR_VMX_PROCBASED_CTLS2);
    c->ept = (procbased2 >> 32) & BIT(1);
    c->ug = (procbased2 >> 32) & BIT(7);
}

static void
cpu_detect_svm(struct cpu_info *c)
{
    struct cpuid_regs r;

    if (c->max_ext_leaf < 0x8000000a)
        return;
    r = cpuid(0x8000000a);
    c->npt = r.edx & BIT(0);
    c->nrips = r.edx & BIT(3);
    c->svm_asids = r.ebx;
}

static void
cpu_detect_brand(struct cpu_info *c)
{
    uint32_t *w = (uint32_t *)c->brand;

    if (c->max_ext_leaf < 0x80000004) {
        xl_snprintf(c->brand, sizeof(c->brand), "(no brand string)");
        return;
    }
    for (uint32_t leaf = 0x80000002; leaf <= 0x80000004; leaf++) {
        struct cpuid_regs r = cpuid(leaf);

        *w++ = r.eax;
        *w++ = r.ebx;
        *w++ = r.ecx;
        *w++ = r.edx;
    }
    c->brand[48] = '\0';
    for (int i = 47; i >= 0 && (c->brand[i] == ' ' || c->brand[i] == '\0'); i--)
        c->brand[i] = '\0';
}

void
cpu_detect(void)
{
    struct cpu_info *c = &boot_cpu;
    struct cpuid_regs r = cpuid(0);
    uint32_t fam, model;

    c->max_leaf = r.eax;
    memcpy(c->vendor + 0, &r.ebx, 4);
    memcpy(c->vendor + 4, &r.edx, 4);
    memcpy(c->vendor + 8, &r.ecx, 4);
    c->vendor[12] = '\0';

    r = cpuid(1);
    fam = (r.eax >> 8) & 0xf;
    model = (r.eax >> 4) & 0xf;
    if (fam == 0xf)
        fam += (r.eax >> 20) & 0xff;
    if (fam == 0x6 || fam >= 0xf)
        model |= ((r.eax >> 16) & 0xf) << 4;
    c->family = fam;
    c->model = model;
    c->stepping = r.eax & 0xf;
    c->vmx = r.ecx & BIT(5);
    c->x2apic = r.ecx & BIT(21);
    c->apic = r.edx & BIT(9);
    c->pge = r.edx & BIT(13);
    c->pat = r.edx & BIT(16);

    c->max_ext_leaf = cpuid(0x80000000).eax;
    if (c->max_ext_leaf >= 0x80000001) {
        r = cpuid(0x80000001);
        c->svm = r.ecx & BIT(2);
        c->nx = r.edx & BIT(20);
        c->pdpe1gb = r.edx & BIT(26);
    }
    if (c->max_ext_leaf >= 0x80000007)
        c->tsc_invariant = cpuid(0x80000007).edx & BIT(8);
    cpu_detect_brand(c);
    if (c->svm)
        cpu_detect_svm(c);
    if (c->vmx)
        cpu_detect_vmx(c);
}

void
cpu_print(void)
{
    const struct cpu_info *c = &boot_cpu;
    const char *brand = c->brand;

    while (*brand == ' ')
        brand++;
    printk("CPU: vendor %s family %u model %u stepping %u\n",
           c->vendor, c->family, c->model, c->stepping);
    printk("CPU: %s\n", brand);
    printk("CPU features:%s%s%s%s%s%s%s%s%s%s%s%s%s\n",
           c->svm ? " svm" : "", c->npt ? " npt" : "", c->nrips ? " nrips" : "",
           c->vmx ? " vmx" : "", c->ept ? " ept" : "", c->ug ? " ug" : "",
           c->nx ? " nx" : "", c->pdpe1gb ? " pdpe1gb" : "", c->pge ? " pge" : "",
           c->pat ? " pat" : "", c->apic ? " apic" : "", c->x2apic ? " x2apic" : "",
           c->tsc_invariant ? " invtsc" : "");
    if (c->svm)
        printk("CPU: HVM backend available: AMD SVM%s%s, %u ASIDs\n",
               c->npt ? " with nested paging" : " (no nested paging: unusable)",
               c->nrips ? ", next-RIP" : ", no next-RIP (instruction lengths decoded)",
               c->svm_asids);
    else if (c->vmx)
        printk("CPU: HVM backend available: Intel VMX%s%s\n",
               c->ept ? " with EPT" : " (no EPT: unusable)",
               c->ug ? ", unrestricted guest" : "");
    else
        printk("CPU: no hardware virtualization: PV guests only\n");
}
