/*
 * test_page_alloc.c - frame table and buddy allocator.
 */
#include "unit.h"

#define NR 1024     /* frames in the simulated machine */

static int
setup(void **state)
{
    unit_machine_setup(NR, 0);
    return 0;
}

static int
teardown(void **state)
{
    unit_machine_teardown();
    return 0;
}

static void
test_init_all_reserved(void **state)
{
    frametable_init(unit_table, NR);
    assert_int_equal(frames_free_count(), 0);
    assert_int_equal(frames_total(), 0);
    assert_null(alloc_frames(0));
    for (mfn_t m = 0; m < NR; m++)
        assert_true(mfn_to_page(m)->count_info == PGC_reserved);
}

static void
test_free_range_counts(void **state)
{
    frametable_init(unit_table, NR);
    frames_free_range(3, 1000);
    assert_int_equal(frames_free_count(), 997);
    assert_int_equal(frames_total(), 997);
    assert_true(mfn_to_page(2)->count_info & PGC_reserved);
    assert_true(mfn_to_page(3)->count_info & PGC_free);
    assert_true(mfn_to_page(1000)->count_info & PGC_reserved);
    /* The biggest aligned block inside [3, 1000) is [512, 1000) -> 256. */
    struct page_info *pg = alloc_frames(8);
    assert_non_null(pg);
    assert_int_equal(page_to_mfn(pg), 512);
    assert_null(alloc_frames(9));
}

static void
test_every_order(void **state)
{
    assert_int_equal(frames_free_count(), NR);
    for (unsigned int order = 0; order <= 10; order++) {
        struct page_info *pg = alloc_frames(order);

        assert_non_null(pg);
        assert_int_equal(page_to_mfn(pg) % (1u << order), 0);
        assert_int_equal(frames_free_count(), NR - (1u << order));
        for (unsigned int i = 0; i < (1u << order); i++) {
            assert_true(pg[i].count_info == 0);
            assert_null(pg[i].owner);
        }
        free_frames(pg, order);
        assert_int_equal(frames_free_count(), NR);
    }
    assert_null(alloc_frames(11));
    assert_null(alloc_frames(MAX_ORDER + 1));
    assert_null(alloc_frames(~0u));
}

static void
test_alignment_no_overlap(void **state)
{
    static unsigned char used[NR];
    uint64_t seed = 42;

    memset(used, 0, sizeof(used));
    for (;;) {
        unsigned int order = unit_rand(&seed) % 4;
        struct page_info *pg = alloc_frames(order);
        mfn_t m;

        if (pg == NULL)
            break;
        m = page_to_mfn(pg);
        assert_int_equal(m % (1u << order), 0);
        assert_true(m + (1u << order) <= NR);
        for (unsigned int i = 0; i < (1u << order); i++) {
            assert_int_equal(used[m + i], 0);
            used[m + i] = 1;
        }
    }
    /* Only order 0..3 requests failed when fewer than 8 frames were left
     * or fragmented; order 0 must fail only when empty. */
    while (alloc_frames(0) != NULL)
        ;
    assert_int_equal(frames_free_count(), 0);
}

static void
test_buddies_merge_back(void **state)
{
    static struct page_info *pgs[NR];
    uint64_t seed = 7;

    for (unsigned int i = 0; i < NR; i++) {
        pgs[i] = alloc_frames(0);
        assert_non_null(pgs[i]);
    }
    assert_null(alloc_frames(0));
    assert_int_equal(frames_free_count(), 0);
    /* Free in a shuffled order. */
    for (unsigned int i = NR - 1; i > 0; i--) {
        unsigned int j = unit_rand(&seed) % (i + 1);
        struct page_info *t = pgs[i];

        pgs[i] = pgs[j];
        pgs[j] = t;
    }
    for (unsigned int i = 0; i < NR; i++)
        free_frames(pgs[i], 0);
    assert_int_equal(frames_free_count(), NR);
    struct page_info *all = alloc_frames(10);
    assert_non_null(all);
    assert_int_equal(page_to_mfn(all), 0);
}

static void
test_double_free_panics(void **state)
{
    struct page_info *pg = alloc_frames(2);
    struct page_info *other = alloc_frames(0);

    free_frames(pg, 2);
    EXPECT_PANIC(free_frames(pg, 2));
    EXPECT_PANIC(free_frames(pg + 2, 0));     /* inside a free block */
    EXPECT_PANIC(free_frames(pg, 0));
    assert_int_equal(frames_free_count(), NR - 1);
    free_frames(other, 0);
    EXPECT_PANIC(free_frames(other, 0));
    assert_int_equal(frames_free_count(), NR);
    assert_non_null(alloc_frames(10));
}

