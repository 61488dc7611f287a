/*
 * test_cmdline.c - boot option parsing and parse_size.
 */
#include "unit.h"
#include <cmdline.h>
#include <xl_errno.h>

static bool opt_flag, opt_other;
static unsigned long opt_num;
static uint64_t opt_mem;
static char opt_str[8];
static int custom_calls;
static char custom_seen[32];

static int
custom_cb(const char *val)
{
    custom_calls++;
    snprintf(custom_seen, sizeof(custom_seen), "%s", val ? val : "(none)");
    return val != NULL && strcmp(val, "bad") == 0 ? -EINVAL : 0;
}

static const struct kernel_param params[] = {
    { "flag", PARAM_BOOL, &opt_flag, 0, NULL },
    { "other_flag", PARAM_BOOL, &opt_other, 0, NULL },
    { "num", PARAM_UINT, &opt_num, 0, NULL },
    { "dom0_mem", PARAM_SIZE, &opt_mem, 0, NULL },
    { "console", PARAM_STRING, opt_str, sizeof(opt_str), NULL },
    { "custom", PARAM_CUSTOM, NULL, 0, custom_cb },
};

static int
parse(const char *s)
{
    return cmdline_parse(s, params, ARRAY_SIZE(params));
}

static int
reset(void **state)
{
    unit_reset_console();
    opt_flag = opt_other = false;
    opt_num = 0;
    opt_mem = 0;
    strcpy(opt_str, "init");
    custom_calls = 0;
    custom_seen[0] = '\0';
    return 0;
}

static void
test_bool_spellings(void **state)
{
    static const char *const yes[] = { "flag", "flag=1", "flag=yes",
        "flag=true", "flag=on", "flag=enable" };
    static const char *const no[] = { "no-flag", "flag=0", "flag=no",
        "flag=false", "flag=off", "flag=disable" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        opt_flag = false;
        assert_int_equal(parse(yes[i]), 0);
        assert_true(opt_flag);
    }
    for (size_t i = 0; i < ARRAY_SIZE(no); i++) {
        opt_flag = true;
        assert_int_equal(parse(no[i]), 0);
        assert_false(opt_flag);
    }
}

static void
test_bool_bad(void **state)
{
    opt_flag = true;
    assert_int_equal(parse("flag=maybe"), 1);
    assert_true(opt_flag);
    assert_non_null(strstr(sim_console_text(),
                           "cmdline: bad value 'maybe' for 'flag'"));
    assert_int_equal(parse("no-flag=1"), 1);
    assert_true(opt_flag);
    assert_int_equal(parse("flag=ON"), 1);
    assert_int_equal(parse("flag="), 1);
    assert_true(opt_flag);
}

static void
test_uint(void **state)
{
    assert_int_equal(parse("num=42"), 0);
    assert_int_equal(opt_num, 42);
    assert_int_equal(parse("num=0x2A"), 0);
    assert_int_equal(opt_num, 42);
    assert_int_equal(parse("num=18446744073709551615"), 0);
    assert_true(opt_num == 18446744073709551615UL);
    opt_num = 7;
    assert_int_equal(parse("num=18446744073709551616"), 1);
    assert_int_equal(parse("num=12abc"), 1);
    assert_int_equal(parse("num="), 1);
    assert_int_equal(parse("num"), 1);
    assert_int_equal(parse("num=-1"), 1);
    assert_int_equal(parse("no-num"), 1);
    assert_int_equal(opt_num, 7);
}

static void
test_size_param(void **state)
{
    assert_int_equal(parse("dom0_mem=512M"), 0);
    assert_int_equal(opt_mem, 512ULL << 20);
    assert_int_equal(parse("dom0_mem=4096"), 0);   /* KiB */
    assert_int_equal(opt_mem, 4096ULL << 10);
    assert_int_equal(parse("dom0-mem=2g"), 0);     /* '-' == '_' */
    assert_int_equal(opt_mem, 2ULL << 30);
    opt_mem = 1;
    assert_int_equal(parse("dom0_mem=12X"), 1);
    assert_int_equal(parse("dom0_mem=1GB"), 1);
    assert_int_equal(parse("dom0_mem=M"), 1);
    assert_int_equal(parse("dom0_mem"), 1);
    assert_int_equal(opt_mem, 1);
    assert_non_null(strstr(sim_console_text(),
                           "cmdline: bad value '12X' for 'dom0_mem'"));
}

