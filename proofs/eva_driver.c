/*
 * eva_driver.c - a nondeterministic driver of the guest-facing entry points
 * of the portable core, for Frama-C EVA (`make eva`).
 *
 * Environment: proofs only (Frama-C's libc and builtins; never compiled into
 * the hypervisor or sim).
 *
 * Every guest-controlled argument is "any value of its type"
 * (Frama_C_make_unknown); the driver calls the entry points in any order,
 * any number of times.  Covered so far: do_vm_assist (hypercall 21), the
 * guest range check every copy_from/to_guest goes through, and the
 * boot-time parsers fed by untrusted input (memory map entries, symbol
 * lookup by a faulting address), and event channels: do_event_channel_op
 * (hypercall 32) with any sub-op and any argument block, for a caller
 * domain 0 (privileged) or 1 next to each other, each with two vCPUs and a
 * shared_info page.  The dispatcher and the MMU hypercalls are not driven
 * yet (proofs/README.md).  The arch hooks and allocator below are stubs:
 * guest copies return any bytes and may fail, allocation may fail.
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

size_t
arch_copy_from_guest(void *dst, uint64_t guest_va, size_t len)
{
    (void)guest_va;
    /*@ loop unroll 256; */
    for (size_t i = 0; i < len; i++)
        ((unsigned char *)dst)[i] = (unsigned char)Frama_C_interval(0, 255);
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
