/*
 * tests/guests/domu/hello.c - the smallest domU: a PV64 kernel that a
 * toolstack test builds and runs next to dom0.  It says hello on its
 * console, checks that it is an unprivileged domain, and that the control
 * interface is closed to it.
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
