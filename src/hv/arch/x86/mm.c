/*
 * mm.c - the hypervisor's own page tables.
 *
 * Where it runs: hypervisor only.
 *
 * paging_init() replaces the boot tables of head.S with the final ones:
 *   - the direct map: every usable range of the memory map at
 *     DIRECTMAP_VIRT_START + machine address, read/write, never executable;
 *   - the image window: XEN_VIRT_START + [0, end of image), executable.
 * The identity mapping of low memory is gone afterwards, so a NULL (or any
 * low) pointer dereference in the hypervisor faults and is reported.
 *
 * Page-table frames come from the boot allocator (memmap_alloc, below the
 * first GiB that the boot tables reach) until the frame allocator is up,
 * then from alloc_frames().
 */
#include <stdbool.h>
#include <string.h>
#include <arch_hooks.h>
#include <lib.h>
#include <memmap.h>
#include <mm.h>
#include <pv_mm.h>
#include <asm/page.h>
#include <asm/processor.h>

extern char _start[], _end[];

uint64_t *idle_pg_table;
static struct memmap *boot_memmap;
static bool use_frame_allocator;
static uint64_t nx_bit;

#define BOOT_MAPPED_LIMIT (1ULL << 30)

uint64_t
virt_to_maddr(const void *va)
{
    uint64_t v = (uint64_t)va;

    if (v >= DIRECTMAP_VIRT_START && v < DIRECTMAP_VIRT_END)
        return v - DIRECTMAP_VIRT_START;
    if (v >= XEN_VIRT_START && v < XEN_VIRT_START + XEN_VIRT_SIZE)
        return v - XEN_VIRT_START;
    panic("virt_to_maddr: %p is neither in the direct map nor in the image", va);
}

void *
arch_mfn_to_virt(uint64_t mfn)
{
    return maddr_to_virt(mfn << PAGE_SHIFT);
}

uint64_t
arch_virt_to_mfn(const void *va)
{
    return virt_to_maddr(va) >> PAGE_SHIFT;
}

/* A zeroed frame for a page table; returns its machine address. */
static uint64_t
pt_alloc(void)
{
    uint64_t ma;

    if (use_frame_allocator) {
        struct page_info *pg = alloc_frames(0);

        if (!pg)
            panic("out of memory for hypervisor page tables");
        ma = page_to_mfn(pg) << PAGE_SHIFT;
    } else {
        ma = memmap_alloc(boot_memmap, PAGE_SIZE, PAGE_SIZE, BOOT_MAPPED_LIMIT,
                          MEM_BOOTALLOC);
        if (!ma)
            panic("out of boot memory for hypervisor page tables");
    }
    memset(maddr_to_virt(ma), 0, PAGE_SIZE);
    return ma;
}

void
paging_use_frame_allocator(void)
{
    use_frame_allocator = true;
}

/* The next-level table under entry `e`, created when absent. */
static uint64_t *
pt_next(uint64_t *e, bool user)
{
    if (!(*e & _PAGE_PRESENT))
        *e = pt_alloc() | _PAGE_PRESENT | _PAGE_RW | (user ? _PAGE_USER : 0);
    if (*e & _PAGE_PSE)
        panic("map_pages: would split a superpage (entry %#lx)", (unsigned long)*e);
    return maddr_to_virt(*e & PTE_ADDR_MASK);
}

static uint64_t
leaf_flags(unsigned int kind)
{
    uint64_t f = _PAGE_PRESENT | _PAGE_GLOBAL | _PAGE_ACCESSED | _PAGE_DIRTY;

    if (kind & MAP_RW)
        f |= _PAGE_RW;
    if (!(kind & MAP_EXEC))
        f |= nx_bit;
    if (kind & MAP_UC)
        f |= _PAGE_PCD | _PAGE_PWT;
    if (kind & MAP_USER)
        f |= _PAGE_USER;
    return f;
}

/*
 * Map [ma, ma + size) at va in the hypervisor's tables: 2 MiB pages where
 * both addresses are aligned and enough remains, 4 KiB pages elsewhere.
 * Returns 0, or -1 for unaligned arguments.
 */
