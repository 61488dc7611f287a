/*
 * libguest/traps.c - trap table, dispatch of bounced exceptions, event
 * upcalls (2-level event channels) and syscalls from guest user mode.
 *
 * Where it runs: guest only.
 */
#include "traps.h"

volatile uint64_t trap_resume;
volatile struct trap_record last_trap;
volatile unsigned int trap_count;
volatile uint64_t trap_raw[8];
volatile uint64_t last_upcall_cs, last_upcall_rip, last_upcall_rsp;
volatile uint32_t event_counts[64];
trap_hook_t trap_hooks[256];
void (*trap_unexpected_hook)(struct trap_frame *f);
void (*event_hook)(uint32_t port);
void (*syscall_hook)(struct trap_frame *f);

extern const uint64_t trap_stub_addr[20];

trap_info_t guest_trap_table[25];

uint64_t
trap_stub(unsigned int vector)
{
    switch (vector) {
    case VEC_SOFT_DPL3: return (uint64_t)soft_int_dpl3;
    case VEC_SOFT_DPL0: return (uint64_t)soft_int_dpl0;
    case VEC_SOFT_DPL1: return (uint64_t)soft_int_dpl1;
    default: return vector < 20 ? trap_stub_addr[vector] : 0;
    }
}

/*
 * #BP and #OF are raised by int3/into, which a guest kernel (and user
 * code) executes on purpose: DPL 3, like a native kernel's trap gates.
 * The other exceptions have DPL 0: no `int $n` may reach them.
 */
void
traps_init(void)
{
    unsigned int v, n = 0;
    long rc;

    for (v = 0; v < 20; v++) {
        if (v == TRAP_nmi || v == TRAP_double_fault || v == TRAP_machine_check)
            continue;
        guest_trap_table[n].vector = (uint8_t)v;
        guest_trap_table[n].flags = (v == TRAP_int3 || v == TRAP_overflow) ? 3 : 0;
        guest_trap_table[n].cs = FLAT_KERNEL_CS;
        guest_trap_table[n].address = trap_stub(v);
        n++;
    }
    guest_trap_table[n++] = (trap_info_t){ VEC_SOFT_DPL3, 3, FLAT_KERNEL_CS, 0,
                                           trap_stub(VEC_SOFT_DPL3) };
    guest_trap_table[n++] = (trap_info_t){ VEC_SOFT_DPL0, 0, FLAT_KERNEL_CS, 0,
                                           trap_stub(VEC_SOFT_DPL0) };
    guest_trap_table[n++] = (trap_info_t){ VEC_SOFT_DPL1, 1, FLAT_KERNEL_CS, 0,
                                           trap_stub(VEC_SOFT_DPL1) };
    /* 0x41 reaches the DPL 1 handler too, also under QEMU TCG, whose
     * #GP code for INT 0x41 makes Xen look up 0x82 (pv_traps.c). */
    guest_trap_table[n++] = (trap_info_t){ VEC_SOFT_DPL1_ALT, 1, FLAT_KERNEL_CS, 0,
                                           trap_stub(VEC_SOFT_DPL1) };
    guest_trap_table[n].address = 0;   /* terminator */

    rc = HYPERVISOR_set_trap_table(guest_trap_table);
    if (rc)
        printk("libguest: set_trap_table: %ld\n", rc);
    rc = HYPERVISOR_set_callbacks((uint64_t)hypervisor_callback,
                                  (uint64_t)failsafe_callback,
                                  (uint64_t)syscall_callback);
    if (rc)
        printk("libguest: set_callbacks: %ld\n", rc);
}

void
trap_dump(const struct trap_frame *f)
{
    printk("trap vector %#lx error %#lx cr2 %#lx\n"
           "  rip %016lx cs %04lx rflags %08lx rsp %016lx ss %04lx\n"
           "  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n"
           "  rsi %016lx rdi %016lx rbp %016lx r11 %016lx\n",
           f->vector, f->error_code, shared_info->vcpu_info[0].arch.cr2,
           f->rip, f->cs, f->rflags, f->rsp, f->ss,
           f->rax, f->rbx, f->rcx, f->rdx, f->rsi, f->rdi, f->rbp, f->r11);
}

void
evtchn_clear(uint32_t port)
{
    __atomic_and_fetch(&shared_info->evtchn_pending[port / 64],
                       ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

void
evtchn_set_mask(uint32_t port, int masked)
{
    if (masked)
        __atomic_or_fetch(&shared_info->evtchn_mask[port / 64],
                          1UL << (port % 64), __ATOMIC_SEQ_CST);
    else
        __atomic_and_fetch(&shared_info->evtchn_mask[port / 64],
                           ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
}

void
evtchn_notify(uint32_t port)
{
    evtchn_send_t s = { .port = port };

    (void)HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

void
evtchn_close_port(uint32_t port)
{
    evtchn_close_t cl = { .port = port };

    (void)HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl);
}

/* Collect pending, unmasked ports: clear upcall_pending first, then the
 * selector, then each port's pending bit, so nothing set later is lost. */
static void
event_upcall(void)
{
    vcpu_info_t *vi = &shared_info->vcpu_info[0];
    uint64_t sel;

    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = __builtin_ctzl(sel);
        uint64_t bits;

        sel &= sel - 1;
        bits = shared_info->evtchn_pending[w] & ~shared_info->evtchn_mask[w];
        while (bits) {
            uint32_t port = w * 64 + __builtin_ctzl(bits);

            bits &= bits - 1;
            evtchn_clear(port);
            if (port < ARRAY_SIZE(event_counts))
                event_counts[port]++;
            if (event_hook)
                event_hook(port);
        }
    }
}

static void
record(const struct trap_frame *f)
{
    unsigned int i;

    last_trap.vector = f->vector;
    last_trap.error_code = f->error_code;
    last_trap.rip = f->rip;
    last_trap.cs = f->cs;
    last_trap.rflags = f->rflags;
    last_trap.rsp = f->rsp;
    last_trap.ss = f->ss;
    last_trap.cr2 = shared_info->vcpu_info[0].arch.cr2;
    last_trap.upcall_mask = shared_info->vcpu_info[0].evtchn_upcall_mask;
    for (i = 0; i < 8; i++)
        last_trap.raw[i] = trap_raw[i];
    trap_count++;
}

void
trap_dispatch(struct trap_frame *f)
{
    if (f->vector == VEC_EVENT) {
        last_upcall_cs = f->cs;
        last_upcall_rip = f->rip;
        last_upcall_rsp = f->rsp;
        event_upcall();
        return;
    }
    record(f);
    if (f->vector == VEC_SYSCALL && syscall_hook) {
        syscall_hook(f);
        return;
    }
    if (f->vector < 256 && trap_hooks[f->vector] && trap_hooks[f->vector](f))
        return;
    if (trap_resume) {
        f->rip = trap_resume;
        trap_resume = 0;
        return;
    }
    if (trap_unexpected_hook)
        trap_unexpected_hook(f);
    printk("libguest: unexpected trap\n");
    trap_dump(f);
    guest_shutdown(SHUTDOWN_crash);
}
