/*
 * test_memmap.c - boot memory map: add, sanitize, carve, alloc, print.
 */
#include "unit.h"
#include <memmap.h>
#include <xl_errno.h>

#define MiB (1ULL << 20)

static struct memmap mm;

static int
reset(void **state)
{
    unit_reset_console();
    memset(&mm, 0, sizeof(mm));
    return 0;
}

static void
add(uint64_t s, uint64_t e, uint32_t t)
{
    assert_int_equal(memmap_add(&mm, s, e, t), 0);
}

/* Expect exactly the given entries, in order. */
static void
expect_map(const struct memmap_entry *want, unsigned int nr)
{
    assert_int_equal(mm.nr, nr);
    for (unsigned int i = 0; i < nr; i++) {
        assert_true(mm.e[i].start == want[i].start);
        assert_true(mm.e[i].end == want[i].end);
        assert_int_equal(mm.e[i].type, want[i].type);
    }
}

static void
assert_sane(void)
{
    assert_true(mm.nr <= MEMMAP_MAX);
    for (unsigned int i = 0; i < mm.nr; i++) {
        assert_true(mm.e[i].start < mm.e[i].end);
        if (i > 0) {
            assert_true(mm.e[i - 1].end <= mm.e[i].start);
            assert_false(mm.e[i - 1].end == mm.e[i].start &&
                         mm.e[i - 1].type == mm.e[i].type);
        }
    }
}

static void
test_add(void **state)
{
    assert_int_equal(memmap_add(&mm, 5, 5, MEM_RAM), -EINVAL);
    assert_int_equal(memmap_add(&mm, 6, 5, MEM_RAM), -EINVAL);
    assert_int_equal(mm.nr, 0);
    for (unsigned int i = 0; i < MEMMAP_MAX; i++)
        assert_int_equal(memmap_add(&mm, i * 0x1000, i * 0x1000 + 0x800,
                                    MEM_RAM), 0);
    assert_int_equal(memmap_add(&mm, 1ULL << 40, 1ULL << 41, MEM_RAM),
                     -ENOSPC);
    assert_int_equal(mm.nr, MEMMAP_MAX);
    assert_true(mm.e[3].start == 0x3000 && mm.e[3].end == 0x3800);
}

static void
test_sanitize_sort_merge(void **state)
{
    const struct memmap_entry want[] = {
        { 0, 0x9f000, MEM_RAM }, { 0x9f000, 0x100000, MEM_RESERVED },
        { 0x100000, 0x300000, MEM_RAM }, { 0x400000, 0x500000, MEM_RAM },
    };

    add(0x400000, 0x480000, MEM_RAM);
    add(0x200000, 0x300000, MEM_RAM);
    add(0xf0000, 0x100000, MEM_RESERVED);
    add(0x100000, 0x200000, MEM_RAM);        /* adjacent: merges */
    add(0, 0x9f000, MEM_RAM);
    add(0x9f000, 0xf0000, MEM_RESERVED);     /* adjacent reserved */
    add(0x480000, 0x500000, MEM_RAM);
    add(0x150000, 0x250000, MEM_RAM);        /* RAM inside RAM */
    memmap_sanitize(&mm);
    expect_map(want, ARRAY_SIZE(want));      /* the hole stays a hole */
}

