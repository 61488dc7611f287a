/*
 * test_build_rings.c - the console and store rings XL_DOMCTL_build gives
 * every domU (spec/domctl.md, build): two zeroed pages of the domU's own
 * memory, two unbound ports whose remote end is the builder (dom0), grant
 * refs XL_GREF_CONSOLE / XL_GREF_XENSTORE for dom0, and the out fields.
 * Then what dom0 does with them (bind, map, notify) and the adversarial
 * cases: the domU revoking its grant while dom0 maps it, the domU
 * destroyed while mapped, a ref that was never granted, another domain
 * trying the grant, a build too small for the rings.
 *
 * Environment: hosted only (cmocka + sim, ASan/UBSan).  dom0 maps with
 * GNTMAP_device_map (the sim's dom0 has no page tables): the same pins and
 * references as a host mapping, without the L1 entry.
 */
#include "unit.h"
#include <domain.h>
#include <domctl.h>
#include <event.h>
#include <grant_table.h>
#include <guest_access.h>
#include <hypercall.h>
#include <sim_grant.h>
#include <sim_guest.h>
#include <sim_hc.h>
#include "public/xen.h"
#include "public/xl_domctl.h"
#include "hc_fixture.h"

#define OFF_OP   0
#define OFF_ELEM 4096
#define OFF_IMG  8192
#define DOMU     2

static long
domctl(struct xl_domctl *op)
{
    uint64_t va;
    long rc;

    op->interface_version = XL_DOMCTL_INTERFACE_VERSION;
    va = PUT(OFF_OP, *op);
    rc = hc(__HYPERVISOR_domctl, va, 0, 0);
    GET(OFF_OP, *op);
    return rc;
}

static long
create(uint32_t type, uint64_t pages)
{
    struct xl_domctl op = { .cmd = XL_DOMCTL_createdomain, .domain = DOMU };

    op.u.createdomain.type = type;
    op.u.createdomain.max_vcpus = 1;
    op.u.createdomain.max_pages = pages;
    return domctl(&op);
}

/* Build DOMU from a one-page image; *b gets the out fields. */
static long
build(struct xl_domctl_build *b)
{
    static const uint8_t img[100] = { 0x7f };
    struct xl_domctl op = { .cmd = XL_DOMCTL_build, .domain = DOMU };
    long rc;

    op.u.build.image = sim_guest_put(current->domain, OFF_IMG, img, sizeof(img));
    op.u.build.image_size = sizeof(img);
    op.u.build.cmdline = op.u.build.image;
    rc = domctl(&op);
    *b = op.u.build;
    return rc;
}

static long
destroy(void)
{
    struct xl_domctl op = { .cmd = XL_DOMCTL_destroydomain, .domain = DOMU };

    return domctl(&op);
}

/* dom0 (current) maps (dom, ref) as a device: status, *h the handle. */
static int16_t
map(domid_t dom, grant_ref_t ref, uint32_t flags, grant_handle_t *h,
    uint64_t *bus)
{
    struct gnttab_map_grant_ref m = { .flags = GNTMAP_device_map | flags,
                                      .ref = ref, .dom = dom };

    assert_int_equal(hc(__HYPERVISOR_grant_table_op, GNTTABOP_map_grant_ref,
                        PUT(OFF_ELEM, m), 1), 0);
    GET(OFF_ELEM, m);
    if (h)
        *h = m.handle;
    if (bus)
        *bus = m.dev_bus_addr;
    return m.status;
}

static int16_t
unmap(grant_handle_t h, uint64_t bus)
{
    struct gnttab_unmap_grant_ref u = { .handle = h, .dev_bus_addr = bus };

    assert_int_equal(hc(__HYPERVISOR_grant_table_op, GNTTABOP_unmap_grant_ref,
                        PUT(OFF_ELEM, u), 1), 0);
    GET(OFF_ELEM, u);
    return u.status;
}

static long
bind_interdomain(domid_t dom, evtchn_port_t port)
{
    struct evtchn_bind_interdomain b = { .remote_dom = dom, .remote_port = port };
    long rc = hc(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_interdomain,
                 PUT(OFF_ELEM, b), 0);

    GET(OFF_ELEM, b);
    return rc ? rc : (long)b.local_port;
}

static struct grant_entry_v1 *
gentry(struct domain *d, grant_ref_t ref)
{
    return (struct grant_entry_v1 *)page_to_virt(
               mfn_to_page(grant_table_frame_mfn(d, 0))) + ref;
}

static bool
page_is_zero(mfn_t mfn)
{
    const uint8_t *p = page_to_virt(mfn_to_page(mfn));

    for (size_t i = 0; i < PAGE_SIZE; i++)
        if (p[i])
            return false;
    return true;
}

/* Create and build DOMU of type as dom0; *b the build's out fields. */
static struct domain *
make_domu(uint32_t type, struct xl_domctl_build *b)
{
    use(d0, 0);
    assert_int_equal(create(type, 64), DOMU);
    memset(b, 0xee, sizeof(*b));
    assert_int_equal(build(b), 0);
    return domain_table[DOMU];
}

