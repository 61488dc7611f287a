/*
 * test_domctl.c - domctl and sysctl (spec/domctl.md): every op's success
 * path and errors, who may call, frames returned over create/destroy.
 *
 * Environment: hosted only (cmocka + sim, ASan/UBSan).
 *
 * Calls go through hypercall_dispatch, as from a guest: the op struct is
 * put into the caller's arena, its guest address passed.  The world is
 * dom0 (privileged, `current`) and dom1 (unprivileged), 2 vCPUs each.
 */
#include "unit.h"
#include <domain.h>
#include <domctl.h>
#include <event.h>
#include <guest_access.h>
#include <hypercall.h>
#include <schedule.h>
#include <xl_errno.h>
#include <sim_domctl.h>
#include <sim_guest.h>
#include <sim_hc.h>
#include "public/xen.h"
#include "public/sched.h"
#include "public/xl_domctl.h"

#define FRAMES   4096
#define ARENA    (256 * 1024)
#define OFF_OP   0
#define OFF_CTX  4096           /* a vcpu_guest_context (5 KiB)          */
#define OFF_LIST 16384          /* MAX_DOMAINS getdomaininfo entries     */
#define OFF_IMG  32768          /* images, ramdisks, command lines      */
#define OFF_CON  (128 * 1024)   /* console buffer, up to CONRING_SIZE+1  */

static struct domain *d0, *d1;

static int
setup(void **state)
{
    sim_hc_world_init(FRAMES, 2, ARENA);
    d0 = domain_table[0];
    d1 = domain_table[1];
    return 0;
}

