/*
 * tests/guests/domu/toolstack.c - dom0 as a toolstack: create, build, run,
 * pause, schedule and destroy domUs through domctl/sysctl.
 *
 * Where it runs: guest only (PV dom0 on xenolith).  Boot module 1 (dom0's
 * ramdisk) is the domU kernel it builds: a PV kernel
 * (tests/guests/domu/hello.c), or with "domu=pvh" / "domu=hvm" on dom0's
 * command line a PVH kernel or a boot-sector image (tests/guests/hvm/),
 * which then runs on SVM or VMX next to the PV dom0.
 * The domUs print on the hypervisor console as (d1), (d2), ...; the
 * system test checks those lines next to this kernel's PASS lines.
 */
#include "test.h"
#include "public/sched.h"
#include "public/console_ring.h"
#include "public/xl_domctl.h"

#define DOMU_PAGES 4096                 /* 16 MiB */
#define WAIT_SPINS 200000000UL

static long
domctl(struct xl_domctl *d)
{
    d->interface_version = XL_DOMCTL_INTERFACE_VERSION;
    return hypercall_raw(__HYPERVISOR_domctl, (uint64_t)d, 0, 0, 0, 0);
}

static long
sysctl(struct xl_sysctl *s)
{
    s->interface_version = XL_SYSCTL_INTERFACE_VERSION;
    return hypercall_raw(__HYPERVISOR_sysctl, (uint64_t)s, 0, 0, 0, 0);
}

/* The kind of domU the ramdisk holds: "domu=pvh" or "domu=hvm" on dom0's
 * command line, PV otherwise. */
static uint32_t
domu_type(void)
{
    const char *c = (const char *)start_info->cmd_line;

    for (; *c; c++) {
        if (!strncmp(c, "domu=pvh", 8))
            return XL_DOMCTL_TYPE_PVH;
        if (!strncmp(c, "domu=hvm", 8))
            return XL_DOMCTL_TYPE_HVM;
    }
    return XL_DOMCTL_TYPE_PV;
}

/* A new domU of that kind; its domid, or a negative errno. */
static long
create(uint64_t pages)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_createdomain, .domain = DOMID_INVALID };
    long rc;

    d.u.createdomain.type = domu_type();
    d.u.createdomain.max_vcpus = 1;
    d.u.createdomain.max_pages = pages;
    rc = domctl(&d);                    /* the new domid, or -errno */
    return rc < 0 ? rc : d.domain;
}

static long
simple(uint32_t cmd, domid_t dom)
{
    struct xl_domctl d = { .cmd = cmd, .domain = dom };

    return domctl(&d);
}

static long
build(domid_t dom, const char *cmdline)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_build, .domain = dom };

    d.u.build.image = start_info->mod_start;
    d.u.build.image_size = start_info->mod_len;
    d.u.build.cmdline = (uint64_t)cmdline;
    d.u.build.cmdline_len = (uint32_t)strlen(cmdline);
    return domctl(&d);
}

static long
info(domid_t dom, struct xl_domctl_getdomaininfo *out)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_getdomaininfo, .domain = dom };
    long rc = domctl(&d);

    *out = d.u.getdomaininfo;
    return rc;
}

/* Spin (the scheduler gives the domU its share) until dom shut down. */
static long
wait_shutdown(domid_t dom)
{
    struct xl_domctl_getdomaininfo i;

    for (unsigned long n = 0; n < WAIT_SPINS; n++) {
        if (info(dom, &i))
            return -1;
        if (i.flags & (XL_DOMINF_shutdown | XL_DOMINF_crashed))
            return i.shutdown_reason;
    }
    return -2;
}

GUEST_TEST(ramdisk_is_a_kernel)
{
    CHECK(start_info->mod_len > 64, "no domU kernel in the ramdisk (mod_len %lu)",
          start_info->mod_len);
    CHECK(domu_type() == XL_DOMCTL_TYPE_HVM ||
          !memcmp((const void *)start_info->mod_start, "\177ELF", 4), "ramdisk is not an ELF");
}

