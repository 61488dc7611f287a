/*
 * tests/guests/domu/adversary.c - one PV domU kernel, four behaviours
 * chosen by the first word of its command line; dom0's isolation test
 * (tests/guests/domu/isolation.c) runs them side by side:
 *
 *   exhaust  takes every event-channel port, every grant-table frame and
 *            every maptrack handle the hypervisor allows one domain, checks
 *            each refusal is Xen's error, tries what a domU must never do
 *            (domctl, binding a port nobody offered it, mapping dom0's
 *            frames without a grant), then shuts down holding it all;
 *   crash    drops its trap table and executes ud2: the hypervisor must
 *            crash it (no handler to bounce to), nobody else;
 *   spin     never yields;
 *   work     an ordinary domU that must finish its tests while the others
 *            misbehave: it computes, yields, and sends itself events through
 *            an IPI port, checking every one arrives as an upcall; it sees
 *            no LDT but its own (dom0 has one too), across context switches.
 *
 * The tests of the other modes return at once (and count as passed): the
 * notes each mode prints are what the system test checks.
 *
 * Where it runs: guest only (a PV domU on xenolith, built by dom0).
 */
#include "test.h"
#include "../ldt.h"
#include "public/grant_table.h"
#include "public/xl_domctl.h"

#define PTE_RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define NR_PORTS_MAX 1023           /* spec/limits.md */
#define GNT_FRAMES_MAX 4
#define MAPTRACK_MAX 1024

static int
mode_is(const char *m)
{
    return !strncmp((const char *)start_info->cmd_line, m, strlen(m));
}

/* Our domid, from "domid=N" on the command line (dom0 adds it). */
static domid_t
my_domid(void)
{
    const char *c = strstr((const char *)start_info->cmd_line, "domid=");
    unsigned int n = 0;

    for (c = c ? c + 6 : ""; *c >= '0' && *c <= '9'; c++)
        n = n * 10 + (unsigned int)(*c - '0');
    return (domid_t)n;
}

/* crash and spin never reach the tests. */
void
test_setup(void)
{
    if (mode_is("crash")) {
        test_note("crash: dropping the trap table, then ud2");
        HYPERVISOR_set_trap_table(NULL);
        test_crash_point("#UD with an empty trap table");
        __asm__ volatile ("ud2");
        test_fail("still running after an unhandled #UD");
    }
    if (mode_is("spin")) {
        test_note("spin: never yielding");
        for (volatile unsigned long n = 0;; n++)
            ;
    }
}

static long
gnttab(unsigned int cmd, void *op, unsigned int count)
{
    return hypercall_raw(__HYPERVISOR_grant_table_op, cmd, (uint64_t)op, count, 0, 0);
}

/* ---- exhaust ---- */

GUEST_TEST(exhaust_event_channels)
{
    unsigned int n = 0;
    long rc;

    if (!mode_is("exhaust"))
        return;
    for (;;) {
        struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 0 };

        rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);
        if (rc)
            break;
        n++;
        CHECK(n <= NR_PORTS_MAX, "port %u allocated: no bound", a.port);
    }
    test_note("exhaust: %u event-channel ports, then %ld", n, rc);
    CHECK_RC(rc, -XEN_ENOSPC);
    /* The console and store ports the builder made count as used. */
    CHECK(n >= NR_PORTS_MAX - 4, "only %u ports", n);
    {
        struct evtchn_bind_ipi b = { .vcpu = 0 };

        CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b), -XEN_ENOSPC);
    }
}

static struct gnttab_setup_table setup_op;
static uint64_t gframes[GNT_FRAMES_MAX + 1];

GUEST_TEST(exhaust_grant_frames)
{
    if (!mode_is("exhaust"))
        return;
    setup_op = (struct gnttab_setup_table){ .dom = DOMID_SELF, .nr_frames = GNT_FRAMES_MAX,
                                            .frame_list = (uint64_t)gframes };
    CHECK_RC(gnttab(GNTTABOP_setup_table, &setup_op, 1), 0);
    CHECK_RC(setup_op.status, GNTST_okay);
    setup_op.nr_frames = GNT_FRAMES_MAX + 1;
    CHECK_RC(gnttab(GNTTABOP_setup_table, &setup_op, 1), 0);
    test_note("exhaust: %u grant frames, then setup_table(%u) status %d", GNT_FRAMES_MAX,
              GNT_FRAMES_MAX + 1, setup_op.status);
    CHECK_RC(setup_op.status, GNTST_general_error);
}

GUEST_TEST(exhaust_maptrack)
{
    struct grant_entry_v1 *table = page_alloc();
    static char granted[4096] __aligned(4096);
    struct gnttab_map_grant_ref m;
    unsigned int n = 0;

    if (!mode_is("exhaust"))
        return;
    CHECK(my_domid() != 0, "no domid= on the command line");
    /* Map table frame 0 over a scratch page and grant ourselves a page. */
    CHECK_RC(HYPERVISOR_update_va_mapping((uint64_t)table, (gframes[0] << PAGE_SHIFT) | PTE_RW,
                                          UVMF_INVLPG), 0);
    table[8] = (struct grant_entry_v1){ .flags = GTF_permit_access | GTF_readonly,
                                        .domid = my_domid(),
                                        .frame = (uint32_t)guest_va_to_mfn(granted) };
    for (;;) {
        m = (struct gnttab_map_grant_ref){ .flags = GNTMAP_device_map | GNTMAP_readonly,
                                           .ref = 8, .dom = DOMID_SELF };
        CHECK_RC(gnttab(GNTTABOP_map_grant_ref, &m, 1), 0);
        if (m.status != GNTST_okay)
            break;
        n++;
        CHECK(n <= MAPTRACK_MAX, "handle %u: no bound", m.handle);
    }
    test_note("exhaust: %u maptrack handles, then status %d", n, m.status);
    CHECK_EQ(n, MAPTRACK_MAX);
    CHECK_RC(m.status, GNTST_no_space);
}