static int
teardown(void **state)
{
    sim_domctl_set_caps(SIM_DOMCTL_DEFAULT_CAPS);
    for (unsigned int i = 0; i < MAX_DOMAINS; i++)   /* domctl-made ones */
        if (domain_table[i] && domain_table[i]->arch) {
            domain_kill(domain_table[i]);
            arch_domain_destroy(domain_table[i]);
        }
    sim_hc_world_fini();
    return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static long
hc1(uint64_t nr, uint64_t a0)
{
    uint64_t args[6] = { a0, 0, 0, 0, 0, 0 };

    return hypercall_dispatch(current, nr, args);
}

static struct xl_domctl
mk(uint32_t cmd, domid_t dom)
{
    struct xl_domctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.interface_version = XL_DOMCTL_INTERFACE_VERSION;
    op.domain = dom;
    return op;
}

/* Run op from the current domain's arena; op gets what came back. */
static long
domctl(struct xl_domctl *op)
{
    uint64_t va = sim_guest_put(current->domain, OFF_OP, op, sizeof(*op));
    long rc = hc1(__HYPERVISOR_domctl, va);

    memcpy(op, sim_guest_ptr(current->domain, va, sizeof(*op)), sizeof(*op));
    return rc;
}

static long
sysctl(struct xl_sysctl *op)
{
    uint64_t va = sim_guest_put(current->domain, OFF_OP, op, sizeof(*op));
    long rc = hc1(__HYPERVISOR_sysctl, va);

    memcpy(op, sim_guest_ptr(current->domain, va, sizeof(*op)), sizeof(*op));
    return rc;
}

static struct xl_sysctl
mks(uint32_t cmd)
{
    struct xl_sysctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.interface_version = XL_SYSCTL_INTERFACE_VERSION;
    return op;
}

static long
create(uint32_t type, unsigned int vcpus, uint64_t pages, domid_t want)
{
    struct xl_domctl op = mk(XL_DOMCTL_createdomain, want);
    long rc;

    op.u.createdomain.type = type;
    op.u.createdomain.max_vcpus = vcpus;
    op.u.createdomain.max_pages = pages;
    rc = domctl(&op);
    if (rc >= 0)
        assert_int_equal(op.domain, rc);
    return rc;
}

static long
simple(uint32_t cmd, domid_t dom)
{
    struct xl_domctl op = mk(cmd, dom);

    return domctl(&op);
}

static long
info(domid_t dom, struct xl_domctl_getdomaininfo *out)
{
    struct xl_domctl op = mk(XL_DOMCTL_getdomaininfo, dom);
    long rc = domctl(&op);

    *out = op.u.getdomaininfo;
    return rc;
}

/* Build dom from an image of img_len bytes (first byte 0x7f unless
 * given), a ramdisk of rd_len and a command line, all in the arena. */
static long
build(domid_t dom, size_t img_len, size_t rd_len, const char *cmdline)
{
    static uint8_t img[3 * 4096 + 100];
    struct xl_domctl op = mk(XL_DOMCTL_build, dom);

    assert_true(img_len <= sizeof(img) && rd_len <= sizeof(img));
    memset(img, 0x5a, sizeof(img));
    img[0] = 0x7f;
    op.u.build.image = sim_guest_put(current->domain, OFF_IMG, img, img_len);
    op.u.build.image_size = img_len;
    if (rd_len) {
        op.u.build.ramdisk = sim_guest_put(current->domain, OFF_IMG + 16384,
                                           img, rd_len);
        op.u.build.ramdisk_size = rd_len;
    }
    op.u.build.cmdline = sim_guest_put(current->domain, OFF_IMG + 32768,
                                       cmdline, strlen(cmdline));
    op.u.build.cmdline_len = (uint32_t)strlen(cmdline);
    return domctl(&op);
}

/* ---- who may call, versions, commands ---- */

static void
test_domu_gets_eperm(void **state)
{
    struct xl_domctl op = mk(XL_DOMCTL_getdomaininfo, 0);
    struct xl_sysctl sop = mks(XL_SYSCTL_physinfo);

    current = d1->vcpu[0];
    assert_int_equal(domctl(&op), -EPERM);
    assert_int_equal(sysctl(&sop), -EPERM);
    op = mk(XL_DOMCTL_createdomain, 0);
    op.u.createdomain.type = XL_DOMCTL_TYPE_PV;
    op.u.createdomain.max_vcpus = 1;
    op.u.createdomain.max_pages = 16;
    assert_int_equal(domctl(&op), -EPERM);
    assert_null(domain_table[2]);
    /* Refused before the argument is read: a bad address is -EPERM too. */
    assert_int_equal(hc1(__HYPERVISOR_domctl, 0), -EPERM);
    assert_int_equal(hc1(__HYPERVISOR_sysctl, XL_HV_START), -EPERM);
    op.interface_version = 1;
    assert_int_equal(domctl(&op), -EPERM);
    /* No caller at all (no vCPU current): refused. */
    current = NULL;
    assert_int_equal(do_domctl(0), -EPERM);
    assert_int_equal(do_sysctl(0), -EPERM);
}

static void
test_bad_version_eacces(void **state)
{
    struct xl_domctl op = mk(XL_DOMCTL_getdomaininfo, 0);
    struct xl_sysctl sop = mks(XL_SYSCTL_physinfo);

    op.interface_version = XL_DOMCTL_INTERFACE_VERSION + 1;
    assert_int_equal(domctl(&op), -EACCES);
    op.interface_version = 0x15;            /* a Xen 4.17 toolstack's */
    assert_int_equal(domctl(&op), -EACCES);
    sop.interface_version = 0;
    assert_int_equal(sysctl(&sop), -EACCES);
    /* Version before command: an unknown command with a bad version. */
    op.cmd = 999;
    assert_int_equal(domctl(&op), -EACCES);
}

static void
test_unknown_cmd_enosys(void **state)
{
    struct xl_sysctl sop = mks(999);

    assert_int_equal(simple(0, 0), -ENOSYS);
    assert_int_equal(simple(6, 0), -ENOSYS);
    assert_int_equal(simple(127, 0), -ENOSYS);
    assert_int_equal(simple(0xffffffff, 0), -ENOSYS);
    assert_int_equal(sysctl(&sop), -ENOSYS);
    sop.cmd = 2;
    assert_int_equal(sysctl(&sop), -ENOSYS);
}

static void
test_bad_argument_address_efault(void **state)
{
    assert_int_equal(hc1(__HYPERVISOR_domctl, 0), -EFAULT);
    assert_int_equal(hc1(__HYPERVISOR_domctl, XL_HV_START), -EFAULT);
    assert_int_equal(hc1(__HYPERVISOR_sysctl, ~0ULL), -EFAULT);
    /* Straddling the end of the arena: the copy-in stops. */
    assert_int_equal(hc1(__HYPERVISOR_domctl, sim_guest_va(ARENA - 100)), -EFAULT);
    assert_int_equal(hc1(__HYPERVISOR_sysctl, sim_guest_va(ARENA - 100)), -EFAULT);
}

static void
test_nonzero_padding_einval(void **state)
{
    struct xl_domctl op = mk(XL_DOMCTL_getdomaininfo, 0);

    op._pad0 = 1;
    assert_int_equal(domctl(&op), -EINVAL);
    op = mk(XL_DOMCTL_getdomaininfo, 0);
    op._pad1 = 1;
    assert_int_equal(domctl(&op), -EINVAL);
}

/* ---- createdomain ---- */

static void
test_create_first_free_or_requested(void **state)
{
    struct domain *d;

    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 2, 64, 0), 2);
    assert_int_equal(create(XL_DOMCTL_TYPE_PVH, 1, 64, 10), 10);
    assert_int_equal(create(XL_DOMCTL_TYPE_HVM, 1, 64, DOMID_INVALID), 3);
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, 10), -EEXIST);
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, 1), -EEXIST);
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, MAX_DOMAINS), -EINVAL);
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, DOMID_SELF), -EINVAL);
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, MAX_DOMAINS - 1), MAX_DOMAINS - 1);
    d = domain_table[2];
    assert_non_null(d);
    assert_int_equal(d->domain_id, 2);
    assert_false(d->is_privileged);
    assert_true(d->is_paused);              /* born paused */
    assert_int_equal(d->max_vcpus, 2);
    assert_int_equal(d->max_pages, 64);
    assert_int_equal(d->tot_pages, 0);
    assert_non_null(d->evtchn);
    assert_int_equal(vcpu_info_of(d->vcpu[1])->evtchn_upcall_mask, 1);
    assert_false(d->vcpu[0]->is_up);
    assert_int_equal(arch_domain_type(d), XL_DOMCTL_TYPE_PV);
    assert_int_equal(arch_domain_type(domain_table[10]), XL_DOMCTL_TYPE_PVH);
    assert_int_equal(arch_domain_type(domain_table[3]), XL_DOMCTL_TYPE_HVM);
    /* domids_unique */
    for (unsigned int i = 0; i < MAX_DOMAINS; i++)
        if (domain_table[i])
            assert_int_equal(domain_table[i]->domain_id, i);
}

