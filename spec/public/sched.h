/*
 * spec/public/sched.h - sched_op(cmd, arg) sub-ops, their argument blocks,
 * and the SHUTDOWN_* reason codes.
 *
 * Where it runs: hypervisor, guests, hosted tests.
 *
 * Facts from Xen's xen/include/public/sched.h, written anew.  The modern
 * hypercall is number 29 and takes a pointer; the compat one (number 6)
 * takes the SHUTDOWN_* reason directly as its second argument.
 * SCHEDOP_block re-enables event delivery and checks for pending events
 * atomically before blocking, so "unmask then block" cannot lose a wakeup.
 * SCHEDOP_shutdown with SHUTDOWN_suspend also passes the start_info MFN in
 * the third argument (%rdx) and returns 1 if the suspend was cancelled.
 */
#ifndef XENOLITH_PUBLIC_SCHED_H
#define XENOLITH_PUBLIC_SCHED_H

#include "xen.h"
#include "event_channel.h"

#define SCHEDOP_yield            0   /* arg: none                    */
#define SCHEDOP_block            1   /* arg: none                    */
#define SCHEDOP_shutdown         2   /* arg: struct sched_shutdown   */
#define SCHEDOP_poll             3   /* arg: struct sched_poll       */
#define SCHEDOP_remote_shutdown  4   /* arg: struct sched_remote_shutdown */
#define SCHEDOP_shutdown_code    5   /* arg: struct sched_shutdown   */
#define SCHEDOP_watchdog         6   /* arg: struct sched_watchdog   */
#define SCHEDOP_pin_override     7   /* arg: struct sched_pin_override */

#define SHUTDOWN_poweroff    0   /* clean exit                           */
#define SHUTDOWN_reboot      1   /* restart me                           */
#define SHUTDOWN_suspend     2   /* save my state, then destroy          */
#define SHUTDOWN_crash       3   /* I crashed                            */
#define SHUTDOWN_watchdog    4   /* watchdog expired                     */
#define SHUTDOWN_soft_reset  5   /* reset hypervisor state, keep memory  */
#define SHUTDOWN_MAX         5

struct sched_shutdown {
    uint32_t reason;                          /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;

/* Block until one of ports is pending, or until timeout (absolute system
 * time in ns, 0 = none). */
struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;
    uint32_t nr_ports;
    uint32_t _pad0;                           /* implicit in Xen */
    uint64_t timeout;
};
typedef struct sched_poll sched_poll_t;

struct sched_remote_shutdown {
    domid_t  domain_id;
    uint16_t _pad0;                           /* implicit in Xen */
    uint32_t reason;                          /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;

/* id 0 creates a watchdog (returns its id); timeout 0 destroys one. */
struct sched_watchdog {
    uint32_t id;
    uint32_t timeout;                         /* seconds */
};
typedef struct sched_watchdog sched_watchdog_t;

struct sched_pin_override {
    int32_t pcpu;                             /* negative: undo the pin */
};
typedef struct sched_pin_override sched_pin_override_t;

XEN_ABI_SIZE(struct sched_shutdown, 4);
XEN_ABI_SIZE(struct sched_poll, 24);
XEN_ABI_OFFSET(struct sched_poll, nr_ports, 8);
XEN_ABI_OFFSET(struct sched_poll, timeout, 16);
XEN_ABI_SIZE(struct sched_remote_shutdown, 8);
XEN_ABI_OFFSET(struct sched_remote_shutdown, reason, 4);
XEN_ABI_SIZE(struct sched_watchdog, 8);
XEN_ABI_SIZE(struct sched_pin_override, 4);

#endif /* XENOLITH_PUBLIC_SCHED_H */
