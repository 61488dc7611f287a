/*
 * test_printk.c - printk prefixes, levels, the console ring, panic.
 */
#include "unit.h"
#include <xl_errno.h>

static int
reset(void **state)
{
    unit_reset_console();
    return 0;
}

static void
test_prefix_at_line_starts(void **state)
{
    printk("hello\n");
    printk("a");
    printk("b");
    printk("c\n");
    printk("x\ny\n\nz");
    printk("!\n");
    assert_string_equal(sim_console_text(),
                        "(XL) hello\n(XL) abc\n(XL) x\n(XL) y\n(XL) \n"
                        "(XL) z!\n");
}

static void
test_formatting_passes_through(void **state)
{
    printk("%s=%d %#x\n", "v", -3, 255u);
    assert_string_equal(sim_console_text(), "(XL) v=-3 0xff\n");
}

static void
test_level_stripped(void **state)
{
    printk(XENLOG_ERR "e\n");
    printk(XENLOG_WARNING "w\n");
    printk(XENLOG_INFO "i\n");
    printk("%s", XENLOG_WARNING "via arg\n");
    assert_string_equal(sim_console_text(),
                        "(XL) e\n(XL) w\n(XL) i\n(XL) via arg\n");
}

static void
test_level_filter(void **state)
{
    static const int lvls[] = { -1, 0, 1, 2, 3 };
    static const char *const want[] = {
        "", "(XL) e\n", "(XL) e\n(XL) w\n", "(XL) e\n(XL) w\n(XL) i\n(XL) n\n",
        "(XL) e\n(XL) w\n(XL) i\n(XL) n\n(XL) d\n",
    };

    assert_int_equal(printk_get_loglvl(), LOGLVL_INFO);
    for (size_t i = 0; i < ARRAY_SIZE(lvls); i++) {
        sim_console_clear();
        printk_set_loglvl(lvls[i]);
        printk(XENLOG_ERR "e\n");
        printk(XENLOG_WARNING "w\n");
        printk(XENLOG_INFO "i\n");
        printk("n\n");               /* no prefix: info */
        printk(XENLOG_DEBUG "d\n");
        assert_string_equal(sim_console_text(), want[i]);
    }
}

static void
test_set_loglvl_clamps(void **state)
{
    printk_set_loglvl(10);
    assert_int_equal(printk_get_loglvl(), 3);
    printk_set_loglvl(-7);
    assert_int_equal(printk_get_loglvl(), -1);
}

static void
test_continuation_inherits_level(void **state)
{
    printk(XENLOG_DEBUG "hidden ");
    printk("continued\n");
    printk("shown\n");
    printk(XENLOG_WARNING "warn ");
    printk("tail\n");
    assert_string_equal(sim_console_text(), "(XL) shown\n(XL) warn tail\n");
}

/* A whole line filtered out by its own level is never formatted (hot
 * paths print debug lines): its arguments are not even read.  A dropped
 * partial line still hides its continuation. */
static void
test_filtered_line_not_formatted(void **state)
{
    const char *never_read = (const char *)8;

    printk(XENLOG_DEBUG "bounce %s %lx\n", never_read, 1UL);
    printk("after\n");
    printk(XENLOG_DEBUG "part %d ", 1);
    printk("rest\n");
    printk(XENLOG_DEBUG "\n");
    printk("last\n");
    assert_string_equal(sim_console_text(), "(XL) after\n(XL) last\n");
    printk_set_loglvl(LOGLVL_DEBUG);
    printk(XENLOG_DEBUG "shown %d\n", 3);
    assert_string_equal(sim_console_text(), "(XL) after\n(XL) last\n(XL) shown 3\n");
}

static void
test_parse_loglvl(void **state)
{
    assert_int_equal(printk_parse_loglvl("none"), -1);
    assert_int_equal(printk_parse_loglvl("error"), 0);
    assert_int_equal(printk_parse_loglvl("warning"), 1);
    assert_int_equal(printk_parse_loglvl("info"), 2);
    assert_int_equal(printk_parse_loglvl("debug"), 3);
    assert_int_equal(printk_parse_loglvl("all"), 3);
    assert_int_equal(printk_parse_loglvl("loud"), -EINVAL);
    assert_int_equal(printk_parse_loglvl(""), -EINVAL);
    assert_int_equal(printk_parse_loglvl("Info"), -EINVAL);
    assert_int_equal(printk_parse_loglvl(NULL), -EINVAL);
}

