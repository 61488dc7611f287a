/*
 * pv/dom0_build.c - build a 64-bit PV domain from a Xen ELF kernel.
 *
 * Where it runs: hypervisor only, at boot (dom0) and later for domUs.
 *
 * The guest's initial virtual layout is Xen's, so a kernel built for Xen
 * finds everything where it looks (start_info tells it the addresses):
 *
 *   [virt_kstart, virt_kend)   the kernel's PT_LOAD segments
 *   ramdisk                    (page aligned, if any)
 *   P2M list                   nr_pages 8-byte machine frame numbers
 *   start_info                 one page
 *   xenstore ring, console     one page each (domUs only: Xen's order)
 *   page tables                L4, L3s, L2s, L1s mapping all of the above
 *   boot stack                 one page; %rsp starts at its top
 *   padding                    up to a 4 MiB boundary with >= 512 KiB free
 *
 * All of it is mapped from the domain's first pseudo-physical frames
 * (pfn = (va - v_start) / 4096), page-table frames read-only.  The tables
 * are then typed and validated by the same page-type code every later
 * guest update goes through: get_page_and_type(L4) walks and validates the
 * whole tree.  Nothing here trusts the image: elf_parse() checked it first,
 * and any failure before the domain runs undoes everything (the caller
 * kills and destroys the domain, which returns every frame).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <domain.h>
#include <domctl.h>
#include <elf_loader.h>
#include <lib.h>
#include <pv_mm.h>
#include <xl_errno.h>
#include <xmalloc.h>
#include <asm/page.h>
#include <asm/pv.h>
#include "public/xen.h"

#define MIB (1ULL << 20)

struct layout {
    uint64_t v_start, v_end;
    uint64_t kern_start, kern_end;
    uint64_t initrd_start, initrd_end;
    uint64_t p2m_start, p2m_end;
    uint64_t si_start;
    uint64_t store_start, console_start;    /* 0: no rings (dom0) */
    uint64_t pt_start, pt_end;
    uint64_t stack_start, stack_end;
    uint64_t nr_pt;
};

struct builder {
    struct domain *d;
    struct layout l;
    uint64_t nr_pages;
    mfn_t *p2m;                     /* pfn -> mfn, hypervisor copy */
    uint64_t next_pt;               /* next free page-table va */
};

static uint64_t
round_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* Tables needed to map [s, e): one L4 plus one per distinct 512G/1G/2M. */
static uint64_t
count_tables(uint64_t s, uint64_t e)
{
    uint64_t n = 1;

    for (unsigned int shift = 39; shift >= 21; shift -= 9)
        n += ((e - 1) >> shift) - (s >> shift) + 1;
    return n;
}

static void
plan_layout(struct layout *l, const struct elf_info *info, size_t rd_size,
            uint64_t nr_pages, bool rings)
{
    l->kern_start = info->virt_kstart;
    l->kern_end = info->virt_kend;
    l->v_start = info->virt_base ? info->virt_base : ROUNDDOWN(info->virt_kstart, PAGE_SIZE);
    l->initrd_start = round_up(l->kern_end, PAGE_SIZE);
    l->initrd_end = l->initrd_start + rd_size;
    l->p2m_start = round_up(l->initrd_end, PAGE_SIZE);
    l->p2m_end = l->p2m_start + nr_pages * 8;
    l->si_start = round_up(l->p2m_end, PAGE_SIZE);
    l->pt_start = l->si_start + PAGE_SIZE;
    if (rings) {
        l->store_start = l->pt_start;
        l->console_start = l->store_start + PAGE_SIZE;
        l->pt_start = l->console_start + PAGE_SIZE;
    }
    for (l->nr_pt = 1;; ) {
        uint64_t need;

        l->pt_end = l->pt_start + l->nr_pt * PAGE_SIZE;
        l->stack_start = l->pt_end;
        l->stack_end = l->stack_start + PAGE_SIZE;
        l->v_end = round_up(l->stack_end, 4 * MIB);
        if (l->v_end - l->stack_end < 512 * 1024)
            l->v_end += 4 * MIB;
        need = count_tables(l->v_start, l->v_end);
        if (need <= l->nr_pt)
            break;
        l->nr_pt = need;
    }
}