static void
test_create_bad_arguments(void **state)
{
    struct xl_domctl op;
    uint64_t free0 = frames_free_count();

    assert_int_equal(create(0, 1, 64, 0), -EINVAL);
    assert_int_equal(create(4, 1, 64, 0), -EINVAL);
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 0, 64, 0), -EINVAL);
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, MAX_VIRT_CPUS + 1, 64, 0), -EINVAL);
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 0, 0), -EINVAL);
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, frames_total() + 1, 0), -EINVAL);
    op = mk(XL_DOMCTL_createdomain, 0);
    op.u.createdomain.type = XL_DOMCTL_TYPE_PV;
    op.u.createdomain.max_vcpus = 1;
    op.u.createdomain.max_pages = 1;
    op.u.createdomain.flags = 1;
    assert_int_equal(domctl(&op), -EINVAL);
    op.u.createdomain.flags = 0;
    op.u.createdomain._pad0 = 1;
    assert_int_equal(domctl(&op), -EINVAL);
    assert_null(domain_table[2]);
    assert_int_equal(frames_free_count(), free0);
    /* The limits themselves are fine. */
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, MAX_VIRT_CPUS, frames_total(), 0), 2);
}

static void
test_create_until_full_enospc(void **state)
{
    for (unsigned int i = 2; i < MAX_DOMAINS; i++)
        assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 8, 0), i);
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 8, 0), -ENOSPC);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, 40), 0);
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 8, 0), 40);
}

static void
test_create_hvm_without_hardware(void **state)
{
    uint64_t free0 = frames_free_count();

    sim_domctl_set_caps(XL_PHYSCAP_pv);
    assert_int_equal(create(XL_DOMCTL_TYPE_PVH, 1, 64, 0), -EOPNOTSUPP);
    assert_int_equal(create(XL_DOMCTL_TYPE_HVM, 1, 64, 0), -EOPNOTSUPP);
    assert_null(domain_table[2]);
    assert_int_equal(frames_free_count(), free0);   /* rolled back */
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, 0), 2);
}

/* ---- getdomaininfo ---- */

static void
test_getdomaininfo(void **state)
{
    struct xl_domctl_getdomaininfo i;
    struct domain *d;

    sim_time_advance(5000);
    assert_int_equal(info(0, &i), 0);
    assert_int_equal(i.domain, 0);
    assert_int_equal(i.flags, XL_DOMINF_privileged | XL_DOMINF_running);
    assert_int_equal(i.max_vcpus, 2);
    assert_int_equal(i.nr_online_vcpus, 1);
    assert_int_equal(i.cpu_time_ns, 5000);      /* vCPU 0 ran since t=0 */
    assert_int_equal(i.shutdown_reason, -1);
    assert_int_equal(i.max_pages, d0->max_pages);
    assert_string_equal(i.name, "d0");
    assert_int_equal(info(DOMID_SELF, &i), 0);
    assert_int_equal(i.domain, 0);

    assert_int_equal(create(XL_DOMCTL_TYPE_PVH, 3, 100, 0), 2);
    d = domain_table[2];
    assert_int_equal(info(2, &i), 0);
    assert_int_equal(i.flags, XL_DOMINF_paused | XL_DOMINF_hvm);
    assert_int_equal(i.nr_online_vcpus, 0);
    assert_int_equal(i.max_vcpus, 3);
    assert_int_equal(i.max_pages, 100);
    assert_int_equal(i.tot_pages, 0);
    assert_int_equal(i.cpu_time_ns, 0);
    assert_string_equal(i.name, "d2");

    d->vcpu[0]->is_up = true;
    d->vcpu[0]->is_blocked = true;
    domain_shutdown(d, SHUTDOWN_reboot);
    assert_int_equal(info(2, &i), 0);
    assert_int_equal(i.flags, XL_DOMINF_paused | XL_DOMINF_hvm |
                              XL_DOMINF_blocked | XL_DOMINF_shutdown);
    assert_int_equal(i.shutdown_reason, SHUTDOWN_reboot);
    assert_int_equal(i.nr_online_vcpus, 1);

    domain_crash(d1, "test");
    assert_int_equal(info(1, &i), 0);
    assert_true(i.flags & XL_DOMINF_crashed);
    assert_true(i.flags & XL_DOMINF_shutdown);
    assert_int_equal(i.shutdown_reason, SHUTDOWN_crash);
    assert_false(i.flags & XL_DOMINF_privileged);

    assert_int_equal(info(5, &i), -ESRCH);
    assert_int_equal(info(MAX_DOMAINS, &i), -ESRCH);
    assert_int_equal(info(DOMID_IO, &i), -ESRCH);
    assert_int_equal(info(0xffff, &i), -ESRCH);
}

/* The info goes to the guest whole: every byte is the hypervisor's, the
 * padding fields and the name's tail too, whatever the guest left there. */
static void
test_getdomaininfo_every_byte(void **state)
{
    struct xl_domctl op = mk(XL_DOMCTL_getdomaininfo, 0);
    const struct xl_domctl_getdomaininfo *i = &op.u.getdomaininfo;

    memset(&op.u, 0xa5, sizeof(op.u));
    assert_int_equal(domctl(&op), 0);
    assert_int_equal(i->_pad0, 0);
    assert_int_equal(i->_pad1, 0);
    assert_int_equal(i->domain, 0);
    assert_string_equal(i->name, "d0");
    for (size_t k = strlen("d0"); k < sizeof(i->name); k++)
        assert_int_equal(i->name[k], 0);

    /* A name that fills the field: cut at 31 bytes, NUL at the end. */
    memset(d0->name, 'x', sizeof(d0->name));
    op = mk(XL_DOMCTL_getdomaininfo, 0);
    memset(&op.u, 0xa5, sizeof(op.u));
    assert_int_equal(domctl(&op), 0);
    for (size_t k = 0; k + 1 < sizeof(i->name); k++)
        assert_int_equal(i->name[k], 'x');
    assert_int_equal(i->name[sizeof(i->name) - 1], 0);
}

