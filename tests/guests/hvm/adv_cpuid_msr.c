/*
 * tests/guests/hvm/adv_cpuid_msr.c - CPUID over the whole leaf range
 * (dense where leaves live, sampled elsewhere) and RDMSR/WRMSR over MSR
 * index ranges, every #GP caught by the guest's IDT.  The hypervisor
 * must answer every CPUID (no fault, same answer twice) and turn every
 * MSR it does not implement into #GP for the guest, never a crash.
 *
 * Where it runs: guest only (PVH dom0, 64-bit).
 *
 * Writes: an MSR that read fine is written back with the value read; one
 * whose read faulted is written with 0.  Xen's own range 0x400000xx is
 * read only (writing the hypercall MSR would overwrite guest memory).
 */
#include "hvm.h"

static unsigned int leaves, msr_reads, msr_read_gp, msr_writes, msr_write_gp;

static int
cpuid_check(uint32_t leaf, uint32_t sub)
{
    struct cpuid_regs a = cpuid_count(leaf, sub), b = cpuid_count(leaf, sub);

    leaves++;
    if (leaf == 0x40000003 && sub == 2)   /* Xen: tsc info with a live value */
        return 1;
    return !memcmp(&a, &b, sizeof(a));
}

HVM_TEST(cpuid_all_leaves)
{
    static const struct { uint32_t from, to; } dense[] = {
        { 0, 0x40 }, { 0x40000000, 0x40000110 }, { 0x80000000, 0x80000040 },
        { 0xc0000000, 0xc0000010 }, { 0x8ffffff0, 0x90000010 },
    };
    unsigned int before = trap_count;

    for (unsigned int r = 0; r < ARRAY_SIZE(dense); r++)
        for (uint32_t l = dense[r].from; l < dense[r].to; l++)
            for (uint32_t s = 0; s < 4; s++)
                CHECK(cpuid_check(l, s), "leaf %#x.%u differs between two reads", l, s);
    for (uint64_t l = 0; l <= 0xffffffffu; l += 0x00fedcb1)
        CHECK(cpuid_check((uint32_t)l, 0), "leaf %#x differs between two reads", (uint32_t)l);
    CHECK(cpuid_check(0xffffffffu, 0xffffffffu), "leaf 0xffffffff differs");
    CHECK_EQ(trap_count, before);
    test_note("%u CPUID leaves/subleaves, no fault", leaves);
}

static int
msr_write_allowed(uint32_t idx)
{
    return (idx & 0xffffff00u) != 0x40000000u;
}

/* RDMSR/WRMSR that resume after the instruction on #GP (traps.c). */
static unsigned int
rdmsr_safe(uint32_t idx, uint32_t *lo, uint32_t *hi)
{
    unsigned int before = trap_count;
    uint32_t a = 0, d = 0;

    __asm__ volatile ("movq $1f, trap_resume\n\trdmsr\n1:\n\tmovq $0, trap_resume"
                      : "+a" (a), "+d" (d) : "c" (idx) : "memory");
    *lo = a;
    *hi = d;
    return trap_count - before;
}

static unsigned int
wrmsr_safe(uint32_t idx, uint32_t lo, uint32_t hi)
{
    unsigned int before = trap_count;

    __asm__ volatile ("movq $1f, trap_resume\n\twrmsr\n1:\n\tmovq $0, trap_resume"
                      : : "a" (lo), "d" (hi), "c" (idx) : "memory");
    return trap_count - before;
}

static void
msr_probe(uint32_t idx)
{
    uint32_t lo, hi;
    unsigned int gp;

    msr_reads++;
    gp = rdmsr_safe(idx, &lo, &hi);
    msr_read_gp += gp;
    if (gp)
        lo = hi = 0;
    if (!msr_write_allowed(idx))
        return;
    msr_writes++;
    msr_write_gp += wrmsr_safe(idx, lo, hi);
}

HVM_TEST(msr_ranges)
{
    static const struct { uint32_t from, to; } ranges[] = {
        { 0, 0x200 }, { 0x800, 0x840 }, { 0xc0000080, 0xc0000105 },
        { 0xc0010000, 0xc0010020 }, { 0xc0011000, 0xc0011040 },
        { 0x40000000, 0x40000010 },
    };

    for (unsigned int r = 0; r < ARRAY_SIZE(ranges); r++)
        for (uint32_t i = ranges[r].from; i < ranges[r].to; i++) {
            if (i == 0x10)          /* TSC: write-back would jump time */
                continue;
            msr_probe(i);
        }
    for (uint64_t i = 0; i <= 0xffffffffu; i += 0x00fedcb1)
        msr_probe((uint32_t)i);
    test_note("%u MSR reads (%u #GP), %u writes (%u #GP)", msr_reads, msr_read_gp,
              msr_writes, msr_write_gp);
    CHECK(msr_read_gp > 0, "no MSR read faulted: unimplemented MSRs must #GP");
    CHECK(msr_read_gp < msr_reads, "every MSR read faulted");
}

HVM_TEST(still_works)
{
    CHECK(HYPERVISOR_xen_version(XENVER_version, NULL) > 0, "xen_version broken");
}