static void
test_string(void **state)
{
    assert_int_equal(parse("console=com1"), 0);
    assert_string_equal(opt_str, "com1");
    assert_int_equal(parse("console=1234567"), 0);   /* len - 1 fits */
    assert_string_equal(opt_str, "1234567");
    assert_int_equal(parse("console=12345678"), 1);  /* needs 9 bytes */
    assert_string_equal(opt_str, "1234567");
    assert_int_equal(parse("console=a=b"), 0);       /* first '=' splits */
    assert_string_equal(opt_str, "a=b");
    assert_int_equal(parse("console="), 0);
    assert_string_equal(opt_str, "");
    assert_int_equal(parse("console"), 1);
}

static void
test_custom(void **state)
{
    assert_int_equal(parse("custom=xyz"), 0);
    assert_string_equal(custom_seen, "xyz");
    assert_int_equal(parse("custom"), 0);
    assert_string_equal(custom_seen, "(none)");
    assert_int_equal(parse("custom=bad"), 1);
    assert_int_equal(custom_calls, 3);
}

static void
test_unknown_and_continue(void **state)
{
    assert_int_equal(parse("foo num=5 bar=1 no-baz flag  console=vga"), 3);
    assert_int_equal(opt_num, 5);
    assert_true(opt_flag);
    assert_string_equal(opt_str, "vga");
    assert_non_null(strstr(sim_console_text(),
                           "(XL) cmdline: unknown option 'foo'\n"));
    assert_non_null(strstr(sim_console_text(), "unknown option 'bar'"));
    assert_non_null(strstr(sim_console_text(), "unknown option 'no-baz'"));
}

static void
test_blanks_and_empty(void **state)
{
    assert_int_equal(parse(""), 0);
    assert_int_equal(parse("   \t "), 0);
    assert_int_equal(cmdline_parse(NULL, params, ARRAY_SIZE(params)), 0);
    assert_int_equal(parse("\tnum=3\t  flag \n"), 0);
    assert_int_equal(opt_num, 3);
    assert_true(opt_flag);
    assert_int_equal(parse("flag no-flag"), 0);    /* last one wins */
    assert_false(opt_flag);
    assert_string_equal(sim_console_text(), "");
}

static void
test_option_too_long(void **state)
{
    char line[600];

    memset(line, 'a', 400);
    strcpy(line + 400, " num=9");
    assert_int_equal(parse(line), 1);
    assert_int_equal(opt_num, 9);
    assert_non_null(strstr(sim_console_text(), "option too long"));
}

static void
test_skip_image_name(void **state)
{
    assert_string_equal(cmdline_skip_image_name("/boot/xl console=com1"),
                        " console=com1");
    assert_string_equal(cmdline_skip_image_name("  xl"), "");
    assert_string_equal(cmdline_skip_image_name(""), "");
}