/* ---- destroydomain ---- */

static void
test_destroy(void **state)
{
    uint64_t free0 = frames_free_count();

    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 2, 64, 0), 2);
    assert_int_equal(build(2, 5000, 100, "console=hvc0"), 0);
    assert_true(domain_table[2]->tot_pages > 0);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, 2), 0);
    assert_null(domain_table[2]);
    assert_int_equal(frames_free_count(), free0);
    /* An unprivileged domain made by the world can go too. */
    sim_guest_arena_fini(d1);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, 1), 0);
    assert_null(domain_table[1]);
}

static void
test_destroy_dom0_and_self_refused(void **state)
{
    struct domain *p;

    assert_int_equal(simple(XL_DOMCTL_destroydomain, 0), -EPERM);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, DOMID_SELF), -EPERM);
    /* A second privileged domain may not destroy itself or dom0. */
    p = sim_hc_domain_new(5, true, 1, ARENA);
    assert_ptr_equal(current, p->vcpu[0]);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, DOMID_SELF), -EINVAL);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, 5), -EINVAL);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, 0), -EPERM);
    assert_non_null(domain_table[0]);
    assert_non_null(domain_table[5]);
    /* ... but may destroy a domU. */
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 8, 0), 2);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, 2), 0);
}

static void
test_ops_on_destroyed_domain_esrch(void **state)
{
    static const uint32_t cmds[] = {
        XL_DOMCTL_destroydomain, XL_DOMCTL_pausedomain, XL_DOMCTL_unpausedomain,
        XL_DOMCTL_getdomaininfo, XL_DOMCTL_max_mem, XL_DOMCTL_setvcpucontext,
        XL_DOMCTL_getvcpucontext, XL_DOMCTL_scheduler_op, XL_DOMCTL_build,
    };

    assert_int_equal(create(XL_DOMCTL_TYPE_HVM, 1, 64, 0), 2);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, 2), 0);
    for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
        assert_int_equal(simple(cmds[i], 2), -ESRCH);
    /* The id is free again. */
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, 2), 2);
}

/* ---- pause / unpause ---- */

static void
test_pause_unpause(void **state)
{
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, 0), 2);
    assert_int_equal(simple(XL_DOMCTL_pausedomain, 2), -EBUSY); /* born so */
    assert_int_equal(simple(XL_DOMCTL_unpausedomain, 2), 0);
    assert_false(domain_table[2]->is_paused);
    assert_int_equal(simple(XL_DOMCTL_unpausedomain, 2), -EINVAL);
    assert_int_equal(simple(XL_DOMCTL_pausedomain, 2), 0);
    assert_true(domain_table[2]->is_paused);
    assert_int_equal(simple(XL_DOMCTL_pausedomain, 1), 0);
    assert_true(d1->is_paused);
    assert_int_equal(simple(XL_DOMCTL_pausedomain, 0), -EINVAL);        /* self */
    assert_int_equal(simple(XL_DOMCTL_pausedomain, DOMID_SELF), -EINVAL);
    assert_int_equal(simple(XL_DOMCTL_unpausedomain, DOMID_SELF), -EINVAL);
    assert_false(d0->is_paused);
    /* A dying domain is not paused or unpaused any more. */
    domain_kill(domain_table[2]);
    assert_int_equal(simple(XL_DOMCTL_unpausedomain, 2), -EINVAL);
    assert_int_equal(simple(XL_DOMCTL_pausedomain, 2), -EINVAL);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, 2), 0);
}

/* ---- max_mem ---- */

static long
max_mem(domid_t dom, uint64_t pages)
{
    struct xl_domctl op = mk(XL_DOMCTL_max_mem, dom);

    op.u.max_mem.max_pages = pages;
    return domctl(&op);
}

static void
test_max_mem(void **state)
{
    uint64_t tot;

    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, 0), 2);
    assert_int_equal(max_mem(2, 128), 0);
    assert_int_equal(domain_table[2]->max_pages, 128);
    assert_int_equal(build(2, 4096, 0, ""), 0);
    tot = domain_table[2]->tot_pages;
    assert_int_equal(tot, 5);   /* image, cmdline, start_info, 2 rings */
    assert_int_equal(max_mem(2, tot - 1), -EINVAL);
    assert_int_equal(max_mem(2, 0), -EINVAL);
    assert_int_equal(max_mem(2, frames_total() + 1), -EINVAL);
    assert_int_equal(domain_table[2]->max_pages, 128);
    assert_int_equal(max_mem(2, tot), 0);
    assert_int_equal(max_mem(2, frames_total()), 0);
    assert_int_equal(max_mem(DOMID_SELF, d0->max_pages), 0);
    domain_kill(domain_table[2]);
    assert_int_equal(max_mem(2, 64), -EINVAL);  /* dying */
    assert_int_equal(simple(XL_DOMCTL_destroydomain, 2), 0);
}

/* ---- build ---- */