static void
test_ring_matches_console(void **state)
{
    char buf[256];
    size_t pos = 0, n;

    printk("one\n");
    printk(XENLOG_DEBUG "dropped\n");
    printk("two\n");
    n = console_ring_read(buf, sizeof(buf), &pos);
    assert_int_equal(n, strlen(sim_console_text()));
    assert_memory_equal(buf, sim_console_text(), n);
    assert_int_equal(pos, n);
    assert_int_equal(console_ring_read(buf, sizeof(buf), &pos), 0);

    /* Small reads continue where the last one stopped. */
    pos = 0;
    assert_int_equal(console_ring_read(buf, 3, &pos), 3);
    assert_memory_equal(buf, "(XL", 3);
    assert_int_equal(console_ring_read(buf, 3, &pos), 3);
    assert_memory_equal(buf, ") o", 3);
    /* A position in the future reads nothing and is clamped. */
    pos = 1000000;
    assert_int_equal(console_ring_read(buf, sizeof(buf), &pos), 0);
    assert_int_equal(pos, n);
}

static void
test_ring_wraps(void **state)
{
    char *ring = malloc(CONRING_SIZE + 1);
    const char *text;
    size_t pos = 0, len, n;

    for (int i = 0; i < 1000; i++)
        printk("line %04d of the ring test\n", i);
    text = sim_console_text();
    len = strlen(text);
    assert_true(len > CONRING_SIZE);
    n = console_ring_read(ring, CONRING_SIZE + 1, &pos);
    assert_int_equal(n, CONRING_SIZE);
    assert_int_equal(pos, len);
    assert_memory_equal(ring, text + len - CONRING_SIZE, CONRING_SIZE);
    free(ring);
}

static void
test_long_message_truncated(void **state)
{
    size_t big = 3 * PRINTK_BUF_SIZE;
    char *s = malloc(big + 1);

    memset(s, 'q', big);
    s[big] = '\0';
    printk("%s\n", s);
    assert_int_equal(strlen(sim_console_text()),
                     strlen("(XL) ") + PRINTK_BUF_SIZE - 1);
    /* The next message still works and continues the cut line. */
    printk("end\n");
    assert_non_null(strstr(sim_console_text(), "qqqend\n"));
    free(s);
}

static void
test_panic(void **state)
{
    printk_set_loglvl(-1);
    printk("half a line");
    EXPECT_PANIC(panic("boom %d", 7));
    assert_non_null(strstr(sim_console_text(), "(XL) Panic: boom 7\n"));
    assert_non_null(strstr(sim_console_text(), "(XL) ****"));
    /* Printing works again afterwards, at a line start. */
    printk_set_loglvl(2);
    sim_console_clear();
    printk("after\n");
    assert_string_equal(sim_console_text(), "(XL) after\n");
}

static int
check_ge(int a, int b)
{
    BUG_ON(a < b);
    return a - b;
}

static void
test_bug_and_assert(void **state)
{
    volatile int r = 0;

    assert_false(SIM_EXPECT_PANIC(r = check_ge(3, 1)));
    assert_int_equal(r, 2);
    EXPECT_PANIC(check_ge(1, 3));
    assert_non_null(strstr(sim_console_text(), "BUG_ON(a < b)"));
    assert_non_null(strstr(sim_console_text(), "test_printk.c:"));
    sim_console_clear();
    EXPECT_PANIC(ASSERT(1 + 1 == 3));
    assert_non_null(strstr(sim_console_text(), "'1 + 1 == 3'"));
    sim_console_clear();
    EXPECT_PANIC(BUG());
    assert_non_null(strstr(sim_console_text(), "BUG at "));
    assert_false(SIM_EXPECT_PANIC(ASSERT(2 > 1)));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_prefix_at_line_starts, reset),
        cmocka_unit_test_setup(test_formatting_passes_through, reset),
        cmocka_unit_test_setup(test_level_stripped, reset),
        cmocka_unit_test_setup(test_level_filter, reset),
        cmocka_unit_test_setup(test_set_loglvl_clamps, reset),
        cmocka_unit_test_setup(test_continuation_inherits_level, reset),
        cmocka_unit_test_setup(test_filtered_line_not_formatted, reset),
        cmocka_unit_test_setup(test_parse_loglvl, reset),
        cmocka_unit_test_setup(test_ring_matches_console, reset),
        cmocka_unit_test_setup(test_ring_wraps, reset),
        cmocka_unit_test_setup(test_long_message_truncated, reset),
        cmocka_unit_test_setup(test_panic, reset),
        cmocka_unit_test_setup(test_bug_and_assert, reset),
    };

    return cmocka_run_group_tests_name("printk", tests, NULL, NULL);
}
