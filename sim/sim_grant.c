/*
 * sim_grant.c - hosted grant-table hooks (see sim_grant.h).
 *
 * Environment: hosted only.
 */
#include <string.h>

#include <grant_table.h>
#include <xl_errno.h>
#include "sim_grant.h"

struct sim_grant_record sim_grant;

void
sim_grant_reset(void)
{
    memset(&sim_grant, 0, sizeof(sim_grant));
}

static struct sim_grant_p2m *
find(domid_t domid, uint64_t gfn)
{
    for (unsigned int i = 0; i < SIM_GRANT_P2M_MAX; i++) {
        struct sim_grant_p2m *p = &sim_grant.p2m[i];

        if (p->used && p->domid == domid && p->gfn == gfn)
            return p;
    }
    return NULL;
}

const struct sim_grant_p2m *
sim_grant_p2m_of(domid_t domid, uint64_t gfn)
{
    return find(domid, gfn);
}

bool
arch_grant_translated(const struct domain *d)
{
    return d->domain_id < MAX_DOMAINS && sim_grant.translated[d->domain_id];
}

mfn_t
arch_grant_gfn_to_mfn(const struct domain *d, uint64_t gfn)
{
    (void)d;
    if (gfn < SIM_GRANT_GFN_BASE || !mfn_valid(gfn - SIM_GRANT_GFN_BASE))
        return INVALID_MFN;
    return gfn - SIM_GRANT_GFN_BASE;
}

int
arch_grant_map_hvm(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly)
{
    struct sim_grant_p2m *p = find(d->domain_id, gfn);

    if (sim_grant.map_rc != 0)
        return sim_grant.map_rc;
    for (unsigned int i = 0; p == NULL && i < SIM_GRANT_P2M_MAX; i++)
        if (!sim_grant.p2m[i].used)
            p = &sim_grant.p2m[i];
    if (p == NULL)
        return -ENOMEM;
    *p = (struct sim_grant_p2m){ d->domain_id, gfn, mfn, readonly, true };
    sim_grant.maps++;
    return 0;
}

int
arch_grant_unmap_hvm(struct domain *d, uint64_t gfn, mfn_t mfn)
{
    struct sim_grant_p2m *p = find(d->domain_id, gfn);

    if (p == NULL || p->mfn != mfn)
        return -EINVAL;
    memset(p, 0, sizeof(*p));
    sim_grant.unmaps++;
    return 0;
}
