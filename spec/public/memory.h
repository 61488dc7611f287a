/*
 * spec/public/memory.h - memory_op(cmd, arg) sub-ops a guest uses:
 * reservations, the memory map, M2P queries and add_to_physmap.
 *
 * Where it runs: hypervisor, guests, hosted tests.
 *
 * Facts from Xen's xen/include/public/memory.h, written anew (tool-only
 * sub-ops such as paging, sharing and access are left out).  For the
 * reservation sub-ops the result is the number of extents done, so a short
 * count is a partial success rather than an error.
 */
#ifndef XENOLITH_PUBLIC_MEMORY_H
#define XENOLITH_PUBLIC_MEMORY_H

#include "xen.h"

#define XENMEM_increase_reservation      0   /* arg: xen_memory_reservation */
#define XENMEM_decrease_reservation      1   /* arg: xen_memory_reservation */
#define XENMEM_maximum_ram_page          2   /* arg: none                   */
#define XENMEM_current_reservation       3   /* arg: xen_memory_domain      */
#define XENMEM_maximum_reservation       4   /* arg: xen_memory_domain      */
#define XENMEM_machphys_mfn_list         5   /* arg: xen_machphys_mfn_list  */
#define XENMEM_populate_physmap          6   /* arg: xen_memory_reservation */
#define XENMEM_add_to_physmap            7   /* arg: xen_add_to_physmap     */
/* 8 (translate_gpfn_list) was removed. */
#define XENMEM_memory_map                9   /* arg: xen_memory_map         */
#define XENMEM_machine_memory_map       10   /* arg: xen_memory_map         */
#define XENMEM_exchange                 11   /* arg: xen_memory_exchange    */
#define XENMEM_machphys_mapping         12   /* arg: xen_machphys_mapping   */
#define XENMEM_set_memory_map           13   /* arg: xen_foreign_memory_map */
#define XENMEM_maximum_gpfn             14   /* arg: xen_memory_domain      */
#define XENMEM_remove_from_physmap      15   /* arg: xen_remove_from_physmap */
#define XENMEM_set_pod_target           16   /* arg: xen_pod_target         */
#define XENMEM_get_pod_target           17
#define XENMEM_add_to_physmap_batch     23   /* arg: xen_add_to_physmap_batch */
#define XENMEM_machphys_compat_mfn_list 25

/* xen_memory_reservation.mem_flags */
#define XENMEMF_address_bits(x)      (x)
#define XENMEMF_get_address_bits(x)  ((x) & 0xffu)
#define XENMEMF_node(x)              (((x) + 1) << 8)
#define XENMEMF_get_node(x)          ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand   (1 << 16)
#define XENMEMF_exact_node_request   (1 << 17)
#define XENMEMF_exact_node(n)        (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode                (1 << 18)

