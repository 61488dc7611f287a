/*
 * spec/public/vcpu.h - vcpu_op(cmd, vcpuid, arg) sub-ops and argument blocks.
 *
 * Where it runs: hypervisor, guests, hosted tests.
 *
 * Facts from Xen's xen/include/public/vcpu.h, written anew.  A vCPU is
 * initialised once (VCPUOP_initialise with a struct vcpu_guest_context for
 * PV), then brought up and down.  Timers here are per vCPU and deliver
 * VIRQ_TIMER; times are system time in ns.
 */
#ifndef XENOLITH_PUBLIC_VCPU_H
#define XENOLITH_PUBLIC_VCPU_H

#include "xen.h"

#define VCPUOP_initialise                       0  /* arg: vcpu_guest_context (PV) */
#define VCPUOP_up                               1
#define VCPUOP_down                             2
#define VCPUOP_is_up                            3  /* returns 1 if up          */
#define VCPUOP_get_runstate_info                4  /* arg: vcpu_runstate_info  */
#define VCPUOP_register_runstate_memory_area    5
#define VCPUOP_set_periodic_timer               6
#define VCPUOP_stop_periodic_timer              7
#define VCPUOP_set_singleshot_timer             8
#define VCPUOP_stop_singleshot_timer            9
#define VCPUOP_register_vcpu_info              10
#define VCPUOP_send_nmi                        11
#define VCPUOP_get_physid                      12
#define VCPUOP_register_vcpu_time_memory_area  13
#define VCPUOP_register_runstate_phys_area     14
#define VCPUOP_register_vcpu_time_phys_area    15

#define RUNSTATE_running   0
#define RUNSTATE_runnable  1
#define RUNSTATE_blocked   2
#define RUNSTATE_offline   3

/* Set in state_entry_time while an update is in flight (needs
 * VMASST_TYPE_runstate_update_flag). */
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

struct vcpu_runstate_info {
    int32_t  state;                /* RUNSTATE_* */
    uint32_t _pad0;                /* implicit in Xen */
    uint64_t state_entry_time;
    uint64_t time[4];              /* ns spent in each RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;

/* Area the hypervisor refreshes each time the vCPU is scheduled. */
struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;   /* virtual address  */
        uint64_t p;                                 /* physical (phys_area op) */
    } addr;
};
typedef struct vcpu_register_runstate_memory_area
        vcpu_register_runstate_memory_area_t;

struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;

#define _VCPU_SSHOTTMR_future  0
#define VCPU_SSHOTTMR_future   (1U << _VCPU_SSHOTTMR_future)  /* -ETIME if past */

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;
    uint32_t flags;                /* VCPU_SSHOTTMR_* */
    uint32_t _pad0;                /* implicit in Xen */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;

/* Move this vCPU's vcpu_info out of shared_info; once per vCPU, and the
 * structure may not straddle a page. */
struct vcpu_register_vcpu_info {
    uint64_t mfn;
    uint32_t offset;
    uint32_t rsvd;
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;

/* x86: bits 31:0 APIC id, 63:32 ACPI id. */
struct vcpu_get_physid {
    uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
#define xen_vcpu_physid_to_x86_apicid(id) ((uint32_t)(id))
#define xen_vcpu_physid_to_x86_acpiid(id) ((uint32_t)((id) >> 32))

struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;

XEN_ABI_SIZE(struct vcpu_runstate_info, 48);
XEN_ABI_OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
XEN_ABI_OFFSET(struct vcpu_runstate_info, time, 16);
XEN_ABI_SIZE(struct vcpu_register_runstate_memory_area, 8);
XEN_ABI_SIZE(struct vcpu_set_periodic_timer, 8);
XEN_ABI_SIZE(struct vcpu_set_singleshot_timer, 16);
XEN_ABI_OFFSET(struct vcpu_set_singleshot_timer, flags, 8);
XEN_ABI_SIZE(struct vcpu_register_vcpu_info, 16);
XEN_ABI_OFFSET(struct vcpu_register_vcpu_info, offset, 8);
XEN_ABI_SIZE(struct vcpu_get_physid, 8);
XEN_ABI_SIZE(struct vcpu_register_time_memory_area, 8);

#endif /* XENOLITH_PUBLIC_VCPU_H */
