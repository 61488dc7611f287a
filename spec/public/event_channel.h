/*
 * spec/public/event_channel.h - event_channel_op(cmd, arg) sub-ops and
 * their argument blocks; the FIFO ABI constants.
 *
 * Where it runs: hypervisor, guests, hosted tests.
 *
 * Facts from Xen's xen/include/public/event_channel.h, written anew.  An
 * event channel is a port number in one domain; the port's pending and mask
 * bits live in shared_info (2-level ABI).  Each block below is passed by
 * pointer as arg; "in" fields are read, "out" fields written back on success.
 */
#ifndef XENOLITH_PUBLIC_EVENT_CHANNEL_H
#define XENOLITH_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain   0
#define EVTCHNOP_bind_virq          1
#define EVTCHNOP_bind_pirq          2
#define EVTCHNOP_close              3
#define EVTCHNOP_send               4
#define EVTCHNOP_status             5
#define EVTCHNOP_alloc_unbound      6
#define EVTCHNOP_bind_ipi           7
#define EVTCHNOP_bind_vcpu          8
#define EVTCHNOP_unmask             9
#define EVTCHNOP_reset             10
#define EVTCHNOP_init_control      11
#define EVTCHNOP_expand_array      12
#define EVTCHNOP_set_priority      13

typedef uint32_t evtchn_port_t;