struct xen_memory_reservation {
    /* increase: out MFNs; decrease: in GMFNs; populate: in GPFNs, out GMFNs */
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    xen_ulong_t nr_extents;
    uint32_t    extent_order;        /* each extent is 2^order pages */
    uint32_t    mem_flags;           /* XENMEMF_* */
    domid_t     domid;               /* DOMID_SELF unless privileged */
    uint16_t    _pad0[3];            /* implicit in Xen */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;

/* Trade the in extents for freshly allocated out extents (PV only). */
struct xen_memory_exchange {
    struct xen_memory_reservation in;
    struct xen_memory_reservation out;
    xen_ulong_t nr_exchanged;        /* out; caller must zero it */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;

struct xen_memory_domain {
    domid_t domid;
};

struct xen_machphys_mfn_list {
    uint32_t max_extents;
    uint32_t _pad0;                  /* implicit in Xen */
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;   /* 2 MiB extents of the M2P */
    uint32_t nr_extents;             /* out */
    uint32_t _pad1;                  /* implicit in Xen */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;

struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end;      /* where the M2P is mapped */
    xen_ulong_t max_mfn;
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;

/* add_to_physmap spaces */
#define XENMAPSPACE_shared_info   0   /* idx ignored: the shared_info page  */
#define XENMAPSPACE_grant_table   1   /* idx: grant frame (| status flag)   */
#define XENMAPSPACE_gmfn          2   /* idx: a GMFN of the domain          */
#define XENMAPSPACE_gmfn_range    3   /* as gmfn, size pages                */
#define XENMAPSPACE_gmfn_foreign  4   /* batch only: another domain's GMFN  */
#define XENMAPSPACE_dev_mmio      5   /* Arm only                           */

#define XENMAPIDX_grant_table_status 0x80000000U

/* Place a page at gpfn in a translated (HVM/PVH) guest's physmap. */
struct xen_add_to_physmap {
    domid_t     domid;
    uint16_t    size;                /* pages, for gmfn_range */
    uint32_t    space;               /* XENMAPSPACE_* */
    xen_ulong_t idx;
    xen_pfn_t   gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;

struct xen_add_to_physmap_batch {
    domid_t  domid;
    uint16_t space;                  /* XENMAPSPACE_* */
    uint16_t size;
    union {
        domid_t  foreign_domid;      /* gmfn_foreign */
        uint16_t res0;               /* other spaces: 0 */
    } u;
    XEN_GUEST_HANDLE(xen_ulong_t) idxs;
    XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
    XEN_GUEST_HANDLE(int32_t) errs;  /* out: one status per index */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;

struct xen_remove_from_physmap {
    domid_t   domid;
    uint16_t  _pad0[3];              /* implicit in Xen */
    xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;

/* The buffer holds E820-style entries (addr u64, size u64, type u32). */
struct xen_memory_map {
    uint32_t nr_entries;             /* in: capacity; out: count */
    uint32_t _pad0;                  /* implicit in Xen */
    XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;

struct xen_foreign_memory_map {
    domid_t  domid;
    uint16_t _pad0[3];               /* implicit in Xen */
    struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;

struct xen_pod_target {
    uint64_t target_pages;           /* in */
    uint64_t tot_pages;              /* out */
    uint64_t pod_cache_pages;        /* out */
    uint64_t pod_entries;            /* out */
    domid_t  domid;                  /* in */
    uint16_t _pad0[3];               /* implicit in Xen */
};
typedef struct xen_pod_target xen_pod_target_t;

XEN_ABI_SIZE(struct xen_memory_reservation, 32);
XEN_ABI_OFFSET(struct xen_memory_reservation, nr_extents, 8);
XEN_ABI_OFFSET(struct xen_memory_reservation, extent_order, 16);
XEN_ABI_OFFSET(struct xen_memory_reservation, mem_flags, 20);
XEN_ABI_OFFSET(struct xen_memory_reservation, domid, 24);
XEN_ABI_SIZE(struct xen_memory_exchange, 72);
XEN_ABI_OFFSET(struct xen_memory_exchange, nr_exchanged, 64);
XEN_ABI_SIZE(struct xen_memory_domain, 2);
XEN_ABI_SIZE(struct xen_machphys_mfn_list, 24);
XEN_ABI_OFFSET(struct xen_machphys_mfn_list, extent_start, 8);
XEN_ABI_OFFSET(struct xen_machphys_mfn_list, nr_extents, 16);
XEN_ABI_SIZE(struct xen_machphys_mapping, 24);
XEN_ABI_SIZE(struct xen_add_to_physmap, 24);
XEN_ABI_OFFSET(struct xen_add_to_physmap, size, 2);
XEN_ABI_OFFSET(struct xen_add_to_physmap, space, 4);
XEN_ABI_OFFSET(struct xen_add_to_physmap, idx, 8);
XEN_ABI_OFFSET(struct xen_add_to_physmap, gpfn, 16);
XEN_ABI_SIZE(struct xen_add_to_physmap_batch, 32);
XEN_ABI_OFFSET(struct xen_add_to_physmap_batch, u, 6);
XEN_ABI_OFFSET(struct xen_add_to_physmap_batch, idxs, 8);
XEN_ABI_OFFSET(struct xen_add_to_physmap_batch, errs, 24);
XEN_ABI_SIZE(struct xen_remove_from_physmap, 16);
XEN_ABI_SIZE(struct xen_memory_map, 16);
XEN_ABI_OFFSET(struct xen_memory_map, buffer, 8);
XEN_ABI_SIZE(struct xen_foreign_memory_map, 24);
XEN_ABI_SIZE(struct xen_pod_target, 40);

#endif /* XENOLITH_PUBLIC_MEMORY_H */
