/*
 * libguest/testcore.h - the test-kernel core shared by the PV64 framework
 * (test.h, GUEST_TEST) and libhvm's (hvm/hvm.h, HVM_TEST).
 *
 * Where it runs: guest only (PV64; HVM/PVH 32- and 64-bit).
 *
 * A test is a { name, fn } record that a library's macro places in its
 * own linker section; the library's entry runs the section through
 * test_run().  Lines printed (printk_log: the domain's console and the
 * hypervisor's), the grammar tools/xen-compare.py and tools/hvm-compare.py
 * parse:
 *     PASS <name>
 *     FAIL <name>: <why>          (first failure of a test only)
 *       # <note>
 *     CRASHING: <what>            (PV: a deliberate crash follows)
 *     EXPECT-<KIND> <what>        (HVM: see hvm.h)
 *     RESULT: <N> passed, <M> failed
 * Inside a test, CHECK* print the first failure and return from it.
 */
#ifndef LIBGUEST_TESTCORE_H
#define LIBGUEST_TESTCORE_H

#include "klib.h"

struct test_case {
    const char *name;
    void (*fn)(void);
};

/* One test record named n in linker section sect, and its function. */
#define TEST_CASE_IN(sect, n)                                           \
    static void test_##n(void);                                         \
    static const struct test_case test_case_##n                         \
        __attribute__((used, section(sect), aligned(8))) =              \
        { #n, test_##n };                                               \
    static void test_##n(void)

/* Mark the running test failed (first message wins). */
void test_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Extra information, prefixed "  # ". */
void test_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The running test has failed. */
int  test_failed(void);
/* Announce the deliberate crash that follows ("CRASHING: <what>"). */
void test_crash_point(const char *what);
/* "EXPECT-<kind> <what>": a special outcome follows (hvm.h). */
void test_expect(const char *kind, const char *what);

/* Run [begin, end) in order, counting each test as it ends. */
void test_run(const struct test_case *begin, const struct test_case *end);
/* The running test (if any) passes so far: count it and print PASS. */
void test_account(void);
/* The running test, if any, ends failed and counts once; with
 * count_outside, a failure outside any test counts too. */
void test_abort(int count_outside);
int  test_running(void);
unsigned int test_failures(void);
/* "RESULT: N passed, M failed". */
void test_print_result(void);

#define CHECK(cond, ...) do {                                           \
        if (!(cond)) {                                                  \
            test_fail(__VA_ARGS__);                                     \
            return;                                                     \
        }                                                               \
    } while (0)

/* expr must evaluate to want (both as long). */
#define CHECK_RC(expr, want) do {                                       \
        long _got = (long)(expr), _want = (long)(want);                 \
        if (_got != _want) {                                            \
            test_fail("%s = %ld, want %ld (line %d)", #expr, _got,      \
                      _want, __LINE__);                                 \
            return;                                                     \
        }                                                               \
    } while (0)

#define CHECK_EQ(a, b) do {                                             \
        uint64_t _a = (uint64_t)(a), _b = (uint64_t)(b);                \
        if (_a != _b) {                                                 \
            test_fail("%s = %#llx, want %#llx (line %d)", #a,           \
                      (unsigned long long)_a, (unsigned long long)_b,   \
                      __LINE__);                                        \
            return;                                                     \
        }                                                               \
    } while (0)

#endif /* LIBGUEST_TESTCORE_H */
