/*
 * tests/guests/pv_basic.c - start of day, console_io, xen_version,
 * sched_op, vcpu_op queries, multicall, unknown hypercalls.
 *
 * Where it runs: guest only (PV64 dom0 on Xen 4.17 or xenolith).
 */
#include "test.h"

#define HV_ADDR 0xffff830000000000UL   /* inside the hypervisor's slots */

GUEST_TEST(start_info_magic)
{
    CHECK(!strncmp(start_info->magic, XEN_START_INFO_MAGIC, 14),
          "magic \"%s\"", start_info->magic);
    CHECK((uint64_t)start_info == entry_regs.rsi, "start_info %p != %%rsi %#lx",
          (void *)start_info, entry_regs.rsi);
    CHECK(((uint64_t)start_info & (PAGE_SIZE - 1)) == 0, "start_info not page aligned");
    CHECK((uint64_t)start_info >= (uint64_t)_image_end, "start_info inside the image");
    test_note("magic \"%s\" flags %#x nr_pages %lu shared_info %#lx",
              start_info->magic, start_info->flags, start_info->nr_pages,
              start_info->shared_info);
    test_note("pt_base %#lx nr_pt_frames %lu mfn_list %#lx mod_start %#lx mod_len %lu",
              start_info->pt_base, start_info->nr_pt_frames, start_info->mfn_list,
              start_info->mod_start, start_info->mod_len);
    test_note("store_mfn %#lx store_evtchn %u console %#x/%#x first_p2m_pfn %#lx nr_p2m_frames %lu",
              start_info->store_mfn, start_info->store_evtchn,
              start_info->console.dom0.info_off, start_info->console.dom0.info_size,
              start_info->first_p2m_pfn, start_info->nr_p2m_frames);
    test_note("cmd_line \"%s\"", (const char *)start_info->cmd_line);
}

GUEST_TEST(start_info_dom0_flags)
{
    CHECK_EQ(start_info->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN),
             SIF_PRIVILEGED | SIF_INITDOMAIN);
}

GUEST_TEST(entry_registers)
{
    test_note("entry rsp %#lx rsi %#lx rflags %#lx cs %#lx ss %#lx ds %#lx",
              entry_regs.rsp, entry_regs.rsi, entry_regs.rflags, entry_regs.cs,
              entry_regs.ss, entry_regs.ds);
    test_note("entry rax %#lx rbx %#lx rcx %#lx rdx %#lx rdi %#lx rbp %#lx",
              entry_regs.rax, entry_regs.rbx, entry_regs.rcx, entry_regs.rdx,
              entry_regs.rdi, entry_regs.rbp);
    CHECK_EQ(entry_regs.cs, FLAT_KERNEL_CS);
    CHECK_EQ(entry_regs.ss, FLAT_KERNEL_SS);
    /* The boot stack sits in the initial mapping after the page tables. */
    CHECK(entry_regs.rsp > start_info->pt_base, "boot stack %#lx below pt_base",
          entry_regs.rsp);
    CHECK(entry_regs.rsp < GUEST_VIRT_BASE + (start_info->nr_pages << PAGE_SHIFT),
          "boot stack %#lx beyond memory", entry_regs.rsp);
}

