/*
 * sim_domctl.c - hosted implementations of the domctl arch hooks (see
 * domctl.h): a domain's kind, a pretend builder, stored vCPU contexts.
 *
 * Environment: hosted only.
 *
 * The sim's struct arch_domain (opaque to the core) records the kind a
 * domain was created as and, per vCPU, the context last set.  Domains made
 * without domctl (sim_hc_domain_new) have d->arch == NULL and count as PV.
 *
 * The builder does no ELF parsing: it gives the domain one frame per page
 * of image, ramdisk and command line plus one for start_info, copies the
 * image into the first ones, and brings vCPU 0 up, so the frame accounting
 * a real build does is exercised.  Two more zeroed frames are the console
 * and store rings (gfn = mfn, or SIM_GRANT_GFN_BASE + mfn for a domain
 * sim_grant marks translated).  An image whose first byte is 0 is
 * "not loadable" (-ENOEXEC), for tests of the error path.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <domain.h>
#include <domctl.h>
#include <grant_table.h>
#include <lib.h>
#include <mm.h>
#include <pv_mm.h>
#include <schedule.h>
#include <xl_errno.h>
#include <xmalloc.h>
#include <xtime.h>
#include "public/xen.h"
#include "sim_domctl.h"
#include "sim_grant.h"

struct arch_domain {
    unsigned int type;
    struct vcpu_guest_context *ctx[MAX_VIRT_CPUS];   /* NULL: never set */
};

static uint32_t sim_caps = SIM_DOMCTL_DEFAULT_CAPS;

void
sim_domctl_set_caps(uint32_t caps)
{
    sim_caps = caps;
}

int
arch_domain_create(struct domain *d, unsigned int type)
{
    if (type != XL_DOMCTL_TYPE_PV && !(sim_caps & XL_PHYSCAP_hvm))
        return -EOPNOTSUPP;
    d->arch = xzalloc(struct arch_domain);
    if (d->arch == NULL)
        return -ENOMEM;
    d->arch->type = type;
    return 0;
}

void
arch_domain_destroy(struct domain *d)
{
    if (d->arch == NULL)
        return;
    for (unsigned int i = 0; i < MAX_VIRT_CPUS; i++)
        xfree(d->arch->ctx[i]);
    xfree(d->arch);
    d->arch = NULL;
}

unsigned int
arch_domain_type(const struct domain *d)
{
    return d->arch != NULL ? d->arch->type : XL_DOMCTL_TYPE_PV;
}

static uint64_t
pages_for(size_t bytes)
{
    return (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
}

/* One zeroed ring frame of d: its gfn and mfn. */
static int
sim_ring_page(struct domain *d, uint64_t *gfn, mfn_t *mfn)
{
    struct page_info *pg = alloc_domheap_pages(d, 0);

    if (pg == NULL)
        return -ENOMEM;
    memset(page_to_virt(pg), 0, PAGE_SIZE);
    *mfn = page_to_mfn(pg);
    *gfn = arch_grant_translated(d) ? SIM_GRANT_GFN_BASE + *mfn : *mfn;
    return 0;
}

int
arch_domain_build(struct domain *d, unsigned int type, const void *image,
                  size_t size, const void *rd, size_t rd_size,
                  const char *cmdline, struct domain_rings *rings)
{
    int rc;

    uint64_t n = pages_for(size) + pages_for(rd_size) +
                 pages_for(strlen(cmdline) + 1) + 1;

    BUG_ON(type != arch_domain_type(d) || image == NULL || size == 0);
    BUG_ON((rd == NULL) != (rd_size == 0) || rings == NULL);
    if (((const uint8_t *)image)[0] == 0)
        return -ENOEXEC;
    for (uint64_t i = 0; i < n; i++) {
        struct page_info *pg = alloc_domheap_pages(d, 0);
        size_t off = i * PAGE_SIZE;

        if (pg == NULL)
            return -ENOMEM;     /* the toolstack destroys d */
        if (off < size)
            memcpy(page_to_virt(pg), (const uint8_t *)image + off,
                   MIN((size_t)PAGE_SIZE, size - off));
    }
    rc = sim_ring_page(d, &rings->console_gfn, &rings->console_mfn);
    if (rc == 0)
        rc = sim_ring_page(d, &rings->store_gfn, &rings->store_mfn);
    if (rc != 0)
        return rc;
    d->vcpu[0]->is_up = true;
    vcpu_runstate_change(d->vcpu[0], VCPU_RUNNABLE, arch_now_ns());
    return 0;
}

int
arch_get_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c)
{
    const struct arch_domain *a = v->domain->arch;

    if (a != NULL && a->ctx[v->vcpu_id] != NULL)
        memcpy(c, a->ctx[v->vcpu_id], sizeof(*c));
    else
        memset(c, 0, sizeof(*c));
    return 0;
}

/* The sim's one check, standing in for the arch's: a PV kernel's code
 * selector must be a ring-3 one (RPL 3), or 0 for "not set yet". */
int
arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct arch_domain *a = v->domain->arch;

    if (a == NULL)
        return -ENOSYS;
    if (c->user_regs.cs != 0 && (c->user_regs.cs & 3) != 3)
        return -EINVAL;
    if (a->ctx[v->vcpu_id] == NULL)
        a->ctx[v->vcpu_id] = xmalloc(struct vcpu_guest_context);
    if (a->ctx[v->vcpu_id] == NULL)
        return -ENOMEM;
    memcpy(a->ctx[v->vcpu_id], c, sizeof(*c));
    return 0;
}

uint32_t
arch_physinfo_caps(void)
{
    return sim_caps;
}

unsigned int
arch_nr_cpus(void)
{
    return 1;
}