static void
test_bad_frees_panic(void **state)
{
    struct page_info *pg;

    frametable_init(unit_table, NR);
    frames_free_range(16, NR);
    EXPECT_PANIC(free_frames(mfn_to_page(3), 0));     /* reserved */
    pg = alloc_frames(1);
    EXPECT_PANIC(free_frames(pg + 1, 1));             /* misaligned */
    EXPECT_PANIC(free_frames(pg, MAX_ORDER + 1));
    EXPECT_PANIC(frames_free_range(16, 20));          /* not reserved */
    EXPECT_PANIC(frames_free_range(10, NR + 1));      /* out of range */
    EXPECT_PANIC(mfn_to_page(NR));
    free_frames(pg, 1);
    assert_int_equal(frames_free_count(), NR - 16);
}

static void
test_mfn_helpers(void **state)
{
    assert_true(mfn_valid(0));
    assert_true(mfn_valid(NR - 1));
    assert_false(mfn_valid(NR));
    assert_false(mfn_valid(INVALID_MFN));
    for (mfn_t m = 0; m < NR; m += 37)
        assert_int_equal(page_to_mfn(mfn_to_page(m)), m);
    assert_ptr_equal(page_to_virt(mfn_to_page(5)), arch_mfn_to_virt(5));
    assert_ptr_equal(virt_to_page((char *)arch_mfn_to_virt(9) + 100),
                     mfn_to_page(9));
    EXPECT_PANIC(arch_mfn_to_virt(NR));
}

static void
test_zeroed(void **state)
{
    struct page_info *pg = alloc_frames(1);
    unsigned char *p = page_to_virt(pg);

    memset(p, 0xa5, 2 * PAGE_SIZE);
    free_frames(pg, 1);
    pg = alloc_frames_zeroed(1);
    p = page_to_virt(pg);
    for (size_t i = 0; i < 2 * PAGE_SIZE; i++)
        assert_int_equal(p[i], 0);
}

static void
test_random_stress(void **state)
{
    enum { SLOTS = 200 };
    struct page_info *pg[SLOTS] = { 0 };
    unsigned int ord[SLOTS];
    uint64_t seed = 0xC0FFEE, held = 0;

    for (int step = 0; step < 20000; step++) {
        unsigned int s = unit_rand(&seed) % SLOTS;

        if (pg[s] == NULL) {
            ord[s] = unit_rand(&seed) % 6;
            pg[s] = alloc_frames(ord[s]);
            if (pg[s] != NULL) {
                assert_int_equal(page_to_mfn(pg[s]) % (1u << ord[s]), 0);
                held += 1u << ord[s];
            }
        } else {
            free_frames(pg[s], ord[s]);
            held -= 1u << ord[s];
            pg[s] = NULL;
        }
        assert_int_equal(frames_free_count() + held, NR);
    }
    for (unsigned int s = 0; s < SLOTS; s++)
        if (pg[s] != NULL)
            free_frames(pg[s], ord[s]);
    assert_int_equal(frames_free_count(), NR);
    assert_non_null(alloc_frames(10));
}

/* A table (no machine memory needed) big enough for MAX_ORDER blocks. */
static void
test_max_order(void **state)
{
    uint64_t n = 2ULL << MAX_ORDER;
    struct page_info *t = calloc(n, sizeof(*t));
    struct page_info *a, *b;

    frametable_init(t, n);
    frames_free_range(0, n);
    a = alloc_frames(MAX_ORDER);
    b = alloc_frames(MAX_ORDER);
    assert_non_null(a);
    assert_non_null(b);
    assert_null(alloc_frames(0));
    free_frames(a, MAX_ORDER);
    free_frames(b, MAX_ORDER);
    assert_int_equal(frames_free_count(), n);
    /* Two MAX_ORDER buddies never merge beyond MAX_ORDER. */
    assert_null(alloc_frames(MAX_ORDER + 1));
    assert_non_null(alloc_frames(MAX_ORDER));
    assert_non_null(alloc_frames(MAX_ORDER));
    frametable_init(unit_table, NR);
    free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_init_all_reserved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_free_range_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alignment_no_overlap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_buddies_merge_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_double_free_panics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_frees_panic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mfn_helpers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zeroed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_stress, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_order, setup, teardown),
    };

    return cmocka_run_group_tests_name("page_alloc", tests, NULL, NULL);
}