GUEST_TEST(initial_mapping_layout)
{
    uint64_t si = (uint64_t)start_info;
    uint64_t l4 = start_info->pt_base;

    /* image < p2m list < start_info < page tables, all from VIRT_BASE. */
    CHECK(start_info->mfn_list >= (uint64_t)_image_end, "p2m %#lx in the image",
          start_info->mfn_list);
    CHECK(si > start_info->mfn_list, "start_info below the p2m");
    CHECK(l4 > si, "pt_base below start_info");
    CHECK((l4 & (PAGE_SIZE - 1)) == 0, "pt_base not page aligned");
    CHECK(start_info->nr_pt_frames >= 4, "nr_pt_frames %lu", start_info->nr_pt_frames);
    /* The L4 maps itself nowhere writable: its own L1 entry is read-only. */
    CHECK((pt_entry_read(l4, 1) & (_PAGE_PRESENT | _PAGE_RW)) == _PAGE_PRESENT,
          "pt_base L1 entry %#lx", pt_entry_read(l4, 1));
    /* The image and the p2m are mapped writable, start_info too. */
    CHECK(pt_entry_read((uint64_t)&entry_regs, 1) & _PAGE_RW, "image read-only");
    CHECK(pt_entry_read(si, 1) & _PAGE_RW, "start_info read-only");
    test_note("L1e(image) %#lx L1e(pt_base) %#lx L4[511] %#lx",
              pt_entry_read(GUEST_VIRT_BASE, 1), pt_entry_read(l4, 1),
              ((uint64_t *)l4)[511]);
}

GUEST_TEST(p2m_m2p_agree)
{
    uint64_t pfn;

    for (pfn = 0; pfn < start_info->nr_pages; pfn += 97)
        CHECK(M2P[p2m[pfn]] == pfn, "M2P[p2m[%#lx] = %#lx] = %#lx", pfn,
              p2m[pfn], M2P[p2m[pfn]]);
    /* The hypercall page is where the note said and holds code. */
    CHECK(hypercall_page[0] != 0x0f || hypercall_page[1] != 0x0b,
          "hypercall page not filled");
}

GUEST_TEST(hypercall_page_stubs)
{
    /* PV64 stub: push %rcx; push %r11; mov $nr,%eax; syscall; pop; pop; ret. */
    const unsigned char *s = (const unsigned char *)hypercall_page + 18 * 32;
    test_note("stub 18: %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x",
              s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12]);
    s = (const unsigned char *)hypercall_page + 23 * 32;
    test_note("stub 23 (iret): %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x",
              s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10]);
}

GUEST_TEST(shared_info_mapped)
{
    vcpu_time_info_t *t = &shared_info->vcpu_info[0].time;
    uint32_t v = t->version;
    test_note("time version %u system_time %lu mul %u shift %d wc_sec %u",
              v, t->system_time, t->tsc_to_system_mul, t->tsc_shift, shared_info->wc_sec);
    test_note("upcall_mask %u upcall_pending %u max_pfn %lu",
              shared_info->vcpu_info[0].evtchn_upcall_mask,
              shared_info->vcpu_info[0].evtchn_upcall_pending,
              shared_info->arch.max_pfn);
    CHECK(t->tsc_to_system_mul != 0, "vcpu_time_info not filled in");
    CHECK((v & 1) == 0, "time version odd");
}

GUEST_TEST(console_io_write)
{
    static const char msg[] = "  # console_io write\n";
    CHECK_RC(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg), 0);
    CHECK_RC(HYPERVISOR_console_io(CONSOLEIO_write, 0, msg), 0);
}

GUEST_TEST(console_io_errors)
{
    CHECK_RC(HYPERVISOR_console_io(CONSOLEIO_write, 16, (void *)HV_ADDR), -XEN_EFAULT);
    CHECK_RC(HYPERVISOR_console_io(CONSOLEIO_write, 16, (void *)0x1000), -XEN_EFAULT);
    CHECK_RC(HYPERVISOR_console_io(CONSOLEIO_write, 16, (void *)0x8000000000000000UL),
             -XEN_EFAULT);
    CHECK_RC(HYPERVISOR_console_io(77, 0, NULL), -XEN_ENOSYS);
}

GUEST_TEST(console_io_read)
{
    char buf[16];
    /* dom0 may read; nothing typed, so 0 bytes. */
    CHECK_RC(HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf), 0);
}

GUEST_TEST(xen_version_version)
{
    long v = HYPERVISOR_xen_version(XENVER_version, NULL);
    test_note("version %ld.%ld", v >> 16, v & 0xffff);
    CHECK(v >= 0x30000, "version %#lx", v);
}

