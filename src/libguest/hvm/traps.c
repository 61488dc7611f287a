/*
 * libguest/hvm/traps.c - the guest IDT: catching expected traps, event
 * upcalls on HVM_UPCALL_VECTOR, and reporting anything else.
 *
 * Where it runs: guest only (ring 0).
 *
 * The entry heads load a GDT with a flat 32-bit code segment at 0x08 and
 * a 64-bit one at 0x18; gates use whichever the guest runs on.  Vectors
 * 0..31 and HVM_UPCALL_VECTOR have gates; any other vector raises #NP,
 * which ends up as an unexpected trap.
 */
#include "hvm.h"

#define SEL_CODE32 0x08
#define SEL_CODE64 0x18
#define GATE_INT_P0 0x8e      /* present, DPL 0, interrupt gate */

extern const unsigned long hvm_trap_stubs[33];

volatile unsigned long trap_resume;
volatile unsigned int trap_count;
volatile unsigned long last_trap_vector, last_trap_error, last_trap_ip;
volatile unsigned int upcall_count;

#ifdef __x86_64__
struct gate { uint16_t off0, sel; uint8_t ist, type; uint16_t off1; uint32_t off2, zero; };
_Static_assert(sizeof(struct gate) == 16, "64-bit IDT gate");
#else
struct gate { uint16_t off0, sel; uint8_t zero, type; uint16_t off1; };
_Static_assert(sizeof(struct gate) == 8, "32-bit IDT gate");
#endif

static struct gate idt[256] __attribute__((aligned(16)));

struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    unsigned long base;
};

static void
gate_set(unsigned int vec, unsigned long handler)
{
    struct gate *g = &idt[vec];

    memset(g, 0, sizeof(*g));
    g->off0 = (uint16_t)handler;
    g->off1 = (uint16_t)(handler >> 16);
    g->type = GATE_INT_P0;
#ifdef __x86_64__
    g->sel = SEL_CODE64;
    g->off2 = (uint32_t)(handler >> 32);
#else
    g->sel = SEL_CODE32;
#endif
}

void
traps_init(void)
{
    struct desc_ptr p = { sizeof(idt) - 1, (unsigned long)idt };

    for (unsigned int v = 0; v < 32; v++)
        gate_set(v, hvm_trap_stubs[v]);
    gate_set(HVM_UPCALL_VECTOR, hvm_trap_stubs[32]);
    __asm__ volatile ("lidt %0" : : "m" (p));
}

void
idt_load_empty(void)
{
    struct desc_ptr p = { 0, 0 };

    __asm__ volatile ("lidt %0" : : "m" (p));
}

__attribute__((weak)) void
hvm_upcall(struct hvm_trap_frame *f)
{
    upcall_count++;
}

void hvm_unexpected_trap(struct hvm_trap_frame *f);
void hvm_trap(struct hvm_trap_frame *f);

void
hvm_trap(struct hvm_trap_frame *f)
{
    if (f->vector == HVM_UPCALL_VECTOR) {
        hvm_upcall(f);
        return;
    }
    if (trap_resume) {
        last_trap_vector = f->vector;
        last_trap_error = f->error_code;
        last_trap_ip = f->ip;
        f->ip = trap_resume;
        trap_resume = 0;
        trap_count++;
        return;
    }
    hvm_unexpected_trap(f);
}
