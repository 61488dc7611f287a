/*
 * xl_domctl.h - the dom0 <-> hypervisor control interface: domctl
 * (hypercall 36) and sysctl (hypercall 35), binary layout.
 *
 * Environment: shared by the hypervisor, dom0's toolstack and hosted tests.
 *
 * NOT Xen's guest ABI (DESIGN.md section 1): xenolith's own interface,
 * specified normatively in spec/domctl.md.  The hypercall numbers are Xen's;
 * op numbers follow Xen's domctl.h / sysctl.h where an op has a Xen
 * counterpart, and the build op is xenolith's own.  The interface versions
 * differ from every Xen version on purpose, so a Xen toolstack is refused
 * with -EACCES instead of being misread.
 *
 * Calling convention: HYPERVISOR_domctl(struct xl_domctl *op) and
 * HYPERVISOR_sysctl(struct xl_sysctl *op), one argument, the guest address
 * of the struct.  The hypervisor reads the whole struct once, and on
 * success writes the whole struct back (the "out" fields filled in).
 * Reserved and padding fields (_pad*) must be zero.
 */
#ifndef XENOLITH_PUBLIC_XL_DOMCTL_H
#define XENOLITH_PUBLIC_XL_DOMCTL_H

#include <stdint.h>
#include "xen.h"

/* "XL" and a revision. */
#define XL_DOMCTL_INTERFACE_VERSION 0x584c0001U
#define XL_SYSCTL_INTERFACE_VERSION 0x584c0001U

/* ------------------------------------------------------------------ */
/* domctl ops                                                          */

#define XL_DOMCTL_createdomain     1
#define XL_DOMCTL_destroydomain    2
#define XL_DOMCTL_pausedomain      3
#define XL_DOMCTL_unpausedomain    4
#define XL_DOMCTL_getdomaininfo    5
#define XL_DOMCTL_max_mem         11
#define XL_DOMCTL_setvcpucontext  12
#define XL_DOMCTL_getvcpucontext  13
#define XL_DOMCTL_scheduler_op    16
#define XL_DOMCTL_build          128   /* xenolith's own */

/* Kinds of domain (createdomain.type).  0 is not a kind: a zeroed struct
 * is refused. */
#define XL_DOMCTL_TYPE_PV   1
#define XL_DOMCTL_TYPE_PVH  2
#define XL_DOMCTL_TYPE_HVM  3

/* Limits (see spec/domctl.md). */
#define XL_DOMCTL_BUILD_IMAGE_MAX    (32ULL << 20)  /* kernel image bytes  */
#define XL_DOMCTL_BUILD_RAMDISK_MAX  (32ULL << 20)  /* ramdisk bytes       */
#define XL_DOMCTL_CMDLINE_MAX        1024           /* incl. the NUL       */

/* XL_DOMCTL_createdomain.  xl_domctl.domain: in, the wanted domid (0 or
 * DOMID_INVALID: the first free id >= 1); out, the new domid. */
struct xl_domctl_createdomain {
    uint32_t type;              /* in: XL_DOMCTL_TYPE_*                   */
    uint32_t max_vcpus;         /* in: 1 .. 32                            */
    uint64_t max_pages;         /* in: 1 .. machine frames                */
    uint32_t flags;             /* in: reserved, 0                        */
    uint32_t _pad0;
};
XEN_ABI_SIZE(struct xl_domctl_createdomain, 24);
XEN_ABI_OFFSET(struct xl_domctl_createdomain, max_pages, 8);

