/*
 * pv/descriptor.c - a PV guest's GDT and LDT: set_gdt, update_descriptor,
 * MMUEXT_SET_LDT.
 *
 * Where it runs: hypervisor only.
 *
 * A guest descriptor is checked before the CPU may ever load it: code and
 * data segments are forced to DPL 3 (the guest kernel runs in ring 3, so a
 * DPL 0-2 segment would be a way into the hypervisor's rings); system
 * descriptors (TSS, LDT, call/interrupt/trap gates) are refused; a
 * non-present descriptor is harmless and allowed.
 *
 * GDT frames are typed PGT_seg_desc_page while in use, so no writable
 * mapping of them can exist and the only way to change one is
 * update_descriptor.  With one vCPU on one CPU the hypervisor keeps a copy
 * of the guest part in its own GDT (entries below 0xe000) and mirrors each
 * update_descriptor into it.  The LDT is copied and checked when it is
 * set, into a buffer of the vCPU's own (charged to its domain), which
 * every switch to the vCPU loads; later writes by the guest to that
 * memory are not seen (Xen maps the pages on demand instead) - documented
 * difference.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <domain.h>
#include <guest_access.h>
#include <lib.h>
#include <pv_mm.h>
#include <xl_errno.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/pv.h>

#define MAX_GDT_FRAMES  14                      /* FIRST_RESERVED_GDT_PAGE */
#define MAX_GDT_ENTS    (MAX_GDT_FRAMES * 512)
#define MAX_LDT_ENTS    8192

#define DESC_S          (1ULL << 44)            /* code/data, not system */
#define DESC_DPL_MASK   (3ULL << 45)
#define DESC_P          (1ULL << 47)

/* gdt[gdt_live ..] below GDT_RESERVED_ENTRY is zero: entries the last
 * pv_load_gdt filled end there (update_descriptor writes below it only). */
static unsigned int gdt_live = GDT_RESERVED_ENTRY;

/* Returns the descriptor as the CPU may see it, or false when refused. */
static bool
check_descriptor(uint64_t *d)
{
    if (!(*d & DESC_P))
        return true;
    if (!(*d & DESC_S))
        return false;
    *d |= DESC_DPL_MASK;
    return true;
}

static void
put_gdt_frames(struct arch_vcpu *a)
{
    for (unsigned int i = 0; i < a->gdt_nr_frames; i++)
        put_page_and_type(mfn_to_page(a->gdt_frames[i]));
    a->gdt_nr_frames = 0;
    a->gdt_ents = 0;
}

/* Copy the vCPU's guest GDT into the hypervisor's GDT. */
void
pv_load_gdt(struct vcpu *v)
{
    struct arch_vcpu *a = v->arch;

    for (unsigned int i = 0; i < a->gdt_ents; i++) {
        uint64_t *f = page_to_virt(mfn_to_page(a->gdt_frames[i / 512]));
        uint64_t d = f[i % 512];

        gdt[i] = check_descriptor(&d) ? d : 0;
    }
    /* Only what an earlier load filled needs clearing: the whole guest
     * area is 56 KiB, and clearing it on every context switch was ~230k
     * instructions, most of an interdomain event round trip (make bench). */
    if (gdt_live > a->gdt_ents)
        memset(gdt + a->gdt_ents, 0, (gdt_live - a->gdt_ents) * 8);
    gdt_live = a->gdt_ents;
}