GUEST_TEST(create_build_run_destroy)
{
    struct xl_domctl_getdomaininfo i;
    long dom = create(DOMU_PAGES), why;

    CHECK(dom > 0, "createdomain: %ld", dom);
    CHECK_RC(build((domid_t)dom, "hello-arg"), 0);
    CHECK_RC(info((domid_t)dom, &i), 0);
    CHECK(i.flags & XL_DOMINF_paused, "a new domain starts paused (flags %#x)", i.flags);
    CHECK_RC(simple(XL_DOMCTL_unpausedomain, (domid_t)dom), 0);
    why = wait_shutdown((domid_t)dom);
    test_note("d%ld shut down with reason %ld", dom, why);
    CHECK_RC(why, SHUTDOWN_reboot);             /* the domU's tests all passed */
    CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)dom), 0);
    CHECK_RC(info((domid_t)dom, &i), -XEN_ESRCH);
}

GUEST_TEST(two_domus_at_once)
{
    long a = create(DOMU_PAGES), b = create(DOMU_PAGES);

    CHECK(a > 0 && b > 0 && a != b, "createdomain: %ld %ld", a, b);
    CHECK_RC(build((domid_t)a, "first"), 0);
    CHECK_RC(build((domid_t)b, "second"), 0);
    CHECK_RC(simple(XL_DOMCTL_unpausedomain, (domid_t)a), 0);
    CHECK_RC(simple(XL_DOMCTL_unpausedomain, (domid_t)b), 0);
    CHECK_RC(wait_shutdown((domid_t)a), SHUTDOWN_reboot);
    CHECK_RC(wait_shutdown((domid_t)b), SHUTDOWN_reboot);
    CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)a), 0);
    CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)b), 0);
}

GUEST_TEST(pause_keeps_it_off_the_cpu)
{
    struct xl_domctl_getdomaininfo i;
    long dom = create(DOMU_PAGES);

    CHECK(dom > 0, "createdomain: %ld", dom);
    CHECK_RC(build((domid_t)dom, "paused"), 0);
    for (unsigned long n = 0; n < 2000000; n++)
        (void)info((domid_t)dom, &i);          /* plenty of slices: it stays paused */
    CHECK_RC(info((domid_t)dom, &i), 0);
    CHECK(!(i.flags & XL_DOMINF_shutdown), "a paused domain ran");
    CHECK_EQ(i.cpu_time_ns, 0);
    CHECK_RC(simple(XL_DOMCTL_unpausedomain, (domid_t)dom), 0);
    CHECK_RC(wait_shutdown((domid_t)dom), SHUTDOWN_reboot);
    CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)dom), 0);
}

static long
vcpu_context(uint32_t cmd, domid_t dom, vcpu_guest_context_t *c)
{
    struct xl_domctl d = { .cmd = cmd, .domain = dom };

    d.u.vcpucontext.vcpu = 0;
    d.u.vcpucontext.ctxt = (uint64_t)c;
    return domctl(&d);
}

GUEST_TEST(vcpu_context)
{
    static vcpu_guest_context_t c;
    long dom = create(DOMU_PAGES);

    CHECK(dom > 0, "createdomain: %ld", dom);
    CHECK_RC(build((domid_t)dom, "context"), 0);
    CHECK_RC(vcpu_context(XL_DOMCTL_getvcpucontext, (domid_t)dom, &c), 0);
    test_note("d%ld vcpu0: rip %#lx rsp %#lx rsi %#lx cr3 %#lx flags %#lx", dom,
              c.user_regs.rip, c.user_regs.rsp, c.user_regs.rsi, c.ctrlreg[3], c.flags);
    if (domu_type() == XL_DOMCTL_TYPE_PV) {
        CHECK(c.user_regs.rip >= 0xffffffff80000000UL, "entry %#lx", c.user_regs.rip);
        CHECK(c.user_regs.rsi != 0, "no start_info in rsi");
        CHECK(c.ctrlreg[3] != 0, "no page-table root");
        CHECK(c.flags & VGCF_in_kernel, "not in kernel mode");
        c.user_regs.rbx = 0x1234abcd;
        CHECK_RC(vcpu_context(XL_DOMCTL_setvcpucontext, (domid_t)dom, &c), 0);
        c.user_regs.rbx = 0;
        CHECK_RC(vcpu_context(XL_DOMCTL_getvcpucontext, (domid_t)dom, &c), 0);
        CHECK_EQ(c.user_regs.rbx, 0x1234abcd);
        c.user_regs.rip = 0x8000000000000000UL;        /* non-canonical: refused */
        CHECK_RC(vcpu_context(XL_DOMCTL_setvcpucontext, (domid_t)dom, &c), -XEN_EINVAL);
        c.user_regs.rip = 0;
        CHECK_RC(vcpu_context(XL_DOMCTL_getvcpucontext, (domid_t)dom, &c), 0);
        CHECK(c.user_regs.rip >= 0xffffffff80000000UL, "a refused set changed rip");
    } else {
        CHECK(c.user_regs.rip != 0, "no PVH entry point");
    }
    CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)dom), 0);
}

