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
                  const char *cmdline)
{
    int rc;

    switch (type) {
    case XL_DOMCTL_TYPE_PV:
        rc = dom0_build_pv(d, image, size, rd, rd_size, cmdline);
        break;
    case XL_DOMCTL_TYPE_PVH:
        rc = hvm_prepare(d, true);
        if (rc == 0)
            rc = hvm_build_pvh(d, image, size, rd, rd_size, cmdline);
        break;
    case XL_DOMCTL_TYPE_HVM:
        rc = hvm_prepare(d, false);
        if (rc == 0)
            rc = hvm_build_realmode(d, image, size);
        break;
    default:
        rc = -EINVAL;
    }
    if (rc == 0)
        update_domain_wallclock_time(d);
    return rc;
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