static void
test_sanitize_overlap_shapes(void **state)
{
    /* reserved inside RAM */
    add(0, 100, MEM_RAM); add(40, 60, MEM_RESERVED);
    memmap_sanitize(&mm);
    expect_map((const struct memmap_entry[]){ { 0, 40, MEM_RAM },
        { 40, 60, MEM_RESERVED }, { 60, 100, MEM_RAM } }, 3);
    /* reserved over the start and over the end of RAM */
    reset(NULL);
    add(100, 200, MEM_RAM); add(50, 120, MEM_ACPI); add(180, 250, MEM_NVS);
    memmap_sanitize(&mm);
    expect_map((const struct memmap_entry[]){ { 50, 120, MEM_ACPI },
        { 120, 180, MEM_RAM }, { 180, 250, MEM_NVS } }, 3);
    /* reserved covering RAM entirely, and identical ranges */
    reset(NULL);
    add(10, 20, MEM_RAM); add(0, 30, MEM_RESERVED);
    add(40, 50, MEM_RAM); add(40, 50, MEM_UNUSABLE);
    memmap_sanitize(&mm);
    expect_map((const struct memmap_entry[]){ { 0, 30, MEM_RESERVED },
        { 40, 50, MEM_UNUSABLE } }, 2);
    /* two non-RAM types: the higher one wins */
    reset(NULL);
    add(0, 100, MEM_ACPI); add(50, 150, MEM_RESERVED);
    add(200, 300, MEM_MODULE); add(250, 260, MEM_HYPERVISOR);
    memmap_sanitize(&mm);
    expect_map((const struct memmap_entry[]){ { 0, 100, MEM_ACPI },
        { 100, 150, MEM_RESERVED }, { 200, 300, MEM_MODULE } }, 3);
    /* empty map, and sanitizing twice changes nothing */
    reset(NULL);
    memmap_sanitize(&mm);
    assert_int_equal(mm.nr, 0);
    add(0, 10, MEM_RAM);
    memmap_sanitize(&mm);
    memmap_sanitize(&mm);
    expect_map((const struct memmap_entry[]){ { 0, 10, MEM_RAM } }, 1);
}

static void
test_sanitize_extremes(void **state)
{
    add(0, UINT64_MAX, MEM_RAM);
    add(UINT64_MAX - 4096, UINT64_MAX, MEM_RESERVED);
    memmap_sanitize(&mm);
    expect_map((const struct memmap_entry[]){
        { 0, UINT64_MAX - 4096, MEM_RAM },
        { UINT64_MAX - 4096, UINT64_MAX, MEM_RESERVED } }, 2);
    assert_true(memmap_total(&mm, MEM_RAM) == UINT64_MAX - 4096);
}

/* 127 reserved holes punched in one RAM range need 255 entries. */
static void
test_sanitize_overflow_drops_ram_only(void **state)
{
    add(0, 1ULL << 40, MEM_RAM);
    for (unsigned int i = 1; i < MEMMAP_MAX; i++)
        add(i * MiB, i * MiB + 4096 * (i % 5 + 1), MEM_RESERVED);
    memmap_sanitize(&mm);
    assert_sane();
    assert_int_equal(mm.nr, MEMMAP_MAX);
    uint64_t want = 0;
    for (unsigned int i = 1; i < MEMMAP_MAX; i++)
        want += 4096 * (i % 5 + 1);
    assert_true(memmap_total(&mm, MEM_RESERVED) == want);
    /* The big RAM tail survives; a small piece was dropped. */
    assert_int_equal(mm.e[mm.nr - 1].type, MEM_RAM);
    assert_true(mm.e[mm.nr - 1].end == 1ULL << 40);
    assert_non_null(strstr(sim_console_text(), "memmap: table full"));
}

/* Property: after sanitizing, the type at any point is the winner among
 * the original entries covering it (or a hole). */
static uint32_t
winner(const struct memmap *orig, uint64_t x)
{
    uint32_t best = 0;

    for (unsigned int i = 0; i < orig->nr; i++) {
        const struct memmap_entry *e = &orig->e[i];

        if (x < e->start || x >= e->end)
            continue;
        if (best == 0 || (best == MEM_RAM && e->type != MEM_RAM) ||
            (e->type != MEM_RAM && e->type > best))
            best = e->type;
    }
    return best;
}

static uint32_t
type_at(uint64_t x)
{
    for (unsigned int i = 0; i < mm.nr; i++)
        if (x >= mm.e[i].start && x < mm.e[i].end)
            return mm.e[i].type;
    return 0;
}

static void
test_sanitize_random(void **state)
{
    static const uint32_t types[] = { MEM_RAM, MEM_RAM, MEM_RAM,
        MEM_RESERVED, MEM_ACPI, MEM_NVS, MEM_MODULE };
    static struct memmap orig;
    uint64_t seed = 0x5eed;

    for (int round = 0; round < 300; round++) {
        unsigned int n = 1 + unit_rand(&seed) % 40;

        reset(NULL);
        for (unsigned int i = 0; i < n; i++) {
            uint64_t s = unit_rand(&seed) % 1000;
            uint64_t len = 1 + unit_rand(&seed) % 200;

            add(s, s + len, types[unit_rand(&seed) % ARRAY_SIZE(types)]);
        }
        orig = mm;
        memmap_sanitize(&mm);
        assert_sane();
        for (uint64_t x = 0; x < 1250; x++)
            assert_int_equal(type_at(x), winner(&orig, x));
    }
}