int
map_pages(uint64_t va, uint64_t ma, uint64_t size, unsigned int kind)
{
    uint64_t flags = leaf_flags(kind);

    if ((va | ma | size) & (PAGE_SIZE - 1))
        return -1;
    while (size) {
        bool user = kind & MAP_USER;
        uint64_t *l3 = pt_next(&idle_pg_table[PT_INDEX(va, L4_SHIFT)], user);
        uint64_t *l2 = pt_next(&l3[PT_INDEX(va, L3_SHIFT)], user);
        uint64_t step;

        if (!(kind & MAP_SMALL) && !((va | ma) & (SUPERPAGE_SIZE - 1)) &&
            size >= SUPERPAGE_SIZE && !(l2[PT_INDEX(va, L2_SHIFT)] & _PAGE_PRESENT)) {
            l2[PT_INDEX(va, L2_SHIFT)] = ma | flags | _PAGE_PSE;
            step = SUPERPAGE_SIZE;
        } else {
            uint64_t *l1 = pt_next(&l2[PT_INDEX(va, L2_SHIFT)], user);

            l1[PT_INDEX(va, L1_SHIFT)] = ma | flags;
            step = PAGE_SIZE;
        }
        if (idle_pg_table == maddr_to_virt(read_cr3() & PTE_ADDR_MASK))
            invlpg((void *)va);
        va += step;
        ma += step;
        size -= step;
    }
    return 0;
}

/* Device memory, reached through its direct-map address, uncached. */
void *
ioremap(uint64_t ma, size_t size)
{
    uint64_t base = ROUNDDOWN(ma, PAGE_SIZE);
    uint64_t len = ROUNDUP(ma + size, PAGE_SIZE) - base;

    if (map_pages(DIRECTMAP_VIRT_START + base, base, len, MAP_RW | MAP_UC | MAP_SMALL))
        return NULL;
    return maddr_to_virt(ma);
}

static bool
directmap_wanted(uint32_t type)
{
    return type != MEM_RESERVED && type != MEM_UNUSABLE;
}

void
paging_init(struct memmap *m, uint64_t ram_end)
{
    uint64_t image_end = ROUNDUP((uint64_t)_end - XEN_VIRT_START, SUPERPAGE_SIZE);

    boot_memmap = m;
    nx_bit = boot_cpu.nx ? _PAGE_NX : 0;
    idle_pg_table = maddr_to_virt(pt_alloc());

    /* Low 1 MiB (BIOS data, VGA) plus every usable range, page granular. */
    map_pages(DIRECTMAP_VIRT_START, 0, 1ULL << 20, MAP_RW);
    for (unsigned int i = 0; i < m->nr; i++) {
        uint64_t s = ROUNDUP(m->e[i].start, PAGE_SIZE);
        uint64_t e = ROUNDDOWN(m->e[i].end, PAGE_SIZE);

        if (!directmap_wanted(m->e[i].type) || e <= s || e <= (1ULL << 20))
            continue;
        if (s < (1ULL << 20))
            s = 1ULL << 20;
        map_pages(DIRECTMAP_VIRT_START + s, s, e - s, MAP_RW);
    }
    map_pages(XEN_VIRT_START, 0, image_end, MAP_RW | MAP_EXEC);

    write_cr4(read_cr4() | X86_CR4_PGE);
    write_cr3(virt_to_maddr(idle_pg_table));
    printk(XENLOG_INFO "Paging: direct map of %lu MiB at %#lx, image at %#lx, NX %s\n",
           (unsigned long)(ram_end >> 20), (unsigned long)DIRECTMAP_VIRT_START,
           (unsigned long)XEN_VIRT_START, nx_bit ? "on" : "off (CPU has none)");
}

/*
 * The machine-to-physical table: one 8-byte entry per machine frame, the
 * guest pfn it holds (or ~0).  PV guests read it at MACH2PHYS_VIRT_START,
 * so it is mapped there read-only and user-accessible; only
 * MMU_MACHPHYS_UPDATE and the domain builder write it.
 */
void
m2p_init(void)
{
    uint64_t bytes = ROUNDUP(frame_table_nr * 8, PAGE_SIZE);
    unsigned int order = 0;
    struct page_info *pg;

    while ((PAGE_SIZE << order) < bytes)
        order++;
    pg = alloc_frames(order);
    if (!pg)
        panic("no memory for the M2P table (%lu KiB)", (unsigned long)(bytes >> 10));
    m2p_table = page_to_virt(pg);
    m2p_nr = frame_table_nr;
    for (uint64_t i = 0; i < m2p_nr; i++)
        m2p_table[i] = ~0ULL;
    map_pages(0xffff800000000000UL, page_to_mfn(pg) << PAGE_SHIFT, PAGE_SIZE << order,
              MAP_USER | MAP_SMALL);
    printk("M2P: %lu entries at %#lx (read-only for guests)\n", (unsigned long)m2p_nr,
           0xffff800000000000UL);
}
