/*
 * test_console_io.c - console_io write/read, dom0 input ring, the CTRL-a switch.
 *
 * Environment: hosted only (cmocka + sim, ASan/UBSan).
 */
#include "unit.h"
#include <console.h>
#include <domain.h>
#include <event.h>
#include <guest_access.h>
#include <hypercall.h>
#include <schedule.h>
#include <xl_errno.h>
#include <xtime.h>
#include <sim_guest.h>
#include <sim_hc.h>
#include "public/xen.h"
#include "public/event_channel.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "public/version.h"

#include "hc_fixture.h"

static long
cwrite(const char *s, unsigned int count)
{
    uint64_t va = sim_guest_put(current->domain, 0x100, s, strlen(s));

    return do_console_io(CONSOLEIO_write, count, va);
}

static void
test_write_prefixes_lines(void **state)
{
    use(d1, 0);
    sim_console_clear();
    assert_int_equal(cwrite("hello\nworld\n", 12), 0);
    assert_string_equal(sim_console_text(), "(d1) hello\n(d1) world\n");
    use(d0, 0);
    sim_console_clear();
    assert_int_equal(cwrite("dom0 too\n", 9), 0);
    assert_string_equal(sim_console_text(), "(d0) dom0 too\n");
}

static void
test_write_open_line_closed_by_other_domain(void **state)
{
    sim_console_clear();
    use(d1, 0);
    assert_int_equal(cwrite("abc", 3), 0);
    assert_int_equal(cwrite("def", 3), 0);
    use(d0, 0);
    assert_int_equal(cwrite("x\n", 2), 0);
    assert_string_equal(sim_console_text(), "(d1) abcdef\n(d0) x\n");
}

static void
test_write_long_chunks(void **state)
{
    char buf[1000];

    memset(buf, 'q', sizeof(buf) - 1);
    buf[sizeof(buf) - 1] = '\0';
    sim_console_clear();
    assert_int_equal(cwrite(buf, sizeof(buf) - 1), 0);
    assert_int_equal(sim_console_len(), 5 + sizeof(buf) - 1);
    assert_memory_equal(sim_console_text(), "(d0) qqqq", 9);
}

static void
test_write_count_zero_and_bad_buffers(void **state)
{
    sim_console_clear();
    assert_int_equal(do_console_io(CONSOLEIO_write, 0, 0), 0);
    assert_int_equal(do_console_io(CONSOLEIO_write, 1, 0), -EFAULT);
    assert_int_equal(do_console_io(CONSOLEIO_write, 16, XL_HV_START - 8), -EFAULT);
    assert_int_equal(do_console_io(CONSOLEIO_write, 16, ~0ULL - 4), -EFAULT);
    assert_int_equal(do_console_io(CONSOLEIO_write, 4, sim_guest_va(ARENA)), -EFAULT);
    assert_int_equal(sim_console_len(), 0);
}

/* count 2^31 from the arena: printed up to the last whole chunk before the
 * end of guest memory, then -EFAULT. */
static void
test_write_huge_count(void **state)
{
    sim_console_clear();
    assert_int_equal(do_console_io(CONSOLEIO_write, 0x80000000U,
                                   sim_guest_va(ARENA - 1000)), -EFAULT);
    assert_true(sim_console_len() <= 5 + 1000);
    /* The whole arena is CONSOLE_WRITE_MAX bytes: that much is printed
     * (zeros, no newline, continuing d0's open line: no new prefix), the
     * rest of the count is dropped. */
    sim_console_clear();
    assert_int_equal(ARENA, CONSOLE_WRITE_MAX);
    assert_int_equal(do_console_io(CONSOLEIO_write, 0xffffffffU,
                                   sim_guest_va(0)), 0);
    assert_int_equal(sim_console_len(), CONSOLE_WRITE_MAX);
}

static void
test_read_needs_privilege(void **state)
{
    use(d1, 0);
    assert_int_equal(do_console_io(CONSOLEIO_read, 10, sim_guest_va(0)), -EPERM);
}

