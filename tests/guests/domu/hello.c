/*
 * tests/guests/domu/hello.c - the smallest domU: a PV64 kernel that a
 * toolstack test builds and runs next to dom0.  It says hello on its
 * console, checks that it is an unprivileged domain, and that the control
 * interface is closed to it.  When dom0's console backend serves its ring
 * (the shell's `create hello`, `make run`, `make demo`) it then stays, a
 * tiny prompt that echoes typed lines back (`console <dom>` in dom0).
 *
 * Where it runs: guest only (a PV domU on xenolith, built by domctl).
 */
#include "test.h"
#include "public/xl_domctl.h"

GUEST_TEST(hello)
{
    test_note("hello from a domU: %lu pages, cmdline \"%s\"", start_info->nr_pages,
              (const char *)start_info->cmd_line);
    CHECK(!(start_info->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN)),
          "a domU must not be privileged (flags %#x)", start_info->flags);
}

GUEST_TEST(no_domctl)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_getdomaininfo,
                           .interface_version = XL_DOMCTL_INTERFACE_VERSION,
                           .domain = 0 };
    struct xl_sysctl s = { .cmd = XL_SYSCTL_physinfo,
                           .interface_version = XL_SYSCTL_INTERFACE_VERSION };

    CHECK_RC(hypercall_raw(__HYPERVISOR_domctl, (uint64_t)&d, 0, 0, 0, 0), -XEN_EPERM);
    CHECK_RC(hypercall_raw(__HYPERVISOR_sysctl, (uint64_t)&s, 0, 0, 0, 0), -XEN_EPERM);
}

GUEST_TEST(console_read_refused)
{
    char buf[8];

    CHECK_RC(HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf), -XEN_EPERM);
}

/*
 * Served by dom0's console backend (`create hello` in dom0's shell, not
 * the toolstack test): stay and talk on the console ring.  A prompt;
 * typed bytes are echoed (the backend does not echo), Backspace erases,
 * Enter answers with the line; "exit" ends the domain as the tests would.
 */
#define HELLO_LINE 80
#define HELLO_WAIT_NS 1000000000ULL

static char
hello_getc(void)
{
    char c;

    while (console_read(&c, 1) == 0) {
        (void)HYPERVISOR_set_timer_op(guest_system_time() + HELLO_WAIT_NS);
        (void)HYPERVISOR_sched_op(SCHEDOP_block, NULL);     /* the ring's port wakes it */
        evtchn_mask_events();
    }
    return c;
}

void
test_epilogue(void)
{
    char line[HELLO_LINE], prev = 0;
    size_t n = 0;

    if (!console_backend_connected())
        return;
    printk("hello: I echo the lines you type here; `exit` shuts me down\nhello> ");
    for (;;) {
        char c = hello_getc(), p = prev;

        prev = c;
        if (c == '\n' && p == '\r')
            continue;
        if (c == '\r' || c == '\n') {
            line[n] = '\0';
            printk("\n");
            if (!strcmp(line, "exit")) {
                printk("hello: bye\n");
                return;
            }
            if (n)
                printk("hello: you said \"%s\" (%lu bytes)\n", line, (unsigned long)n);
            n = 0;
            printk("hello> ");
        } else if ((c == 0x7f || c == '\b') && n) {
            n--;
            console_write("\b \b", 3);
        } else if (c >= 0x20 && c < 0x7f && n < sizeof(line) - 1) {
            line[n++] = c;
            console_write(&c, 1);
        }
    }
}
