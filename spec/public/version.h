/*
 * spec/public/version.h - xen_version(cmd, arg) sub-ops and their buffers.
 *
 * Where it runs: hypervisor, guests, hosted tests.
 *
 * Facts from Xen's xen/include/public/version.h, written anew.  Every
 * sub-op returns 0 on success except XENVER_version (returns
 * major << 16 | minor), XENVER_pagesize (returns the page size) and
 * XENVER_build_id (returns a length).  The feature bits XENVER_get_features
 * reports are the XENFEAT_* numbers in elfnote.h.
 */
#ifndef XENOLITH_PUBLIC_VERSION_H
#define XENOLITH_PUBLIC_VERSION_H

#include "xen.h"

#define XENVER_version              0   /* arg: none                     */
#define XENVER_extraversion         1   /* arg: xen_extraversion_t       */
#define XENVER_compile_info         2   /* arg: struct xen_compile_info  */
#define XENVER_capabilities         3   /* arg: xen_capabilities_info_t  */
#define XENVER_changeset            4   /* arg: xen_changeset_info_t     */
#define XENVER_platform_parameters  5   /* arg: struct xen_platform_parameters */
#define XENVER_get_features         6   /* arg: struct xen_feature_info  */
#define XENVER_pagesize             7   /* arg: none                     */
#define XENVER_guest_handle         8   /* arg: xen_domain_handle_t      */
#define XENVER_commandline          9   /* arg: xen_commandline_t        */
#define XENVER_build_id            10   /* arg: struct xen_build_id      */

typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

/* Space-separated list such as "xen-3.0-x86_64 hvm-3.0-x86_64". */
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/* Lowest virtual address the hypervisor reserves in a PV address space. */
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

struct xen_feature_info {
    uint32_t submap_idx;   /* in: which group of 32 feature bits */
    uint32_t submap;       /* out */
};
typedef struct xen_feature_info xen_feature_info_t;

typedef char xen_commandline_t[1024];

struct xen_build_id {
    uint32_t len;          /* in: size of buf */
    unsigned char buf[];   /* out */
};
typedef struct xen_build_id xen_build_id_t;

XEN_ABI_SIZE(struct xen_compile_info, 144);
XEN_ABI_OFFSET(struct xen_compile_info, compile_by, 64);
XEN_ABI_OFFSET(struct xen_compile_info, compile_domain, 80);
XEN_ABI_OFFSET(struct xen_compile_info, compile_date, 112);
XEN_ABI_SIZE(struct xen_platform_parameters, 8);
XEN_ABI_SIZE(struct xen_feature_info, 8);
XEN_ABI_SIZE(struct xen_build_id, 4);

#endif /* XENOLITH_PUBLIC_VERSION_H */