static void
test_carve(void **state)
{
    add(0, 64 * MiB, MEM_RAM);
    add(0xa0000, 0x100000, MEM_RESERVED);
    memmap_sanitize(&mm);
    assert_int_equal(memmap_carve(&mm, MiB, 3 * MiB, MEM_HYPERVISOR), 0);
    assert_int_equal(memmap_carve(&mm, 8 * MiB, 9 * MiB, MEM_MODULE), 0);
    expect_map((const struct memmap_entry[]){ { 0, 0xa0000, MEM_RAM },
        { 0xa0000, 0x100000, MEM_RESERVED }, { MiB, 3 * MiB, MEM_HYPERVISOR },
        { 3 * MiB, 8 * MiB, MEM_RAM }, { 8 * MiB, 9 * MiB, MEM_MODULE },
        { 9 * MiB, 64 * MiB, MEM_RAM } }, 6);
    assert_true(memmap_total(&mm, MEM_RAM) == 0xa0000 + 5 * MiB + 55 * MiB);
    assert_true(memmap_total(&mm, MEM_MODULE) == MiB);
    /* Carving never makes RAM; empty ranges are refused. */
    assert_int_equal(memmap_carve(&mm, 0xa0000, 0xb0000, MEM_RAM), -EINVAL);
    assert_int_equal(memmap_carve(&mm, 5, 5, MEM_MODULE), -EINVAL);
    assert_int_equal(mm.nr, 6);
}

static void
test_carve_full_table(void **state)
{
    for (unsigned int i = 0; i < MEMMAP_MAX; i++)
        add(i * 0x2000, i * 0x2000 + 0x1000, MEM_RAM);
    /* Full, nothing to merge: refused, map unchanged. */
    assert_int_equal(memmap_carve(&mm, 0x10, 0x20, MEM_MODULE), -ENOSPC);
    assert_int_equal(mm.nr, MEMMAP_MAX);
    /* Full but mergeable: sanitize makes room. */
    reset(NULL);
    for (unsigned int i = 0; i < MEMMAP_MAX; i++)
        add(i * 0x1000, (i + 1) * 0x1000, MEM_RAM);
    assert_int_equal(memmap_carve(&mm, 0x3000, 0x4000, MEM_MODULE), 0);
    assert_int_equal(mm.nr, 3);
}

static void
test_alloc_highest_aligned_limit(void **state)
{
    uint64_t a;

    add(0, 0x9f000, MEM_RAM);
    add(MiB, 64 * MiB, MEM_RAM);
    add(32 * MiB, 33 * MiB, MEM_RESERVED);
    a = memmap_alloc(&mm, 0x3000, 0x1000, UINT64_MAX, MEM_BOOTALLOC);
    assert_true(a == 64 * MiB - 0x3000);
    a = memmap_alloc(&mm, 0x1000, 2 * MiB, UINT64_MAX, MEM_BOOTALLOC);
    assert_true(a == 62 * MiB);
    /* limit: must end at or below it, and not cross the reserved hole */
    a = memmap_alloc(&mm, MiB, MiB, 33 * MiB + 10, MEM_BOOTALLOC);
    assert_true(a == 31 * MiB);
    a = memmap_alloc(&mm, 0x1000, 0x1000, 0x9f000, MEM_BOOTALLOC);
    assert_true(a == 0x9e000);
    /* odd alignment 0 means 1; non-power-of-two refused */
    a = memmap_alloc(&mm, 10, 0, 0x9e000, MEM_BOOTALLOC);
    assert_true(a == 0x9e000 - 10);
    assert_true(memmap_alloc(&mm, 10, 3, UINT64_MAX, MEM_BOOTALLOC) == 0);
    assert_true(memmap_alloc(&mm, 0, 16, UINT64_MAX, MEM_BOOTALLOC) == 0);
    assert_true(memmap_alloc(&mm, 16, 16, UINT64_MAX, MEM_RAM) == 0);
    /* Everything taken is marked, nothing else. */
    assert_true(memmap_total(&mm, MEM_BOOTALLOC) ==
                0x3000 + 0x1000 + MiB + 0x1000 + 10);
    assert_sane();
}

