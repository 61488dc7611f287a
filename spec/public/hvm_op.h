/*
 * spec/public/hvm_op.h - hvm_op(cmd, arg) sub-ops used by HVM and PVH
 * guests: parameter get/set, time, and the per-vCPU upcall vector.
 *
 * Where it runs: hypervisor, guests, hosted tests.
 *
 * Facts from Xen's xen/include/public/hvm/hvm_op.h, written anew; device
 * model and altp2m sub-ops are omitted.  Parameter indices are in
 * hvm_params.h.
 */
#ifndef XENOLITH_PUBLIC_HVM_OP_H
#define XENOLITH_PUBLIC_HVM_OP_H

#include "xen.h"

#define HVMOP_set_param                  0   /* arg: struct xen_hvm_param */
#define HVMOP_get_param                  1   /* arg: struct xen_hvm_param */
#define HVMOP_set_pci_intx_level         2   /* pre-4.9 interface */
#define HVMOP_set_isa_irq_level          3   /* pre-4.9 interface */
#define HVMOP_set_pci_link_route         4   /* pre-4.9 interface */
#define HVMOP_flush_tlbs                 5   /* arg: NULL */
#define HVMOP_pagetable_dying            9
#define HVMOP_get_time                  10
#define HVMOP_xentrace                  11
#define HVMOP_get_mem_type              15
#define HVMOP_set_evtchn_upcall_vector  23   /* x86 */
#define HVMOP_guest_request_vm_event    24
#define HVMOP_altp2m                    25

struct xen_hvm_param {
    domid_t  domid;     /* in: DOMID_SELF for a guest asking about itself */
    uint16_t pad;
    uint32_t index;     /* in: HVM_PARAM_* */
    uint64_t value;     /* in (set) / out (get) */
};
typedef struct xen_hvm_param xen_hvm_param_t;

struct xen_hvm_pagetable_dying {
    domid_t  domid;
    uint16_t pad[3];
    uint64_t gpa;       /* top-level page table about to be freed */
};
typedef struct xen_hvm_pagetable_dying xen_hvm_pagetable_dying_t;

struct xen_hvm_get_time {
    uint64_t now;       /* out: ns since boot */
};
typedef struct xen_hvm_get_time xen_hvm_get_time_t;

struct xen_hvm_get_mem_type {
    domid_t  domid;
    uint16_t mem_type;  /* out */
    uint16_t pad[2];
    uint64_t pfn;       /* in */
};
typedef struct xen_hvm_get_mem_type xen_hvm_get_mem_type_t;

/* Deliver this vCPU's event upcall as a plain IDT vector; takes precedence
 * over HVM_PARAM_CALLBACK_IRQ for that vCPU. */
struct xen_hvm_evtchn_upcall_vector {
    uint32_t vcpu;
    uint8_t  vector;
    uint8_t  _pad0[3];  /* implicit in Xen */
};
typedef struct xen_hvm_evtchn_upcall_vector xen_hvm_evtchn_upcall_vector_t;

XEN_ABI_SIZE(struct xen_hvm_param, 16);
XEN_ABI_OFFSET(struct xen_hvm_param, index, 4);
XEN_ABI_OFFSET(struct xen_hvm_param, value, 8);
XEN_ABI_SIZE(struct xen_hvm_pagetable_dying, 16);
XEN_ABI_SIZE(struct xen_hvm_get_time, 8);
XEN_ABI_SIZE(struct xen_hvm_get_mem_type, 16);
XEN_ABI_SIZE(struct xen_hvm_evtchn_upcall_vector, 8);
XEN_ABI_OFFSET(struct xen_hvm_evtchn_upcall_vector, vector, 4);

#endif /* XENOLITH_PUBLIC_HVM_OP_H */
