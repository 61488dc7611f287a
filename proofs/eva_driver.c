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
 * lookup by a faulting address).  The dispatcher, event channels and the
 * MMU hypercalls need stubs for every arch hook and a modelled domain
 * table: next step (proofs/README.md, "Not yet").
 */
#include <__fc_builtin.h>
#include <stdbool.h>
#include <stdint.h>

#include <domain.h>
#include <guest_access.h>
#include <hypercall.h>
#include <memmap.h>
#include <symbols.h>

struct vcpu *current;
static struct domain dom;
static struct vcpu vcpu0;
static struct memmap map;

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

/* printk as the proofs see it: formats nothing, writes nothing. */
/*@ assigns \nothing; */
void printk(const char *fmt, ...);

int
main(void)
{
    uint64_t off = 0;
    volatile int more = 1;

    vcpu0.domain = &dom;
    dom.vcpu[0] = &vcpu0;
    dom.max_vcpus = 1;
    current = &vcpu0;

    while (more) {
        switch (Frama_C_interval(0, 4)) {
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
        default:
            (void)symbols_lookup(&syms, any_u64(),
                                 Frama_C_nondet(0, 1) ? &off : NULL);
            break;
        }
    }
    return 0;
}