long
do_set_gdt(uint64_t frame_list, unsigned int entries)
{
    struct vcpu *v = current;
    struct arch_vcpu *a = v->arch;
    uint64_t frames[MAX_GDT_FRAMES];
    unsigned int nr = (entries + 511) / 512, got = 0;

    if (entries > MAX_GDT_ENTS)
        return -EINVAL;
    if (copy_from_guest(frames, frame_list, nr * sizeof(uint64_t)))
        return -EFAULT;
    for (; got < nr; got++) {
        uint64_t *f;

        if (!mfn_valid(frames[got]) ||
            get_page_and_type(mfn_to_page(frames[got]), v->domain, PGT_seg_desc_page))
            goto bad;
        f = page_to_virt(mfn_to_page(frames[got]));
        for (unsigned int i = 0; i < 512 && got * 512 + i < entries; i++) {
            uint64_t d = f[i];

            if (!check_descriptor(&d)) {
                got++;
                goto bad;
            }
            f[i] = d;           /* fixed up in place (DPL 3), as Xen */
        }
    }
    put_gdt_frames(a);
    memcpy(a->gdt_frames, frames, nr * sizeof(uint64_t));
    a->gdt_nr_frames = nr;
    a->gdt_ents = entries;
    pv_load_gdt(v);
    return 0;
bad:
    while (got--)
        put_page_and_type(mfn_to_page(frames[got]));
    return -EINVAL;
}

long
do_update_descriptor(uint64_t maddr, uint64_t desc)
{
    struct vcpu *v = current;
    struct arch_vcpu *a = v->arch;
    mfn_t mfn = maddr >> PAGE_SHIFT;
    struct page_info *pg;
    uint64_t checked = desc;
    bool typed_here = false;

    if ((maddr & 7) || !mfn_valid(mfn) || !check_descriptor(&checked))
        return -EINVAL;
    pg = mfn_to_page(mfn);
    if (!get_page(pg, v->domain))
        return -EINVAL;
    /* A GDT frame already is seg_desc; any other frame must be writable-able. */
    if ((pg->type_info & PGT_type_mask) != PGT_seg_desc_page ||
        !(pg->type_info & PGT_count_mask)) {
        if (get_page_type(pg, PGT_writable_page)) {
            put_page(pg);
            return -EINVAL;
        }
        typed_here = true;
    }
    /* The checked form is what is stored (DPL raised to 3, as Xen). */
    ((uint64_t *)page_to_virt(pg))[(maddr & (PAGE_SIZE - 1)) / 8] = checked;
    for (unsigned int i = 0; i < a->gdt_nr_frames; i++)
        if (a->gdt_frames[i] == mfn && i * 512 + (maddr & (PAGE_SIZE - 1)) / 8 < a->gdt_ents)
            gdt[i * 512 + (maddr & (PAGE_SIZE - 1)) / 8] = checked;
    if (typed_here)
        put_page_type(pg);
    put_page(pg);
    return 0;
}

/* Load the vCPU's LDT (none: LDTR null, so an LDT selector faults). */
void
pv_load_ldt(struct vcpu *v)
{
    struct arch_vcpu *a = v->arch;

    load_ldt(a->ldt ? (uint64_t)a->ldt : 0, a->ldt ? a->ldt_ents : 0);
}

static void
free_ldt(struct vcpu *v)
{
    domain_xfree(v->domain, v->arch->ldt);
    v->arch->ldt = NULL;
    v->arch->ldt_ents = 0;
    v->arch->ldt_base = 0;
}

/* MMUEXT_SET_LDT (called by the portable MMU code through its hook).  The
 * old LDT stays until the new one is copied and every descriptor passed. */
int
arch_pv_set_ldt(struct vcpu *v, uint64_t va, unsigned int nr_ents)
{
    uint64_t *copy = NULL;

    if (nr_ents > MAX_LDT_ENTS)
        return -EINVAL;
    if (nr_ents) {
        copy = domain_xzalloc_array(v->domain, sizeof(uint64_t), nr_ents);
        if (!copy)
            return -ENOMEM;
        if (copy_from_guest(copy, va, nr_ents * 8)) {
            domain_xfree(v->domain, copy);
            return -EFAULT;
        }
        for (unsigned int i = 0; i < nr_ents; i++)
            if (!check_descriptor(&copy[i])) {
                domain_xfree(v->domain, copy);
                return -EINVAL;
            }
    }
    free_ldt(v);
    v->arch->ldt = copy;
    v->arch->ldt_base = va;
    v->arch->ldt_ents = nr_ents;
    pv_load_ldt(v);
    return 0;
}

void
pv_release_descriptors(struct vcpu *v)
{
    put_gdt_frames(v->arch);
    free_ldt(v);
}
