/*
 * test_xmalloc.c - the hypervisor heap.
 */
#include "unit.h"

#define NR 4096     /* 16 MiB machine */

static uint64_t free_at_start;

static int
setup(void **state)
{
    unit_machine_setup(NR, 1);
    free_at_start = frames_free_count();
    return 0;
}

static int
teardown(void **state)
{
    unit_machine_teardown();
    return 0;
}

static void
assert_heap_empty(void)
{
    struct heap_stats st;

    heap_get_stats(&st);
    assert_int_equal(st.bytes_in_use, 0);
    assert_int_equal(st.frames, 0);
    assert_int_equal(st.allocs, st.frees);
    assert_int_equal(frames_free_count(), free_at_start);
}

/* Every size 1..8192, in windows of live blocks; patterns must survive. */
static void
test_sizes_alignment_patterns(void **state)
{
    enum { WIN = 64 };
    unsigned char *p[WIN];

    for (size_t base = 1; base <= 8192; base += WIN) {
        for (size_t i = 0; i < WIN; i++) {
            size_t sz = base + i;

            p[i] = xmalloc_bytes(sz);
            assert_non_null(p[i]);
            assert_int_equal((uintptr_t)p[i] % 16, 0);
            memset(p[i], (int)(sz & 0xff), sz);
        }
        for (size_t i = 0; i < WIN; i++) {
            size_t sz = base + i;

            for (size_t j = 0; j < sz; j++)
                assert_int_equal(p[i][j], sz & 0xff);
            xfree(p[i]);
        }
    }
    assert_heap_empty();
}

static void
test_stats(void **state)
{
    struct heap_stats st;
    void *a = xmalloc_bytes(100), *b = xmalloc_bytes(5000);

    heap_get_stats(&st);
    assert_int_equal(st.bytes_in_use, 5100);
    assert_int_equal(st.allocs, 2);
    assert_int_equal(st.frees, 0);
    assert_int_equal(st.frames, 1 + 2);   /* one small page, 8 KiB large */
    xfree(a);
    xfree(b);
    heap_get_stats(&st);
    assert_int_equal(st.frees, 2);
    assert_heap_empty();
}

static void
test_zeroing(void **state)
{
    static const size_t sizes[] = { 1, 40, 500, 2000, 3000, 10000 };

    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        unsigned char *p = xmalloc_bytes(sizes[i]);

        memset(p, 0xee, sizes[i]);
        xfree(p);
        p = xzalloc_bytes(sizes[i]);
        for (size_t j = 0; j < sizes[i]; j++)
            assert_int_equal(p[j], 0);
        xfree(p);
    }
    assert_heap_empty();
}

static void
test_zero_size_and_null(void **state)
{
    void *a = xmalloc_bytes(0), *b = xmalloc_bytes(0);

    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    xfree(a);
    xfree(b);
    xfree(NULL);
    assert_heap_empty();
}

static void
test_typed_and_array(void **state)
{
    struct thing { uint64_t a, b; char name[20]; };
    struct thing *t = xzalloc(struct thing);
    uint32_t *arr = xmalloc_array(uint32_t, 1000);

    assert_non_null(t);
    assert_int_equal(t->a + t->b, 0);
    assert_non_null(arr);
    arr[999] = 1;
    assert_null(xmalloc_array(uint64_t, SIZE_MAX / 4));
    assert_null(xzalloc_array(uint32_t, SIZE_MAX / 2));
    assert_null(xmalloc_bytes(SIZE_MAX));
    assert_null(xmalloc_bytes(SIZE_MAX - 8));
    assert_null(xmalloc_bytes(64 * 1024 * 1024));   /* more than the machine */
    xfree(t);
    xfree(arr);
    assert_heap_empty();
}

static void
test_exhaustion(void **state)
{
    static void *p[NR * 2];
    size_t n = 0;

    while ((p[n] = xmalloc_bytes(1500)) != NULL)
        n++;
    assert_true(n >= 2 * (NR - 2));
    assert_int_equal(frames_free_count(), 0);
    while (n > 0)
        xfree(p[--n]);
    assert_heap_empty();
}

static void
test_double_free_small(void **state)
{
    void *keep = xmalloc_bytes(24);   /* keeps the page alive */
    void *p = xmalloc_bytes(24);

    xfree(p);
    EXPECT_PANIC(xfree(p));
    assert_non_null(strstr(sim_console_text(), "double free"));
    xfree(keep);
    assert_heap_empty();
}

static void
test_double_free_large(void **state)
{
    void *p = xmalloc_bytes(3 * 4096);

    xfree(p);
    EXPECT_PANIC(xfree(p));
    assert_heap_empty();
}

static void
test_bad_pointers(void **state)
{
    char *p = xmalloc_bytes(200);
    char *big = xmalloc_bytes(9000);

    EXPECT_PANIC(xfree(p + 1));           /* misaligned */
    EXPECT_PANIC(xfree(p + 16));          /* inside a block */
    EXPECT_PANIC(xfree(big + 4096));      /* inside a large block */
    xfree(p);
    xfree(big);
    assert_heap_empty();
}

static void
test_pages_recycled(void **state)
{
    static void *p[2000];
    struct heap_stats st;

    for (int i = 0; i < 2000; i++)
        p[i] = xmalloc_bytes(16);
    heap_get_stats(&st);
    assert_int_equal(st.frames, (2000 + 126) / 127);   /* 127 per page */
    for (int i = 0; i < 2000; i += 2)
        xfree(p[i]);
    for (int i = 0; i < 2000; i += 2)
        p[i] = xmalloc_bytes(10);                       /* reuse holes */
    heap_get_stats(&st);
    assert_int_equal(st.frames, (2000 + 126) / 127);
    for (int i = 0; i < 2000; i++)
        xfree(p[i]);
    assert_heap_empty();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sizes_alignment_patterns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zeroing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zero_size_and_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_typed_and_array, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exhaustion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_double_free_small, setup, teardown),
        cmocka_unit_test_setup_teardown(test_double_free_large, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_pointers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pages_recycled, setup, teardown),
    };

    return cmocka_run_group_tests_name("xmalloc", tests, NULL, NULL);
}
