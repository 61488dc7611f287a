/*
 * tests/guests/pv_adv.c - more adversarial cases from Xen's advisory
 * classes: counts and indices out of range for every batched call,
 * overlapping buffers, buffers that start mapped and end unmapped, bad
 * trap-table entries, event-channel abuse, descriptor tables on frames of
 * the wrong type.  Each expectation is what Xen 4.17 does (measured under
 * QEMU TCG); the test notes record the details.
 *
 * Where it runs: guest only (PV64 dom0 on Xen 4.17 or xenolith).
 */
#include "test.h"

#define HV_ADDR 0xffff830000000000UL
#define PTE_RW  (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PREEMPTED_BIT 0x80000000U      /* MMU_UPDATE_PREEMPTED */

static uint64_t
va(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

/* Two adjacent pool pages; the second unmapped: returns the boundary. */
static char *
boundary(void)
{
    char *lo = page_alloc(), *hi = page_alloc();

    if (hi != lo + PAGE_SIZE)
        return NULL;
    if (HYPERVISOR_update_va_mapping(va(hi), 0, UVMF_INVLPG))
        return NULL;
    return hi;
}

/* An mmu_update that changes nothing: M2P[mfn] = its own pfn. */
static void
noop_update(mmu_update_t *u, void *page)
{
    u->ptr = (guest_va_to_mfn(page) << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
    u->val = guest_va_to_pfn(page);
}

/*
 * Counts.  Xen checks only where a batch starts (not its length), then
 * goes entry by entry until one fails, so the arrays sit right below an
 * unmapped page: whatever the count, the walk ends there.  Bit 31 of a
 * count is Xen's continuation flag (MMU_UPDATE_PREEMPTED).
 */
GUEST_TEST(adv_mmu_update_counts)
{
    char *b = boundary();
    mmu_update_t *u;
    void *pg = page_alloc();
    unsigned int done;
    long rc;

    CHECK(b, "no boundary");
    u = (mmu_update_t *)b - 4;
    for (unsigned int i = 0; i < 4; i++)
        noop_update(&u[i], pg);
    done = 77;
    CHECK_RC(HYPERVISOR_mmu_update(u, 0, &done, DOMID_SELF), 0);
    test_note("count 0: done %u", done);
    CHECK_EQ(done, 0);
    done = 77;
    rc = HYPERVISOR_mmu_update(u, 0x10000, &done, DOMID_SELF);
    test_note("count 0x10000: %ld done %u", rc, done);
    CHECK_RC(rc, -XEN_EFAULT);                   /* the walk hit the unmapped page */
    CHECK_EQ(done, 4);
    done = 0;
    rc = HYPERVISOR_mmu_update(u, 0xffffffffU, &done, DOMID_SELF);
    test_note("count 0xffffffff, done 0: %ld done %u", rc, done);
    CHECK_RC(rc, -XEN_EFAULT);
    CHECK_EQ(done, 4);
    done = 2;
    rc = HYPERVISOR_mmu_update(u, PREEMPTED_BIT | 4, &done, DOMID_SELF);
    test_note("count PREEMPTED|4, done 2: %ld done %u", rc, done);
    CHECK_RC(rc, 0);
    CHECK_EQ(done, 6);                           /* 2 before + 4 now */
    rc = HYPERVISOR_mmu_update(u, 0x7fffffffU, NULL, DOMID_SELF);
    test_note("count 0x7fffffff: %ld", rc);
    CHECK_RC(rc, -XEN_EFAULT);
}

GUEST_TEST(adv_mmuext_counts)
{
    char *b = boundary();
    mmuext_op_t *op;
    unsigned int done;
    long rc;

    CHECK(b, "no boundary");
    op = (mmuext_op_t *)b - 2;
    memset(op, 0, 2 * sizeof(*op));
    op[0].cmd = op[1].cmd = MMUEXT_TLB_FLUSH_LOCAL;
    done = 77;
    CHECK_RC(HYPERVISOR_mmuext_op(op, 0, &done, DOMID_SELF), 0);
    test_note("count 0: done %u", done);
    CHECK_EQ(done, 0);
    done = 77;
    rc = HYPERVISOR_mmuext_op(op, 0x10000, &done, DOMID_SELF);
    test_note("count 0x10000: %ld done %u", rc, done);
    CHECK_RC(rc, -XEN_EFAULT);
    CHECK_EQ(done, 2);
    done = 0;
    rc = HYPERVISOR_mmuext_op(op, 0xffffffffU, &done, DOMID_SELF);
    test_note("count 0xffffffff, done 0: %ld done %u", rc, done);
    CHECK_RC(rc, -XEN_EFAULT);
    CHECK_EQ(done, 2);
    done = 1;
    rc = HYPERVISOR_mmuext_op(op, PREEMPTED_BIT | 2, &done, DOMID_SELF);
    test_note("count PREEMPTED|2, done 1: %ld done %u", rc, done);
    CHECK_RC(rc, 0);
    CHECK_EQ(done, 3);
}

GUEST_TEST(adv_multicall_counts)
{
    char *b = boundary();
    multicall_entry_t *mc;
    long rc;

    CHECK(b, "no boundary");
    mc = (multicall_entry_t *)b - 2;
    memset(mc, 0, 2 * sizeof(*mc));
    mc[0].op = mc[1].op = __HYPERVISOR_xen_version;
    mc[0].result = mc[1].result = 0x55;
    CHECK_RC(HYPERVISOR_multicall(mc, 0), 0);
    CHECK_EQ(mc[0].result, 0x55);
    rc = HYPERVISOR_multicall(mc, 0xffffffffU);
    test_note("nr_calls 0xffffffff: %ld, results %#lx %#lx", rc, mc[0].result, mc[1].result);
    CHECK_RC(rc, -XEN_EFAULT);                   /* both ran, the 3rd is unmapped */
    CHECK_EQ(mc[0].result, HYPERVISOR_xen_version(XENVER_version, NULL));
    CHECK_EQ(mc[1].result, mc[0].result);
    rc = HYPERVISOR_multicall(mc, 0x80000000U);
    test_note("nr_calls 0x80000000: %ld", rc);
    CHECK_RC(rc, -XEN_EFAULT);
}

GUEST_TEST(adv_batches_across_unmapped)
{
    char *b = boundary();
    mmu_update_t *u;
    mmuext_op_t *op;
    multicall_entry_t *mc;
    unsigned int done;
    long rc;

    CHECK(b, "no boundary");
    u = (mmu_update_t *)b - 1;                   /* 1 entry mapped */
    noop_update(u, page_alloc());
    done = 77;
    rc = HYPERVISOR_mmu_update(u, 2, &done, DOMID_SELF);
    test_note("mmu_update across: %ld done %u", rc, done);
    CHECK_RC(rc, -XEN_EFAULT);
    CHECK_EQ(done, 1);
    op = (mmuext_op_t *)b - 1;
    memset(op, 0, sizeof(*op));
    op->cmd = MMUEXT_TLB_FLUSH_LOCAL;
    done = 77;
    rc = HYPERVISOR_mmuext_op(op, 2, &done, DOMID_SELF);
    test_note("mmuext_op across: %ld done %u", rc, done);
    CHECK_RC(rc, -XEN_EFAULT);
    CHECK_EQ(done, 1);
    mc = (multicall_entry_t *)b - 1;
    memset(mc, 0, sizeof(*mc));
    mc->op = __HYPERVISOR_xen_version;
    mc->args[0] = XENVER_pagesize;
    mc->result = 0x55;
    rc = HYPERVISOR_multicall(mc, 2);
    /* The mapped entry runs first. */
    test_note("multicall across: %ld, first result %#lx", rc, mc->result);
    CHECK_RC(rc, -XEN_EFAULT);
    CHECK_EQ(mc->result, 4096);
    /* pdone itself on the unmapped page: the batch is done, the count
     * is lost. */
    u = page_alloc();
    noop_update(u, u);
    rc = HYPERVISOR_mmu_update(u, 1, (unsigned int *)b, DOMID_SELF);
    test_note("pdone unmapped: %ld", rc);
    CHECK_RC(rc, 0);
    rc = HYPERVISOR_mmu_update(u, 1, (unsigned int *)HV_ADDR, DOMID_SELF);
    test_note("pdone in Xen's area: %ld", rc);
    CHECK_RC(rc, 0);
}

GUEST_TEST(adv_buffers_across_unmapped)
{
    char *b = boundary();
    long rc;

    CHECK(b, "no boundary");
    memset(b - 8, 'x', 8);
    rc = HYPERVISOR_console_io(CONSOLEIO_write, 16, b - 8);
    test_note("console_io write across: %ld", rc);
    CHECK_RC(rc, -XEN_EFAULT);
    rc = HYPERVISOR_xen_version(XENVER_extraversion, b - 8);
    test_note("xen_version extraversion out across: %ld", rc);
    CHECK_RC(rc, -XEN_EFAULT);
    {
        evtchn_status_t *st = (evtchn_status_t *)(b - 8);
        st->dom = DOMID_SELF;
        rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
        test_note("evtchn status across: %ld", rc);
        CHECK_RC(rc, -XEN_EFAULT);
    }
    {
        /* A trap table without a terminator before the unmapped page:
         * -EFAULT, and the entries before it are installed.  0x91 and
         * 0x22: under QEMU TCG, Xen decodes INT 0x91 as 0x22 (pv_traps.c). */
        trap_info_t *t = (trap_info_t *)b - 2;
        t[0] = (trap_info_t){ 0x91, 3, FLAT_KERNEL_CS, 0, trap_stub(VEC_SOFT_DPL3) };
        t[1] = (trap_info_t){ 0x22, 3, FLAT_KERNEL_CS, 0, trap_stub(VEC_SOFT_DPL3) };
        rc = HYPERVISOR_set_trap_table(t);
        test_note("trap table across: %ld", rc);
        CHECK_RC(rc, -XEN_EFAULT);
        CHECK_EQ(EXPECT_TRAP("int $0x91", "i" (0)), 1);
        CHECK_EQ(last_trap.vector, VEC_SOFT_DPL3);   /* the 0x80 stub */
        CHECK_RC(HYPERVISOR_set_trap_table(NULL), 0);
        CHECK_RC(HYPERVISOR_set_trap_table(guest_trap_table), 0);
    }
}

/* Overlapping buffers: pdone inside the request array, a multicall entry
 * whose call overwrites the entry itself. */
GUEST_TEST(adv_overlap_pdone_in_requests)
{
    static mmu_update_t u[3];
    void *pg = page_alloc();
    long rc;

    for (unsigned int i = 0; i < 3; i++)
        noop_update(&u[i], pg);
    /* done lands on u[1].ptr's low half; Xen writes it once at the end. */
    rc = HYPERVISOR_mmu_update(u, 3, (unsigned int *)&u[1].ptr, DOMID_SELF);
    test_note("pdone = &u[1]: %ld, u[1].ptr now %#lx", rc, u[1].ptr);
    CHECK_RC(rc, 0);
    CHECK_EQ(u[1].ptr & 0xffffffffUL, 3);
}

GUEST_TEST(adv_overlap_multicall_self)
{
    static multicall_entry_t mc[2];
    long rc;

    memset(mc, 0, sizeof(mc));
    /* mc[0] writes the extraversion string over itself (op, result,
     * args): its result is written back after the call. */
    mc[0].op = __HYPERVISOR_xen_version;
    mc[0].args[0] = XENVER_extraversion;
    mc[0].args[1] = va(&mc[0]);
    /* mc[1] writes over mc[1].args, the arguments it was called with. */
    mc[1].op = __HYPERVISOR_xen_version;
    mc[1].args[0] = XENVER_extraversion;
    mc[1].args[1] = va(&mc[1].args[0]);
    rc = HYPERVISOR_multicall(mc, 2);
    test_note("self-overwriting multicall: %ld results %ld %ld", rc, (long)mc[0].result,
              (long)mc[1].result);
    CHECK_RC(rc, 0);
    CHECK_EQ(mc[0].result, 0);
    CHECK_EQ(mc[1].result, 0);
    /* mc[0]'s pdone is mc[1].op: 17 entries done make it xen_version,
     * which runs because each entry is read only when its turn comes. */
    {
        static mmu_update_t u[17];
        void *pg = page_alloc();

        for (unsigned int i = 0; i < 17; i++)
            noop_update(&u[i], pg);
        memset(mc, 0, sizeof(mc));
        mc[0].op = __HYPERVISOR_mmu_update;
        mc[0].args[0] = va(u);
        mc[0].args[1] = 17;
        mc[0].args[2] = va(&mc[1].op);
        mc[0].args[3] = DOMID_SELF;
        mc[1].op = 0xdead00000000UL;
        rc = HYPERVISOR_multicall(mc, 2);
        test_note("pdone = next entry's op: %ld result0 %ld op1 %#lx result1 %#lx",
                  rc, (long)mc[0].result, mc[1].op, mc[1].result);
        CHECK_RC(rc, 0);
        CHECK_EQ(mc[0].result, 0);
        CHECK_EQ(mc[1].op, 0xdead00000000UL | __HYPERVISOR_xen_version);
        test_note("op1 %#lx ran as %ld", mc[1].op, (long)mc[1].result);
    }
}

/* Trap-table entries with odd fields: Xen keeps DPL (bits 0-1) and the
 * event-mask bit (2) of flags, ignores the rest, and forces cs. */
GUEST_TEST(adv_trap_table_odd_entries)
{
    static trap_info_t t[4];
    long rc;

    memset(t, 0, sizeof(t));
    t[0].vector = 0x92;
    t[0].flags = 0xff;                           /* DPL 3, mask events, junk */
    t[0].cs = 0;                                 /* null selector */
    t[0].address = trap_stub(VEC_SOFT_DPL3);
    t[1].vector = 0x93;
    t[1].flags = 0xf8;                           /* DPL 0 + junk */
    t[1].cs = 0xe008;                            /* Xen's own code selector */
    t[1].address = trap_stub(VEC_SOFT_DPL3);
    t[2] = t[0];
    t[2].vector = 0x24;                          /* 0x92 as Xen sees it under TCG */
    rc = HYPERVISOR_set_trap_table(t);
    test_note("odd entries: %ld", rc);
    CHECK_RC(rc, 0);
    evtchn_unmask_events();
    CHECK_EQ(EXPECT_TRAP("int $0x92", "i" (0)), 1);
    evtchn_mask_events();
    CHECK_EQ(last_trap.vector, VEC_SOFT_DPL3);
    test_note("int 0x92: cs %#lx, mask in handler %u", last_trap.cs, last_trap.upcall_mask);
    CHECK_EQ(last_trap.upcall_mask, 1);          /* flags bit 2 */
    CHECK_EQ(last_trap.cs & 0xffff, FLAT_KERNEL_CS & ~3UL);
    CHECK_EQ(EXPECT_TRAP("int $0x93", "i" (0)), 1);
    CHECK_EQ(last_trap.vector, TRAP_gp_fault);   /* DPL 0: refused */
}

static long
evtchn(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

GUEST_TEST(adv_evtchn_abuse)
{
    evtchn_bind_virq_t b = { .virq = VIRQ_DEBUG, .vcpu = 0 };
    evtchn_close_t c;
    evtchn_send_t s;
    evtchn_unmask_t um;
    evtchn_status_t st;
    evtchn_alloc_unbound_t au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    long rc;

    CHECK_RC(evtchn(EVTCHNOP_bind_virq, &b), 0);
    {
        evtchn_bind_virq_t again = b;
        CHECK_RC(evtchn(EVTCHNOP_bind_virq, &again), -XEN_EEXIST);
    }
    c.port = b.port;
    CHECK_RC(evtchn(EVTCHNOP_close, &c), 0);
    rc = evtchn(EVTCHNOP_close, &c);
    test_note("close twice: %ld", rc);
    CHECK_RC(rc, -XEN_EINVAL);
    s.port = b.port;
    rc = evtchn(EVTCHNOP_send, &s);
    test_note("send on a closed port: %ld", rc);
    CHECK_RC(rc, -XEN_EINVAL);
    s.port = 0;
    rc = evtchn(EVTCHNOP_send, &s);
    test_note("send on port 0: %ld", rc);
    CHECK_RC(rc, -XEN_EINVAL);
    s.port = 0xffffffffU;
    CHECK_RC(evtchn(EVTCHNOP_send, &s), -XEN_EINVAL);
    um.port = 0xffffffffU;
    CHECK_RC(evtchn(EVTCHNOP_unmask, &um), -XEN_EINVAL);
    um.port = 4096;
    CHECK_RC(evtchn(EVTCHNOP_unmask, &um), -XEN_EINVAL);
    c.port = 0;
    rc = evtchn(EVTCHNOP_close, &c);
    test_note("close port 0: %ld", rc);
    CHECK_RC(rc, -XEN_EINVAL);
    memset(&st, 0, sizeof(st));
    st.dom = DOMID_SELF;
    st.port = 0;
    CHECK_RC(evtchn(EVTCHNOP_status, &st), 0);
    test_note("port 0 status %u", st.status);
    /* An unbound port to ourselves: send is silently dropped. */
    CHECK_RC(evtchn(EVTCHNOP_alloc_unbound, &au), 0);
    s.port = au.port;
    rc = evtchn(EVTCHNOP_send, &s);
    test_note("send on unbound port %u: %ld", au.port, rc);
    CHECK_RC(rc, 0);
    c.port = au.port;
    CHECK_RC(evtchn(EVTCHNOP_close, &c), 0);
    /* VIRQ on a vCPU that does not exist, a VIRQ out of range. */
    b.vcpu = 0xffffffffU;
    CHECK_RC(evtchn(EVTCHNOP_bind_virq, &b), -XEN_ENOENT);
    b.vcpu = 0;
    b.virq = 0x7fffffff;
    CHECK_RC(evtchn(EVTCHNOP_bind_virq, &b), -XEN_EINVAL);
}

GUEST_TEST(adv_set_gdt_writable_frame)
{
    uint64_t *page = page_alloc();               /* mapped writable */
    uint64_t frame = guest_va_to_mfn(page);
    long rc = HYPERVISOR_set_gdt(&frame, 16);

    test_note("set_gdt on a writable-mapped frame: %ld", rc);
    CHECK_RC(rc, -XEN_EINVAL);
    page[0] = 1;                                 /* still ours, still writable */
}

GUEST_TEST(adv_update_descriptor_on_page_table)
{
    uint64_t l1ma = pt_entry_maddr(GUEST_VIRT_BASE, 1);
    uint64_t l4 = guest_va_to_mfn((void *)start_info->pt_base) << PAGE_SHIFT;
    long rc;

    CHECK(l1ma, "walk failed");
    rc = HYPERVISOR_update_descriptor(l1ma & PTE_ADDR_MASK, 0x00affa000000ffffUL);
    test_note("update_descriptor on an L1: %ld", rc);
    CHECK_RC(rc, -XEN_EINVAL);
    CHECK_RC(HYPERVISOR_update_descriptor(l4 + 8, 0x00affa000000ffffUL), -XEN_EINVAL);
    /* A frame that is not ours at all. */
    CHECK_RC(HYPERVISOR_update_descriptor(0xfffffff000UL, 0), -XEN_EINVAL);
}