static void
test_read_ring(void **state)
{
    char out[16] = { 0 };

    console_input_char('a');
    console_input_char('b');
    assert_int_equal(do_console_io(CONSOLEIO_read, 10, sim_guest_va(0x200)), 2);
    GET(0x200, out);
    assert_memory_equal(out, "ab", 2);
    assert_int_equal(do_console_io(CONSOLEIO_read, 10, sim_guest_va(0x200)), 0);
    console_input_char('c');
    assert_int_equal(do_console_io(CONSOLEIO_read, 0, sim_guest_va(0x200)), 0);
    assert_int_equal(do_console_io(CONSOLEIO_read, 0x80000000U, sim_guest_va(0x200)),
                     -E2BIG);
    /* A bad buffer consumes nothing. */
    assert_int_equal(do_console_io(CONSOLEIO_read, 1, 0), -EFAULT);
    assert_int_equal(do_console_io(CONSOLEIO_read, 1, sim_guest_va(0x200)), 1);
    GET(0x200, out);
    assert_int_equal(out[0], 'c');
}

static void
test_read_ring_overflow(void **state)
{
    for (int i = 0; i < 300; i++)
        console_input_char((char)('0' + i % 10));
    assert_int_equal(do_console_io(CONSOLEIO_read, 1000, sim_guest_va(0x400)),
                     CONSOLE_RX_SIZE);
}

static void
test_input_raises_virq_console(void **state)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_CONSOLE, .vcpu = 0 };
    uint64_t va = PUT(0x300, bv);

    assert_int_equal(do_event_channel_op(EVTCHNOP_bind_virq, va), 0);
    GET(0x300, bv);
    vinfo(d0, 0)->evtchn_upcall_mask = 0;
    console_input_char('z');
    assert_true(evtchn_is_pending(d0, bv.port));
    assert_int_equal(vinfo(d0, 0)->evtchn_upcall_pending, 1);
    assert_int_equal(sim_kicks(d0->vcpu[0]), 1);
}

static void
test_unknown_cmd(void **state)
{
    assert_int_equal(do_console_io(2, 0, 0), -ENOSYS);
    assert_int_equal(do_console_io(-1, 0, 0), -ENOSYS);
}

static char keys[64];
static size_t nkeys;

static void
key(char c)
{
    keys[nkeys++] = c;
}

static void
test_switch_triple_ctrl_a(void **state)
{
    char out[8];

    nkeys = 0;
    sim_console_clear();
    assert_false(console_input_to_dom0());
    console_serial_rx('h', key);
    console_serial_rx(1, key);
    console_serial_rx(1, key);
    console_serial_rx(1, key);
    assert_true(console_input_to_dom0());
    assert_string_equal(sim_console_text(),
        "(XL) *** Serial input to DOM0 (type 'CTRL-a' three times to switch input)\n");
    console_serial_rx('x', key);
    assert_int_equal(nkeys, 1);
    assert_int_equal(keys[0], 'h');
    assert_int_equal(do_console_io(CONSOLEIO_read, 8, sim_guest_va(0x200)), 1);
    GET(0x200, out);
    assert_int_equal(out[0], 'x');
    sim_console_clear();
    for (int i = 0; i < 3; i++)
        console_serial_rx(1, key);
    assert_false(console_input_to_dom0());
    assert_string_equal(sim_console_text(),
        "(XL) *** Serial input to Xen (type 'CTRL-a' three times to switch input)\n");
}

/* CTRL-a's that do not make three are input after all. */
static void
test_switch_partial_passes_through(void **state)
{
    nkeys = 0;
    console_serial_rx(1, key);
    console_serial_rx(1, key);
    console_serial_rx('k', key);
    assert_false(console_input_to_dom0());
    assert_int_equal(nkeys, 3);
    assert_memory_equal(keys, "\x01\x01k", 3);
    console_serial_rx('z', NULL);        /* no keyhandler: dropped */
}

static void
test_endboot_focus(void **state)
{
    sim_console_clear();
    console_endboot();
    assert_true(console_input_to_dom0());
    assert_non_null(strstr(sim_console_text(), "*** Serial input to DOM0"));
    console_endboot();
    assert_true(console_input_to_dom0());
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_write_prefixes_lines),
        T(test_write_open_line_closed_by_other_domain),
        T(test_write_long_chunks),
        T(test_write_count_zero_and_bad_buffers),
        T(test_write_huge_count),
        T(test_read_needs_privilege),
        T(test_read_ring),
        T(test_read_ring_overflow),
        T(test_input_raises_virq_console),
        T(test_unknown_cmd),
        T(test_switch_triple_ctrl_a),
        T(test_switch_partial_passes_through),
        T(test_endboot_focus),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