/* ---- what the builder makes ---- */

static void
test_pv_build_makes_rings(void **state)
{
    struct xl_domctl_build b;
    struct domain *d = make_domu(XL_DOMCTL_TYPE_PV, &b);

    /* image + cmdline + start_info, then the two rings */
    assert_int_equal(d->tot_pages, 5);
    assert_int_not_equal(b.console_gfn, b.store_gfn);
    assert_int_not_equal(b.console_port, b.store_port);
    assert_true(b.console_port != 0 && b.store_port != 0);
    /* PV: the gfn is the machine frame, owned by the domU, zeroed. */
    assert_ptr_equal(mfn_to_page(b.console_gfn)->owner, d);
    assert_ptr_equal(mfn_to_page(b.store_gfn)->owner, d);
    assert_true(page_is_zero(b.console_gfn) && page_is_zero(b.store_gfn));
    /* Unbound ports of the domU, offered to dom0. */
    assert_int_equal(d->evtchn[b.console_port].state, ECS_UNBOUND);
    assert_int_equal(d->evtchn[b.console_port].u.unbound.remote_dom, 0);
    assert_int_equal(d->evtchn[b.store_port].state, ECS_UNBOUND);
    assert_int_equal(d->evtchn[b.store_port].u.unbound.remote_dom, 0);
    /* Grant entries 0 and 1: permit_access to dom0, read-write. */
    assert_int_equal(gentry(d, XL_GREF_CONSOLE)->flags, GTF_permit_access);
    assert_int_equal(gentry(d, XL_GREF_CONSOLE)->domid, 0);
    assert_int_equal(gentry(d, XL_GREF_CONSOLE)->frame, b.console_gfn);
    assert_int_equal(gentry(d, XL_GREF_XENSTORE)->flags, GTF_permit_access);
    assert_int_equal(gentry(d, XL_GREF_XENSTORE)->frame, b.store_gfn);
    assert_int_equal(gentry(d, 2)->flags, 0);
}

static void
test_pvh_build_rings_are_gfns(void **state)
{
    struct xl_domctl_build b;
    struct domain *d;
    uint64_t bus;
    grant_handle_t h;

    sim_grant_reset();
    sim_grant.translated[DOMU] = true;
    d = make_domu(XL_DOMCTL_TYPE_PVH, &b);
    /* The sim's translated domains: gfn = SIM_GRANT_GFN_BASE + mfn. */
    assert_true(b.console_gfn >= SIM_GRANT_GFN_BASE);
    assert_ptr_equal(mfn_to_page(b.console_gfn - SIM_GRANT_GFN_BASE)->owner, d);
    assert_int_equal(gentry(d, XL_GREF_CONSOLE)->frame, b.console_gfn);
    assert_int_equal(map(DOMU, XL_GREF_CONSOLE, 0, &h, &bus), GNTST_okay);
    assert_int_equal(bus, (b.console_gfn - SIM_GRANT_GFN_BASE) << PAGE_SHIFT);
    assert_int_equal(unmap(h, bus), GNTST_okay);
    sim_grant_reset();
}

static void
test_build_too_small_for_rings(void **state)
{
    struct xl_domctl_build b;
    uint64_t free0 = frames_free_count();

    use(d0, 0);
    /* 3 pages of image, command line and start_info; no room for rings */
    assert_int_equal(create(XL_DOMCTL_TYPE_PV, 4), DOMU);
    assert_int_equal(build(&b), -ENOMEM);
    assert_int_equal(destroy(), 0);
    assert_int_equal(frames_free_count(), free0);
}

/* ---- dom0 serving them ---- */

static void
test_dom0_binds_and_maps(void **state)
{
    struct xl_domctl_build b;
    struct domain *d = make_domu(XL_DOMCTL_TYPE_PV, &b);
    grant_handle_t hc_, hs;
    uint64_t bus;
    long p;

    p = bind_interdomain(DOMU, b.console_port);
    assert_true(p > 0);
    assert_int_equal(d->evtchn[b.console_port].state, ECS_INTERDOMAIN);
    /* The domU's notify reaches dom0's port. */
    use(d, 0);
    assert_int_equal(evtchn_send(d, b.console_port), 0);
    assert_true(evtchn_is_pending(d0, (evtchn_port_t)p));
    use(d0, 0);
    assert_int_equal(map(DOMU, XL_GREF_CONSOLE, 0, &hc_, &bus), GNTST_okay);
    assert_int_equal(bus, b.console_gfn << PAGE_SHIFT);
    assert_int_equal(map(DOMU, XL_GREF_XENSTORE, 0, &hs, &bus), GNTST_okay);
    assert_int_equal(bus, b.store_gfn << PAGE_SHIFT);
    assert_true(gentry(d, XL_GREF_CONSOLE)->flags & GTF_writing);
    /* Ref 2 was never granted; ref 0 is not d1's to map. */
    assert_int_equal(map(DOMU, 2, 0, NULL, NULL), GNTST_general_error);
    use(d1, 0);
    assert_int_equal(map(DOMU, XL_GREF_CONSOLE, 0, NULL, NULL), GNTST_general_error);
    use(d0, 0);
    assert_int_equal(unmap(hc_, b.console_gfn << PAGE_SHIFT), GNTST_okay);
    assert_int_equal(unmap(hs, b.store_gfn << PAGE_SHIFT), GNTST_okay);
    assert_int_equal(gentry(d, XL_GREF_CONSOLE)->flags, GTF_permit_access);
    assert_int_equal(evtchn_close(d0, (evtchn_port_t)p), 0);
    assert_int_equal(destroy(), 0);
}

