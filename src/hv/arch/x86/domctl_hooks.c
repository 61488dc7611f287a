/*
 * domctl_hooks.c - the x86 side of the domctl arch hooks (see domctl.h).
 *
 * Environment: hypervisor only.
 *
 * A placeholder that keeps the hypervisor building and answers truthfully:
 * a PV domain gets its arch state (pv_domain_init), building a domU and
 * vCPU contexts are not there yet (-ENOSYS), PVH/HVM domUs cannot be
 * created yet (-ENOSYS).  The real PV/PVH/HVM domU builder replaces the
 * stubs; the machine facts (capabilities, CPUs) are already real.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <domain.h>
#include <domctl.h>
#include <xl_errno.h>
#include <asm/hvm.h>
#include <asm/processor.h>
#include <asm/pv.h>

int
arch_domain_create(struct domain *d, unsigned int type)
{
    if (type != XL_DOMCTL_TYPE_PV)
        return -ENOSYS;
    return pv_domain_init(d);
}

void
arch_domain_destroy(struct domain *d)
{
    pv_domain_free(d);
}

unsigned int
arch_domain_type(const struct domain *d)
{
    if (!is_hvm_domain(d))
        return XL_DOMCTL_TYPE_PV;
    return hvm_domain(d)->pvh ? XL_DOMCTL_TYPE_PVH : XL_DOMCTL_TYPE_HVM;
}

int
arch_domain_build(struct domain *d, unsigned int type, const void *image,
                  size_t size, const void *rd, size_t rd_size,
                  const char *cmdline)
{
    return -ENOSYS;
}

int
arch_get_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c)
{
    return -ENOSYS;
}

int
arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    return -ENOSYS;
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
