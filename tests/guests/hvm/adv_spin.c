/*
 * tests/guests/hvm/adv_spin.c - a guest that never yields: interrupts off,
 * no hypercall, no exit, forever.
 *
 * Where it runs: guest only (PVH dom0, 64-bit).
 *
 * Contract with the hypervisor (what tools/hvm-compare.py checks): the
 * guest prints "EXPECT-SPIN ..." and spins.  After 5 s the runner sends
 * three Ctrl-A (console input to the hypervisor) and 'h' on the serial
 * line, and wants an answer within 15 s:
 *   xenolith  'h' must print the "Debug keys:" list, which needs the
 *             hypervisor's own timer/serial interrupts to preempt the
 *             guest (physical interrupts exit the guest even with its
 *             IF clear: SVM intercept INTR with V_INTR_MASKING, VMX
 *             external-interrupt exiting); then 'x' powers off.
 *   Xen 4.17  "'h' pressed -> showing installed handlers" (measured).
 * A hypervisor that instead ends the domain with a watchdog message is
 * not wrong, but this test wants the liveness answer.
 */
#include "hvm.h"

HVM_TEST(before)
{
    CHECK(HYPERVISOR_xen_version(XENVER_version, NULL) > 0, "xen_version broken");
}

HVM_TEST(spin_forever)
{
    test_expect("SPIN", "cli; jmp . (no exits)");
    __asm__ volatile ("cli\n1:\tjmp 1b");
}