static void
test_alloc_never_page0_and_exhaustion(void **state)
{
    add(0, 0x3000, MEM_RAM);
    assert_true(memmap_alloc(&mm, 0x1000, 0x1000, UINT64_MAX, MEM_BOOTALLOC)
                == 0x2000);
    assert_true(memmap_alloc(&mm, 0x1000, 0x1000, UINT64_MAX, MEM_BOOTALLOC)
                == 0x1000);
    /* Only page 0 is left. */
    assert_true(memmap_alloc(&mm, 0x1000, 0x1000, UINT64_MAX, MEM_BOOTALLOC)
                == 0);
    assert_true(memmap_alloc(&mm, 16, 16, UINT64_MAX, MEM_BOOTALLOC) == 0);
    assert_true(memmap_total(&mm, MEM_RAM) == 0x1000);
    /* Too big, and a limit below all RAM. */
    reset(NULL);
    add(MiB, 2 * MiB, MEM_RAM);
    assert_true(memmap_alloc(&mm, 2 * MiB, 1, UINT64_MAX, MEM_BOOTALLOC) == 0);
    assert_true(memmap_alloc(&mm, 16, 1, MiB, MEM_BOOTALLOC) == 0);
    assert_true(memmap_alloc(&mm, 16, 1, MiB + 15, MEM_BOOTALLOC) == 0);
    assert_true(memmap_alloc(&mm, 16, 1, MiB + 16, MEM_BOOTALLOC) == MiB);
    /* Size near 2^64 does not wrap. */
    assert_true(memmap_alloc(&mm, UINT64_MAX, 1, UINT64_MAX, MEM_BOOTALLOC)
                == 0);
}

static void
test_names_and_print(void **state)
{
    assert_string_equal(memmap_type_name(MEM_RAM), "RAM");
    assert_string_equal(memmap_type_name(MEM_RESERVED), "reserved");
    assert_string_equal(memmap_type_name(MEM_ACPI), "ACPI");
    assert_string_equal(memmap_type_name(MEM_NVS), "NVS");
    assert_string_equal(memmap_type_name(MEM_UNUSABLE), "unusable");
    assert_string_equal(memmap_type_name(MEM_HYPERVISOR), "hypervisor");
    assert_string_equal(memmap_type_name(MEM_MODULE), "module");
    assert_string_equal(memmap_type_name(MEM_BOOTALLOC), "bootalloc");
    assert_string_equal(memmap_type_name(99), "unknown");
    add(0x100000, 0x1ffe0000, MEM_RAM);
    add(0, 0x9fc00, MEM_RAM);
    memmap_print(&mm);
    assert_string_equal(sim_console_text(),
        "(XL)  [0000000000100000, 000000001ffe0000) RAM  (511 MiB)\n"
        "(XL)  [0000000000000000, 000000000009fc00) RAM  (639 KiB)\n");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_add, reset),
        cmocka_unit_test_setup(test_sanitize_sort_merge, reset),
        cmocka_unit_test_setup(test_sanitize_overlap_shapes, reset),
        cmocka_unit_test_setup(test_sanitize_extremes, reset),
        cmocka_unit_test_setup(test_sanitize_overflow_drops_ram_only, reset),
        cmocka_unit_test_setup(test_sanitize_random, reset),
        cmocka_unit_test_setup(test_carve, reset),
        cmocka_unit_test_setup(test_carve_full_table, reset),
        cmocka_unit_test_setup(test_alloc_highest_aligned_limit, reset),
        cmocka_unit_test_setup(test_alloc_never_page0_and_exhaustion, reset),
        cmocka_unit_test_setup(test_names_and_print, reset),
    };

    return cmocka_run_group_tests_name("memmap", tests, NULL, NULL);
}