static void
test_build(void **state)
{
    struct domain *d;
    uint64_t free0;

    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, 0), 2);
    d = domain_table[2];
    free0 = frames_free_count();
    /* 3 image pages + 1 ramdisk + 1 cmdline + start_info + 2 rings */
    assert_int_equal(build(2, 3 * 4096 - 1, 10, "root=/dev/ram0"), 0);
    assert_int_equal(d->tot_pages, 8);         /* + the console and store rings */
    assert_true(d->vcpu[0]->is_up);
    assert_true(d->is_paused);                  /* still, until unpaused */
    /* and the grant table's frame, event and grant bookkeeping (heap) */
    assert_true(frames_free_count() <= free0 - 8);
    assert_int_equal(build(2, 4096, 0, ""), -EBUSY);   /* built already */
    assert_int_equal(simple(XL_DOMCTL_unpausedomain, 2), 0);
}

static void
test_build_errors(void **state)
{
    struct xl_domctl op;
    uint8_t zero = 0;

    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 4, 0), 2);
    assert_int_equal(build(0, 4096, 0, ""), -EINVAL);          /* self */
    assert_int_equal(build(DOMID_SELF, 4096, 0, ""), -EINVAL);
    assert_int_equal(build(1, 4096, 0, ""), -EBUSY);           /* running */
    assert_int_equal(build(7, 4096, 0, ""), -ESRCH);
    assert_int_equal(build(2, 0, 0, ""), -EINVAL);
    /* 3 image pages + 1 ramdisk + 1 cmdline + start_info > 4 */
    assert_int_equal(build(2, 3 * 4096, 10, ""), -ENOMEM);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, 2), 0);

    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, 0), 2);
    op = mk(XL_DOMCTL_build, 2);
    op.u.build.image = sim_guest_put(d0, OFF_IMG, &zero, 1);
    op.u.build.image_size = 1;
    assert_int_equal(domctl(&op), -ENOEXEC);            /* the arch's say */
    op.u.build.image_size = XL_DOMCTL_BUILD_IMAGE_MAX + 1;
    assert_int_equal(domctl(&op), -E2BIG);
    op.u.build.image_size = 1;
    op.u.build.ramdisk_size = XL_DOMCTL_BUILD_RAMDISK_MAX + 1;
    assert_int_equal(domctl(&op), -E2BIG);
    op.u.build.ramdisk_size = 0;
    op.u.build.cmdline_len = XL_DOMCTL_CMDLINE_MAX;
    assert_int_equal(domctl(&op), -E2BIG);
    op.u.build.cmdline_len = 0;
    op.u.build._pad0 = 1;
    assert_int_equal(domctl(&op), -EINVAL);
    op.u.build._pad0 = 0;
    op.u.build.image = XL_HV_START;
    assert_int_equal(domctl(&op), -EFAULT);
    op.u.build.image = sim_guest_va(ARENA);            /* unmapped */
    assert_int_equal(domctl(&op), -EFAULT);
    op.u.build.image = sim_guest_va(OFF_IMG);
    op.u.build.ramdisk = sim_guest_va(ARENA - 1);
    op.u.build.ramdisk_size = 2;
    assert_int_equal(domctl(&op), -EFAULT);
    op.u.build.ramdisk_size = 0;
    op.u.build.cmdline = ~0ULL;
    op.u.build.cmdline_len = 2;
    assert_int_equal(domctl(&op), -EFAULT);
    /* Nothing was built by any of these. */
    assert_int_equal(domain_table[2]->tot_pages, 0);
    /* The largest image passes decode; the 16 MiB sim machine has no
     * room to copy it in. */
    op.u.build.cmdline_len = 0;
    op.u.build.image_size = XL_DOMCTL_BUILD_IMAGE_MAX;
    assert_int_equal(domctl(&op), -ENOMEM);
}

/* ---- vCPU context ---- */

static long
vcpuctx(uint32_t cmd, domid_t dom, uint32_t vcpu, uint64_t va)
{
    struct xl_domctl op = mk(cmd, dom);

    op.u.vcpucontext.vcpu = vcpu;
    op.u.vcpucontext.ctxt = va;
    return domctl(&op);
}

static void
test_vcpucontext(void **state)
{
    static struct vcpu_guest_context c, back;
    uint64_t va;

    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 2, 64, 0), 2);
    memset(&c, 0, sizeof(c));
    c.user_regs.rip = 0xffffffff80001000ULL;
    c.user_regs.cs = FLAT_KERNEL_CS;
    c.kernel_sp = 0x1234;
    c.ctrlreg[3] = 0x42000;
    va = sim_guest_put(d0, OFF_CTX, &c, sizeof(c));
    assert_int_equal(vcpuctx(XL_DOMCTL_setvcpucontext, 2, 1, va), 0);
    memset(sim_guest_ptr(d0, va, sizeof(c)), 0xee, sizeof(c));
    assert_int_equal(vcpuctx(XL_DOMCTL_getvcpucontext, 2, 1, va), 0);
    memcpy(&back, sim_guest_ptr(d0, va, sizeof(c)), sizeof(c));
    assert_memory_equal(&back, &c, sizeof(c));
    /* vCPU 0 was never set: zeroes. */
    assert_int_equal(vcpuctx(XL_DOMCTL_getvcpucontext, 2, 0, va), 0);
    memcpy(&back, sim_guest_ptr(d0, va, sizeof(c)), sizeof(c));
    assert_int_equal(back.user_regs.rip, 0);
}