GUEST_TEST(xen_version_strings)
{
    static xen_extraversion_t extra;
    static xen_compile_info_t ci;
    static xen_capabilities_info_t caps;
    static xen_changeset_info_t cs;

    CHECK_RC(HYPERVISOR_xen_version(XENVER_extraversion, extra), 0);
    CHECK_RC(HYPERVISOR_xen_version(XENVER_compile_info, &ci), 0);
    CHECK_RC(HYPERVISOR_xen_version(XENVER_capabilities, caps), 0);
    CHECK_RC(HYPERVISOR_xen_version(XENVER_changeset, cs), 0);
    test_note("extraversion \"%.16s\" compiler \"%.64s\"", extra, ci.compiler);
    test_note("capabilities \"%.100s\" changeset \"%.64s\"", caps, cs);
    CHECK(strstr(caps, "xen-3.0-x86_64") != NULL, "capabilities lack xen-3.0-x86_64");
}

GUEST_TEST(xen_version_platform)
{
    xen_platform_parameters_t pp = { 0 };
    CHECK_RC(HYPERVISOR_xen_version(XENVER_platform_parameters, &pp), 0);
    CHECK_EQ(pp.virt_start, HYPERVISOR_VIRT_START);
    CHECK_RC(HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096);
}

GUEST_TEST(xen_version_features)
{
    xen_feature_info_t fi = { .submap_idx = 0 };
    CHECK_RC(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
    test_note("features[0] %#x", fi.submap);
    CHECK(fi.submap & (1u << XENFEAT_dom0), "XENFEAT_dom0 missing");
    CHECK(!(fi.submap & (1u << XENFEAT_auto_translated_physmap)), "PV is not translated");
    fi.submap_idx = 1;
    fi.submap = 0xdead;
    CHECK_RC(HYPERVISOR_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
}

GUEST_TEST(xen_version_errors)
{
    CHECK_RC(HYPERVISOR_xen_version(XENVER_extraversion, (void *)HV_ADDR), -XEN_EFAULT);
    CHECK_RC(HYPERVISOR_xen_version(XENVER_platform_parameters, (void *)0x10), -XEN_EFAULT);
    CHECK_RC(HYPERVISOR_xen_version(99, NULL), -XEN_ENOSYS);
}

GUEST_TEST(unknown_hypercalls)
{
    CHECK_RC(hypercall_raw(11, 0, 0, 0, 0, 0), -XEN_ENOSYS);
    CHECK_RC(hypercall_raw(45, 0, 0, 0, 0, 0), -XEN_ENOSYS);
    CHECK_RC(hypercall_raw(56, 0, 0, 0, 0, 0), -XEN_ENOSYS);
    CHECK_RC(hypercall_raw(127, 0, 0, 0, 0, 0), -XEN_ENOSYS);
    CHECK_RC(HYPERVISOR_sched_op(99, NULL), -XEN_ENOSYS);
    CHECK_RC(HYPERVISOR_vcpu_op(99, 0, NULL), -XEN_ENOSYS);
    CHECK_RC(HYPERVISOR_event_channel_op(99, NULL), -XEN_ENOSYS);
    CHECK_RC(HYPERVISOR_callback_op(99, NULL), -XEN_ENOSYS);
}

GUEST_TEST(sched_yield)
{
    int i;
    for (i = 0; i < 10; i++)
        CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
}

GUEST_TEST(sched_shutdown_bad)
{
    struct sched_shutdown sd = { .reason = 1234 };
    /* Xen passes an unknown reason on; a bad pointer is -EFAULT. */
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)HV_ADDR), -XEN_EFAULT);
    (void)sd;
}

GUEST_TEST(vcpu_is_up)
{
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL), -XEN_ENOENT);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_is_up, 100000, NULL), -XEN_ENOENT);
}

