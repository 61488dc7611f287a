/*
 * libguest/testcore.c - the test-kernel core (interface: testcore.h),
 * built into the PV64 library and into libhvm (-m32 and -m64).
 *
 * Where it runs: guest only.
 */
#include "testcore.h"

static const struct test_case *current;
static int current_failed;
static unsigned int passed, failed;

void
test_fail(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    if (current_failed)
        return;
    current_failed = 1;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk_log("FAIL %s: %s\n", current ? current->name : "?", buf);
}

void
test_note(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk_log("  # %s\n", buf);
}

int
test_failed(void)
{
    return current_failed;
}

void
test_crash_point(const char *what)
{
    printk_log("CRASHING: %s\n", what);
}

void
test_expect(const char *kind, const char *what)
{
    printk_log("EXPECT-%s %s\n", kind, what);
}

void
test_account(void)
{
    if (!current)
        return;
    if (current_failed) {
        failed++;
    } else {
        passed++;
        printk_log("PASS %s\n", current->name);
    }
    current = NULL;
}

void
test_run(const struct test_case *begin, const struct test_case *end)
{
    for (const struct test_case *t = begin; t < end; t++) {
        current = t;
        current_failed = 0;
        t->fn();
        test_account();
    }
}

void
test_abort(int count_outside)
{
    if (current || count_outside)
        failed++;
    current = NULL;
}

int
test_running(void)
{
    return current != NULL;
}

unsigned int
test_failures(void)
{
    return failed;
}

void
test_print_result(void)
{
    printk_log("RESULT: %u passed, %u failed\n", passed, failed);
}