static void
test_vcpucontext_errors(void **state)
{
    static struct vcpu_guest_context c;
    struct xl_domctl op;
    uint64_t va;

    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 2, 64, 0), 2);
    memset(&c, 0, sizeof(c));
    va = sim_guest_put(d0, OFF_CTX, &c, sizeof(c));
    assert_int_equal(vcpuctx(XL_DOMCTL_setvcpucontext, 2, 2, va), -EINVAL);
    assert_int_equal(vcpuctx(XL_DOMCTL_getvcpucontext, 2, 2, va), -EINVAL);
    assert_int_equal(vcpuctx(XL_DOMCTL_getvcpucontext, 2, 0xffffffff, va), -EINVAL);
    op = mk(XL_DOMCTL_getvcpucontext, 2);
    op.u.vcpucontext.ctxt = va;
    op.u.vcpucontext._pad0 = 1;
    assert_int_equal(domctl(&op), -EINVAL);
    /* The arch refuses a ring-0 code selector for a PV kernel. */
    c.user_regs.cs = 0xe008;
    va = sim_guest_put(d0, OFF_CTX, &c, sizeof(c));
    assert_int_equal(vcpuctx(XL_DOMCTL_setvcpucontext, 2, 0, va), -EINVAL);
    /* Bad buffers. */
    assert_int_equal(vcpuctx(XL_DOMCTL_setvcpucontext, 2, 0, XL_HV_START), -EFAULT);
    assert_int_equal(vcpuctx(XL_DOMCTL_getvcpucontext, 2, 0, sim_guest_va(ARENA - 8)), -EFAULT);
    /* The caller's own running vCPU, and setting the caller. */
    assert_int_equal(vcpuctx(XL_DOMCTL_getvcpucontext, DOMID_SELF, 0, va), -EINVAL);
    assert_int_equal(vcpuctx(XL_DOMCTL_setvcpucontext, 0, 1, va), -EINVAL);
    assert_int_equal(vcpuctx(XL_DOMCTL_getvcpucontext, 0, 1, va), 0);
    /* A vCPU that is up in an unpaused domain may be running. */
    c.user_regs.cs = 0;
    va = sim_guest_put(d0, OFF_CTX, &c, sizeof(c));
    assert_int_equal(build(2, 100, 0, ""), 0);
    assert_int_equal(simple(XL_DOMCTL_unpausedomain, 2), 0);
    assert_int_equal(vcpuctx(XL_DOMCTL_setvcpucontext, 2, 0, va), -EBUSY);
    assert_int_equal(vcpuctx(XL_DOMCTL_setvcpucontext, 2, 1, va), 0);   /* not up */
    assert_int_equal(simple(XL_DOMCTL_pausedomain, 2), 0);
    assert_int_equal(vcpuctx(XL_DOMCTL_setvcpucontext, 2, 0, va), 0);
    domain_kill(domain_table[2]);
    assert_int_equal(vcpuctx(XL_DOMCTL_setvcpucontext, 2, 0, va), -EINVAL);
    assert_int_equal(simple(XL_DOMCTL_destroydomain, 2), 0);
}

/* ---- scheduler_op ---- */

static long
schedop(domid_t dom, uint32_t id, uint32_t cmd, uint32_t weight, uint32_t cap)
{
    struct xl_domctl op = mk(XL_DOMCTL_scheduler_op, dom);

    op.u.scheduler_op.sched_id = id;
    op.u.scheduler_op.cmd = cmd;
    op.u.scheduler_op.weight = weight;
    op.u.scheduler_op.cap = cap;
    return domctl(&op);
}

static void
test_scheduler_op_decode(void **state)
{
    assert_int_equal(schedop(1, 0, XL_DOMCTL_SCHEDOP_getinfo, 0, 0), -EINVAL);
    assert_int_equal(schedop(1, XL_SCHEDULER_CREDIT, 2, 0, 0), -EINVAL);
    assert_int_equal(schedop(1, XL_SCHEDULER_CREDIT, XL_DOMCTL_SCHEDOP_putinfo, 0, 0), -EINVAL);
    assert_int_equal(schedop(1, XL_SCHEDULER_CREDIT, XL_DOMCTL_SCHEDOP_putinfo, 65536, 0), -EINVAL);
    /* cap: percent of the one CPU there is */
    assert_int_equal(schedop(1, XL_SCHEDULER_CREDIT, XL_DOMCTL_SCHEDOP_putinfo, 256, 101), -EINVAL);
    assert_int_equal(schedop(9, XL_SCHEDULER_CREDIT, XL_DOMCTL_SCHEDOP_getinfo, 0, 0), -ESRCH);
    assert_int_equal(schedop(1, XL_SCHEDULER_CREDIT, XL_DOMCTL_SCHEDOP_putinfo, 512, 50), 0);
    {
        struct xl_domctl op = mk(XL_DOMCTL_scheduler_op, 1);

        op.u.scheduler_op.sched_id = XL_SCHEDULER_CREDIT;
        op.u.scheduler_op.cmd = XL_DOMCTL_SCHEDOP_getinfo;
        assert_int_equal(domctl(&op), 0);
        assert_int_equal(op.u.scheduler_op.weight, 512);
        assert_int_equal(op.u.scheduler_op.cap, 50);
    }
}

/* ---- frames over 100 create/build/destroy cycles ---- */

