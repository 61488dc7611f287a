/*
 * test_vsprintf.c - xl_vsnprintf against libc snprintf and its own rules.
 */
#include <stdio.h>
#include "unit.h"

/* The tables below deliberately use flag combinations the C standard
 * defines but gcc flags as redundant ("% +d", "%-05d", "%08.3d"), and a
 * NULL %s; the point is to match libc on exactly those. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-truncation"
#pragma GCC diagnostic ignored "-Wformat-overflow"

/* Same format, same arguments: same text and same return value as libc. */
#define SAME(fmt, ...)                                                    \
    do {                                                                  \
        char want_[256], got_[256];                                       \
        int wn_ = snprintf(want_, sizeof(want_), fmt, ##__VA_ARGS__);     \
        int gn_ = xl_snprintf(got_, sizeof(got_), fmt, ##__VA_ARGS__);    \
        assert_string_equal(got_, want_);                                 \
        assert_int_equal(gn_, wn_);                                       \
    } while (0)

/* Formats libc does differently or gcc would warn about: expected text. */
static void
expect(const char *want, const char *fmt, ...)
{
    char got[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = xl_vsnprintf(got, sizeof(got), fmt, ap);
    va_end(ap);
    assert_string_equal(got, want);
    assert_int_equal(n, (int)strlen(want));
}

static void
test_signed(void **state)
{
    SAME("%d", 0);
    SAME("%d", 42);
    SAME("%d", -42);
    SAME("%i", 123456);
    SAME("%d", INT32_MAX);
    SAME("%d", INT32_MIN);
    SAME("[%5d]", -42);
    SAME("[%-5d]", 42);
    SAME("[%05d]", -42);
    SAME("[%+d]", 42);
    SAME("[%+d]", 0);
    SAME("[% d]", 42);
    SAME("[% d]", -42);
    SAME("[%+ d]", 7);
    SAME("[% 05d]", 42);
    SAME("[%-05d]", 42);
    SAME("[%.3d]", 7);
    SAME("[%.3d]", -7);
    SAME("[%8.3d]", -7);
    SAME("[%-8.3d]", 7);
    SAME("[%08.3d]", 7);
    SAME("[%.0d]", 0);
    SAME("[%+.0d]", 0);
    SAME("[%5.0d]", 0);
    SAME("[%.0d]", 5);
}

static void
test_unsigned_bases(void **state)
{
    SAME("%u", 0u);
    SAME("%u", 4000000000u);
    SAME("%x", 0xdeadbeefu);
    SAME("%X", 0xdeadbeefu);
    SAME("%o", 8u);
    SAME("%o", 0u);
    SAME("%#x", 0u);
    SAME("%#x", 0xabcu);
    SAME("%#X", 0xabcu);
    SAME("%#o", 0u);
    SAME("%#o", 8u);
    SAME("%#.3o", 8u);
    SAME("%#.0o", 0u);
    SAME("[%#08x]", 0xabcu);
    SAME("[%#.5x]", 0xabcu);
    SAME("[%#10.5x]", 0xabcu);
    SAME("[%-#10x]", 0xabcu);
    SAME("[%08X]", 0xbeefu);
    SAME("[%.0x]", 0u);
    SAME("[%#.0x]", 0u);
    SAME("[%10u]", 123u);
    SAME("[%-10o]", 511u);
}

static void
test_length_modifiers(void **state)
{
    SAME("%hhd", 300);
    SAME("%hhd", -129);
    SAME("%hhu", 511);
    SAME("%hhx", 0x1ff);
    SAME("%hd", 70000);
    SAME("%hu", 70000);
    SAME("%hx", -1);
    SAME("%ld", (long)INT64_MIN);
    SAME("%lu", (unsigned long)UINT64_MAX);
    SAME("%lx", 0x123456789abcdefUL);
    SAME("%lld", (long long)INT64_MIN);
    SAME("%llu", (unsigned long long)UINT64_MAX);
    SAME("%llo", (unsigned long long)UINT64_MAX);
    SAME("%#llx", 0xfedcba9876543210ULL);
    SAME("%zu", (size_t)SIZE_MAX);
    SAME("%zx", (size_t)0x1000);
    SAME("%zd", (ssize_t)-5);
    SAME("%td", (ptrdiff_t)-123456789012LL);
    SAME("%tx", (ptrdiff_t)0x7fff);
    SAME("%jd", (intmax_t)INT64_MIN);
    SAME("%ju", (uintmax_t)UINT64_MAX);
    SAME("%jx", (uintmax_t)0xabcdef);
    SAME("%d %ld %lld %hhd %zu", 1, 2L, 3LL, 4, (size_t)5);
}

static void
test_chars_strings(void **state)
{
    SAME("%c", 'x');
    SAME("[%3c]", 'x');
    SAME("[%-3c]", 'x');
    SAME("%s", "hello");
    SAME("%s", "");
    SAME("[%10s]", "hi");
    SAME("[%-10s]", "hi");
    SAME("[%.3s]", "abcdef");
    SAME("[%10.3s]", "abcdef");
    SAME("[%-10.3s]", "abcdef");
    SAME("[%.0s]", "abc");
    SAME("[%.10s]", "abc");
    SAME("%%");
    SAME("100%% sure");
    SAME("%s=%d%c", "x", 5, '!');
    SAME("[%s]", (char *)NULL);
}

static void
test_star(void **state)
{
    SAME("[%*d]", 6, 42);
    SAME("[%*d]", -6, 42);
    SAME("[%-*d]", 6, 42);
    SAME("[%.*d]", 4, 42);
    SAME("[%.*d]", -1, 42);
    SAME("[%*.*s]", 8, 2, "abcdef");
    SAME("[%*.*s]", -8, 2, "abcdef");
    SAME("[%.*s]", -3, "abcdef");
    SAME("[%0*x]", 8, 0xbeefu);
}

static void
test_pointer(void **state)
{
    expect("0x0000000000001234", "%p", (void *)0x1234);
    expect("0x0000000000000000", "%p", (void *)NULL);
    expect("0xffff800000000000", "%p", (void *)0xffff800000000000ULL);
    expect("[  0x00000000deadbeef]", "[%20p]", (void *)0xdeadbeef);
    expect("[0x00000000deadbeef  ]", "[%-20p]", (void *)0xdeadbeef);
    expect("[0x0000000000000001]", "[%5p]", (void *)1);
}

static void
test_unknown_conversions(void **state)
{
    const char *fmt;
    int n = 5;

    fmt = "%y";
    expect("%y", fmt, 1);
    fmt = "a%-5qb";
    expect("a%-5qb", fmt, 1);
    fmt = "abc%";
    expect("abc%", fmt);
    fmt = "%5";
    expect("%5", fmt);
    fmt = "%n";
    expect("%n", fmt, &n);
    assert_int_equal(n, 5);
    /* An unknown conversion does not eat the argument of the next one. */
    fmt = "%y %d";
    expect("%y 7", fmt, 7);
}

static void
test_truncation(void **state)
{
    char buf[16];

    memset(buf, 'Z', sizeof(buf));
    assert_int_equal(xl_snprintf(buf, 5, "hello world"), 11);
    assert_string_equal(buf, "hell");
    assert_int_equal(buf[5], 'Z');

    memset(buf, 'Z', sizeof(buf));
    assert_int_equal(xl_snprintf(buf, 1, "abc"), 3);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'Z');

    memset(buf, 'Z', sizeof(buf));
    assert_int_equal(xl_snprintf(buf, 0, "abc%d", 12345), 8);
    assert_int_equal(buf[0], 'Z');
    assert_int_equal(xl_snprintf(NULL, 0, "%s-%d", "abc", -1), 6);

    /* Exactly fitting: size = length + 1. */
    assert_int_equal(xl_snprintf(buf, 4, "abc"), 3);
    assert_string_equal(buf, "abc");
    assert_int_equal(xl_snprintf(buf, 3, "abc"), 3);
    assert_string_equal(buf, "ab");

    /* Truncation inside padding and numbers. */
    assert_int_equal(xl_snprintf(buf, 6, "[%10d]", -42), 12);
    assert_string_equal(buf, "[    ");
    assert_int_equal(xl_snprintf(buf, 4, "%llu", 18446744073709551615ULL),
                     20);
    assert_string_equal(buf, "184");
    assert_int_equal(xl_snprintf(buf, 8, "%p", (void *)0xff), 18);
    assert_string_equal(buf, "0x00000");
}

static void
test_long_output(void **state)
{
    char *big = malloc(5000), *want = malloc(5000);
    char small[64];

    memset(want, 'x', 4096);
    want[4096] = '\0';
    assert_int_equal(xl_snprintf(big, 5000, "%4096s", "x"), 4096);
    assert_int_equal(big[4095], 'x');
    assert_int_equal(xl_snprintf(small, sizeof(small), "%s%s", want, want),
                     8192);
    assert_int_equal(strlen(small), sizeof(small) - 1);
    free(big);
    free(want);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signed),
        cmocka_unit_test(test_unsigned_bases),
        cmocka_unit_test(test_length_modifiers),
        cmocka_unit_test(test_chars_strings),
        cmocka_unit_test(test_star),
        cmocka_unit_test(test_pointer),
        cmocka_unit_test(test_unknown_conversions),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_long_output),
    };

    return cmocka_run_group_tests_name("vsprintf", tests, NULL, NULL);
}
