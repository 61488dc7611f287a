/*
 * sim_grant.h - the hosted side of the grant-table hooks (grant_table.h).
 *
 * Environment: hosted only (unit tests, fuzzers).
 *
 * A domain is translated (HVM-like) when sim_grant.translated[domid] is
 * set; its gfn g names mfn g - SIM_GRANT_GFN_BASE (a fixed offset, so a
 * test that confuses the two sees it).  arch_grant_map_hvm records the
 * mapping in a small table that arch_grant_unmap_hvm removes from; a test
 * can make the map hook fail with map_rc.  sim_grant_reset() clears it all.
 */
#ifndef XL_SIM_GRANT_H
#define XL_SIM_GRANT_H

#include <stdbool.h>
#include <stdint.h>
#include <domain.h>

#define SIM_GRANT_GFN_BASE 0x100000ULL
#define SIM_GRANT_P2M_MAX  64

struct sim_grant_p2m {
    domid_t domid;
    uint64_t gfn;
    mfn_t mfn;
    bool readonly;
    bool used;
};

struct sim_grant_record {
    bool translated[MAX_DOMAINS];
    struct sim_grant_p2m p2m[SIM_GRANT_P2M_MAX];
    unsigned int maps, unmaps;
    int map_rc;
};

extern struct sim_grant_record sim_grant;

void sim_grant_reset(void);
/* The recorded HVM mapping of gfn in domid, or NULL. */
const struct sim_grant_p2m *sim_grant_p2m_of(domid_t domid, uint64_t gfn);

#endif /* XL_SIM_GRANT_H */