static void
test_create_destroy_100_returns_every_frame(void **state)
{
    static const uint32_t types[] = {
        XL_DOMCTL_TYPE_PV, XL_DOMCTL_TYPE_PVH, XL_DOMCTL_TYPE_HVM,
    };
    uint64_t before = frames_free_count(), after;
    struct heap_stats h0, h1;
    struct xl_domctl_getdomaininfo i;

    heap_get_stats(&h0);
    for (unsigned int n = 0; n < 100; n++) {
        long id = create(types[n % 3], 1 + n % 4, 64, 0);

        assert_int_equal(id, 2);
        assert_int_equal(build((domid_t)id, 1 + (n * 97) % (3 * 4096), n % 5 * 700,
                               "console=hvc0"), 0);
        assert_int_equal(info((domid_t)id, &i), 0);
        assert_true(i.tot_pages >= 3);
        assert_int_equal(simple(XL_DOMCTL_unpausedomain, (domid_t)id), 0);
        assert_int_equal(simple(XL_DOMCTL_destroydomain, (domid_t)id), 0);
    }
    after = frames_free_count();
    heap_get_stats(&h1);
    print_message("domctl: free frames before %llu, after 100 create/build/destroy "
                  "cycles %llu (leaked %lld); heap bytes in use %llu -> %llu\n",
                  (unsigned long long)before, (unsigned long long)after,
                  (long long)(before - after),
                  (unsigned long long)h0.bytes_in_use,
                  (unsigned long long)h1.bytes_in_use);
    assert_int_equal(after, before);
    assert_int_equal(h1.bytes_in_use, h0.bytes_in_use);
}

/* ---- sysctl ---- */

static void
test_physinfo(void **state)
{
    struct xl_sysctl op = mks(XL_SYSCTL_physinfo);

    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, 0), 2);
    op = mks(XL_SYSCTL_physinfo);
    assert_int_equal(sysctl(&op), 0);
    assert_int_equal(op.u.physinfo.nr_cpus, 1);
    assert_int_equal(op.u.physinfo.cpu_khz, 2000000);
    assert_int_equal(op.u.physinfo.total_pages, FRAMES - 1);
    assert_int_equal(op.u.physinfo.free_pages, frames_free_count());
    assert_int_equal(op.u.physinfo.capabilities, SIM_DOMCTL_DEFAULT_CAPS);
    sim_domctl_set_caps(XL_PHYSCAP_pv | XL_PHYSCAP_hvm | XL_PHYSCAP_vmx);
    sim_tsc_set_khz(3000000);
    assert_int_equal(sysctl(&op), 0);
    assert_int_equal(op.u.physinfo.capabilities,
                     XL_PHYSCAP_pv | XL_PHYSCAP_hvm | XL_PHYSCAP_vmx);
    assert_int_equal(op.u.physinfo.cpu_khz, 3000000);

    /* Every byte is the hypervisor's: the padding too. */
    op = mks(XL_SYSCTL_physinfo);
    memset(&op.u, 0xa5, sizeof(op.u));
    assert_int_equal(sysctl(&op), 0);
    assert_int_equal(op.u.physinfo._pad0, 0);
    assert_int_equal(op.u.physinfo.nr_cpus, 1);
}

static long
dominfolist(domid_t first, uint32_t max, uint64_t buf, uint32_t *num)
{
    struct xl_sysctl op = mks(XL_SYSCTL_getdomaininfolist);
    long rc;

    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    op.u.getdomaininfolist.buffer = buf;
    op.u.getdomaininfolist.num_domains = 0xdead;
    rc = sysctl(&op);
    *num = op.u.getdomaininfolist.num_domains;
    return rc;
}

static const struct xl_domctl_getdomaininfo *
entry(unsigned int k)
{
    return sim_guest_ptr(d0, sim_guest_va(OFF_LIST) + k * sizeof(struct xl_domctl_getdomaininfo),
                         sizeof(struct xl_domctl_getdomaininfo));
}

static void
test_getdomaininfolist(void **state)
{
    uint64_t buf = sim_guest_va(OFF_LIST);
    struct xl_sysctl op;
    uint32_t num;

    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 1, 64, 5), 5);
    assert_int_equal(create(XL_DOMCTL_TYPE_HVM, 1, 64, MAX_DOMAINS - 1), MAX_DOMAINS - 1);
    assert_int_equal(dominfolist(0, MAX_DOMAINS, buf, &num), 0);
    assert_int_equal(num, 4);
    assert_int_equal(entry(0)->domain, 0);
    assert_int_equal(entry(1)->domain, 1);
    assert_int_equal(entry(2)->domain, 5);
    assert_int_equal(entry(3)->domain, MAX_DOMAINS - 1);
    assert_true(entry(3)->flags & XL_DOMINF_hvm);
    assert_true(entry(0)->flags & XL_DOMINF_privileged);
    /* The same as getdomaininfo. */
    {
        struct xl_domctl_getdomaininfo i;

        assert_int_equal(info(5, &i), 0);
        assert_memory_equal(entry(2), &i, sizeof(i));
    }
    assert_int_equal(dominfolist(2, MAX_DOMAINS, buf, &num), 0);
    assert_int_equal(num, 2);
    assert_int_equal(entry(0)->domain, 5);
    assert_int_equal(dominfolist(MAX_DOMAINS - 1, 10, buf, &num), 0);
    assert_int_equal(num, 1);
    assert_int_equal(dominfolist(0, 1, buf, &num), 0);
    assert_int_equal(num, 1);
    assert_int_equal(dominfolist(0, 0, buf, &num), 0);
    assert_int_equal(num, 0);
    assert_int_equal(dominfolist(MAX_DOMAINS, 10, buf, &num), 0);
    assert_int_equal(num, 0);
    assert_int_equal(dominfolist(DOMID_SELF, 10, buf, &num), 0);
    assert_int_equal(num, 0);
    assert_int_equal(dominfolist(0xffff, 10, buf, &num), 0);
    assert_int_equal(num, 0);
    /* A huge max is clamped to MAX_DOMAINS entries of room. */
    assert_int_equal(dominfolist(0, 0xffffffff, buf, &num), 0);
    assert_int_equal(num, 4);
    /* Room for 2 entries at the end of the arena: the third faults. */
    assert_int_equal(dominfolist(0, 4, sim_guest_va(ARENA - 2 * sizeof(struct xl_domctl_getdomaininfo)), &num), -EFAULT);
    assert_int_equal(dominfolist(0, 2, sim_guest_va(ARENA - 2 * sizeof(struct xl_domctl_getdomaininfo)), &num), 0);
    assert_int_equal(num, 2);
    assert_int_equal(dominfolist(0, 4, XL_HV_START - sizeof(struct xl_domctl_getdomaininfo), &num), -EFAULT);
    op = mks(XL_SYSCTL_getdomaininfolist);
    op.u.getdomaininfolist.buffer = buf;
    op.u.getdomaininfolist.max_domains = 4;
    op.u.getdomaininfolist._pad1 = 1;
    assert_int_equal(sysctl(&op), -EINVAL);
}

