/*
 * tests/unit/test_abi_layout.c - the spec/public/ ABI headers, together.
 *
 * Where it runs: hosted (cmocka), x86-64 only.
 *
 * Including every header in one translation unit proves they compile side
 * by side without clashing names.  The _Static_asserts inside the headers
 * already pin layouts at compile time; the cases below repeat a handful of
 * the facts a Xen guest depends on most, so a wrong edit shows up as a
 * named failing test as well as a build break.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "public/xen.h"
#include "public/elfnote.h"
#include "public/event_channel.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "public/version.h"
#include "public/memory.h"
#include "public/grant_table.h"
#include "public/callback.h"
#include "public/physdev.h"
#include "public/hvm_op.h"
#include "public/hvm_params.h"
#include "public/hvm_start_info.h"
#include "public/console_ring.h"
#include "public/xs_wire.h"

static void
test_hypercall_numbers(void **state)
{
    (void)state;
    assert_int_equal(__HYPERVISOR_set_trap_table, 0);
    assert_int_equal(__HYPERVISOR_mmu_update, 1);
    assert_int_equal(__HYPERVISOR_memory_op, 12);
    assert_int_equal(__HYPERVISOR_multicall, 13);
    assert_int_equal(__HYPERVISOR_xen_version, 17);
    assert_int_equal(__HYPERVISOR_console_io, 18);
    assert_int_equal(__HYPERVISOR_grant_table_op, 20);
    assert_int_equal(__HYPERVISOR_iret, 23);
    assert_int_equal(__HYPERVISOR_vcpu_op, 24);
    assert_int_equal(__HYPERVISOR_mmuext_op, 26);
    assert_int_equal(__HYPERVISOR_sched_op, 29);
    assert_int_equal(__HYPERVISOR_callback_op, 30);
    assert_int_equal(__HYPERVISOR_event_channel_op, 32);
    assert_int_equal(__HYPERVISOR_physdev_op, 33);
    assert_int_equal(__HYPERVISOR_hvm_op, 34);
    /* every hypercall has a stub inside the one-page hypercall page */
    assert_true(__HYPERVISOR_arch_7 < XEN_NR_HYPERCALL_STUBS);
}

static void
test_pv_boot_structs(void **state)
{
    start_info_t si;

    (void)state;
    assert_true(sizeof(XEN_START_INFO_MAGIC) <= sizeof(si.magic));
    assert_int_equal(sizeof(struct start_info), 1168);
    assert_int_equal(offsetof(struct start_info, cmd_line), 128);
    assert_int_equal(sizeof(struct shared_info), 3136);
    assert_true(sizeof(struct shared_info) <= 4096);
    assert_int_equal(sizeof(struct vcpu_info), 64);
    assert_int_equal(sizeof(struct vcpu_time_info), 32);
    assert_int_equal(offsetof(struct shared_info, evtchn_pending), 2048);
    assert_int_equal(offsetof(struct shared_info, wc_version), 3072);
    assert_int_equal(EVTCHN_2L_NR_CHANNELS, 4096);
    assert_int_equal(sizeof(struct trap_info), 16);
    assert_int_equal(sizeof(struct cpu_user_regs), 200);
    assert_int_equal(sizeof(struct vcpu_guest_context), 5168);
    assert_int_equal(sizeof(struct multicall_entry), 64);
    assert_int_equal(sizeof(struct mmuext_op), 24);
    assert_int_equal(FLAT_KERNEL_CS, 0xe033);
    assert_int_equal(FLAT_KERNEL_SS, 0xe02b);
    assert_true(HYPERVISOR_VIRT_START == 0xFFFF800000000000UL);
    assert_true(HYPERVISOR_VIRT_END == 0xFFFF880000000000UL);
}

static void
test_elfnotes(void **state)
{
    (void)state;
    assert_int_equal(XEN_ELFNOTE_ENTRY, 1);
    assert_int_equal(XEN_ELFNOTE_HYPERCALL_PAGE, 2);
    assert_int_equal(XEN_ELFNOTE_FEATURES, 10);
    assert_int_equal(XEN_ELFNOTE_SUPPORTED_FEATURES, 17);
    assert_int_equal(XEN_ELFNOTE_PHYS32_ENTRY, 18);
    assert_int_equal(XENFEAT_auto_translated_physmap, 2);
    assert_int_equal(XENFEAT_dom0, 11);
}

static void
test_hvm_pvh(void **state)
{
    (void)state;
    assert_int_equal(XEN_HVM_START_MAGIC_VALUE, 0x336ec578);
    assert_int_equal(sizeof(struct hvm_start_info), 56);
    assert_int_equal(offsetof(struct hvm_start_info, memmap_paddr), 40);
    assert_int_equal(sizeof(struct hvm_modlist_entry), 32);
    assert_int_equal(sizeof(struct hvm_memmap_table_entry), 24);
    assert_int_equal(sizeof(struct xen_hvm_param), 16);
    assert_int_equal(HVMOP_set_param, 0);
    assert_int_equal(HVMOP_get_param, 1);
    assert_int_equal(HVM_PARAM_STORE_PFN, 1);
    assert_int_equal(HVM_PARAM_STORE_EVTCHN, 2);
    assert_int_equal(HVM_PARAM_CONSOLE_PFN, 17);
    assert_int_equal(HVM_PARAM_CONSOLE_EVTCHN, 18);
    assert_int_equal(XENMEM_add_to_physmap, 7);
    assert_int_equal(XENMAPSPACE_shared_info, 0);
    assert_int_equal(sizeof(struct xen_add_to_physmap), 24);
}

static void
test_grants_events_rings(void **state)
{
    (void)state;
    assert_int_equal(sizeof(struct grant_entry_v1), 8);
    assert_int_equal(sizeof(struct gnttab_map_grant_ref), 32);
    assert_int_equal(offsetof(struct gnttab_map_grant_ref, handle), 20);
    assert_int_equal(GNTST_permission_denied, -8);
    assert_int_equal(GTF_permit_access | GTF_readonly, 5);
    assert_int_equal(sizeof(struct evtchn_status), 24);
    assert_int_equal(sizeof(struct evtchn_op), 28);
    assert_int_equal(EVTCHNOP_send, 4);
    assert_int_equal(SCHEDOP_shutdown, 2);
    assert_int_equal(SHUTDOWN_crash, 3);
    assert_int_equal(VCPUOP_register_vcpu_info, 10);
    assert_int_equal(CALLBACKTYPE_syscall, 2);
    assert_int_equal(sizeof(struct xencons_interface), 3088);
    assert_int_equal(sizeof(struct xenstore_domain_interface), 2076);
    assert_int_equal(sizeof(struct xsd_sockmsg), 16);
    assert_int_equal(XS_DIRECTORY_PART, 22);
}

static void
test_guest_handle_convention(void **state)
{
    struct xen_memory_reservation r;
    xen_pfn_t frames[4];

    (void)state;
    memset(&r, 0, sizeof(r));
    xen_set_guest_handle(r.extent_start, frames);
    assert_true(r.extent_start == (uint64_t)(uintptr_t)frames);
    assert_int_equal(sizeof(r.extent_start), 8);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hypercall_numbers),
        cmocka_unit_test(test_pv_boot_structs),
        cmocka_unit_test(test_elfnotes),
        cmocka_unit_test(test_hvm_pvh),
        cmocka_unit_test(test_grants_events_rings),
        cmocka_unit_test(test_guest_handle_convention),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
