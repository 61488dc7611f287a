/*
 * test_guest_printf.c - the guests' formatter (src/libguest/printf.c),
 * which the PV64 library and libhvm (-m32 and -m64) share, run hosted:
 * the conversions, flags, widths and length modifiers the test guests use,
 * truncation, and printk/printk_log's choice of console.
 *
 * Environment: hosted only (cmocka, ASan/UBSan).  The guest's names are
 * renamed (guest_*) so they do not meet libc's or the hosted core's; the
 * three console functions are stubs that record what they were given.
 * libhvm's 32-bit build of the same file runs in the HVM test guests,
 * whose numbers the check-hvm runner compares.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define vsnprintf  guest_vsnprintf
#define snprintf   guest_snprintf
#define printk     guest_printk
#define printk_log guest_printk_log
#define console_write    stub_console_write
#define console_io_write stub_console_io_write
#define console_has_ring stub_console_has_ring
#include "../../src/libguest/printf.c"

static char ring_out[1024], io_out[1024];
static size_t ring_len, io_len;
static int has_ring;

void
stub_console_write(const char *s, size_t len)
{
    memcpy(ring_out + ring_len, s, len);
    ring_len += len;
}

void
stub_console_io_write(const char *s, size_t len)
{
    memcpy(io_out + io_len, s, len);
    io_len += len;
}

int
stub_console_has_ring(void)
{
    return has_ring;
}

static int
reset(void **state)
{
    (void)state;
    ring_len = io_len = 0;
    memset(ring_out, 0, sizeof(ring_out));
    memset(io_out, 0, sizeof(io_out));
    has_ring = 0;
    return 0;
}

#define EXPECT_FMT(want, ...)                                          \
    do {                                                               \
        char b_[128];                                                  \
        int n_ = guest_snprintf(b_, sizeof(b_), __VA_ARGS__);          \
        assert_string_equal(b_, want);                                 \
        assert_int_equal(n_, (int)strlen(want));                       \
    } while (0)

static void
test_conversions(void **state)
{
    const char *volatile null_str = NULL;
    const char *volatile odd_fmt = "%q|%d";     /* unknown conversion: kept */

    (void)state;
    EXPECT_FMT("a 7 -7 42 ff FF 0x1f x%y", "a %d %i %u %x %X %#x x%%y", 7, -7, 42u, 255u, 255u, 31u);
    EXPECT_FMT("c=Q s=hey (null)", "c=%c s=%s %s", 'Q', "hey", null_str);
    EXPECT_FMT("0x1234", "%p", (void *)0x1234);
    EXPECT_FMT("%q|5", odd_fmt, 5);
}

static void
test_length_modifiers(void **state)
{
    (void)state;
    EXPECT_FMT("18446744073709551615", "%llu", 0xffffffffffffffffull);
    EXPECT_FMT("ffffffffffffffff", "%lx", 0xfffffffffffffffful);
    EXPECT_FMT("-9223372036854775808", "%lld", (long long)INT64_MIN);
    EXPECT_FMT("123456789012", "%zu", (size_t)123456789012ull);
    /* an int argument with no modifier is read as an int, not a long */
    EXPECT_FMT("4294967295 -1", "%u %d", 0xffffffffu, -1);
    EXPECT_FMT("1000000000000 deadbeefcafe", "%llu %llx", 1000000000000ull, 0xdeadbeefcafeull);
}

static void
test_width_flags_precision(void **state)
{
    (void)state;
    EXPECT_FMT("[   42][42   ][00042]", "[%5d][%-5d][%05d]", 42, 42, 42);
    EXPECT_FMT("[-0042][  -42]", "[%05d][%5d]", -42, -42);
    EXPECT_FMT("[0000beef]", "[%08x]", 0xbeefu);
    EXPECT_FMT("[  ab][ab  ][abc]", "[%4s][%-4s][%.3s]", "ab", "ab", "abcdef");
    EXPECT_FMT("[   x]", "[%4c]", 'x');
}

static void
test_truncation(void **state)
{
    char b[8];
    int n;

    (void)state;
    memset(b, 'Z', sizeof(b));
    n = guest_snprintf(b, sizeof(b), "%s-%d", "abcdef", 12345);
    assert_int_equal(n, 12);            /* the length it would have had */
    assert_string_equal(b, "abcdef-");  /* 7 bytes and the NUL */
    memset(b, 'Z', sizeof(b));
    n = guest_snprintf(b, 0, "%d", 5);
    assert_int_equal(n, 1);
    assert_int_equal(b[0], 'Z');        /* size 0: nothing written */
}

static void
test_printk_goes_to_the_console(void **state)
{
    (void)state;
    guest_printk("n=%u\n", 3u);
    assert_string_equal(ring_out, "n=3\n");
    assert_int_equal(io_len, 0);
}

static void
test_printk_log_without_ring_writes_once(void **state)
{
    (void)state;
    guest_printk_log("PASS %s\n", "t");
    assert_string_equal(io_out, "PASS t\n");
    assert_int_equal(ring_len, 0);
}

static void
test_printk_log_with_ring_writes_both(void **state)
{
    (void)state;
    has_ring = 1;
    guest_printk_log("RESULT: %d passed\n", 2);
    assert_string_equal(io_out, "RESULT: 2 passed\n");
    assert_string_equal(ring_out, "RESULT: 2 passed\n");
}

static void
test_div_small_matches_division(void **state)
{
    static const uint64_t vals[] = {
        0, 1, 9, 10, 15, 16, 0xffff, 0x10000, 0xffffffffull, 0x100000000ull,
        0x123456789abcdef0ull, 0xfffffffffffffffeull, 0xffffffffffffffffull,
    };
    static const unsigned int bases[] = { 2, 8, 10, 16 };

    (void)state;
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
        for (size_t j = 0; j < sizeof(bases) / sizeof(bases[0]); j++) {
            uint64_t v = vals[i];
            unsigned int r = div_small(&v, bases[j]);
            assert_true(v == vals[i] / bases[j]);
            assert_int_equal(r, vals[i] % bases[j]);
        }
}

#define T(f) cmocka_unit_test_setup_teardown(f, reset, NULL)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_conversions),
        T(test_length_modifiers),
        T(test_width_flags_precision),
        T(test_truncation),
        T(test_printk_goes_to_the_console),
        T(test_printk_log_without_ring_writes_once),
        T(test_printk_log_with_ring_writes_both),
        T(test_div_small_matches_division),
    };
    return cmocka_run_group_tests_name("guest_printf", tests, NULL, NULL);
}