/* Hypervisor pointer to guest virtual address va of the domain being built. */
static void *
gva_ptr(struct builder *b, uint64_t va)
{
    uint64_t pfn = (va - b->l.v_start) >> PAGE_SHIFT;

    if (va < b->l.v_start || va >= b->l.v_end || pfn >= b->nr_pages)
        return NULL;
    return (char *)page_to_virt(mfn_to_page(b->p2m[pfn])) + (va & (PAGE_SIZE - 1));
}

static int
builder_copy(void *ctx, uint64_t dest, const void *src, size_t len)
{
    struct builder *b = ctx;
    const char *s = src;

    while (len) {
        size_t chunk = PAGE_SIZE - (dest & (PAGE_SIZE - 1));
        char *p = gva_ptr(b, dest);

        if (!p)
            return -EINVAL;
        if (chunk > len)
            chunk = len;
        if (s)
            memcpy(p, s, chunk);
        else
            memset(p, 0, chunk);
        dest += chunk;
        len -= chunk;
        if (s)
            s += chunk;
    }
    return 0;
}

static int
builder_zero(void *ctx, uint64_t dest, size_t len)
{
    return builder_copy(ctx, dest, NULL, len);
}

static int
alloc_guest_memory(struct builder *b)
{
    b->p2m = xmalloc_array_bytes(b->nr_pages, sizeof(mfn_t));
    if (!b->p2m)
        return -ENOMEM;
    for (uint64_t pfn = 0; pfn < b->nr_pages; pfn++) {
        struct page_info *pg = alloc_domheap_pages(b->d, 0);

        if (!pg)
            return -ENOMEM;
        memset(page_to_virt(pg), 0, PAGE_SIZE);
        b->p2m[pfn] = page_to_mfn(pg);
        if (b->p2m[pfn] < m2p_nr)
            m2p_table[b->p2m[pfn]] = pfn;
    }
    return 0;
}

/* A new page-table frame from the reserved region: its machine address. */
static uint64_t
new_table(struct builder *b)
{
    uint64_t va = b->next_pt;
    uint64_t pfn = (va - b->l.v_start) >> PAGE_SHIFT;

    ASSERT(va < b->l.pt_end);
    b->next_pt += PAGE_SIZE;
    return b->p2m[pfn] << PAGE_SHIFT;
}

static uint64_t *
table_at(uint64_t maddr)
{
    return page_to_virt(mfn_to_page(maddr >> PAGE_SHIFT));
}

#define GUEST_TABLE_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

static uint64_t *
next_level(struct builder *b, uint64_t *entry)
{
    if (!(*entry & _PAGE_PRESENT))
        *entry = new_table(b) | GUEST_TABLE_FLAGS;
    return table_at(*entry & PTE_ADDR_MASK);
}

static void
build_page_tables(struct builder *b, uint64_t *l4_maddr)
{
    const struct layout *l = &b->l;
    uint64_t *l4;

    b->next_pt = l->pt_start;
    *l4_maddr = new_table(b);
    l4 = table_at(*l4_maddr);
    for (uint64_t va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
        uint64_t *l3 = next_level(b, &l4[PT_INDEX(va, L4_SHIFT)]);
        uint64_t *l2 = next_level(b, &l3[PT_INDEX(va, L3_SHIFT)]);
        uint64_t *l1 = next_level(b, &l2[PT_INDEX(va, L2_SHIFT)]);
        uint64_t pfn = (va - l->v_start) >> PAGE_SHIFT;
        uint64_t flags = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY;

        if (va < l->pt_start || va >= l->pt_end)
            flags |= _PAGE_RW;              /* page-table frames stay read-only */
        l1[PT_INDEX(va, L1_SHIFT)] = (b->p2m[pfn] << PAGE_SHIFT) | flags;
    }
}

