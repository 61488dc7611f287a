/*
 * spec/public/grant_table.h - grant tables, version 1: the shared entry
 * format, its GTF_* flags, grant_table_op(cmd, args, count) sub-ops with
 * their argument blocks, GNTMAP_* flags and GNTST_* status codes.
 *
 * Where it runs: hypervisor, guests, hosted tests.
 *
 * Facts from Xen's xen/include/public/grant_table.h, written anew.  A
 * domain offers a frame to another domain by filling a grant_entry_v1 in its
 * own table (frame and domid first, then flags, with a write barrier in
 * between); the grantee names it by (granting domid, grant_ref_t).  Per-op
 * failures are reported in the status field of each array element; the
 * hypercall's own return value only reports whole-call problems.
 */
#ifndef XENOLITH_PUBLIC_GRANT_TABLE_H
#define XENOLITH_PUBLIC_GRANT_TABLE_H

#include "xen.h"

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/* Fields: flags [both write], domid [granter writes], frame [granter
 * writes; the hypervisor writes it back for transfers]. */
struct grant_entry_v1 {
    uint16_t flags;          /* GTF_* */
    domid_t  domid;          /* grantee */
    uint32_t frame;          /* GFN being granted / received */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/* Entries a toolstack may pre-fill at domain creation. */
#define GNTTAB_NR_RESERVED_ENTRIES  8
#define GNTTAB_RESERVED_CONSOLE     0
#define GNTTAB_RESERVED_XENSTORE    1

/* Entry type, flags[1:0]. */
#define GTF_invalid          (0U << 0)
#define GTF_permit_access    (1U << 0)
#define GTF_accept_transfer  (2U << 0)
#define GTF_transitive       (3U << 0)
#define GTF_type_mask        (3U << 0)

/* For permit_access / transitive. readonly is the granter's; reading and
 * writing are set by the hypervisor while the grantee has it mapped. */
#define _GTF_readonly   2
#define GTF_readonly    (1U << _GTF_readonly)
#define _GTF_reading    3
#define GTF_reading     (1U << _GTF_reading)
#define _GTF_writing    4
#define GTF_writing     (1U << _GTF_writing)
#define _GTF_PWT        5
#define GTF_PWT         (1U << _GTF_PWT)
#define _GTF_PCD        6
#define GTF_PCD         (1U << _GTF_PCD)
#define _GTF_PAT        7
#define GTF_PAT         (1U << _GTF_PAT)
#define _GTF_sub_page   8
#define GTF_sub_page    (1U << _GTF_sub_page)

/* For accept_transfer, written by the hypervisor. */
#define _GTF_transfer_committed  2
#define GTF_transfer_committed   (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed  3
#define GTF_transfer_completed   (1U << _GTF_transfer_completed)

/* Version 2 shares this header with v1; xenolith implements v1 only. */
struct grant_entry_header {
    uint16_t flags;
    domid_t  domid;
};
typedef struct grant_entry_header grant_entry_header_t;

union grant_entry_v2 {
    grant_entry_header_t hdr;
    struct { grant_entry_header_t hdr; uint32_t pad0; uint64_t frame; } full_page;
    struct { grant_entry_header_t hdr; uint16_t page_off; uint16_t length;
             uint64_t frame; } sub_page;
    struct { grant_entry_header_t hdr; domid_t trans_domid; uint16_t pad0;
             grant_ref_t gref; } transitive;
    uint32_t __spacer[4];
};
typedef union grant_entry_v2 grant_entry_v2_t;
typedef uint16_t grant_status_t;

#define GNTTABOP_map_grant_ref       0
#define GNTTABOP_unmap_grant_ref     1
#define GNTTABOP_setup_table         2
#define GNTTABOP_dump_table          3
#define GNTTABOP_transfer            4
#define GNTTABOP_copy                5
#define GNTTABOP_query_size          6
#define GNTTABOP_unmap_and_replace   7
#define GNTTABOP_set_version         8
#define GNTTABOP_get_status_frames   9
#define GNTTABOP_get_version        10
#define GNTTABOP_swap_grant_ref     11
#define GNTTABOP_cache_flush        12

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map       0
#define GNTMAP_device_map        (1 << _GNTMAP_device_map)
#define _GNTMAP_host_map         1
#define GNTMAP_host_map          (1 << _GNTMAP_host_map)
#define _GNTMAP_readonly         2
#define GNTMAP_readonly          (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map  3   /* user mode may use the mapping too */
#define GNTMAP_application_map   (1 << _GNTMAP_application_map)
#define _GNTMAP_contains_pte     4   /* host_addr is a PTE's machine address */
#define GNTMAP_contains_pte      (1 << _GNTMAP_contains_pte)
#define _GNTMAP_guest_avail0     16
#define GNTMAP_guest_avail_mask  ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* Map (dom, ref) at host_addr and/or for device DMA; keep handle to unmap. */
struct gnttab_map_grant_ref {
    uint64_t       host_addr;        /* in */
    uint32_t       flags;            /* in: GNTMAP_* */
    grant_ref_t    ref;              /* in */
    domid_t        dom;              /* in: the granting domain */
    int16_t        status;           /* out: GNTST_* */
    grant_handle_t handle;           /* out */
    uint64_t       dev_bus_addr;     /* out */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;

/* A zero host_addr or dev_bus_addr means "that side is not mapped". */
struct gnttab_unmap_grant_ref {
    uint64_t       host_addr;
    uint64_t       dev_bus_addr;
    grant_handle_t handle;
    int16_t        status;           /* out */
    uint16_t       _pad0;            /* implicit in Xen */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;

/* Ask for nr_frames table frames; their frame numbers are written out. */
struct gnttab_setup_table {
    domid_t  dom;                    /* in */
    uint16_t _pad0;                  /* implicit in Xen */
    uint32_t nr_frames;              /* in */
    int16_t  status;                 /* out */
    uint16_t _pad1[3];               /* implicit in Xen */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;   /* out */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;

struct gnttab_dump_table {
    domid_t dom;
    int16_t status;
};
typedef struct gnttab_dump_table gnttab_dump_table_t;

struct gnttab_transfer {
    xen_pfn_t   mfn;
    domid_t     domid;
    uint16_t    _pad0;               /* implicit in Xen */
    grant_ref_t ref;
    int16_t     status;
    uint16_t    _pad1[3];            /* implicit in Xen */
};
typedef struct gnttab_transfer gnttab_transfer_t;

#define _GNTCOPY_source_gref  0
#define GNTCOPY_source_gref   (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref    1
#define GNTCOPY_dest_gref     (1 << _GNTCOPY_dest_gref)

/* Hypervisor-side copy of len bytes; each side is a gref (flag set) or a
 * GMFN of the caller.  Neither side may cross a page. */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        xen_pfn_t   gmfn;
    } u;
    domid_t  domid;
    uint16_t offset;
    uint32_t _pad0;                  /* implicit in Xen */
};

struct gnttab_copy {
    struct gnttab_copy_ptr source, dest;
    uint16_t len;
    uint16_t flags;                  /* GNTCOPY_* */
    int16_t  status;                 /* out */
    uint16_t _pad0;                  /* implicit in Xen */
};
typedef struct gnttab_copy gnttab_copy_t;

struct gnttab_query_size {
    domid_t  dom;                    /* in */
    uint16_t _pad0;                  /* implicit in Xen */
    uint32_t nr_frames;              /* out */
    uint32_t max_nr_frames;          /* out */
    int16_t  status;                 /* out */
    uint16_t _pad1;                  /* implicit in Xen */
};
typedef struct gnttab_query_size gnttab_query_size_t;

struct gnttab_unmap_and_replace {
    uint64_t       host_addr;
    uint64_t       new_addr;
    grant_handle_t handle;
    int16_t        status;
    uint16_t       _pad0;            /* implicit in Xen */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;

struct gnttab_set_version {
    uint32_t version;                /* in: 1 or 2; out: in effect */
};
typedef struct gnttab_set_version gnttab_set_version_t;

struct gnttab_get_version {
    domid_t  dom;
    uint16_t pad;
    uint32_t version;
};
typedef struct gnttab_get_version gnttab_get_version_t;

/* Status codes (always negative on failure). */
#define GNTST_okay                0
#define GNTST_general_error      (-1)
#define GNTST_bad_domain         (-2)
#define GNTST_bad_gntref         (-3)
#define GNTST_bad_handle         (-4)
#define GNTST_bad_virt_addr      (-5)
#define GNTST_bad_dev_addr       (-6)
#define GNTST_no_device_space    (-7)
#define GNTST_permission_denied  (-8)
#define GNTST_bad_page           (-9)
#define GNTST_bad_copy_arg      (-10)
#define GNTST_address_too_big   (-11)
#define GNTST_eagain            (-12)
#define GNTST_no_space          (-13)

XEN_ABI_SIZE(struct grant_entry_v1, 8);
XEN_ABI_OFFSET(struct grant_entry_v1, domid, 2);
XEN_ABI_OFFSET(struct grant_entry_v1, frame, 4);
XEN_ABI_SIZE(struct grant_entry_header, 4);
XEN_ABI_SIZE(union grant_entry_v2, 16);
XEN_ABI_SIZE(struct gnttab_map_grant_ref, 32);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, flags, 8);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, ref, 12);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, dom, 16);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, status, 18);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, handle, 20);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, dev_bus_addr, 24);
XEN_ABI_SIZE(struct gnttab_unmap_grant_ref, 24);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, handle, 16);
XEN_ABI_OFFSET(struct gnttab_unmap_grant_ref, status, 20);
XEN_ABI_SIZE(struct gnttab_setup_table, 24);
XEN_ABI_OFFSET(struct gnttab_setup_table, nr_frames, 4);
XEN_ABI_OFFSET(struct gnttab_setup_table, status, 8);
XEN_ABI_OFFSET(struct gnttab_setup_table, frame_list, 16);
XEN_ABI_SIZE(struct gnttab_dump_table, 4);
XEN_ABI_SIZE(struct gnttab_transfer, 24);
XEN_ABI_OFFSET(struct gnttab_transfer, ref, 12);
XEN_ABI_OFFSET(struct gnttab_transfer, status, 16);
XEN_ABI_SIZE(struct gnttab_copy_ptr, 16);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, domid, 8);
XEN_ABI_OFFSET(struct gnttab_copy_ptr, offset, 10);
XEN_ABI_SIZE(struct gnttab_copy, 40);
XEN_ABI_OFFSET(struct gnttab_copy, dest, 16);
XEN_ABI_OFFSET(struct gnttab_copy, len, 32);
XEN_ABI_OFFSET(struct gnttab_copy, flags, 34);
XEN_ABI_OFFSET(struct gnttab_copy, status, 36);
XEN_ABI_SIZE(struct gnttab_query_size, 16);
XEN_ABI_OFFSET(struct gnttab_query_size, max_nr_frames, 8);
XEN_ABI_OFFSET(struct gnttab_query_size, status, 12);
XEN_ABI_SIZE(struct gnttab_unmap_and_replace, 24);
XEN_ABI_SIZE(struct gnttab_set_version, 4);
XEN_ABI_SIZE(struct gnttab_get_version, 8);

#endif /* XENOLITH_PUBLIC_GRANT_TABLE_H */
