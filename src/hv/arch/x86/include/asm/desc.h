/*
 * asm/desc.h - GDT, TSS and IDT of the hypervisor.
 *
 * Where it runs: hypervisor only.  desc_init() runs early in start_xen,
 * before anything that may fault, so that every exception is reported.
 * The GDT keeps Xen's layout: entries below GDT_RESERVED_ENTRY belong
 * to a PV guest (later), the hypervisor's own start at selector 0xe000.
 */
#ifndef ASM_X86_DESC_H
#define ASM_X86_DESC_H

#include <stdint.h>

struct __attribute__((packed)) tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];        /* stack for a switch to ring 0..2 */
    uint64_t reserved1;
    uint64_t ist[7];        /* interrupt stack table, IST1..IST7 */
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};
_Static_assert(sizeof(struct tss64) == 104, "TSS layout (AMD APM vol 2, 12.2.5)");

#define IST_DF  1
#define IST_NMI 2
#define IST_MC  3

extern struct tss64 boot_tss;

void desc_init(void);
void load_ldt(uint64_t base, unsigned int nr_ents);
/* The GDT: entries below GDT_RESERVED_ENTRY belong to the running PV
 * guest (set_gdt copies its frames there), the rest to the hypervisor. */
extern uint64_t gdt[];
/* Is [lo, hi) one of the hypervisor's stacks that contains sp? */
int stack_bounds(uint64_t sp, uint64_t *lo, uint64_t *hi);

#endif /* ASM_X86_DESC_H */
