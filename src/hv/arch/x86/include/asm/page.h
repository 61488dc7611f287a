/*
 * asm/page.h - x86-64 page-table entries and the hypervisor's address
 * translations.
 *
 * Where it runs: hypervisor only.
 *
 * The hypervisor reaches every machine frame through the direct map
 * (maddr_to_virt); its own image is also visible at XEN_VIRT_START + phys.
 */
#ifndef ASM_X86_PAGE_H
#define ASM_X86_PAGE_H

#include <stdint.h>
#include <stddef.h>
#include <asm/config.h>

#define _PAGE_PRESENT   (1UL << 0)
#define _PAGE_RW        (1UL << 1)
#define _PAGE_USER      (1UL << 2)
#define _PAGE_PWT       (1UL << 3)
#define _PAGE_PCD       (1UL << 4)
#define _PAGE_ACCESSED  (1UL << 5)
#define _PAGE_DIRTY     (1UL << 6)
#define _PAGE_PSE       (1UL << 7)
#define _PAGE_GLOBAL    (1UL << 8)
#define _PAGE_NX        (1UL << 63)

#define PTE_ADDR_MASK   0x000ffffffffff000UL
#define L1_SHIFT        12
#define L2_SHIFT        21
#define L3_SHIFT        30
#define L4_SHIFT        39
#define PT_INDEX(va, shift) (((va) >> (shift)) & 511)
#define SUPERPAGE_SIZE  (1UL << L2_SHIFT)

/* Kinds of mapping for map_pages(). */
#define MAP_RW          (1u << 0)
#define MAP_EXEC        (1u << 1)
#define MAP_UC          (1u << 2)   /* uncached: device memory */
#define MAP_SMALL       (1u << 3)   /* 4 KiB pages only */
#define MAP_USER        (1u << 4)   /* reachable from ring 3 (the M2P for PV guests) */

static inline void *maddr_to_virt(uint64_t ma)
{
    return (void *)(DIRECTMAP_VIRT_START + ma);
}

uint64_t virt_to_maddr(const void *va);

extern uint64_t *idle_pg_table;     /* the hypervisor's L4 (virtual address) */

struct memmap;
void paging_init(struct memmap *m, uint64_t ram_end);
void paging_use_frame_allocator(void);
int map_pages(uint64_t va, uint64_t ma, uint64_t size, unsigned int kind);
void *ioremap(uint64_t ma, size_t size);
void m2p_init(void);

#endif /* ASM_X86_PAGE_H */
