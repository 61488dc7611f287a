/*
 * asm/processor.h - control registers, MSRs, CPUID, flags, halting.
 *
 * Where it runs: hypervisor only.
 */
#ifndef ASM_X86_PROCESSOR_H
#define ASM_X86_PROCESSOR_H

#include <stdint.h>
#include <stdbool.h>

#define X86_CR0_PE      (1UL << 0)
#define X86_CR0_MP      (1UL << 1)
#define X86_CR0_TS      (1UL << 3)
#define X86_CR0_NE      (1UL << 5)
#define X86_CR0_WP      (1UL << 16)
#define X86_CR0_PG      (1UL << 31)

#define X86_CR4_PAE     (1UL << 5)
#define X86_CR4_PGE     (1UL << 7)
#define X86_CR4_OSFXSR  (1UL << 9)

#define X86_EFLAGS_IF   (1UL << 9)
#define X86_EFLAGS_TF   (1UL << 8)

#define MSR_EFER                0xc0000080
#define  EFER_SCE               (1UL << 0)
#define  EFER_LME               (1UL << 8)
#define  EFER_LMA               (1UL << 10)
#define  EFER_NXE               (1UL << 11)
#define  EFER_SVME              (1UL << 12)
#define MSR_APIC_BASE           0x0000001b
#define  APIC_BASE_ENABLE       (1UL << 11)
#define  APIC_BASE_ADDR_MASK    0x000ffffffffff000UL
#define MSR_FEATURE_CONTROL     0x0000003a
#define MSR_VMX_BASIC           0x00000480
#define MSR_VMX_PROCBASED_CTLS  0x00000482
#define MSR_VMX_PROCBASED_CTLS2 0x0000048b
#define MSR_FS_BASE             0xc0000100
#define MSR_GS_BASE             0xc0000101

struct cpuid_regs { uint32_t eax, ebx, ecx, edx; };

static inline struct cpuid_regs cpuid_count(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_regs r;
    __asm__ volatile ("cpuid"
                      : "=a" (r.eax), "=b" (r.ebx), "=c" (r.ecx), "=d" (r.edx)
                      : "a" (leaf), "c" (subleaf));
    return r;
}

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
    return cpuid_count(leaf, 0);
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile ("rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile ("wrmsr" : : "c" (msr), "a" ((uint32_t)v),
                      "d" ((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile ("rdtsc" : "=a" (lo), "=d" (hi));
    return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR_ACCESSORS(n)                                          \
static inline uint64_t read_cr##n(void)                                 \
{                                                                       \
    uint64_t v;                                                         \
    __asm__ volatile ("mov %%cr" #n ", %0" : "=r" (v));                 \
    return v;                                                           \
}                                                                       \
static inline void write_cr##n(uint64_t v)                              \
{                                                                       \
    __asm__ volatile ("mov %0, %%cr" #n : : "r" (v) : "memory");        \
}
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)
#undef DEFINE_CR_ACCESSORS

static inline uint64_t read_rflags(void)
{
    uint64_t f;
    __asm__ volatile ("pushfq; popq %0" : "=r" (f));
    return f;
}

static inline void local_irq_enable(void)  { __asm__ volatile ("sti" ::: "memory"); }
static inline void local_irq_disable(void) { __asm__ volatile ("cli" ::: "memory"); }
static inline void cpu_relax(void)         { __asm__ volatile ("pause" ::: "memory"); }

/* Enable interrupts and wait for one, with no window in between. */
static inline void safe_halt(void)
{
    __asm__ volatile ("sti; hlt" ::: "memory");
}

static inline void clts(void)
{
    __asm__ volatile ("clts" ::: "memory");
}

static inline void invlpg(const void *va)
{
    __asm__ volatile ("invlpg (%0)" : : "r" (va) : "memory");
}

static inline void flush_tlb_all_local(void)
{
    uint64_t cr4 = read_cr4();

    /* Toggling PGE flushes global entries too. */
    write_cr4(cr4 & ~X86_CR4_PGE);
    write_cr4(cr4);
    write_cr3(read_cr3());
}

/* What boot-time CPU detection found (cpu.c). */
struct cpu_info {
    char vendor[13];
    char brand[49];
    unsigned int family, model, stepping;
    bool svm, npt, nrips, vmx, ept, ug;
    bool nx, pdpe1gb, pge, pat, apic, x2apic, tsc_invariant;
    uint32_t svm_asids;
    uint32_t max_leaf, max_ext_leaf;
};
extern struct cpu_info boot_cpu;
void cpu_detect(void);
void cpu_print(void);

#endif /* ASM_X86_PROCESSOR_H */