/* New port in dom, waiting for remote_dom to bind to it. */
struct evtchn_alloc_unbound {
    domid_t dom, remote_dom;          /* in (dom must be SELF unless privileged) */
    evtchn_port_t port;               /* out */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/* Connect a new local port to an unbound port offered by remote_dom. */
struct evtchn_bind_interdomain {
    domid_t remote_dom;               /* in */
    uint16_t _pad0;                   /* implicit in Xen */
    evtchn_port_t remote_port;        /* in */
    evtchn_port_t local_port;         /* out */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

struct evtchn_bind_virq {
    uint32_t virq;                    /* in: VIRQ_* */
    uint32_t vcpu;                    /* in */
    evtchn_port_t port;               /* out */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

#define BIND_PIRQ__WILL_SHARE 1
struct evtchn_bind_pirq {
    uint32_t pirq;                    /* in */
    uint32_t flags;                   /* in: BIND_PIRQ__* */
    evtchn_port_t port;               /* out */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

struct evtchn_bind_ipi {
    uint32_t vcpu;                    /* in */
    evtchn_port_t port;               /* out */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

struct evtchn_close {
    evtchn_port_t port;               /* in; an interdomain peer reverts to unbound */
};
typedef struct evtchn_close evtchn_close_t;

struct evtchn_send {
    evtchn_port_t port;               /* in: local end; the peer gets the event */
};
typedef struct evtchn_send evtchn_send_t;

#define EVTCHNSTAT_closed       0
#define EVTCHNSTAT_unbound      1
#define EVTCHNSTAT_interdomain  2
#define EVTCHNSTAT_pirq         3
#define EVTCHNSTAT_virq         4
#define EVTCHNSTAT_ipi          5

struct evtchn_status {
    domid_t dom;                      /* in */
    uint16_t _pad0;                   /* implicit in Xen */
    evtchn_port_t port;               /* in */
    uint32_t status;                  /* out: EVTCHNSTAT_* */
    uint32_t vcpu;                    /* out: vCPU notified */
    union {                           /* out, selected by status */
        struct { domid_t dom; } unbound;                        /* unbound     */
        struct { domid_t dom; uint16_t _pad0; evtchn_port_t port; }
                 interdomain;                           /* interdomain */
        uint32_t pirq;                                          /* pirq        */
        uint32_t virq;                                          /* virq        */
    } u;
};
typedef struct evtchn_status evtchn_status_t;

/* Re-target notifications of a port (not IPI or per-vCPU VIRQ ports). */
struct evtchn_bind_vcpu {
    evtchn_port_t port;
    uint32_t vcpu;
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/* Clear the mask bit and re-deliver if the port is pending. */
struct evtchn_unmask {
    evtchn_port_t port;
};
typedef struct evtchn_unmask evtchn_unmask_t;

struct evtchn_reset {
    domid_t dom;
};
typedef struct evtchn_reset evtchn_reset_t;

/* FIFO ABI set-up. */
struct evtchn_init_control {
    uint64_t control_gfn;             /* in */
    uint32_t offset;                  /* in */
    uint32_t vcpu;                    /* in */
    uint8_t  link_bits;               /* out */
    uint8_t  _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

struct evtchn_expand_array {
    uint64_t array_gfn;
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

struct evtchn_set_priority {
    evtchn_port_t port;
    uint32_t priority;
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/* Argument of the old event_channel_op_compat hypercall (number 16). */
struct evtchn_op {
    uint32_t cmd;                     /* EVTCHNOP_* */
    union {
        evtchn_alloc_unbound_t    alloc_unbound;
        evtchn_bind_interdomain_t bind_interdomain;
        evtchn_bind_virq_t        bind_virq;
        evtchn_bind_pirq_t        bind_pirq;
        evtchn_bind_ipi_t         bind_ipi;
        evtchn_close_t            close;
        evtchn_send_t             send;
        evtchn_status_t           status;
        evtchn_bind_vcpu_t        bind_vcpu;
        evtchn_unmask_t           unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;

/* FIFO ABI: priorities 0 (highest) .. 15, one 32-bit word per port. */
#define EVTCHN_FIFO_PRIORITY_MAX      0
#define EVTCHN_FIFO_PRIORITY_DEFAULT  7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES       (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;
#define EVTCHN_FIFO_PENDING    31
#define EVTCHN_FIFO_MASKED     30
#define EVTCHN_FIFO_LINKED     29
#define EVTCHN_FIFO_BUSY       28
#define EVTCHN_FIFO_LINK_BITS  17
#define EVTCHN_FIFO_LINK_MASK  ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

struct evtchn_fifo_control_block {
    uint32_t ready;
    uint32_t _rsvd;
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

XEN_ABI_SIZE(struct evtchn_alloc_unbound, 8);
XEN_ABI_OFFSET(struct evtchn_alloc_unbound, remote_dom, 2);
XEN_ABI_OFFSET(struct evtchn_alloc_unbound, port, 4);
XEN_ABI_SIZE(struct evtchn_bind_interdomain, 12);
XEN_ABI_OFFSET(struct evtchn_bind_interdomain, remote_port, 4);
XEN_ABI_OFFSET(struct evtchn_bind_interdomain, local_port, 8);
XEN_ABI_SIZE(struct evtchn_bind_virq, 12);
XEN_ABI_OFFSET(struct evtchn_bind_virq, port, 8);
XEN_ABI_SIZE(struct evtchn_bind_pirq, 12);
XEN_ABI_SIZE(struct evtchn_bind_ipi, 8);
XEN_ABI_SIZE(struct evtchn_close, 4);
XEN_ABI_SIZE(struct evtchn_send, 4);
XEN_ABI_SIZE(struct evtchn_status, 24);
XEN_ABI_OFFSET(struct evtchn_status, port, 4);
XEN_ABI_OFFSET(struct evtchn_status, status, 8);
XEN_ABI_OFFSET(struct evtchn_status, vcpu, 12);
XEN_ABI_OFFSET(struct evtchn_status, u, 16);
XEN_ABI_OFFSET(struct evtchn_status, u.interdomain.port, 20);
XEN_ABI_SIZE(struct evtchn_bind_vcpu, 8);
XEN_ABI_SIZE(struct evtchn_unmask, 4);
XEN_ABI_SIZE(struct evtchn_reset, 2);
XEN_ABI_SIZE(struct evtchn_init_control, 24);
XEN_ABI_OFFSET(struct evtchn_init_control, link_bits, 16);
XEN_ABI_SIZE(struct evtchn_expand_array, 8);
XEN_ABI_SIZE(struct evtchn_set_priority, 8);
XEN_ABI_SIZE(struct evtchn_op, 28);
XEN_ABI_OFFSET(struct evtchn_op, u, 4);
XEN_ABI_SIZE(struct evtchn_fifo_control_block, 72);

#endif /* XENOLITH_PUBLIC_EVENT_CHANNEL_H */
