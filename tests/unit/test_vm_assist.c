/*
 * test_vm_assist.c - the vm_assist hypercall, through the dispatcher.
 *
 * Environment: hosted (sim).
 */
#include "unit.h"
#include <domain.h>
#include <hypercall.h>
#include <xl_errno.h>
#include <sim_hc.h>
#include "public/xen.h"

static int
setup(void **state)
{
    sim_hc_world_init(512, 1, 4096);
    current = domain_table[0]->vcpu[0];
    return 0;
}

static int
teardown(void **state)
{
    sim_hc_world_fini();
    return 0;
}

static long
vm_assist(uint64_t cmd, uint64_t type)
{
    uint64_t args[6] = { cmd, type, 0, 0, 0, 0 };

    return hypercall_dispatch(current, __HYPERVISOR_vm_assist, args);
}

static void
test_enable_disable(void **state)
{
    struct domain *d = current->domain;

    assert_int_equal(vm_assist(VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag), 0);
    assert_true(d->vm_assist & (1ULL << VMASST_TYPE_runstate_update_flag));
    assert_int_equal(vm_assist(VMASST_CMD_enable, VMASST_TYPE_m2p_strict), 0);
    assert_int_equal(vm_assist(VMASST_CMD_disable, VMASST_TYPE_runstate_update_flag), 0);
    assert_false(d->vm_assist & (1ULL << VMASST_TYPE_runstate_update_flag));
    assert_true(d->vm_assist & (1ULL << VMASST_TYPE_m2p_strict));
}

static void
test_bad_arguments(void **state)
{
    struct domain *d = current->domain;

    assert_int_equal(vm_assist(VMASST_CMD_enable, 31), -EINVAL);
    assert_int_equal(vm_assist(VMASST_CMD_enable, 64), -EINVAL);
    assert_int_equal(vm_assist(VMASST_CMD_enable, 0xffffffffULL), -EINVAL);
    assert_int_equal(vm_assist(VMASST_CMD_enable, VMASST_TYPE_mode_switch_no_ibpb), -EINVAL);
    assert_int_equal(vm_assist(7, 0), -ENOSYS);
    assert_int_equal(vm_assist(0x100000000ULL, 0), 0);    /* cmd is an unsigned int */
    assert_true(d->vm_assist == (1ULL << VMASST_TYPE_4gb_segments));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_enable_disable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
