/*
 * eva_driver.c - a nondeterministic driver of the guest-facing entry points
 * of the portable core, for Frama-C EVA (`make eva`).
 *
 * Environment: proofs only (Frama-C's libc and builtins; never compiled into
 * the hypervisor or sim).
 *
 * Two drivers, chosen by XL_EVA_RUN (proofs/proofs.mk runs both):
 *   run 1: any number of calls, in any order, with arbitrary arguments, of
 *          do_vm_assist (hypercall 21), the guest range check every
 *          copy_from/to_guest goes through, the boot-time parsers fed by
 *          untrusted input (memory map entries, symbol lookup by a faulting
 *          address), and the event-channel functions below the decoder.
 *   run 2: ONE event-channel hypercall (32, any cmd and any argument block,
 *          or 16, the compat form) or internal event entry point, from ANY
 *          well-formed port world of a small model (see run 2 below).
 * The dispatcher and the other hypercalls are driven by eva_hypercalls.c
 * (runs 3 and 4, over a model machine; proofs/README.md, EVA).  Stubs (honest over-approximations):
 * guest copies give any bytes and may fail, the port-table allocation may
 * fail (after creation), vcpu_unblock/arch_vcpu_kick do the obvious,
 * domain_lookup knows domains 0 and 1, printk writes nothing.
 */
#include <__fc_builtin.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <domain.h>
#include <event.h>
#include <guest_access.h>
#include <hypercall.h>
#include <memmap.h>
#include <symbols.h>

struct vcpu *current;
static struct domain dom;
static struct vcpu vcpu0;
static struct memmap map;
static struct domain dom1;
static struct vcpu vcpu0b, vcpu1a, vcpu1b;
static struct shared_info shinfo0, shinfo1;

static const uint64_t sym_addrs[4] = { 0x1000, 0x1040, 0x1040, 0x2000 };
static const uint32_t sym_offs[4] = { 0, 2, 4, 6 };
static const char sym_names[8] = "a\0b\0c\0d";
static const struct symtab syms = { 4, sym_addrs, sym_offs, sym_names };

static uint64_t
any_u64(void)
{
    uint64_t v;

    Frama_C_make_unknown((char *)&v, sizeof(v));
    return v;
}

static unsigned int
any_uint(void)
{
    unsigned int v;

    Frama_C_make_unknown((char *)&v, sizeof(v));
    return v;
}

/* ---- stubs of what event.c calls outside itself ---- */

/*
 * Guest copies: copy_from_guest returns any bytes and may fail.  Run 1
 * draws the bytes here.  Run 2 draws them in the driver, into `gblk` (the
 * guest's argument memory: every byte any value, the port and domain-id
 * fields drawn as a few exact values plus "anything else", which together
 * are again any value, in separate partitions); successive reads of one
 * hypercall take successive bytes of it (the compat form reads its cmd,
 * then the block after it).
 */
static unsigned char gblk[32];
static bool gblk_used;
static size_t gblk_off;

size_t
arch_copy_from_guest(void *dst, uint64_t guest_va, size_t len)
{
    (void)guest_va;
    if (gblk_used && len <= sizeof(gblk) - gblk_off) {
        memcpy(dst, gblk + gblk_off, len);
        gblk_off += len;
    } else {
        Frama_C_make_unknown((char *)dst, len);
    }
    return Frama_C_nondet(0, 1) ? 0 : len;
}

size_t
arch_copy_to_guest(uint64_t guest_va, const void *src, size_t len)
{
    (void)guest_va;
    (void)src;
    return Frama_C_nondet(0, 1) ? 0 : len;
}

struct domain *
domain_lookup(domid_t domid)
{
    return domid == 0 ? &dom : domid == 1 ? &dom1 : NULL;
}

/* The only charged allocation here is a port table: one per domain,
 * zeroed, or none (memory short). */
static struct evtchn ports0[EVTCHN_MAX_PORTS], ports1[EVTCHN_MAX_PORTS];
static bool alloc_may_fail = true;