static long
readconsole(uint64_t *index, uint32_t *count)
{
    struct xl_sysctl op = mks(XL_SYSCTL_readconsole);
    long rc;

    op.u.readconsole.buffer = sim_guest_va(OFF_CON);
    op.u.readconsole.index = *index;
    op.u.readconsole.count = *count;
    rc = sysctl(&op);
    *index = op.u.readconsole.index;
    *count = op.u.readconsole.count;
    return rc;
}

static const char *
conbuf(void)
{
    return sim_guest_ptr(d0, sim_guest_va(OFF_CON), CONRING_SIZE);
}

static void
test_readconsole(void **state)
{
    char ring[64];
    size_t pos = 0, total;
    uint64_t index = 0;
    uint32_t count = 5;
    struct xl_sysctl op;

    printk_reset();
    printk("hello domctl\n");
    total = console_ring_read(ring, sizeof(ring), &pos);
    assert_true(total > 10);
    assert_int_equal(readconsole(&index, &count), 0);
    assert_int_equal(count, 5);
    assert_int_equal(index, 5);
    assert_memory_equal(conbuf(), ring, 5);
    count = 1000;                               /* more than there is */
    assert_int_equal(readconsole(&index, &count), 0);
    assert_int_equal(count, total - 5);
    assert_int_equal(index, total);
    assert_memory_equal(conbuf(), ring + 5, total - 5);
    count = 1000;                               /* at the end: nothing */
    assert_int_equal(readconsole(&index, &count), 0);
    assert_int_equal(count, 0);
    assert_int_equal(index, total);
    index = 1000000;                            /* past the end: clamped */
    count = 10;
    assert_int_equal(readconsole(&index, &count), 0);
    assert_int_equal(count, 0);
    assert_int_equal(index, total);
    index = 0;                                  /* count 0: index normalised */
    count = 0;
    assert_int_equal(readconsole(&index, &count), 0);
    assert_int_equal(index, 0);

    /* Overwritten bytes: reading restarts at the oldest byte kept. */
    for (unsigned int i = 0; i < 600; i++)
        printk("line %04u of filler text for the ring\n", i);
    pos = 0;
    total = 0;
    {
        char tmp[256];
        size_t n;

        while ((n = console_ring_read(tmp, sizeof(tmp), &pos)) > 0)
            total = pos;
    }
    assert_true(total > CONRING_SIZE);
    index = 0;
    count = 0xffffffff;                         /* clamped to the ring size */
    assert_int_equal(readconsole(&index, &count), 0);
    assert_int_equal(count, CONRING_SIZE);
    assert_int_equal(index, total);
    assert_int_equal(index - count, total - CONRING_SIZE);

    /* Bad buffer, bad padding. */
    op = mks(XL_SYSCTL_readconsole);
    op.u.readconsole.buffer = XL_HV_START;
    op.u.readconsole.count = 10;
    assert_int_equal(sysctl(&op), -EFAULT);
    op.u.readconsole.buffer = sim_guest_va(ARENA - 4);
    op.u.readconsole.index = 0;
    assert_int_equal(sysctl(&op), -EFAULT);
    op.u.readconsole.buffer = sim_guest_va(OFF_CON);
    op.u.readconsole._pad0 = 1;
    assert_int_equal(sysctl(&op), -EINVAL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_domu_gets_eperm),
        T(test_bad_version_eacces),
        T(test_unknown_cmd_enosys),
        T(test_bad_argument_address_efault),
        T(test_nonzero_padding_einval),
        T(test_create_first_free_or_requested),
        T(test_create_bad_arguments),
        T(test_create_until_full_enospc),
        T(test_create_hvm_without_hardware),
        T(test_getdomaininfo),
        T(test_getdomaininfo_every_byte),
        T(test_destroy),
        T(test_destroy_dom0_and_self_refused),
        T(test_ops_on_destroyed_domain_esrch),
        T(test_pause_unpause),
        T(test_max_mem),
        T(test_build),
        T(test_build_errors),
        T(test_vcpucontext),
        T(test_vcpucontext_errors),
        T(test_scheduler_op_decode),
        T(test_create_destroy_100_returns_every_frame),
        T(test_physinfo),
        T(test_getdomaininfolist),
        T(test_readconsole),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
