/*
 * tests/guests/domu/isolation.c - dom0 checking that domUs cannot hurt
 * each other or the hypervisor: it runs an ordinary domU ("work") next to
 * one that crashes, one that spins and one that exhausts every per-domain
 * limit (all the same image, tests/guests/domu/adversary.c, told apart by
 * their command lines), sees the crash through getdomaininfo, destroys
 * the misbehaving ones, and checks the worker finished every test and
 * that afterwards the free frame count and the hypervisor heap are back to
 * what they were (spec/limits.md).  dom0 holds an LDT throughout (entry 1
 * a data segment); the worker must never see it, and dom0 must find its
 * own LDT unchanged after the domUs set theirs.
 *
 * The PV domUs come from the adversary kernel built into this one
 * (.incbin, see guests.mk).  Boot module 1 (dom0's ramdisk) is a PVH
 * kernel that triple-faults (tests/guests/hvm/adv_triple.c): it runs as a
 * fifth domU on SVM/VMX, and its crash must stay its own too.
 *
 * Where it runs: guest only (PV dom0 on xenolith).
 */
#include "test.h"
#include "../ldt.h"
#include "public/sched.h"
#include "public/xl_domctl.h"

#define DOMU_PAGES 1024                 /* 4 MiB */

#ifndef ADVERSARY_ELF
#error "ADVERSARY_ELF: the path of domu_adversary.elf (tests/guests/guests.mk)"
#endif
__asm__(".section .rodata\n"
        ".balign 16\n"
        "adversary_elf: .incbin \"" ADVERSARY_ELF "\"\n"
        "adversary_end:\n"
        ".previous");
extern const char adversary_elf[], adversary_end[];
#define WAIT_NS (60UL * 1000000000UL)

static long
domctl(struct xl_domctl *d)
{
    d->interface_version = XL_DOMCTL_INTERFACE_VERSION;
    return hypercall_raw(__HYPERVISOR_domctl, (uint64_t)d, 0, 0, 0, 0);
}

static int
physinfo(struct xl_sysctl_physinfo *p)
{
    struct xl_sysctl s = { .cmd = XL_SYSCTL_physinfo,
                           .interface_version = XL_SYSCTL_INTERFACE_VERSION };
    long rc = hypercall_raw(__HYPERVISOR_sysctl, (uint64_t)&s, 0, 0, 0, 0);

    *p = s.u.physinfo;
    return (int)rc;
}

static long
simple(uint32_t cmd, domid_t dom)
{
    struct xl_domctl d = { .cmd = cmd, .domain = dom };

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

/* A built, running domU of that type from image: its id or -errno.  A PV
 * one gets " domid=<its id>" after mode on its command line (a grant
 * names its grantee by id; the domU has no other way to learn its own). */
static long
start_image(uint32_t type, const void *image, uint64_t size, const char *mode)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_createdomain, .domain = DOMID_INVALID };
    static char cmdline[64];
    domid_t dom;
    long rc;

    d.u.createdomain.type = type;
    d.u.createdomain.max_vcpus = 1;
    d.u.createdomain.max_pages = DOMU_PAGES;
    rc = domctl(&d);
    if (rc < 0)
        return rc;
    dom = d.domain;
    snprintf(cmdline, sizeof(cmdline), "%s domid=%u", mode, (unsigned int)dom);
    d = (struct xl_domctl){ .cmd = XL_DOMCTL_build, .domain = dom };
    d.u.build.image = (uint64_t)image;
    d.u.build.image_size = size;
    d.u.build.cmdline = (uint64_t)cmdline;
    d.u.build.cmdline_len = (uint32_t)strlen(cmdline);
    rc = domctl(&d);
    if (rc == 0)
        rc = simple(XL_DOMCTL_unpausedomain, dom);
    return rc ? rc : dom;
}

static long
start(const char *mode)
{
    return start_image(XL_DOMCTL_TYPE_PV, adversary_elf,
                       (uint64_t)(adversary_end - adversary_elf), mode);
}