void *
domain_xzalloc_array(struct domain *d, size_t size, size_t n)
{
    struct evtchn *t = d == &dom ? ports0 : ports1;

    if (size * n != sizeof(ports0) || (alloc_may_fail && Frama_C_nondet(0, 1)))
        return NULL;
    memset(t, 0, sizeof(ports0));
    return t;
}

void
domain_xfree(struct domain *d, void *p)
{
    (void)d;
    (void)p;
}

bool
vcpu_unblock(struct vcpu *v)
{
    bool was = v->is_blocked;

    v->is_blocked = false;
    return was;
}

void
arch_vcpu_kick(struct vcpu *v)
{
    (void)v;
}

static void
domain_setup(struct domain *d, domid_t id, struct vcpu *a, struct vcpu *b,
             struct shared_info *s)
{
    d->domain_id = id;
    d->is_privileged = id == 0;
    d->max_vcpus = 2;
    d->vcpu[0] = a;
    d->vcpu[1] = b;
    a->domain = d;
    b->domain = d;
    a->vcpu_id = 0;
    b->vcpu_id = 1;
    d->shared_info = s;
    /* The port table exists from creation on (the state domain_create
     * leaves); the allocation cannot fail here. */
    alloc_may_fail = false;
    (void)evtchn_domain_init(d);
    alloc_may_fail = true;
}

/* One event-channel operation of either domain, any port / VIRQ / vCPU. */
static void
event_step(struct domain *d)
{
    struct vcpu *v = d->vcpu[Frama_C_interval(0, 1)];

    current = v;
    switch (Frama_C_interval(0, 6)) {
    case 0:
        (void)evtchn_alloc_unbound(d, (domid_t)Frama_C_interval(0, 0xffff));
        break;
    case 1:
        (void)evtchn_send(d, any_uint());
        break;
    case 2:
        (void)evtchn_close(d, any_uint());
        break;
    case 3:
        evtchn_set_pending(v, any_uint());
        break;
    case 4:
        (void)evtchn_is_pending(d, any_uint());
        (void)evtchn_is_masked(d, any_uint());
        break;
    case 5:
        send_guest_vcpu_virq(v, any_uint());
        break;
    default:
        send_guest_global_virq(d, any_uint());
        break;
    }
}

/* printk as the proofs see it: formats nothing, writes nothing. */
/*@ assigns \nothing; */
void printk(const char *fmt, ...);

#if XL_EVA_RUN == 2
/*
 * Run 2: one event-channel operation from ANY well-formed port world of a
 * small model.  dom0 has port 1, dom1 ports 1 and 2 (nr_evtchn 2 and 3:
 * the code sees a table's size only through nr_evtchn); each port is free,
 * unbound (offered to any domid), interdomain (paired with the only other
 * interdomain port: exactly 0 or 2 of the three are), a VIRQ (any VIRQ,
 * listed in its vCPU's virq_to_port) or an IPI, notified to vCPU 0 or 1.
 * (A domain with no table yet is left out: README, EVA.)  shared_info (pending, mask, selector bits)
 * holds any bytes; vCPUs blocked or not; either domain dying or not, with
 * the 32-bit shared_info layout or not.  `split shape` analyses each of
 * the 125 shapes on its own, so a port's union is never joined across
 * states.  Then one call: do_event_channel_op (any cmd, any block) or its
 * compat form (from the empty world), by either domain on either vCPU,
 * or one of the core's internal entry points.  Every op from every such world is free of
 * run-time errors; that each op leaves a well-formed world is WP's part
 * (evtchn_close/evtchn_link/... contracts, proofs/README.md).
 */
static void
set_port(struct domain *d, evtchn_port_t p, unsigned int kind,
         struct domain *peer, evtchn_port_t peer_port)
{
    struct evtchn *c = &d->evtchn[p];
    uint32_t virq;

