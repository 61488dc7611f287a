/*
 * tests/guests/domu/spin.c - a domU that never yields: it says so once,
 * then burns its CPU share for ever.  The fairness test runs several side
 * by side and compares the run time the scheduler gave each.
 *
 * Where it runs: guest only (a PV domU on xenolith).
 */
#include "test.h"

GUEST_TEST(spin)
{
    test_note("spinning, never yielding");
    for (volatile unsigned long n = 0;; n++)
        ;
}
