/*
 * spec/public/callback.h - callback_op(cmd, arg): registering the PV
 * guest's entry points for events, failsafe, syscall and NMI.
 *
 * Where it runs: hypervisor, guests, hosted tests.
 *
 * Facts from Xen's xen/include/public/callback.h, written anew.  On x86-64
 * an address is a plain 64-bit guest-virtual address (no code selector).
 * The event and NMI callbacks always run with events masked; for the
 * others CALLBACKF_mask_events asks for the same.
 */
#ifndef XENOLITH_PUBLIC_CALLBACK_H
#define XENOLITH_PUBLIC_CALLBACK_H

#include "xen.h"

#define CALLBACKTYPE_event                0   /* event-channel upcall      */
#define CALLBACKTYPE_failsafe             1   /* bad segment state on return */
#define CALLBACKTYPE_syscall              2   /* 64-bit SYSCALL (x86-64)   */
#define CALLBACKTYPE_sysenter_deprecated  3
#define CALLBACKTYPE_nmi                  4
#define CALLBACKTYPE_sysenter             5
#define CALLBACKTYPE_syscall32            7   /* 32-bit SYSCALL (x86-64)   */

#define _CALLBACKF_mask_events  0
#define CALLBACKF_mask_events   (1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register    0
#define CALLBACKOP_unregister  1   /* -EINVAL for types that cannot be removed */

struct callback_register {
    uint16_t       type;      /* CALLBACKTYPE_* */
    uint16_t       flags;     /* CALLBACKF_*    */
    uint32_t       _pad0;     /* implicit in Xen */
    xen_callback_t address;
};
typedef struct callback_register callback_register_t;

struct callback_unregister {
    uint16_t type;
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;

XEN_ABI_SIZE(struct callback_register, 16);
XEN_ABI_OFFSET(struct callback_register, address, 8);
XEN_ABI_SIZE(struct callback_unregister, 4);

#endif /* XENOLITH_PUBLIC_CALLBACK_H */