    c->notify_vcpu = (uint16_t)Frama_C_interval(0, 1);
    switch (kind) {
    case 1:
        c->state = ECS_UNBOUND;
        c->u.unbound.remote_dom = (domid_t)Frama_C_interval(0, 0xffff);
        break;
    case 2:
        c->state = ECS_INTERDOMAIN;
        c->u.interdomain.remote_dom = peer;
        c->u.interdomain.remote_port = peer_port;
        break;
    case 3:
        virq = (uint32_t)Frama_C_interval(0, NR_VIRQS - 1);
        c->state = ECS_VIRQ;
        c->u.virq = virq;
        if (virq_is_global(virq))
            d->vcpu[0]->virq_to_port[virq] = p;
        else
            d->vcpu[c->notify_vcpu]->virq_to_port[virq] = p;
        break;
    case 4:
        c->state = ECS_IPI;
        break;
    default:
        c->notify_vcpu = 0;
        break;
    }
}

static void
any_domain_flags(struct domain *d)
{
    d->is_dying = Frama_C_nondet(0, 1);
    d->shinfo_compat = Frama_C_nondet(0, 1);
    d->vcpu[0]->is_blocked = Frama_C_nondet(0, 1);
    d->vcpu[1]->is_blocked = Frama_C_nondet(0, 1);
}

/* Driver-side draws, each split into exact cases plus one "other" range,
 * which together are again any value: so a port or domid the guest names
 * is one exact value when it matters, in its own partition. */
static void
pick_port(void *dst)
{
    unsigned int k = (unsigned int)Frama_C_interval(0, 3);
    uint32_t v;

    //@ split k;
    v = k < 3 ? k : Frama_C_unsigned_int_interval(3, 0xffffffffu);
    memcpy(dst, &v, sizeof(v));
}

static void
pick_dom(void *dst)
{
    unsigned int k = (unsigned int)Frama_C_interval(0, 4);
    uint16_t v;

    //@ split k;
    if (k < 2)
        v = (uint16_t)k;
    else if (k == 2)
        v = DOMID_SELF;
    else if (k == 3)
        v = (uint16_t)Frama_C_interval(2, DOMID_SELF - 1);
    else
        v = (uint16_t)Frama_C_interval(DOMID_SELF + 1, 0xffff);
    memcpy(dst, &v, sizeof(v));
}

