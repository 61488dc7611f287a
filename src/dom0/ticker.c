/*
 * dom0/ticker.c - a demo domU that lives until destroyed: it prints
 * "tick N" twice a second, sleeping in between (VIRQ_TIMER + block).
 * Pausing it stops the ticks, unpausing resumes them: what `make demo`
 * checks pause/unpause with.  The ticks go to its console ring and to
 * the hypervisor's console (printk_log), where the demo watches them.  (domu_hello and pvh_long run their tests
 * and shut down at once.)
 *
 * Where it runs: guest only (PV64 domU on xenolith, built by dom0).
 */
#include "guest.h"
#include "traps.h"

#define TICK_NS 500000000ULL

void
guest_main(void)
{
    evtchn_bind_virq_t b = { .virq = VIRQ_TIMER, .vcpu = 0 };
    unsigned long n = 0;

    traps_init();
    evtchn_mask_events();
    if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b)) {
        printk("ticker: cannot bind VIRQ_TIMER\n");
        guest_shutdown(SHUTDOWN_crash);
    }
    for (;;) {
        printk_log("ticker: tick %lu\n", ++n);
        (void)HYPERVISOR_set_timer_op(guest_system_time() + TICK_NS);
        (void)HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        evtchn_mask_events();
    }
}
