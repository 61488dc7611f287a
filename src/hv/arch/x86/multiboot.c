/*
 * multiboot.c - read the Multiboot1 information the boot loader left.
 *
 * Where it runs: hypervisor only, at boot, while the boot page tables map
 * the first GiB of physical memory in the direct map.
 *
 * Everything needed later is copied into struct boot_info: the command line
 * (minus the image name that GRUB and QEMU put first), the memory map, the
 * boot modules (dom0 kernel, ramdisk) and their command lines.
 */
#include <stddef.h>
#include <string.h>
#include <lib.h>
#include <memmap.h>
#include <asm/multiboot.h>
#include <asm/page.h>

#define MB_LOADER_MAGIC     0x2badb002
#define MBI_MEM             (1u << 0)
#define MBI_CMDLINE         (1u << 2)
#define MBI_MODS            (1u << 3)
#define MBI_MMAP            (1u << 6)
#define MBI_LOADER_NAME     (1u << 9)

#define BOOT_MAPPED_LIMIT   (1ULL << 30)    /* what the boot tables map */

struct mb_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;          /* KiB below 1 MiB / above 1 MiB */
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
};

struct mb_module {
    uint32_t mod_start, mod_end, string, reserved;
};

struct __attribute__((packed)) mb_mmap_entry {
    uint32_t size;                          /* of the rest of the entry */
    uint64_t addr, len;
    uint32_t type;
};

/* A pointer to loader data, or NULL when it lies outside the boot mapping. */
static const void *
mb_ptr(uint64_t pa, uint64_t len)
{
    if (pa == 0 || pa >= BOOT_MAPPED_LIMIT || len > BOOT_MAPPED_LIMIT - pa)
        return NULL;
    return maddr_to_virt(pa);
}

static void
mb_copy_string(char *dst, size_t size, uint32_t pa)
{
    const char *s = mb_ptr(pa, 1);
    size_t i = 0;

    if (s)
        for (; i + 1 < size && pa + i < BOOT_MAPPED_LIMIT && s[i]; i++)
            dst[i] = s[i];
    dst[i] = '\0';
}

/*
 * QEMU (and GRUB legacy) start the command line with the image's path
 * ("/path/xenolith console=com1"); GRUB 2 passes only the options.  Like
 * Xen, drop the first word unless the loader is GRUB 2.
 */
static const char *
cook_cmdline(const char *s, const char *loader)
{
    if (!strncmp(loader, "GRUB 2", 6))
        return s;
    while (*s == ' ')
        s++;
    while (*s && *s != ' ')
        s++;
    while (*s == ' ')
        s++;
    return s;
}

static int
mb_parse_mmap(const struct mb_info *mbi, struct memmap *m)
{
    uint64_t off = 0;

    if (!(mbi->flags & MBI_MMAP)) {
        if (!(mbi->flags & MBI_MEM)) {
            printk(XENLOG_ERR "multiboot: the loader gave no memory information\n");
            return -1;
        }
        memmap_add(m, 0, (uint64_t)mbi->mem_lower << 10, MEM_RAM);
        memmap_add(m, 1ULL << 20, (1ULL << 20) + ((uint64_t)mbi->mem_upper << 10), MEM_RAM);
        return 0;
    }
    while (off + sizeof(struct mb_mmap_entry) <= mbi->mmap_length) {
        const struct mb_mmap_entry *e = mb_ptr(mbi->mmap_addr + off, sizeof(*e));

        if (!e || e->size < 20)
            break;
        if (e->len && e->addr + e->len > e->addr)
            memmap_add(m, e->addr, e->addr + e->len,
                       e->type >= 1 && e->type <= 5 ? e->type : MEM_RESERVED);
        off += (uint64_t)e->size + 4;
    }
    return 0;
}

static void
mb_parse_modules(const struct mb_info *mbi, struct boot_info *bi)
{
    static char raw[MODULE_CMDLINE_MAX];
    const struct mb_module *mods;
    unsigned int n = mbi->mods_count;

    if (!(mbi->flags & MBI_MODS) || n == 0)
        return;
    if (n > MAX_BOOT_MODULES) {
        printk(XENLOG_WARNING "multiboot: %u modules given, only the first %u are used\n",
               n, MAX_BOOT_MODULES);
        n = MAX_BOOT_MODULES;
    }
    mods = mb_ptr(mbi->mods_addr, (uint64_t)n * sizeof(*mods));
    if (!mods) {
        printk(XENLOG_ERR "multiboot: module list at %#x is not reachable\n", mbi->mods_addr);
        return;
    }
    for (unsigned int i = 0; i < n; i++) {
        struct boot_module *bm = &bi->modules[bi->nr_modules];

        if (mods[i].mod_end < mods[i].mod_start) {
            printk(XENLOG_ERR "multiboot: module %u has end %#x before start %#x; ignored\n",
                   i, mods[i].mod_end, mods[i].mod_start);
            continue;
        }
        bm->start = mods[i].mod_start;
        bm->end = mods[i].mod_end;
        mb_copy_string(raw, sizeof(raw), mods[i].string);
        xl_snprintf(bm->cmdline, sizeof(bm->cmdline), "%s", cook_cmdline(raw, bi->loader));
        bi->nr_modules++;
    }
}

int
multiboot_parse(uint32_t magic, uint32_t mbi_pa, struct boot_info *bi)
{
    const struct mb_info *mbi = mb_ptr(mbi_pa, sizeof(*mbi));
    char raw[BOOT_CMDLINE_MAX];

    memset(bi, 0, sizeof(*bi));
    if (magic != MB_LOADER_MAGIC || !mbi) {
        printk(XENLOG_ERR "multiboot: bad magic %#x or info at %#x\n", magic, mbi_pa);
        return -1;
    }
    bi->mbi_start = mbi_pa;
    bi->mbi_end = mbi_pa + sizeof(*mbi);
    if (mbi->flags & MBI_LOADER_NAME)
        mb_copy_string(bi->loader, sizeof(bi->loader), mbi->boot_loader_name);
    else
        xl_snprintf(bi->loader, sizeof(bi->loader), "unknown");
    if (mbi->flags & MBI_CMDLINE) {
        mb_copy_string(raw, sizeof(raw), mbi->cmdline);
        xl_snprintf(bi->cmdline, sizeof(bi->cmdline), "%s", cook_cmdline(raw, bi->loader));
    }
    mb_parse_modules(mbi, bi);
    return mb_parse_mmap(mbi, &bi->memmap);
}
