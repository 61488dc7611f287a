/*
 * dom0/gntmap.c - grant mappings into dom0's own slots (see gntmap.h).
 *
 * Where it runs: guest only (dom0).
 *
 * A slot is one page of dom0's .bss, so an L1 entry for it exists in the
 * bootstrap page tables: that is where the hypervisor installs the
 * grant (host_addr = the slot's address).  The unmap leaves the entry
 * empty (Xen's semantics without GNTMAP_replace), so the slot's own frame
 * is mapped back with update_va_mapping before the slot is reused.
 */
#include "gntmap.h"

static char slots[GNTMAP_SLOTS][PAGE_SIZE] __page_aligned_bss;
static uint8_t slot_used[GNTMAP_SLOTS];

static int
slot_of(const void *va)
{
    uint64_t off = (uint64_t)(uintptr_t)va - (uint64_t)(uintptr_t)slots;

    if ((uintptr_t)va < (uintptr_t)slots || off >= sizeof(slots) || off % PAGE_SIZE)
        return -1;
    return (int)(off / PAGE_SIZE);
}

void *
gntmap_map(struct gntmap *m, domid_t dom, grant_ref_t ref, uint32_t flags)
{
    struct gnttab_map_grant_ref op;
    int s;
    long rc;

    memset(m, 0, sizeof(*m));
    for (s = 0; s < GNTMAP_SLOTS && slot_used[s]; s++)
        ;
    if (s == GNTMAP_SLOTS) {
        m->rc = -XEN_ENOSPC;
        return NULL;
    }
    memset(&op, 0, sizeof(op));
    op.host_addr = (uint64_t)(uintptr_t)slots[s];
    op.flags = GNTMAP_host_map | (flags & GNTMAP_readonly);
    op.ref = ref;
    op.dom = dom;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);
    if (rc || op.status != GNTST_okay) {
        m->rc = rc ? (int)rc : op.status;
        /* A refused map left the slot's entry as it was. */
        return NULL;
    }
    slot_used[s] = 1;
    m->va = slots[s];
    m->handle = op.handle;
    m->dom = dom;
    m->ref = ref;
    return m->va;
}

int
gntmap_unmap(struct gntmap *m)
{
    struct gnttab_unmap_grant_ref op;
    int s = slot_of(m->va);
    uint64_t pte;
    long rc;

    if (m->va == NULL || s < 0)
        return 0;
    memset(&op, 0, sizeof(op));
    op.host_addr = (uint64_t)(uintptr_t)m->va;
    op.handle = m->handle;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);
    if (rc || op.status != GNTST_okay) {
        m->va = NULL;           /* the slot stays taken: never reused */
        return rc ? (int)rc : op.status;
    }
    pte = (guest_va_to_mfn(slots[s]) << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW |
          _PAGE_ACCESSED | _PAGE_DIRTY;
    rc = HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)slots[s], pte, UVMF_INVLPG);
    m->va = NULL;
    if (rc)
        return (int)rc;         /* the slot stays taken */
    slot_used[s] = 0;
    return 0;
}

unsigned int
gntmap_in_use(void)
{
    unsigned int n = 0;

    for (unsigned int s = 0; s < GNTMAP_SLOTS; s++)
        n += slot_used[s];
    return n;
}
