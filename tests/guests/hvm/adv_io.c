/*
 * tests/guests/hvm/adv_io.c - string I/O with huge counts from a PVH
 * guest.  The hypervisor must finish (or chunk and resume) a `rep outsb`
 * of a million bytes without hogging the CPU or overrunning anything,
 * and fill a `rep insb` buffer from a port with no device with 0xff.
 *
 * Where it runs: guest only (PVH dom0).  Port HVM_NODEV_PORT has no
 * device on QEMU's pc or q35 machine.  On Xen 4.17 a PVH dom0 owns most
 * ports directly (the accesses reach QEMU); on xenolith they exit.
 */
#include "hvm.h"

#define HVM_NODEV_PORT 0x2f0
#define HUGE_COUNT     (1ul << 20)

static uint8_t inbuf[4096 + 16];

HVM_TEST(rep_outsb_huge)
{
    unsigned long cnt = HUGE_COUNT;
    const void *src = (const void *)0x200000;      /* 1 MiB of RAM at 2 MiB */
    uint64_t t0 = rdtsc();

    __asm__ volatile ("rep outsb" : "+S" (src), "+c" (cnt)
                      : "d" (HVM_NODEV_PORT) : "memory");
    test_note("rep outsb of %lu bytes: %llu cycles", HUGE_COUNT,
              (unsigned long long)(rdtsc() - t0));
    CHECK_EQ(cnt, 0);
    CHECK_EQ((uintptr_t)src, 0x200000 + HUGE_COUNT);
}

HVM_TEST(rep_insb_nodev)
{
    unsigned long cnt = 4096;
    void *dst = inbuf;

    memset(inbuf, 0x11, sizeof(inbuf));
    __asm__ volatile ("rep insb" : "+D" (dst), "+c" (cnt)
                      : "d" (HVM_NODEV_PORT) : "memory");
    CHECK_EQ(cnt, 0);
    for (unsigned int i = 0; i < 4096; i++)
        CHECK(inbuf[i] == 0xff, "inbuf[%u] = %#x, want 0xff", i, inbuf[i]);
    for (unsigned int i = 4096; i < sizeof(inbuf); i++)
        CHECK(inbuf[i] == 0x11, "rep insb wrote past its count at %u", i);
}

HVM_TEST(rep_outsw_backwards)
{
    unsigned long cnt = 4096;
    const void *src = (const void *)(0x300000 - 2);

    __asm__ volatile ("std\n\trep outsw\n\tcld" : "+S" (src), "+c" (cnt)
                      : "d" (HVM_NODEV_PORT) : "memory", "cc");
    CHECK_EQ(cnt, 0);
    CHECK_EQ((uintptr_t)src, 0x300000 - 2 - 2 * 4096);
}

HVM_TEST(still_works)
{
    CHECK(HYPERVISOR_xen_version(XENVER_version, NULL) > 0, "xen_version broken");
}