GUEST_TEST(vcpu_runstate)
{
    vcpu_runstate_info_t rs;

    memset(&rs, 0xff, sizeof(rs));
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs), 0);
    CHECK_EQ(rs.state, RUNSTATE_running);
    CHECK(rs.time[RUNSTATE_running] > 0, "no running time");
    test_note("runstate %d entry %lu running %lu runnable %lu blocked %lu",
              rs.state, rs.state_entry_time, rs.time[0], rs.time[1], rs.time[2]);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &rs), -XEN_ENOENT);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, (void *)HV_ADDR), -XEN_EFAULT);
}

GUEST_TEST(multicall_basic)
{
    static multicall_entry_t mc[3];
    static xen_platform_parameters_t pp;

    memset(mc, 0, sizeof(mc));
    mc[0].op = __HYPERVISOR_xen_version;
    mc[0].args[0] = XENVER_pagesize;
    mc[1].op = __HYPERVISOR_xen_version;
    mc[1].args[0] = XENVER_platform_parameters;
    mc[1].args[1] = (uint64_t)&pp;
    mc[2].op = __HYPERVISOR_sched_op;
    mc[2].args[0] = 99;
    CHECK_RC(HYPERVISOR_multicall(mc, 3), 0);
    CHECK_EQ(mc[0].result, 4096);
    CHECK_EQ(mc[1].result, 0);
    CHECK_EQ(pp.virt_start, HYPERVISOR_VIRT_START);
    CHECK_EQ(mc[2].result, (uint64_t)-XEN_ENOSYS);
}

GUEST_TEST(multicall_nested_and_unknown)
{
    static multicall_entry_t mc[2];

    /* A multicall inside a multicall is refused too. */
    memset(mc, 0, sizeof(mc));
    mc[0].op = __HYPERVISOR_multicall;
    mc[0].args[0] = (uint64_t)&mc[1];
    mc[0].args[1] = 1;
    mc[1].op = __HYPERVISOR_xen_version;
    CHECK_RC(HYPERVISOR_multicall(mc, 1), 0);
    test_note("nested multicall: result %ld", (long)mc[0].result);
    CHECK_EQ(mc[0].result, (uint64_t)-XEN_EINVAL);
    /* Unknown and out-of-range op numbers. */
    memset(mc, 0, sizeof(mc));
    mc[0].op = 200;
    mc[1].op = 0xffffffffffffffffUL;
    CHECK_RC(HYPERVISOR_multicall(mc, 2), 0);
    CHECK_EQ(mc[0].result, (uint64_t)-XEN_ENOSYS);
    CHECK_EQ(mc[1].result, (uint64_t)-XEN_ENOSYS);
}

GUEST_TEST(multicall_bad_buffer)
{
    CHECK_RC(HYPERVISOR_multicall((void *)HV_ADDR, 1), -XEN_EFAULT);
    CHECK_RC(HYPERVISOR_multicall((void *)0x1000, 1), -XEN_EFAULT);
    CHECK_RC(HYPERVISOR_multicall(NULL, 0), 0);
}

GUEST_TEST(vm_assist)
{
    CHECK_RC(HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag), 0);
    CHECK_RC(HYPERVISOR_vm_assist(VMASST_CMD_disable, VMASST_TYPE_runstate_update_flag), 0);
    CHECK_RC(HYPERVISOR_vm_assist(VMASST_CMD_enable, 31), -XEN_EINVAL);
    CHECK_RC(HYPERVISOR_vm_assist(7, 0), -XEN_ENOSYS);
}

GUEST_TEST(physdev_set_iopl)
{
    struct physdev_set_iopl io = { .iopl = 1 };
    CHECK_RC(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &io), 0);
    io.iopl = 4;
    CHECK_RC(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &io), -XEN_EINVAL);
    io.iopl = 0;
    CHECK_RC(HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &io), 0);
}

