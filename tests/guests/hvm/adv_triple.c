/*
 * tests/guests/hvm/adv_triple.c - a triple fault: the IDT is emptied
 * (limit 0), then ud2.  #UD cannot be delivered (#GP), nor can #GP (#DF),
 * nor #DF: shutdown.  The hypervisor must end this domain only and say
 * so: Xen 4.17 prints "d0v0 Triple fault" and shuts dom0 down;
 * xenolith must print "domain 0 crashed: ..." (tools/hvm-compare.py
 * matches either) and, with test_exit, end QEMU.
 *
 * Where it runs: guest only (PVH dom0, 64-bit).
 */
#include "hvm.h"

HVM_TEST(before)
{
    CHECK(HYPERVISOR_xen_version(XENVER_version, NULL) > 0, "xen_version broken");
}

HVM_TEST(triple_fault)
{
    test_expect("CRASH", "triple fault");
    idt_load_empty();
    __asm__ volatile ("ud2");
    test_fail("survived a triple fault");
}