GUEST_TEST(scheduler_params)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_scheduler_op, .domain = DOMID_SELF };

    d.u.scheduler_op.sched_id = XL_SCHEDULER_CREDIT;
    d.u.scheduler_op.cmd = XL_DOMCTL_SCHEDOP_putinfo;
    d.u.scheduler_op.weight = 512;
    d.u.scheduler_op.cap = 0;
    CHECK_RC(domctl(&d), 0);
    d.u.scheduler_op.cmd = XL_DOMCTL_SCHEDOP_getinfo;
    d.u.scheduler_op.weight = 0;
    CHECK_RC(domctl(&d), 0);
    CHECK_EQ(d.u.scheduler_op.weight, 512);
    d.u.scheduler_op.cmd = XL_DOMCTL_SCHEDOP_putinfo;
    d.u.scheduler_op.weight = 0;
    CHECK_RC(domctl(&d), -XEN_EINVAL);
}

/* "cycles=N" on dom0's command line (the slow Bochs run asks for few),
 * 100 otherwise. */
static unsigned int
cycles(void)
{
    const char *c = (const char *)start_info->cmd_line;
    unsigned int n = 0;

    for (; *c; c++)
        if (!strncmp(c, "cycles=", 7)) {
            for (c += 7; *c >= '0' && *c <= '9'; c++)
                n = n * 10 + (unsigned int)(*c - '0');
            return n ? n : 1;
        }
    return 100;
}

static int
physinfo(struct xl_sysctl_physinfo *p)
{
    struct xl_sysctl s = { .cmd = XL_SYSCTL_physinfo };
    long rc = sysctl(&s);

    *p = s.u.physinfo;
    return (int)rc;
}

GUEST_TEST(create_destroy_returns_every_frame)
{
    struct xl_sysctl_physinfo before, after;
    unsigned int n = cycles();
    uint64_t t0, us;

    CHECK_RC(physinfo(&before), 0);
    t0 = guest_system_time();
    for (unsigned int i = 0; i < n; i++) {
        long dom = create(1024);

        CHECK(dom > 0, "createdomain #%u: %ld", i, dom);
        CHECK_RC(build((domid_t)dom, ""), 0);
        CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)dom), 0);
    }
    us = (guest_system_time() - t0) / 1000;
    CHECK_RC(physinfo(&after), 0);
    test_note("create+build+destroy of a 4 MiB domU: %lu.%03lu ms each (%u cycles)",
              us / n / 1000, us / n % 1000, n);
    test_note("free frames before %lu, after %u create/build/destroy %lu (leaked %ld)",
              before.free_pages, n, after.free_pages,
              (long)(before.free_pages - after.free_pages));
    test_note("hypervisor heap before %lu bytes in %lu frames, after %lu bytes in %lu frames",
              before.heap_bytes, before.heap_frames, after.heap_bytes, after.heap_frames);
    CHECK_EQ(after.free_pages, before.free_pages);
    CHECK_EQ(after.heap_bytes, before.heap_bytes);
    CHECK_EQ(after.heap_frames, before.heap_frames);
}

GUEST_TEST(bad_requests)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_build, .domain = 0 };

    CHECK_RC(simple(XL_DOMCTL_destroydomain, 0), -XEN_EPERM);        /* dom0: never */
    CHECK_RC(simple(XL_DOMCTL_destroydomain, DOMID_SELF), -XEN_EPERM);
    CHECK_RC(simple(XL_DOMCTL_pausedomain, 63), -XEN_ESRCH);
    d.u.build.image = start_info->mod_start;
    d.u.build.image_size = 16;                                       /* truncated */
    d.domain = (domid_t)create(1024);
    CHECK(d.domain > 0, "createdomain");
    CHECK(domctl(&d) < 0, "a 16-byte image was accepted");
    CHECK_RC(simple(XL_DOMCTL_destroydomain, d.domain), 0);
}

/* ---- the rings every build makes (spec/domctl.md, build) ---- */

