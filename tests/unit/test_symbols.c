/*
 * test_symbols.c - symbols_lookup over small tables.
 */
#include "unit.h"
#include <symbols.h>

static const uint64_t addrs[] = { 0x1000, 0x2000, 0x2000, 0x3000 };
static const uint32_t offs[] = { 0, 2, 4, 7 };
static const char names[] = "a\0b\0b2\0c";
static const struct symtab tab = { 4, addrs, offs, names };

static void
test_before_first(void **state)
{
    uint64_t off = 77;

    assert_null(symbols_lookup(&tab, 0xfff, &off));
    assert_null(symbols_lookup(&tab, 0, &off));
    assert_int_equal(off, 77);
}

static void
test_exact(void **state)
{
    uint64_t off = 77;

    assert_string_equal(symbols_lookup(&tab, 0x1000, &off), "a");
    assert_int_equal(off, 0);
    assert_string_equal(symbols_lookup(&tab, 0x3000, &off), "c");
    assert_int_equal(off, 0);
    /* Equal addresses: the last one wins. */
    assert_string_equal(symbols_lookup(&tab, 0x2000, &off), "b2");
    assert_int_equal(off, 0);
}

static void
test_between(void **state)
{
    uint64_t off;

    assert_string_equal(symbols_lookup(&tab, 0x1fff, &off), "a");
    assert_int_equal(off, 0xfff);
    assert_string_equal(symbols_lookup(&tab, 0x2abc, &off), "b2");
    assert_int_equal(off, 0xabc);
}

static void
test_after_last(void **state)
{
    uint64_t off;

    assert_string_equal(symbols_lookup(&tab, UINT64_MAX, &off), "c");
    assert_int_equal(off, UINT64_MAX - 0x3000);
    assert_string_equal(symbols_lookup(&tab, 0x3001, NULL), "c");
}

static void
test_empty_and_single(void **state)
{
    static const uint64_t one_addr[] = { 0x500 };
    static const uint32_t one_off[] = { 0 };
    const struct symtab empty = { 0, NULL, NULL, NULL };
    const struct symtab one = { 1, one_addr, one_off, "only" };
    uint64_t off;

    assert_null(symbols_lookup(&empty, 0x1234, &off));
    assert_null(symbols_lookup(&one, 0x4ff, &off));
    assert_string_equal(symbols_lookup(&one, 0x500, &off), "only");
    assert_string_equal(symbols_lookup(&one, 0x600, &off), "only");
    assert_int_equal(off, 0x100);
}

static void
test_large_table(void **state)
{
    enum { N = 1000 };
    uint64_t *a = malloc(N * sizeof(*a));
    uint32_t *o = malloc(N * sizeof(*o));
    char *nm = malloc(N * 8);
    struct symtab t = { N, a, o, nm };
    uint64_t off;

    for (uint32_t i = 0; i < N; i++) {
        a[i] = 0x100000 + i * 0x40;
        o[i] = i * 8;
        snprintf(nm + i * 8, 8, "f%u", i);
    }
    for (uint32_t i = 0; i < N; i++) {
        char want[8];

        snprintf(want, sizeof(want), "f%u", i);
        assert_string_equal(symbols_lookup(&t, a[i] + 0x3f, &off), want);
        assert_int_equal(off, 0x3f);
    }
    free(a);
    free(o);
    free(nm);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_before_first),
        cmocka_unit_test(test_exact),
        cmocka_unit_test(test_between),
        cmocka_unit_test(test_after_last),
        cmocka_unit_test(test_empty_and_single),
        cmocka_unit_test(test_large_table),
    };

    return cmocka_run_group_tests_name("symbols", tests, NULL, NULL);
}
