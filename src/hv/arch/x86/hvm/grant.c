/*
 * grant.c - the x86 grant-table hooks (grant_table.h): translated domains
 * are the HVM/PVH ones, whose granted frames live in the p2m.
 *
 * Environment: hypervisor only.
 *
 * A grant mapped into an HVM guest replaces the p2m entry at gfn (the
 * guest's own frame there, if any, stays allocated but unmapped, as with
 * a ballooned-out gfn on Xen); unmapping leaves the gfn empty.
 */
#include <stdbool.h>
#include <stdint.h>

#include <domain.h>
#include <grant_table.h>
#include <xl_errno.h>
#include <asm/hvm.h>

#define P2M_NONE (~0ULL)

bool
arch_grant_translated(const struct domain *d)
{
    return is_hvm_domain(d);
}

mfn_t
arch_grant_gfn_to_mfn(const struct domain *d, uint64_t gfn)
{
    uint64_t mfn = p2m_lookup(d, gfn);

    return mfn == P2M_NONE || !mfn_valid(mfn) ? INVALID_MFN : mfn;
}

int
arch_grant_map_hvm(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly)
{
    unsigned int perms = HVM_PERM_R | (readonly ? 0 : HVM_PERM_W);

    return p2m_set(d, gfn, mfn, perms);
}

int
arch_grant_unmap_hvm(struct domain *d, uint64_t gfn, mfn_t mfn)
{
    if (p2m_lookup(d, gfn) != mfn)
        return -EINVAL;
    return p2m_set(d, gfn, P2M_NONE, 0);    /* p2m_set flushes the nested TLB */
}