/* The ring frames (already zeroed, like all of the domain's memory). */
static void
place_rings(struct builder *b, struct domain_rings *r)
{
    r->store_mfn = b->p2m[(b->l.store_start - b->l.v_start) >> PAGE_SHIFT];
    r->console_mfn = b->p2m[(b->l.console_start - b->l.v_start) >> PAGE_SHIFT];
    r->store_gfn = r->store_mfn;        /* PV: frames are machine frames */
    r->console_gfn = r->console_mfn;
}

static void
fill_start_info(struct builder *b, const char *cmdline, size_t rd_size,
                const struct domain_rings *r)
{
    struct start_info *si = gva_ptr(b, b->l.si_start);

    memset(si, 0, PAGE_SIZE);
    xl_snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
    si->nr_pages = b->nr_pages;
    si->shared_info = b->d->shared_info_mfn << PAGE_SHIFT;
    si->flags = b->d->is_privileged ? (SIF_PRIVILEGED | SIF_INITDOMAIN) : 0;
    si->pt_base = b->l.pt_start;
    si->nr_pt_frames = b->l.nr_pt;
    si->mfn_list = b->l.p2m_start;
    if (rd_size) {
        si->mod_start = b->l.initrd_start;
        si->mod_len = rd_size;
    }
    xl_snprintf((char *)si->cmd_line, sizeof(si->cmd_line), "%s", cmdline ? cmdline : "");
    if (r) {
        si->store_mfn = r->store_mfn;
        si->store_evtchn = r->store_port;
        si->console.domU.mfn = r->console_mfn;
        si->console.domU.evtchn = r->console_port;
    }
}

static int
check_kernel(const struct domain *d, const struct elf_info *info)
{
    if (!(info->xen.present & ELF_XEN_NOTE_BIT(XEN_ELFNOTE_ENTRY)) && info->pvh) {
        printk(XENLOG_ERR "d%u: this kernel has only a PVH entry point; PV is what xenolith builds (dom0=pvh comes with HVM support)\n", d->domain_id);
        return -EINVAL;
    }
    if (info->xen.features_required & ~PV_FEATURES_PROVIDED) {
        printk(XENLOG_ERR "d%u: the kernel requires Xen features %#x that xenolith does not provide\n", d->domain_id,
               info->xen.features_required & ~PV_FEATURES_PROVIDED);
        return -EINVAL;
    }
    return 0;
}

static void
print_layout(const struct builder *b, const struct elf_info *info)
{
    const struct layout *l = &b->l;

    printk("d%u: PV64 kernel, %s %s, %lu MiB (%lu pages)\n", b->d->domain_id, info->xen.guest_os,
           info->xen.guest_version, (unsigned long)(b->nr_pages >> 8),
           (unsigned long)b->nr_pages);
    printk("  kernel       [%016lx, %016lx)\n", (unsigned long)l->kern_start, (unsigned long)l->kern_end);
    if (l->initrd_end > l->initrd_start)
        printk("  ramdisk      [%016lx, %016lx)\n", (unsigned long)l->initrd_start, (unsigned long)l->initrd_end);
    printk("  p2m list     [%016lx, %016lx)\n", (unsigned long)l->p2m_start, (unsigned long)l->p2m_end);
    printk("  start_info   [%016lx, %016lx)\n", (unsigned long)l->si_start, (unsigned long)(l->si_start + PAGE_SIZE));
    if (l->console_start)
        printk("  store, console %016lx, %016lx\n", (unsigned long)l->store_start,
               (unsigned long)l->console_start);
    printk("  page tables  [%016lx, %016lx) %lu frames\n", (unsigned long)l->pt_start,
           (unsigned long)l->pt_end, (unsigned long)l->nr_pt);
    printk("  boot stack   [%016lx, %016lx)\n", (unsigned long)l->stack_start, (unsigned long)l->stack_end);
    printk("  entry %016lx, hypercall page %016lx\n", (unsigned long)info->virt_entry,
           (unsigned long)info->xen.hypercall_page);
}

