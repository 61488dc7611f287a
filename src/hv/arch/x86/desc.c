/*
 * desc.c - the hypervisor's GDT, TSS and IDT.
 *
 * Where it runs: hypervisor only, once at boot (desc_init).
 *
 * The GDT has Xen's shape: guest-owned entries below selector 0xe000 (all
 * zero until PV guests exist), the hypervisor's from 0xe000 up, so guest
 * selectors like FLAT_RING3_CS64 (0xe033) mean what a Xen guest expects.
 * Double fault, NMI and machine check run on their own IST stacks, so even
 * a blown hypervisor stack is reported.
 */
#include <stdint.h>
#include <string.h>
#include <lib.h>
#include <asm/config.h>
#include <asm/desc.h>

#define GDT_CODE64_R0   0x00af9a000000ffffULL
#define GDT_DATA_R0     0x00cf92000000ffffULL
#define GDT_CODE32_R3   0x00cffa000000ffffULL
#define GDT_DATA_R3     0x00cff2000000ffffULL
#define GDT_CODE64_R3   0x00affa000000ffffULL
#define GDT_CODE32_R0   0x00cf9a000000ffffULL

#define IDT_GATE_INTR   0x8e        /* present, DPL 0, 64-bit interrupt gate */

struct __attribute__((packed)) idt_gate {
    uint16_t offset_lo, selector;
    uint8_t ist, type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi, reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate");

struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    uint64_t base;
};

extern const uint64_t trap_stubs[256];
extern char boot_stack[], boot_stack_top[];

uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(4096)));
static struct idt_gate idt[256] __attribute__((aligned(4096)));
struct tss64 boot_tss __attribute__((aligned(128)));
static char ist_stacks[3][STACK_SIZE] __attribute__((aligned(4096)));

#define GDT_SLOT(sel) ((sel) >> 3)

static void
gdt_setup(void)
{
    uint64_t base = (uint64_t)&boot_tss, limit = sizeof(boot_tss) - 1;

    gdt[GDT_SLOT(__HYPERVISOR_CS)] = GDT_CODE64_R0;
    gdt[GDT_SLOT(__HYPERVISOR_DS32)] = GDT_DATA_R0;
    gdt[GDT_SLOT(FLAT_RING3_CS32)] = GDT_CODE32_R3;
    gdt[GDT_SLOT(FLAT_RING3_DS32)] = GDT_DATA_R3;
    gdt[GDT_SLOT(FLAT_RING3_CS64)] = GDT_CODE64_R3;
    gdt[GDT_SLOT(__HYPERVISOR_CS32)] = GDT_CODE32_R0;
    /* 16-byte available 64-bit TSS descriptor (type 9, present). */
    gdt[GDT_SLOT(TSS_SELECTOR)] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                                  (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
                                  (((base >> 24) & 0xff) << 56);
    gdt[GDT_SLOT(TSS_SELECTOR) + 1] = base >> 32;
}

static void
gdt_load(void)
{
    struct desc_ptr p = { sizeof(gdt) - 1, (uint64_t)gdt };

    __asm__ volatile (
        "lgdt %0\n\t"
        "pushq %1\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "movl %2, %%eax\n\t"
        "movl %%eax, %%ds\n\t"
        "movl %%eax, %%es\n\t"
        "movl %%eax, %%ss\n\t"
        "xorl %%eax, %%eax\n\t"
        "movl %%eax, %%fs\n\t"
        "movl %%eax, %%gs\n\t"
        "ltr %w3"
        : : "m" (p), "i" (__HYPERVISOR_CS), "i" (__HYPERVISOR_DS32), "r" (TSS_SELECTOR)
        : "rax", "memory");
}

static void
idt_set(unsigned int vec, uint64_t handler, unsigned int ist)
{
    struct idt_gate *g = &idt[vec];

    g->offset_lo = handler & 0xffff;
    g->selector = __HYPERVISOR_CS;
    g->ist = ist & 7;
    g->type_attr = IDT_GATE_INTR;
    g->offset_mid = (handler >> 16) & 0xffff;
    g->offset_hi = handler >> 32;
    g->reserved = 0;
}

void
desc_init(void)
{
    struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)idt };

    memset(&boot_tss, 0, sizeof(boot_tss));
    boot_tss.rsp[0] = (uint64_t)boot_stack_top;
    boot_tss.ist[IST_DF - 1] = (uint64_t)ist_stacks[0] + STACK_SIZE;
    boot_tss.ist[IST_NMI - 1] = (uint64_t)ist_stacks[1] + STACK_SIZE;
    boot_tss.ist[IST_MC - 1] = (uint64_t)ist_stacks[2] + STACK_SIZE;
    boot_tss.iomap_base = sizeof(boot_tss);     /* no I/O bitmap */
    gdt_setup();
    gdt_load();

    for (unsigned int v = 0; v < 256; v++)
        idt_set(v, trap_stubs[v], 0);
    idt_set(2, trap_stubs[2], IST_NMI);
    idt_set(8, trap_stubs[8], IST_DF);
    idt_set(18, trap_stubs[18], IST_MC);
    /* int3 and into from a PV guest (ring 3) must raise #BP/#OF, not #GP. */
    idt[3].type_attr |= 3 << 5;
    idt[4].type_attr |= 3 << 5;
    __asm__ volatile ("lidt %0" : : "m" (p));
}

/* Load an LDT of nr_ents descriptors at base (0: none). */
void
load_ldt(uint64_t base, unsigned int nr_ents)
{
    uint64_t limit = nr_ents * 8 - 1;

    if (!nr_ents) {
        __asm__ volatile ("lldt %w0" : : "r" (0));
        return;
    }
    /* 16-byte LDT system descriptor (type 2, present). */
    gdt[GDT_SLOT(LDT_SELECTOR)] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                                  (0x82ULL << 40) | (((limit >> 16) & 0xf) << 48) |
                                  (((base >> 24) & 0xff) << 56);
    gdt[GDT_SLOT(LDT_SELECTOR) + 1] = base >> 32;
    __asm__ volatile ("lldt %w0" : : "r" (LDT_SELECTOR));
}

int
stack_bounds(uint64_t sp, uint64_t *lo, uint64_t *hi)
{
    if (sp >= (uint64_t)boot_stack && sp <= (uint64_t)boot_stack_top) {
        *lo = (uint64_t)boot_stack;
        *hi = (uint64_t)boot_stack_top;
        return 1;
    }
    for (unsigned int i = 0; i < 3; i++) {
        uint64_t b = (uint64_t)ist_stacks[i];

        if (sp >= b && sp <= b + STACK_SIZE) {
            *lo = b;
            *hi = b + STACK_SIZE;
            return 1;
        }
    }
    return 0;
}