/* Wait (yielding) until dom shut down; its getdomaininfo, or -1. */
static long
wait_shutdown(domid_t dom, struct xl_domctl_getdomaininfo *i)
{
    uint64_t end = guest_system_time() + WAIT_NS;

    while (guest_system_time() < end) {
        if (info(dom, i))
            return -1;
        if (i->flags & (XL_DOMINF_shutdown | XL_DOMINF_crashed))
            return 0;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return -1;
}

static struct xl_sysctl_physinfo baseline;
static const uint64_t dom0_ldt[2] = { 0, LDT_DATA_DESC };

GUEST_TEST(baseline)
{
    CHECK(!memcmp(adversary_elf, "\177ELF", 4), "no adversary kernel built in");
    CHECK(start_info->mod_len > 64, "no PVH kernel in the ramdisk");
    CHECK_RC(ldt_set(dom0_ldt, 2), 0);
    CHECK_RC(ldt_try(LDT_SEL(1)), -1);
    CHECK_RC(physinfo(&baseline), 0);
    test_note("before: %lu free frames, heap %lu bytes in %lu frames",
              baseline.free_pages, baseline.heap_bytes, baseline.heap_frames);
}

GUEST_TEST(misbehaving_domus_leave_the_others_alone)
{
    struct xl_domctl_getdomaininfo wi, ci, ei, si, ti;
    long work = start("work"), crash = start("crash"), spin = start("spin"),
         exhaust = start("exhaust"),
         triple = start_image(XL_DOMCTL_TYPE_PVH, (const void *)start_info->mod_start,
                              start_info->mod_len, "triple");

    CHECK(work > 0 && crash > 0 && spin > 0 && exhaust > 0 && triple > 0,
          "start: work %ld crash %ld spin %ld exhaust %ld triple %ld", work, crash, spin,
          exhaust, triple);
    test_note("domUs: work d%ld, crash d%ld, spin d%ld, exhaust d%ld, PVH triple fault d%ld",
              work, crash, spin, exhaust, triple);

    /* The PVH domU's triple fault: crashed, that domain only. */
    CHECK_RC(wait_shutdown((domid_t)triple, &ti), 0);
    test_note("d%ld (PVH): flags %#x shutdown_reason %d", triple, ti.flags,
              ti.shutdown_reason);
    CHECK(ti.flags & XL_DOMINF_crashed, "PVH domU not marked crashed (flags %#x)", ti.flags);
    CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)triple), 0);

    /* The crash: seen through getdomaininfo, then destroyed. */
    CHECK_RC(wait_shutdown((domid_t)crash, &ci), 0);
    test_note("d%ld: flags %#x shutdown_reason %d", crash, ci.flags, ci.shutdown_reason);
    CHECK(ci.flags & XL_DOMINF_crashed, "crash domU not marked crashed (flags %#x)", ci.flags);
    CHECK_RC(ci.shutdown_reason, SHUTDOWN_crash);
    CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)crash), 0);

    /* The exhauster stops holding everything; look at its charge. */
    CHECK_RC(wait_shutdown((domid_t)exhaust, &ei), 0);
    test_note("d%ld (exhaust) holds %lu bytes of hypervisor memory, limit %lu", exhaust,
              ei.xenmem_bytes, ei.xenmem_max);
    CHECK_RC(ei.shutdown_reason, SHUTDOWN_reboot);          /* its checks passed */
    CHECK(ei.xenmem_bytes > 0 && ei.xenmem_bytes <= ei.xenmem_max, "charge %lu of %lu",
          ei.xenmem_bytes, ei.xenmem_max);

    /* The worker finished all its tests while the others ran. */
    CHECK_RC(wait_shutdown((domid_t)work, &wi), 0);
    CHECK_RC(wi.shutdown_reason, SHUTDOWN_reboot);
    CHECK(!(wi.flags & XL_DOMINF_crashed), "the worker crashed");

    /* The spinner is still running and got its share only. */
    CHECK_RC(info((domid_t)spin, &si), 0);
    CHECK(!(si.flags & XL_DOMINF_shutdown), "the spinner stopped (flags %#x)", si.flags);
    test_note("spinner ran %lu ms; worker %lu ms", si.cpu_time_ns / 1000000,
              wi.cpu_time_ns / 1000000);

    CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)exhaust), 0);
    CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)spin), 0);
    CHECK_RC(simple(XL_DOMCTL_destroydomain, (domid_t)work), 0);
    CHECK_RC(info((domid_t)crash, &ci), -XEN_ESRCH);
}

GUEST_TEST(everything_comes_back)
{
    struct xl_sysctl_physinfo after;

    CHECK_RC(physinfo(&after), 0);
    test_note("after destroy: %lu free frames (before %lu), heap %lu bytes in %lu frames "
              "(before %lu in %lu)", after.free_pages, baseline.free_pages, after.heap_bytes,
              after.heap_frames, baseline.heap_bytes, baseline.heap_frames);
    CHECK_EQ(after.free_pages, baseline.free_pages);
    CHECK_EQ(after.heap_bytes, baseline.heap_bytes);
    CHECK_EQ(after.heap_frames, baseline.heap_frames);
}

/* dom0 itself still works: an event channel round trip of its own, and
 * its LDT is the one it set (entry 1 loads, entry 2 is past its end). */
GUEST_TEST(dom0_still_works)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    struct evtchn_close c;

    CHECK_RC(ldt_try(LDT_SEL(1)), -1);
    CHECK_RC(ldt_try(LDT_SEL(2)), TRAP_gp_fault);

    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a), 0);
    c.port = a.port;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_close, &c), 0);
}
