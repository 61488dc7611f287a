/*
 * hvm/build.c - build HVM and PVH domains.
 *
 * Where it runs: hypervisor only.  Generic.
 *
 * Two ways to start a guest with hardware assistance:
 *   - a plain HVM guest: a flat binary copied to 0x7c00 and started there
 *     in real mode, exactly like a boot sector after the BIOS (but without
 *     a BIOS: the guest gets RAM, the emulated UART/PIT/PIC and the debug
 *     ports, nothing else);
 *   - a PVH guest: an ELF kernel with XEN_ELFNOTE_PHYS32_ENTRY, loaded at
 *     its physical addresses and entered in 32-bit flat protected mode with
 *     paging off, %ebx = the guest-physical address of struct
 *     hvm_start_info (Xen's PVH boot ABI, docs/misc/pvh.pandoc).
 * Guest RAM is gfn 0 .. nr_pages-1 (hvm_domain_init); the start-of-day
 * structures sit right after the kernel.  A domU's console and xenstore
 * rings are its top two pages (Xen's "special pages": console at
 * nr_pages-2, store at nr_pages-1), zeroed, marked reserved in the PVH
 * memory map and announced through HVM_PARAM_CONSOLE_PFN/EVTCHN and
 * HVM_PARAM_STORE_PFN/EVTCHN.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <domain.h>
#include <domctl.h>
#include <elf_loader.h>
#include <grant_table.h>
#include <lib.h>
#include <xl_errno.h>
#include <asm/hvm.h>
#include <asm/page.h>
#include "public/hvm_params.h"
#include "public/hvm_start_info.h"
#include "public/xen.h"

#define BOOT_SECTOR_BASE    0x7c00ULL
#define BOOT_IMAGE_MAX      (0x80000ULL - BOOT_SECTOR_BASE)   /* below 512 KiB */

#define RING_PAGES 2ULL

static uint64_t
ram_bytes(struct domain *d)
{
    return hvm_domain(d)->nr_gfns << PAGE_SHIFT;
}

/* Where a domU's rings start (the end of the RAM it may use freely). */
static uint64_t
ram_usable(struct domain *d, const struct domain_rings *r)
{
    return ram_bytes(d) - (r ? RING_PAGES << PAGE_SHIFT : 0);
}

/* The top two pages become the rings (the image must end below them). */
static int
place_rings(struct domain *d, struct domain_rings *r, uint64_t used_end)
{
    struct hvm_domain *h = hvm_domain(d);
    uint64_t base = h->nr_gfns - RING_PAGES;

    if (h->nr_gfns < RING_PAGES + 1 || used_end > base << PAGE_SHIFT)
        return -ENOMEM;
    r->console_gfn = base;
    r->store_gfn = base + 1;
    r->console_mfn = arch_grant_gfn_to_mfn(d, r->console_gfn);
    r->store_mfn = arch_grant_gfn_to_mfn(d, r->store_gfn);
    if (r->console_mfn == INVALID_MFN || r->store_mfn == INVALID_MFN)
        return -EINVAL;
    memset(page_to_virt(mfn_to_page(r->console_mfn)), 0, PAGE_SIZE);
    memset(page_to_virt(mfn_to_page(r->store_mfn)), 0, PAGE_SIZE);
    h->params[HVM_PARAM_CONSOLE_PFN] = r->console_gfn;
    h->params[HVM_PARAM_CONSOLE_EVTCHN] = r->console_port;
    h->params[HVM_PARAM_STORE_PFN] = r->store_gfn;
    h->params[HVM_PARAM_STORE_EVTCHN] = r->store_port;
    return 0;
}

int
hvm_build_realmode(struct domain *d, const void *image, size_t size,
                   struct domain_rings *rings)
{
    struct vcpu *v = d->vcpu[0];
    int rc;

    if (size == 0 || size > BOOT_IMAGE_MAX) {
        printk(XENLOG_ERR "d%u: a boot-sector style image must be 1 .. %lu bytes (this one: %lu)\n", d->domain_id,
               (unsigned long)BOOT_IMAGE_MAX, (unsigned long)size);
        return -EINVAL;
    }
    if (rings && (rc = place_rings(d, rings, BOOT_SECTOR_BASE + size)))
        return rc;
    if (hvm_copy_to_gpa(d, BOOT_SECTOR_BASE, image, size))
        return -EFAULT;
    hvm_funcs->set_initial_state(v, false, BOOT_SECTOR_BASE);
    hvm_funcs->set_reg(v, HVM_RSP, BOOT_SECTOR_BASE);
    v->is_up = true;
    printk("d%u: HVM guest, %lu bytes at 0x7c00, real mode, %lu MiB of RAM\n", d->domain_id,
           (unsigned long)size, (unsigned long)(ram_bytes(d) >> 20));
    return 0;
}

struct pvh_ctx {
    struct domain *d;
    const struct elf_info *info;
};

static int
pvh_copy(void *ctx, uint64_t dest, const void *src, size_t len)
{
    struct pvh_ctx *c = ctx;
    uint64_t gpa = elf_paddr_of(c->info, dest);

    if (gpa >= ram_bytes(c->d) || len > ram_bytes(c->d) - gpa)
        return -ERANGE;
    return hvm_copy_to_gpa(c->d, gpa, src, len);
}

