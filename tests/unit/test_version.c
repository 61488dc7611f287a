/*
 * test_version.c - xen_version: every sub-op, privilege, bad buffers.
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
#include "public/elfnote.h"

#define OFF 0x800

static void
test_version_number(void **state)
{
    assert_int_equal(do_xen_version(XENVER_version, 0), 0x40011);
    assert_int_equal(do_xen_version(XENVER_pagesize, 0), 4096);
}

static void
test_strings(void **state)
{
    xen_extraversion_t ev;
    xen_capabilities_info_t caps;
    xen_changeset_info_t cs;
    struct xen_compile_info ci;

    memset(&ev, 0x55, sizeof(ev));
    assert_int_equal(do_xen_version(XENVER_extraversion, sim_guest_va(OFF)), 0);
    GET(OFF, ev);
    assert_string_equal(ev, ".0-xenolith");
    assert_int_equal(ev[15], 0);
    assert_int_equal(do_xen_version(XENVER_capabilities, sim_guest_va(OFF)), 0);
    GET(OFF, caps);
    assert_string_equal(caps, "xen-3.0-x86_64 ");
    assert_int_equal(caps[1023], 0);
    assert_int_equal(do_xen_version(XENVER_changeset, sim_guest_va(OFF)), 0);
    GET(OFF, cs);
    assert_true(strlen(cs) > 0 && strlen(cs) < sizeof(cs));
    assert_int_equal(do_xen_version(XENVER_compile_info, sim_guest_va(OFF)), 0);
    GET(OFF, ci);
    assert_int_equal(strncmp(ci.compiler, "gcc", 3), 0);
    assert_int_equal(ci.compile_date[31], 0);
}

static void
test_platform_parameters(void **state)
{
    struct xen_platform_parameters pp;

    assert_int_equal(do_xen_version(XENVER_platform_parameters, sim_guest_va(OFF)), 0);
    GET(OFF, pp);
    assert_int_equal(pp.virt_start, HYPERVISOR_VIRT_START);
}

static void
test_features(void **state)
{
    struct xen_feature_info fi = { .submap_idx = 0, .submap = 0xffffffff };
    uint64_t va = PUT(OFF, fi);

    assert_int_equal(do_xen_version(XENVER_get_features, va), 0);
    GET(OFF, fi);
    assert_int_equal(fi.submap, 1U << XENFEAT_dom0);
    use(d1, 0);
    fi.submap = 0xffffffff;
    va = PUT(OFF, fi);
    assert_int_equal(do_xen_version(XENVER_get_features, va), 0);
    GET(OFF, fi);
    assert_int_equal(fi.submap, 0);
    fi.submap_idx = 1;
    va = PUT(OFF, fi);
    assert_int_equal(do_xen_version(XENVER_get_features, va), -EINVAL);
    fi.submap_idx = 0xffffffff;
    va = PUT(OFF, fi);
    assert_int_equal(do_xen_version(XENVER_get_features, va), -EINVAL);
}

static void
test_guest_handle_zero(void **state)
{
    unsigned char h[16];

    memset(h, 0xff, sizeof(h));
    PUT(OFF, h);
    assert_int_equal(do_xen_version(XENVER_guest_handle, sim_guest_va(OFF)), 0);
    GET(OFF, h);
    for (int i = 0; i < 16; i++)
        assert_int_equal(h[i], 0);
}

static void
test_commandline_dom0_only(void **state)
{
    xen_commandline_t cl;

    xen_version_set_cmdline("console=com1 loglvl=all");
    assert_int_equal(do_xen_version(XENVER_commandline, sim_guest_va(OFF)), 0);
    GET(OFF, cl);
    assert_string_equal(cl, "console=com1 loglvl=all");
    use(d1, 0);
    assert_int_equal(do_xen_version(XENVER_commandline, sim_guest_va(OFF)), -EPERM);
    xen_version_set_cmdline(NULL);
}

static void
test_build_id(void **state)
{
    assert_int_equal(do_xen_version(XENVER_build_id, sim_guest_va(OFF)), -ENODATA);
    use(d1, 0);
    assert_int_equal(do_xen_version(XENVER_build_id, sim_guest_va(OFF)), -EPERM);
}

static void
test_unknown_and_bad_pointers(void **state)
{
    static const int with_buf[] = {
        XENVER_extraversion, XENVER_compile_info, XENVER_capabilities,
        XENVER_changeset, XENVER_platform_parameters, XENVER_get_features,
        XENVER_guest_handle, XENVER_commandline,
    };

    assert_int_equal(do_xen_version(11, 0), -ENOSYS);
    assert_int_equal(do_xen_version(-1, 0), -ENOSYS);
    assert_int_equal(do_xen_version(0x7fffffff, 0), -ENOSYS);
    for (size_t i = 0; i < ARRAY_SIZE(with_buf); i++) {
        assert_int_equal(do_xen_version(with_buf[i], 0), -EFAULT);
        assert_int_equal(do_xen_version(with_buf[i], XL_HV_START), -EFAULT);
        assert_int_equal(do_xen_version(with_buf[i], sim_guest_va(ARENA - 4)),
                         -EFAULT);
    }
    /* capabilities is 1024 bytes: 1000 before the end is not enough. */
    assert_int_equal(do_xen_version(XENVER_capabilities, sim_guest_va(ARENA - 1000)),
                     -EFAULT);
    assert_int_equal(do_xen_version(XENVER_capabilities, sim_guest_va(ARENA - 1024)),
                     0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_version_number),
        T(test_strings),
        T(test_platform_parameters),
        T(test_features),
        T(test_guest_handle_zero),
        T(test_commandline_dom0_only),
        T(test_build_id),
        T(test_unknown_and_bad_pointers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