static void
test_parse_size(void **state)
{
    static const struct { const char *s; uint64_t bytes; size_t used; } ok[] = {
        { "0", 0, 1 }, { "1", 1024, 1 }, { "1b", 1, 2 }, { "1B", 1, 2 },
        { "3k", 3072, 2 }, { "3K", 3072, 2 }, { "5m", 5ULL << 20, 2 },
        { "5M", 5ULL << 20, 2 }, { "7g", 7ULL << 30, 2 },
        { "7G", 7ULL << 30, 2 }, { "2t", 2ULL << 40, 2 },
        { "2T", 2ULL << 40, 2 }, { "0x10", 16384, 4 }, { "0x10M", 16ULL << 20, 5 },
        { "0x1b", 27 << 10, 4 },                /* 'b' is a hex digit */
        { "512M,max:1G", 512ULL << 20, 4 }, { "16777215T", 16777215ULL << 40, 9 },
        { "18446744073709551615B", UINT64_MAX, 21 },
        { "0x", 0, 1 },
    };
    const char *end;
    uint64_t v;

    for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
        v = 12345;
        assert_int_equal(parse_size(ok[i].s, &end, &v), 0);
        assert_true(v == ok[i].bytes);
        assert_int_equal(end - ok[i].s, ok[i].used);
    }
    v = 99;
    assert_int_equal(parse_size("", &end, &v), -EINVAL);
    assert_int_equal(parse_size("M", &end, &v), -EINVAL);
    assert_int_equal(parse_size("-1", &end, &v), -EINVAL);
    assert_int_equal(parse_size("16777216T", &end, &v), -ERANGE);
    assert_int_equal(parse_size("18446744073709551616B", &end, &v), -ERANGE);
    assert_int_equal(parse_size("18014398509481984", &end, &v), -ERANGE);
    assert_int_equal(parse_size("0x10000000000000000", &end, &v), -ERANGE);
    assert_int_equal(v, 99);
    assert_int_equal(parse_size("2M", NULL, &v), 0);
    assert_int_equal(v, 2ULL << 20);
}

static void
test_parse_bool(void **state)
{
    assert_int_equal(parse_bool("enable"), 1);
    assert_int_equal(parse_bool("off"), 0);
    assert_int_equal(parse_bool("2"), -EINVAL);
    assert_int_equal(parse_bool(""), -EINVAL);
}

/* parse_bool compares by a byte loop over NUL-padded 8-byte words (for
 * the proof): the same answers as strcmp against each word, checked on
 * every word, each prefix of it, each word with a byte appended, other
 * case, and strings longer than 8 bytes that start with a word. */
static void
test_parse_bool_exact(void **state)
{
    static const char *const words[] = { "1", "yes", "true", "on", "enable",
        "0", "no", "false", "off", "disable" };
    char buf[32];

    for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
        size_t n = strlen(words[i]);
        int want = i < 5 ? 1 : 0;

        assert_int_equal(parse_bool(words[i]), want);
        for (size_t k = 0; k < n; k++) {          /* proper prefixes */
            memcpy(buf, words[i], k);
            buf[k] = '\0';
            assert_int_equal(parse_bool(buf), -EINVAL);
        }
        for (const char *x = "0a \tX"; *x != '\0'; x++) {  /* one more byte */
            snprintf(buf, sizeof(buf), "%s%c", words[i], *x);
            assert_int_equal(parse_bool(buf), -EINVAL);
        }
        snprintf(buf, sizeof(buf), "%sxxxxxxxxxx", words[i]);   /* > 8 bytes */
        assert_int_equal(parse_bool(buf), -EINVAL);
        for (size_t k = 0; k < n; k++)            /* other case */
            buf[k] = (char)(words[i][k] ^ 0x20);
        buf[n] = '\0';
        assert_int_equal(parse_bool(buf), -EINVAL);
    }
    assert_int_equal(parse_bool("disablex"), -EINVAL);  /* 8th byte */
    assert_int_equal(parse_bool("enable\0x"), 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_bool_spellings, reset),
        cmocka_unit_test_setup(test_bool_bad, reset),
        cmocka_unit_test_setup(test_uint, reset),
        cmocka_unit_test_setup(test_size_param, reset),
        cmocka_unit_test_setup(test_string, reset),
        cmocka_unit_test_setup(test_custom, reset),
        cmocka_unit_test_setup(test_unknown_and_continue, reset),
        cmocka_unit_test_setup(test_blanks_and_empty, reset),
        cmocka_unit_test_setup(test_option_too_long, reset),
        cmocka_unit_test_setup(test_skip_image_name, reset),
        cmocka_unit_test_setup(test_parse_size, reset),
        cmocka_unit_test_setup(test_parse_bool, reset),
        cmocka_unit_test_setup(test_parse_bool_exact, reset),
    };

    return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