/* XL_DOMCTL_build: guest addresses in the caller's memory. */
struct xl_domctl_build {
    XEN_GUEST_HANDLE(uint8_t) image;    /* in: kernel image               */
    uint64_t image_size;                /* in: 1 .. IMAGE_MAX             */
    XEN_GUEST_HANDLE(uint8_t) ramdisk;  /* in: ignored when size is 0     */
    uint64_t ramdisk_size;              /* in: 0 .. RAMDISK_MAX           */
    XEN_GUEST_HANDLE(char) cmdline;     /* in: ignored when length is 0   */
    uint32_t cmdline_len;               /* in: bytes, no NUL, < CMDLINE_MAX */
    uint32_t _pad0;
    /*
     * out: the domain's two shared rings, made by the builder, both served
     * by the caller (dom0).  Each is one page of the new domain's memory,
     * granted to the caller read-write through the reserved grant refs
     * (XL_GREF_CONSOLE, XL_GREF_XENSTORE: Xen's GNTTAB_RESERVED_*), and
     * has an unbound event channel in the new domain whose remote end is
     * the caller: the caller binds it with EVTCHNOP_bind_interdomain.
     * The guest finds the same values in start_info (PV: console.domU,
     * store_mfn/store_evtchn) or HVM params (PVH/HVM: CONSOLE_PFN/EVTCHN,
     * STORE_PFN/EVTCHN).  Console page: struct xencons_interface
     * (public/io/console.h); store page: struct xenstore_domain_interface
     * (public/io/xs_wire.h).
     */
    uint64_t console_gfn;               /* out: guest frame of the console ring */
    uint64_t store_gfn;                 /* out: guest frame of the store ring   */
    uint32_t console_port;              /* out: the new domain's port           */
    uint32_t store_port;                /* out: the new domain's port           */
};
XEN_ABI_SIZE(struct xl_domctl_build, 72);
XEN_ABI_OFFSET(struct xl_domctl_build, cmdline_len, 40);
XEN_ABI_OFFSET(struct xl_domctl_build, console_gfn, 48);
XEN_ABI_OFFSET(struct xl_domctl_build, console_port, 64);

/* The grant refs the builder fills for the caller (Xen's numbers). */
#define XL_GREF_CONSOLE   0
#define XL_GREF_XENSTORE  1

/* getdomaininfo flags */
#define XL_DOMINF_dying       (1U << 0)
#define XL_DOMINF_hvm         (1U << 1)   /* PVH or HVM                    */
#define XL_DOMINF_shutdown    (1U << 2)   /* see shutdown_reason           */
#define XL_DOMINF_paused      (1U << 3)   /* by the controller             */
#define XL_DOMINF_blocked     (1U << 4)   /* every online vCPU blocked     */
#define XL_DOMINF_running     (1U << 5)   /* a vCPU is on a CPU now        */
#define XL_DOMINF_crashed     (1U << 6)
#define XL_DOMINF_privileged  (1U << 7)

/* XL_DOMCTL_getdomaininfo (all out); also the element of
 * XL_SYSCTL_getdomaininfolist. */
struct xl_domctl_getdomaininfo {
    domid_t domain;
    uint16_t _pad0;
    uint32_t flags;             /* XL_DOMINF_*                            */
    uint64_t tot_pages;
    uint64_t max_pages;
    uint64_t cpu_time_ns;       /* sum of the vCPUs' running time         */
    uint32_t max_vcpus;
    uint32_t nr_online_vcpus;
    int32_t shutdown_reason;    /* SHUTDOWN_* (sched.h), -1: none         */
    uint32_t _pad1;
    char name[32];              /* NUL-terminated                         */
    uint64_t xenmem_bytes;      /* hypervisor memory charged to it (bytes) */
    uint64_t xenmem_max;        /* its limit (spec/limits.md)             */
};
XEN_ABI_SIZE(struct xl_domctl_getdomaininfo, 96);
XEN_ABI_OFFSET(struct xl_domctl_getdomaininfo, tot_pages, 8);
XEN_ABI_OFFSET(struct xl_domctl_getdomaininfo, name, 48);

/* XL_DOMCTL_max_mem */
struct xl_domctl_max_mem {
    uint64_t max_pages;         /* in: tot_pages .. machine frames        */
};
XEN_ABI_SIZE(struct xl_domctl_max_mem, 8);

/* XL_DOMCTL_setvcpucontext / getvcpucontext */
struct xl_domctl_vcpucontext {
    uint32_t vcpu;                                  /* in                 */
    uint32_t _pad0;
    XEN_GUEST_HANDLE(vcpu_guest_context_t) ctxt;    /* in (set), out (get) */
};
XEN_ABI_SIZE(struct xl_domctl_vcpucontext, 16);

/* XL_DOMCTL_scheduler_op (Xen's credit numbering) */
#define XL_SCHEDULER_CREDIT        5
#define XL_DOMCTL_SCHEDOP_putinfo  0
#define XL_DOMCTL_SCHEDOP_getinfo  1
#define XL_SCHED_WEIGHT_MIN        1
#define XL_SCHED_WEIGHT_MAX        65535
struct xl_domctl_scheduler_op {
    uint32_t sched_id;          /* in: XL_SCHEDULER_CREDIT                */
    uint32_t cmd;               /* in: XL_DOMCTL_SCHEDOP_*                */
    uint32_t weight;            /* in (put) / out (get)                   */
    uint32_t cap;               /* percent of one CPU, 0 = no cap         */
};
XEN_ABI_SIZE(struct xl_domctl_scheduler_op, 16);