static void
test_domu_revokes_while_mapped(void **state)
{
    struct xl_domctl_build b;
    struct domain *d = make_domu(XL_DOMCTL_TYPE_PV, &b);
    uint64_t bus;
    grant_handle_t h;

    assert_int_equal(map(DOMU, XL_GREF_CONSOLE, 0, &h, &bus), GNTST_okay);
    /* The domU takes the grant back, then points it elsewhere. */
    gentry(d, XL_GREF_CONSOLE)->flags &= (uint16_t)~GTF_permit_access;
    assert_int_equal(map(DOMU, XL_GREF_CONSOLE, 0, NULL, NULL), GNTST_general_error);
    gentry(d, XL_GREF_CONSOLE)->flags |= GTF_permit_access;
    gentry(d, XL_GREF_CONSOLE)->frame = (uint32_t)b.store_gfn;
    /* dom0's mapping still holds the frame it pinned first. */
    assert_int_equal(grant_active_of(d, XL_GREF_CONSOLE)->mfn, b.console_gfn);
    assert_int_equal(unmap(h, bus), GNTST_okay);
    assert_int_equal(destroy(), 0);
}

/* One cycle of what a test measures, so that dom0's maptrack and the
 * heap pages behind grant and event bookkeeping exist before it counts. */
static void
warm_up(void)
{
    struct xl_domctl_build b;
    grant_handle_t h;
    uint64_t bus;

    make_domu(XL_DOMCTL_TYPE_PV, &b);
    assert_int_equal(map(DOMU, XL_GREF_CONSOLE, 0, &h, &bus), GNTST_okay);
    assert_int_equal(unmap(h, bus), GNTST_okay);
    assert_int_equal(destroy(), 0);
}

static void
test_destroy_while_mapped(void **state)
{
    struct xl_domctl_build b;
    grant_handle_t h;
    uint64_t bus, free0;
    long p;

    warm_up();
    free0 = frames_free_count();
    make_domu(XL_DOMCTL_TYPE_PV, &b);
    p = bind_interdomain(DOMU, b.console_port);
    assert_true(p > 0);
    assert_int_equal(map(DOMU, XL_GREF_CONSOLE, 0, &h, &bus), GNTST_okay);
    assert_int_equal(destroy(), 0);
    /* The mapped ring outlives the domain; dom0's port went unbound. */
    assert_int_equal(frames_free_count(), free0 - 1);
    assert_ptr_equal(mfn_to_page(b.console_gfn)->owner, NULL);
    assert_int_equal(d0->evtchn[p].state, ECS_UNBOUND);
    /* New maps of the dead domain fail; the unmap gives the frame back. */
    assert_int_equal(map(DOMU, XL_GREF_CONSOLE, 0, NULL, NULL), GNTST_bad_domain);
    assert_int_equal(unmap(h, bus), GNTST_okay);
    assert_int_equal(frames_free_count(), free0);
    assert_int_equal(unmap(h, bus), GNTST_bad_handle);      /* twice */
    assert_int_equal(evtchn_close(d0, (evtchn_port_t)p), 0);
}

static void
test_create_build_destroy_returns_every_frame(void **state)
{
    static const uint32_t types[] = {
        XL_DOMCTL_TYPE_PV, XL_DOMCTL_TYPE_PVH, XL_DOMCTL_TYPE_HVM,
    };
    struct xl_domctl_build b;
    uint64_t free0;

    warm_up();
    free0 = frames_free_count();
    for (unsigned int n = 0; n < 30; n++) {
        grant_handle_t h;
        uint64_t bus;

        make_domu(types[n % 3], &b);
        assert_int_equal(map(DOMU, XL_GREF_XENSTORE, 0, &h, &bus), GNTST_okay);
        if (n % 2)                      /* unmapped before or after */
            assert_int_equal(unmap(h, bus), GNTST_okay);
        assert_int_equal(destroy(), 0);
        if (!(n % 2))
            assert_int_equal(unmap(h, bus), GNTST_okay);
    }
    assert_int_equal(frames_free_count(), free0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_pv_build_makes_rings),
        T(test_pvh_build_rings_are_gfns),
        T(test_build_too_small_for_rings),
        T(test_dom0_binds_and_maps),
        T(test_domu_revokes_while_mapped),
        T(test_destroy_while_mapped),
        T(test_create_build_destroy_returns_every_frame),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
