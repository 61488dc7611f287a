/*
 * asm/config.h - the hypervisor's virtual memory layout and fixed numbers.
 *
 * Where it runs: hypervisor only (also included by assembly and the
 * linker script, so it holds only #defines).
 *
 * The layout follows the part of the 64-bit address space that Xen keeps
 * for itself in every PV guest: PML4 slots 256..271, i.e.
 * [0xffff800000000000, 0xffff880000000000).  Keeping the hypervisor there
 * from the first day means it can later share each PV guest's page tables,
 * exactly as a Xen PV guest expects (HYPERVISOR_VIRT_START/END).
 *
 *   slot 256      0xffff800000000000  read-only M2P table for guests (later)
 *   slot 261      0xffff82d080000000  hypervisor image: virt = XEN_VIRT_START + phys
 *   slot 262..271 0xffff830000000000  direct map of all machine memory (5 TiB)
 */
#ifndef ASM_X86_CONFIG_H
#define ASM_X86_CONFIG_H

#define HYPERVISOR_AREA_START   0xffff800000000000
#define HYPERVISOR_AREA_END     0xffff880000000000

#define XEN_VIRT_START          0xffff82d080000000
#define XEN_LOAD_PADDR          0x200000        /* 2 MiB: physical load address */
#define XEN_VIRT_SIZE           0x40000000      /* 1 GiB window for the image */

#define DIRECTMAP_VIRT_START    0xffff830000000000
#define DIRECTMAP_VIRT_END      0xffff880000000000

#define PML4_SLOT(va)           (((va) >> 39) & 511)

#define STACK_ORDER             2               /* 16 KiB hypervisor stacks */
#define STACK_SIZE              (4096 << STACK_ORDER)

/* Selectors: Xen's reserved GDT area starts at entry 0x1c00 (byte 0xe000). */
#define GDT_RESERVED_BYTE 0xe000
#define GDT_RESERVED_ENTRY (GDT_RESERVED_BYTE / 8)
#define GDT_ENTRIES             (GDT_RESERVED_ENTRY + 16)
#define __HYPERVISOR_CS         0xe008          /* ring 0, 64-bit code */
#define __HYPERVISOR_DS32       0xe010          /* ring 0, flat data */
#define FLAT_RING3_CS32         0xe023
#define FLAT_RING3_DS32         0xe02b
#define FLAT_RING3_CS64         0xe033
#define __HYPERVISOR_CS32       0xe038
#define TSS_SELECTOR            0xe040          /* 16-byte system descriptor */
#define LDT_SELECTOR            0xe050

/* Boot-time selectors of the small GDT in head.S. */
#define BOOT_CS64               0x08
#define BOOT_DS                 0x10

/* Interrupt vectors the hypervisor owns. */
#define PIC_VECTOR_BASE         0x20            /* legacy 8259s, remapped and masked */
#define LAPIC_TIMER_VECTOR      0xf0
#define SPURIOUS_VECTOR         0xff

#define HZ                      100             /* hypervisor tick */

#endif /* ASM_X86_CONFIG_H */