struct xl_domctl {
    uint32_t cmd;                   /* XL_DOMCTL_*                        */
    uint32_t interface_version;     /* XL_DOMCTL_INTERFACE_VERSION        */
    domid_t domain;                 /* the target (DOMID_SELF allowed)    */
    uint16_t _pad0;
    uint32_t _pad1;
    union {                         /* selected by cmd                    */
        struct xl_domctl_createdomain createdomain;
        struct xl_domctl_build build;
        struct xl_domctl_getdomaininfo getdomaininfo;
        struct xl_domctl_max_mem max_mem;
        struct xl_domctl_vcpucontext vcpucontext;
        struct xl_domctl_scheduler_op scheduler_op;
        uint8_t _pad[128];          /* room to grow, fixes the size       */
    } u;
};
XEN_ABI_SIZE(struct xl_domctl, 144);
XEN_ABI_OFFSET(struct xl_domctl, interface_version, 4);
XEN_ABI_OFFSET(struct xl_domctl, domain, 8);
XEN_ABI_OFFSET(struct xl_domctl, u, 16);

/* ------------------------------------------------------------------ */
/* sysctl ops                                                          */

#define XL_SYSCTL_readconsole        1
#define XL_SYSCTL_physinfo           3
#define XL_SYSCTL_getdomaininfolist  6

/* XL_SYSCTL_readconsole: bytes of the hypervisor console ring.  index is
 * an absolute position (0 = the first byte ever printed). */
struct xl_sysctl_readconsole {
    XEN_GUEST_HANDLE(char) buffer;  /* in                                 */
    uint64_t index;             /* in: where to start; out: next position */
    uint32_t count;             /* in: buffer size; out: bytes written    */
    uint32_t _pad0;
};
XEN_ABI_SIZE(struct xl_sysctl_readconsole, 24);

/* physinfo capabilities */
#define XL_PHYSCAP_pv   (1U << 0)   /* PV guests can run                  */
#define XL_PHYSCAP_hvm  (1U << 1)   /* HVM/PVH guests can run             */
#define XL_PHYSCAP_svm  (1U << 2)   /* ... on AMD SVM                     */
#define XL_PHYSCAP_vmx  (1U << 3)   /* ... on Intel VMX                   */
#define XL_PHYSCAP_hap  (1U << 4)   /* with nested paging (NPT / EPT)     */

/* XL_SYSCTL_physinfo (all out) */
struct xl_sysctl_physinfo {
    uint32_t nr_cpus;
    uint32_t cpu_khz;
    uint64_t total_pages;       /* frames the allocator manages           */
    uint64_t free_pages;        /* of which free now                      */
    uint32_t capabilities;      /* XL_PHYSCAP_*                           */
    uint32_t _pad0;
    uint64_t heap_bytes;        /* hypervisor heap: bytes in use          */
    uint64_t heap_frames;       /* hypervisor heap: frames it holds       */
};
XEN_ABI_SIZE(struct xl_sysctl_physinfo, 48);

/* XL_SYSCTL_getdomaininfolist */
struct xl_sysctl_getdomaininfolist {
    domid_t first_domain;       /* in: list domains with id >= this       */
    uint16_t _pad0;
    uint32_t max_domains;       /* in: room in buffer (elements)          */
    XEN_GUEST_HANDLE(struct xl_domctl_getdomaininfo) buffer;    /* out    */
    uint32_t num_domains;       /* out: elements written                  */
    uint32_t _pad1;
};
XEN_ABI_SIZE(struct xl_sysctl_getdomaininfolist, 24);

struct xl_sysctl {
    uint32_t cmd;                   /* XL_SYSCTL_*                        */
    uint32_t interface_version;     /* XL_SYSCTL_INTERFACE_VERSION        */
    union {                         /* selected by cmd                    */
        struct xl_sysctl_readconsole readconsole;
        struct xl_sysctl_physinfo physinfo;
        struct xl_sysctl_getdomaininfolist getdomaininfolist;
        uint8_t _pad[128];
    } u;
};
XEN_ABI_SIZE(struct xl_sysctl, 136);
XEN_ABI_OFFSET(struct xl_sysctl, u, 8);

#endif /* XENOLITH_PUBLIC_XL_DOMCTL_H */