static char ring_slot[2][4096] __page_aligned_bss;     /* where grants get mapped */

/* Map (dom, ref) over ring_slot[i]: the GNTST_* status, *h the handle. */
static int
map_ring(domid_t dom, grant_ref_t ref, unsigned int i, grant_handle_t *h)
{
    struct gnttab_map_grant_ref m = { .host_addr = (uint64_t)ring_slot[i],
                                      .flags = GNTMAP_host_map, .ref = ref, .dom = dom };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1);

    *h = m.handle;
    return rc ? (int)rc : m.status;
}

/* Unmap, then give the slot its own frame back (the unmap leaves no entry). */
static int
unmap_ring(unsigned int i, grant_handle_t h)
{
    struct gnttab_unmap_grant_ref u = { .host_addr = (uint64_t)ring_slot[i], .handle = h };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1);

    if (rc || u.status)
        return rc ? (int)rc : u.status;
    return (int)page_set_writable(ring_slot[i], 1);
}

GUEST_TEST(rings_for_dom0)
{
    const struct xencons_interface *con = (const void *)ring_slot[0];
    struct xl_domctl d = { .cmd = XL_DOMCTL_build };
    evtchn_bind_interdomain_t bi;
    struct xl_sysctl_physinfo before, after;
    grant_handle_t hc, hs, h2;
    long dom;

    CHECK_RC(physinfo(&before), 0);
    dom = create(DOMU_PAGES);
    CHECK(dom > 0, "createdomain: %ld", dom);
    d.domain = (domid_t)dom;
    d.u.build.image = start_info->mod_start;
    d.u.build.image_size = start_info->mod_len;
    CHECK_RC(domctl(&d), 0);
    test_note("d%ld rings: console gfn %#lx port %u, store gfn %#lx port %u", dom,
              (unsigned long)d.u.build.console_gfn, d.u.build.console_port,
              (unsigned long)d.u.build.store_gfn, d.u.build.store_port);
    CHECK(d.u.build.console_port && d.u.build.store_port &&
          d.u.build.console_port != d.u.build.store_port, "ports");
    CHECK(d.u.build.console_gfn && d.u.build.store_gfn &&
          d.u.build.console_gfn != d.u.build.store_gfn, "frames");
    /* The domU's ports are offered to dom0. */
    bi = (evtchn_bind_interdomain_t){ .remote_dom = (domid_t)dom,
                                      .remote_port = d.u.build.console_port };
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi), 0);
    /* Refs 0 and 1 are granted to dom0, zeroed; 2 is not granted. */
    CHECK_RC(map_ring((domid_t)dom, XL_GREF_CONSOLE, 0, &hc), GNTST_okay);
    CHECK_RC(map_ring((domid_t)dom, XL_GREF_XENSTORE, 1, &hs), GNTST_okay);
    CHECK(con->out_prod == 0 && con->out[0] == 0, "the console page is not zeroed");
    CHECK_RC(map_ring((domid_t)dom, 2, 1, &h2), GNTST_general_error);
    CHECK_RC(unmap_ring(1, hs), 0);
    /* It runs and writes its console into the ring dom0 maps. */
    CHECK_RC(simple(XL_DOMCTL_unpausedomain, (domid_t)dom), 0);
    CHECK_RC(wait_shutdown((domid_t)dom), SHUTDOWN_reboot);
    if (domu_type() != XL_DOMCTL_TYPE_HVM) {        /* the boot-sector image has no ring code */
        CHECK(con->out_prod > 0 && !memcmp((const char *)con->out, "lib", 3),
              "nothing (or not its banner) in the console ring: prod %u", con->out_prod);
        test_note("d%ld wrote %u bytes to its ring, starting \"%.20s\"", dom,
                  con->out_prod, (const char *)con->out);
    }
    /* Destroyed while mapped: the page stays readable until the unmap. */
    CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)dom), 0);
    CHECK(con->out_prod > 0 || domu_type() == XL_DOMCTL_TYPE_HVM, "the ring went away");
    CHECK_RC(unmap_ring(0, hc), 0);
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_close, &(evtchn_close_t){ .port = bi.local_port }), 0);
    /* Every frame back; dom0's first map grew the heap (its maptrack). */
    CHECK_RC(physinfo(&after), 0);
    CHECK_EQ(after.free_pages + after.heap_frames, before.free_pages + before.heap_frames);
}