static int
pvh_zero(void *ctx, uint64_t dest, size_t len)
{
    static const uint8_t zeros[256];

    while (len) {
        size_t n = len < sizeof(zeros) ? len : sizeof(zeros);
        int rc = pvh_copy(ctx, dest, zeros, n);

        if (rc)
            return rc;
        dest += n;
        len -= n;
    }
    return 0;
}

/* hvm_start_info, then the command line, memory map and module list. */
static int
pvh_start_info(struct domain *d, uint64_t si, uint64_t rd_gpa, size_t rd_size,
               const char *cmdline, const struct domain_rings *r)
{
    struct hvm_start_info info;
    struct hvm_memmap_table_entry map[4];
    struct hvm_modlist_entry mod;
    size_t cl = strlen(cmdline) + 1;

    memset(&info, 0, sizeof(info));
    info.magic = XEN_HVM_START_MAGIC_VALUE;
    info.version = 1;
    info.flags = d->is_privileged ? (SIF_PRIVILEGED | SIF_INITDOMAIN) : 0;
    info.cmdline_paddr = si + 0x100;
    info.memmap_paddr = si + 0xa00;
    info.memmap_entries = r ? 4 : 3;
    memset(map, 0, sizeof(map));
    map[0].addr = 0;
    map[0].size = 0xa0000;
    map[0].type = XEN_HVM_MEMMAP_TYPE_RAM;
    map[1].addr = 0xa0000;
    map[1].size = 0x60000;
    map[1].type = XEN_HVM_MEMMAP_TYPE_RESERVED;
    map[2].addr = 0x100000;
    map[2].size = ram_usable(d, r) - 0x100000;
    map[2].type = XEN_HVM_MEMMAP_TYPE_RAM;
    map[3].addr = ram_usable(d, r);             /* the rings, if any */
    map[3].size = RING_PAGES << PAGE_SHIFT;
    map[3].type = XEN_HVM_MEMMAP_TYPE_RESERVED;
    if (rd_size) {
        memset(&mod, 0, sizeof(mod));
        mod.paddr = rd_gpa;
        mod.size = rd_size;
        info.nr_modules = 1;
        info.modlist_paddr = si + 0xc00;
        if (hvm_copy_to_gpa(d, info.modlist_paddr, &mod, sizeof(mod)))
            return -EFAULT;
    }
    if (cl > 0x900)
        cl = 0x900;
    if (hvm_copy_to_gpa(d, si, &info, sizeof(info)) ||
        hvm_copy_to_gpa(d, info.cmdline_paddr, cmdline, cl) ||
        hvm_copy_to_gpa(d, info.memmap_paddr, map,
                        info.memmap_entries * sizeof(map[0])))
        return -EFAULT;
    return 0;
}

int
hvm_build_pvh(struct domain *d, const void *image, size_t size,
              const void *rd, size_t rd_size, const char *cmdline,
              struct domain_rings *rings)
{
    static struct elf_info info;
    struct pvh_ctx ctx = { .d = d, .info = &info };
    struct vcpu *v = d->vcpu[0];
    uint64_t end, si, rd_gpa;
    char err[160];
    int rc;

    rc = elf_parse(image, size, &info, err, sizeof(err));
    if (rc) {
        printk(XENLOG_ERR "d%u: %s\n", d->domain_id, err);
        return rc;
    }
    if (!info.pvh) {
        printk(XENLOG_ERR "d%u: dom0=pvh needs a kernel with a PHYS32_ENTRY note; this one has none\n", d->domain_id);
        return -EINVAL;
    }
    if ((rc = elf_load(image, size, &info, pvh_copy, pvh_zero, &ctx))) {
        printk(XENLOG_ERR "d%u: the kernel does not fit in the domain's %lu MiB (error %d)\n", d->domain_id,
               (unsigned long)(ram_bytes(d) >> 20), rc);
        return rc;
    }
    end = elf_paddr_of(&info, info.virt_kend);
    si = ROUNDUP(end, PAGE_SIZE);
    rd_gpa = si + PAGE_SIZE;
    if (rd_gpa + rd_size > ram_usable(d, rings) ||
        (rings && (rc = place_rings(d, rings, rd_gpa + rd_size)))) {
        printk(XENLOG_ERR "d%u: no room for the start info and ramdisk\n", d->domain_id);
        return -ENOMEM;
    }
    if (rd_size && hvm_copy_to_gpa(d, rd_gpa, rd, rd_size))
        return -EFAULT;
    if ((rc = pvh_start_info(d, si, rd_gpa, rd_size, cmdline ? cmdline : "", rings)))
        return rc;
    hvm_funcs->set_initial_state(v, true, info.xen.phys32_entry);
    hvm_vcpu(v)->gprs.rbx = si;
    v->is_up = true;
    printk("d%u: PVH kernel %s %s, entry %#x, start info at %#lx, %lu MiB of RAM\n", d->domain_id,
           info.xen.guest_os, info.xen.guest_version, info.xen.phys32_entry,
           (unsigned long)si, (unsigned long)(ram_bytes(d) >> 20));
    return 0;
}