/* What a domU must never do, whatever it holds. */
GUEST_TEST(exhaust_forbidden)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_createdomain,
                           .interface_version = XL_DOMCTL_INTERFACE_VERSION,
                           .domain = DOMID_INVALID };
    struct evtchn_bind_interdomain b = { .remote_dom = 0, .remote_port = 1 };
    struct gnttab_map_grant_ref m = { .flags = GNTMAP_device_map | GNTMAP_readonly,
                                      .ref = 0, .dom = 0 };
    mmu_update_t u;
    void *scratch = page_alloc();

    if (!mode_is("exhaust"))
        return;
    d.u.createdomain.type = XL_DOMCTL_TYPE_PV;
    d.u.createdomain.max_vcpus = 1;
    d.u.createdomain.max_pages = 16;
    CHECK_RC(hypercall_raw(__HYPERVISOR_domctl, (uint64_t)&d, 0, 0, 0, 0), -XEN_EPERM);
    /* Out of ports anyway; close one so the refusal is about the offer. */
    {
        struct evtchn_close c = { .port = 100 };

        CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_close, &c), 0);
    }
    CHECK(HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b) < 0,
          "bound dom0's port 1, never offered to us");
    /* Machine frame 1 (low memory) belongs to the hypervisor or dom0. */
    CHECK(HYPERVISOR_update_va_mapping((uint64_t)scratch, (1UL << PAGE_SHIFT) | PTE_RW,
                                       UVMF_INVLPG) < 0, "mapped a frame we do not own");
    u.ptr = pt_entry_maddr((uint64_t)scratch, 1) | MMU_NORMAL_PT_UPDATE;
    u.val = (1UL << PAGE_SHIFT) | PTE_RW;
    CHECK(HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF) < 0, "mmu_update to a foreign frame");
    CHECK_RC(gnttab(GNTTABOP_map_grant_ref, &m, 1), 0);
    CHECK(m.status != GNTST_okay, "mapped dom0's ref 0 without a grant to us");
    test_note("exhaust: holding everything; shutting down for dom0 to look");
}

/* ---- work ---- */

static volatile unsigned int ipi_seen;
static volatile uint32_t ipi_port;

static void
on_event(uint32_t port)
{
    if (port == ipi_port)
        ipi_seen++;
}

/* dom0 set an LDT whose entry 1 is a data segment before it started us:
 * none of it may show here.  Ours has entry 1 not present and entry 2
 * present, and must stay so while the CPU goes to the other domains. */
static const uint64_t work_ldt[3] = { 0, LDT_DATA_DESC & ~(1ULL << 47), LDT_DATA_DESC };

static int
work_ldt_ok(void)
{
    return ldt_try(LDT_SEL(1)) == TRAP_no_segment && ldt_try(LDT_SEL(2)) == -1 &&
           ldt_try(LDT_SEL(3)) == TRAP_gp_fault;
}

GUEST_TEST(work_ldt_is_its_own)
{
    if (!mode_is("work"))
        return;
    CHECK_RC(ldt_try(LDT_SEL(1)), TRAP_gp_fault);       /* no LDT yet: not dom0's */
    CHECK_RC(ldt_set(work_ldt, 3), 0);
    CHECK(work_ldt_ok(), "own LDT: entry 1 -> %ld, 2 -> %ld, 3 -> %ld", ldt_try(LDT_SEL(1)),
          ldt_try(LDT_SEL(2)), ldt_try(LDT_SEL(3)));
}

GUEST_TEST(work_compute_and_yield)
{
    uint64_t end, sum = 0, rounds = 0, ldt_bad = 0;

    if (!mode_is("work"))
        return;
    end = guest_system_time() + 300 * 1000000UL;    /* 300 ms of wall time */
    while (guest_system_time() < end) {
        for (unsigned int i = 0; i < 100000; i++)
            sum = sum * 6364136223846793005UL + i;
        rounds++;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        ldt_bad += !work_ldt_ok();
    }
    test_note("work: %lu rounds (checksum %lx), LDT wrong after %lu of them", rounds,
              sum & 0xffff, ldt_bad);
    CHECK(rounds > 0, "no round in 300 ms");
    CHECK_EQ(ldt_bad, 0);
}

GUEST_TEST(work_ipi_upcalls)
{
    struct evtchn_bind_ipi b = { .vcpu = 0 };
    struct evtchn_send s;

    if (!mode_is("work"))
        return;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b), 0);
    ipi_port = b.port;
    event_hook = on_event;
    evtchn_unmask_events();
    s.port = b.port;
    for (unsigned int i = 0; i < 1000; i++)
        CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_send, &s), 0);
    evtchn_mask_events();
    event_hook = NULL;
    test_note("work: %u of 1000 IPIs arrived as upcalls", ipi_seen);
    CHECK_EQ(ipi_seen, 1000);
}
