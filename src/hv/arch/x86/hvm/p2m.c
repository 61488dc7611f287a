/*
 * hvm/p2m.c - guest-physical to machine memory of HVM/PVH domains.
 *
 * Where it runs: hypervisor only.  Generic: the entry format of the nested
 * table comes from the backend (hvm_funcs->p2m_entry).
 *
 * The p2m has two views that always agree: a flat array gfn -> mfn (the
 * hypervisor's, for emulation and hypercall copies) and the nested page
 * table the CPU walks (NPT or EPT).  Guest RAM frames are owned by the
 * domain (alloc_domheap_pages) and so come back with the domain; the
 * nested-table frames belong to the hypervisor and are freed with it.
 * Anything not in the p2m - a device hole, or an address beyond RAM -
 * faults to the hypervisor (a nested fault), which hands it to an emulated
 * device or crashes the domain.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <domain.h>
#include <lib.h>
#include <pv_mm.h>
#include <xl_errno.h>
#include <xmalloc.h>
#include <asm/hvm.h>
#include <asm/page.h>
#include <asm/pv.h>

#define P2M_NONE (~0ULL)

/* A zeroed nested-table frame, charged to d (its xenmem, domain.h). */
static uint64_t
p2m_table_alloc(struct domain *d)
{
    struct page_info *pg = domain_alloc_xen_frame(d);

    return pg ? page_to_mfn(pg) << PAGE_SHIFT : 0;
}

int
p2m_init(struct domain *d, uint64_t nr_gfns)
{
    struct hvm_domain *h = hvm_domain(d);

    h->nr_gfns = nr_gfns;
    h->p2m = domain_xzalloc_array(d, nr_gfns, sizeof(uint64_t));
    if (!h->p2m)
        return -ENOMEM;
    for (uint64_t i = 0; i < nr_gfns; i++)
        h->p2m[i] = P2M_NONE;
    h->nested_root = p2m_table_alloc(d);
    return h->nested_root ? 0 : -ENOMEM;
}

/* The nested-table slot for gfn, creating intermediate tables. */
static uint64_t *
p2m_slot(struct domain *d, uint64_t gfn)
{
    uint64_t gpa = gfn << PAGE_SHIFT, maddr = hvm_domain(d)->nested_root;

    for (unsigned int shift = L4_SHIFT; shift > L1_SHIFT; shift -= 9) {
        uint64_t *t = maddr_to_virt(maddr);
        uint64_t *e = &t[PT_INDEX(gpa, shift)];

        if (!(*e & 0x7)) {                  /* no R/W/X (EPT) nor P (NPT) */
            uint64_t n = p2m_table_alloc(d);

            if (!n)
                return NULL;
            *e = hvm_funcs->p2m_entry(n, HVM_PERM_R | HVM_PERM_W | HVM_PERM_X, false);
        }
        maddr = *e & PTE_ADDR_MASK;
    }
    return (uint64_t *)maddr_to_virt(maddr) + PT_INDEX(gpa, L1_SHIFT);
}

int
p2m_set(struct domain *d, uint64_t gfn, uint64_t mfn, unsigned int perms)
{
    struct hvm_domain *h = hvm_domain(d);
    uint64_t *slot, old;

    if (gfn >= h->nr_gfns)
        return -EINVAL;
    slot = p2m_slot(d, gfn);
    if (!slot)
        return -ENOMEM;
    old = *slot;
    *slot = mfn == P2M_NONE ? 0 : hvm_funcs->p2m_entry(mfn << PAGE_SHIFT, perms, true);
    h->p2m[gfn] = mfn;
    /* A translation that changed or went away may be cached (tagged by the
     * guest's ASID or EPTP): every vCPU flushes before it runs again. */
    if (old && old != *slot)
        for (unsigned int i = 0; i < d->max_vcpus; i++)
            if (d->vcpu[i] && d->vcpu[i]->arch && d->vcpu[i]->arch->hvm &&
                hvm_vcpu(d->vcpu[i])->backend)
                hvm_funcs->flush_nested_tlb(d->vcpu[i]);
    return 0;
}

uint64_t
p2m_lookup(const struct domain *d, uint64_t gfn)
{
    const struct hvm_domain *h = hvm_domain(d);

    return gfn < h->nr_gfns ? h->p2m[gfn] : P2M_NONE;
}

void *
gfn_to_virt(const struct domain *d, uint64_t gfn)
{
    uint64_t mfn = p2m_lookup(d, gfn);

    return mfn == P2M_NONE ? NULL : page_to_virt(mfn_to_page(mfn));
}

static int
gpa_copy(struct domain *d, uint64_t gpa, void *buf, size_t len, bool to_guest)
{
    while (len) {
        size_t off = gpa & (PAGE_SIZE - 1), chunk = PAGE_SIZE - off;
        char *p = gfn_to_virt(d, gpa >> PAGE_SHIFT);

        if (!p)
            return -EFAULT;
        if (chunk > len)
            chunk = len;
        if (to_guest)
            memcpy(p + off, buf, chunk);
        else
            memcpy(buf, p + off, chunk);
        gpa += chunk;
        buf = (char *)buf + chunk;
        len -= chunk;
    }
    return 0;
}

int
hvm_copy_from_gpa(struct domain *d, void *dst, uint64_t gpa, size_t len)
{
    return gpa_copy(d, gpa, dst, len, false);
}

int
hvm_copy_to_gpa(struct domain *d, uint64_t gpa, const void *src, size_t len)
{
    return gpa_copy(d, gpa, (void *)src, len, true);
}

/* Free the nested table below maddr (level 4 = the root) and itself. */
static void
p2m_free_table(struct domain *d, uint64_t maddr, unsigned int level)
{
    uint64_t *t = maddr_to_virt(maddr);

    if (level > 1)
        for (unsigned int i = 0; i < 512; i++)
            if (t[i] & 0x7)
                p2m_free_table(d, t[i] & PTE_ADDR_MASK, level - 1);
    domain_free_xen_frame(d, mfn_to_page(maddr >> PAGE_SHIFT));
}

/* After domain_kill: the nested tables and the gfn array (the RAM frames
 * themselves were the domain's and went back with it). */
void
p2m_teardown(struct domain *d)
{
    struct hvm_domain *h = hvm_domain(d);

    if (h->nested_root)
        p2m_free_table(d, h->nested_root, 4);
    h->nested_root = 0;
    domain_xfree(d, h->p2m);
    h->p2m = NULL;
}