int
main(void)
{
    unsigned int shape, a, b, c, who, inter, cmd, compat;
    union {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_bind_ipi bind_ipi;
        struct evtchn_close close;
        struct evtchn_status status;
        struct evtchn_bind_vcpu bind_vcpu;
        struct evtchn_reset reset;
    } *blk;

    domain_setup(&dom, 0, &vcpu0, &vcpu0b, &shinfo0);
    domain_setup(&dom1, 1, &vcpu1a, &vcpu1b, &shinfo1);
    dom.nr_evtchn = 2;
    dom1.nr_evtchn = 3;
    Frama_C_make_unknown((char *)&shinfo0, sizeof(shinfo0));
    Frama_C_make_unknown((char *)&shinfo1, sizeof(shinfo1));
    any_domain_flags(&dom);
    any_domain_flags(&dom1);

    shape = (unsigned int)Frama_C_interval(0, 124);
    //@ split shape;
    {
        a = shape % 5;
        b = shape / 5 % 5;
        c = shape / 25;
        inter = (a == 2) + (b == 2) + (c == 2);
        if (inter == 1 || inter == 3)
            return 0;                   /* not a world: a binding has two ends */
        set_port(&dom, 1, a, a == 2 ? &dom1 : NULL, b == 2 ? 1 : 2);
        set_port(&dom1, 1, b, b == 2 ? (a == 2 ? &dom : &dom1) : NULL,
                 a == 2 ? 1 : 2);
        set_port(&dom1, 2, c, c == 2 ? (a == 2 ? &dom : &dom1) : NULL, 1);
    }

    /* The caller: dom0 or dom1 (apart), on vCPU 0 or 1. */
    who = (unsigned int)Frama_C_interval(0, 1);
    //@ split who;
    current = (who == 0 ? &dom : &dom1)->vcpu[Frama_C_interval(0, 1)];

    /* The argument block: any bytes, ports and domids split. */
    Frama_C_make_unknown((char *)gblk, sizeof(gblk));
    gblk_used = true;
    cmd = (unsigned int)Frama_C_interval(0, 13);
    //@ split cmd;
    /* The compat hypercall 16 reads cmd, then the block after it: its own
     * decoding, from the empty world (the sub-ops are the same code,
     * checked from every world through hypercall 32). */
    compat = shape == 0 && cmd != 13 ? (unsigned int)Frama_C_interval(0, 1) : 0;
    //@ split compat;
    blk = (void *)(gblk + (compat ? 4 : 0));
    if (compat && cmd != 12)
        memcpy(gblk, &cmd, 4);
    switch (cmd) {
    case EVTCHNOP_bind_interdomain:
        pick_dom(&blk->bind_interdomain.remote_dom);
        pick_port(&blk->bind_interdomain.remote_port);
        break;
    case EVTCHNOP_bind_virq:
        pick_port(&blk->bind_virq.vcpu);
        break;
    case EVTCHNOP_bind_ipi:
        pick_port(&blk->bind_ipi.vcpu);
        break;
    case EVTCHNOP_close:
    case EVTCHNOP_send:
    case EVTCHNOP_unmask:
        pick_port(&blk->close.port);
        break;
    case EVTCHNOP_status:
        pick_dom(&blk->status.dom);
        pick_port(&blk->status.port);
        break;
    case EVTCHNOP_alloc_unbound:
        pick_dom(&blk->alloc_unbound.dom);
        break;
    case EVTCHNOP_bind_vcpu:
        pick_port(&blk->bind_vcpu.port);
        pick_port(&blk->bind_vcpu.vcpu);
        break;
    case EVTCHNOP_reset:
        pick_dom(&blk->reset.dom);
        break;
    default:                            /* bind_pirq, init_control, ...: */
        break;                          /* cmd and block any bytes */
    }
    if (cmd == 12)
        cmd = any_uint();               /* any other number, too */
    if (compat) {
        (void)do_event_channel_op_compat(any_u64());
        return 0;
    }
    if (cmd != 13) {
        (void)do_event_channel_op((int)cmd, any_u64());
        return 0;
    }

    /* Or one of the core's own entry points, with any port / VIRQ. */
    gblk_used = false;
    switch (Frama_C_interval(0, 3)) {
    case 0:
        evtchn_set_pending(current, any_uint());
        break;
    case 1:
        send_guest_vcpu_virq(current, any_uint());
        send_guest_global_virq(current->domain, any_uint());
        break;
    case 2:
        (void)evtchn_is_pending(current->domain, any_uint());
        (void)evtchn_is_masked(current->domain, any_uint());
        break;
    default:
        evtchn_domain_destroy(current->domain);
        break;
    }
    return 0;
}
#else
int
main(void)
{
    uint64_t off = 0;
    volatile int more = 1;

    domain_setup(&dom, 0, &vcpu0, &vcpu0b, &shinfo0);
    domain_setup(&dom1, 1, &vcpu1a, &vcpu1b, &shinfo1);
    current = &vcpu0;

    while (more) {
        switch (Frama_C_interval(0, 5)) {
        case 0:
            (void)do_vm_assist(any_uint(), any_uint());
            break;
        case 1:
            (void)guest_range_ok(any_u64(), (size_t)any_u64());
            break;
        case 2:
            (void)memmap_add(&map, any_u64(), any_u64(), any_uint());
            break;
        case 3:
            (void)memmap_total(&map, any_uint());
            break;
        case 4:
            event_step(Frama_C_nondet(0, 1) ? &dom1 : &dom);
            break;
        default:
            (void)symbols_lookup(&syms, any_u64(),
                                 Frama_C_nondet(0, 1) ? &off : NULL);
            break;
        }
    }
    return 0;
}
#endif
