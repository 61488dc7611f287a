/*
 * vm_assist.c - the vm_assist hypercall: optional behaviours a PV guest
 * switches on or off for its whole domain.
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * The hypervisor only records the bits here; the code that implements an
 * assist reads d->vm_assist.  A type outside the set a 64-bit PV guest may
 * use is -EINVAL, an unknown command -ENOSYS, as in Xen.
 */
#include <domain.h>
#include <hypercall.h>
#include <xl_errno.h>
#include "public/xen.h"

/* The assists Xen offers 64-bit PV guests. */
#define VM_ASSIST_PV64_VALID                                                 \
    ((1ULL << VMASST_TYPE_4gb_segments) | (1ULL << VMASST_TYPE_4gb_segments_notify) | \
     (1ULL << VMASST_TYPE_writable_pagetables) | (1ULL << VMASST_TYPE_pae_extended_cr3) | \
     (1ULL << VMASST_TYPE_architectural_iopl) | (1ULL << VMASST_TYPE_runstate_update_flag) | \
     (1ULL << VMASST_TYPE_m2p_strict))

long
do_vm_assist(unsigned int cmd, unsigned int type)
{
    struct domain *d = current->domain;

    if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
        return -ENOSYS;
    if (type >= 64 || !(VM_ASSIST_PV64_VALID & (1ULL << type)))
        return -EINVAL;
    if (cmd == VMASST_CMD_enable)
        d->vm_assist |= 1ULL << type;
    else
        d->vm_assist &= ~(1ULL << type);
    return 0;
}