int
dom0_build_pv(struct domain *d, const void *image, size_t size,
              const void *rd, size_t rd_size, const char *cmdline,
              struct domain_rings *rings)
{
    static struct elf_info info;
    struct builder b = { .d = d };
    struct vcpu *v = d->vcpu[0];
    struct cpu_regs *r;
    char err[160];
    uint64_t l4;
    int rc;

    rc = elf_parse(image, size, &info, err, sizeof(err));
    if (rc) {
        printk(XENLOG_ERR "d%u: %s\n", d->domain_id, err);
        return rc;
    }
    if ((rc = check_kernel(d, &info)))
        return rc;
    b.nr_pages = d->max_pages;
    plan_layout(&b.l, &info, rd_size, b.nr_pages, rings != NULL);
    if ((b.l.v_end - b.l.v_start) >> PAGE_SHIFT > b.nr_pages) {
        printk(XENLOG_ERR "d%u: the initial mappings need %lu MiB; give the domain more memory (dom0_mem= for dom0, memory= for a domU)\n", d->domain_id,
               (unsigned long)((b.l.v_end - b.l.v_start) >> 20));
        return -ENOMEM;
    }
    if ((rc = alloc_guest_memory(&b))) {
        printk(XENLOG_ERR "d%u: out of memory for %lu pages\n", d->domain_id, (unsigned long)b.nr_pages);
        goto out;
    }
    print_layout(&b, &info);
    build_page_tables(&b, &l4);
    if ((rc = elf_load(image, size, &info, builder_copy, builder_zero, &b)))
        goto out;
    if (rd_size && (rc = builder_copy(&b, b.l.initrd_start, rd, rd_size)))
        goto out;
    for (uint64_t pfn = 0; pfn < b.nr_pages; pfn++)
        if ((rc = builder_copy(&b, b.l.p2m_start + pfn * 8, &b.p2m[pfn], 8)))
            goto out;
    if (rings)
        place_rings(&b, rings);
    fill_start_info(&b, cmdline, rd_size, rings);
    if (info.xen.present & ELF_XEN_NOTE_BIT(XEN_ELFNOTE_HYPERCALL_PAGE))
        pv_write_hypercall_page(gva_ptr(&b, info.xen.hypercall_page));

    /* Type and validate the whole tree; the vCPU's baseptr holds the ref. */
    arch_pv_init_l4_xen_slots(table_at(l4), d);
    if ((rc = get_page_and_type(mfn_to_page(l4 >> PAGE_SHIFT), d, PGT_l4_page_table))) {
        printk(XENLOG_ERR "d%u: the initial page tables did not validate (%d)\n", d->domain_id, rc);
        goto out;
    }
    v->guest_table = l4 >> PAGE_SHIFT;
    d->arch->p2m = NULL;
    d->arch->nr_pages = b.nr_pages;
    d->arch->start_info_va = b.l.si_start;
    d->arch->hypercall_page_va = info.xen.hypercall_page;
    for (unsigned int i = 0; i < MAX_VIRT_CPUS; i++)
        ((struct shared_info *)d->shared_info)->vcpu_info[i].evtchn_upcall_mask = 1;
    ((struct shared_info *)d->shared_info)->arch.max_pfn = b.nr_pages;

    v->arch->kernel_mode = true;
    r = &v->arch->regs;
    memset(r, 0, sizeof(*r));
    r->rip = info.virt_entry;
    r->rsp = b.l.stack_end;
    r->rsi = b.l.si_start;
    r->cs = FLAT_KERNEL_CS;
    r->ss = FLAT_KERNEL_SS;
    r->rflags = 0x202;
    v->is_up = true;
    rc = 0;
out:
    xfree(b.p2m);
    return rc;
}
