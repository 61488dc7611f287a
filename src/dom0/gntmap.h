/*
 * dom0/gntmap.h - map one page another domain granted to dom0 into dom0's
 * address space, and unmap it again (GNTTABOP_map_grant_ref with
 * GNTMAP_host_map, Xen's grant tables v1).
 *
 * Where it runs: guest only (dom0, a PV64 kernel on libguest).
 *
 * dom0 owns a fixed set of page-aligned slots in its image (GNTMAP_SLOTS);
 * a map puts the granted frame in the L1 entry of a free slot, an unmap
 * clears it and gives the slot back its own frame.  Use:
 *
 *     struct gntmap m;
 *     void *p = gntmap_map(&m, domid, ref, 0);   // NULL: m.rc says why
 *     ... read and write the page at p ...
 *     gntmap_unmap(&m);                          // p is no longer the page
 *
 * gntmap_map returns NULL when every slot is in use (m.rc = -XEN_ENOSPC),
 * the hypercall failed (a negative Xen errno) or the grant was refused (m.rc
 * = the GNTST_* status, negative too: the domain, the ref or its flags).
 * Unmapping a struct gntmap that holds nothing does nothing.  The granting
 * domain may die while the page is mapped: the frame stays dom0's to use
 * until gntmap_unmap (the hypervisor keeps it alive).
 */
#ifndef DOM0_GNTMAP_H
#define DOM0_GNTMAP_H

#include "guest.h"

#define GNTMAP_SLOTS 128        /* two rings for each of 64 domains */

struct gntmap {
    void *va;                   /* the mapped page; NULL: nothing mapped */
    grant_handle_t handle;
    domid_t dom;
    grant_ref_t ref;
    int rc;                     /* of the last gntmap_map: 0 or negative */
};

/* flags: 0 or GNTMAP_readonly. */
void *gntmap_map(struct gntmap *m, domid_t dom, grant_ref_t ref, uint32_t flags);
/* 0, or the negative GNTST_* / errno of the unmap (the slot is then lost). */
int gntmap_unmap(struct gntmap *m);
/* Slots in use (for tests and `info`). */
unsigned int gntmap_in_use(void);

#endif /* DOM0_GNTMAP_H */
