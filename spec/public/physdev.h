/*
 * spec/public/physdev.h - the physdev_op(cmd, arg) sub-ops a dom0 needs for
 * interrupts and I/O privilege.
 *
 * Where it runs: hypervisor, guests (dom0), hosted tests.
 *
 * Facts from Xen's xen/include/public/physdev.h, written anew; PCI and
 * MSI management sub-ops are listed by number but their blocks are only
 * given where dom0 bring-up needs them.
 */
#ifndef XENOLITH_PUBLIC_PHYSDEV_H
#define XENOLITH_PUBLIC_PHYSDEV_H

#include "xen.h"

#define PHYSDEVOP_IRQ_UNMASK_NOTIFY   4   /* obsolete */
#define PHYSDEVOP_irq_status_query    5
#define PHYSDEVOP_set_iopl            6
#define PHYSDEVOP_set_iobitmap        7
#define PHYSDEVOP_apic_read           8
#define PHYSDEVOP_apic_write          9
#define PHYSDEVOP_alloc_irq_vector   10
#define PHYSDEVOP_free_irq_vector    11
#define PHYSDEVOP_eoi                12
#define PHYSDEVOP_map_pirq           13
#define PHYSDEVOP_unmap_pirq         14
#define PHYSDEVOP_manage_pci_add     15
#define PHYSDEVOP_manage_pci_remove  16
#define PHYSDEVOP_pirq_eoi_gmfn_v1   17
#define PHYSDEVOP_restore_msi        19
#define PHYSDEVOP_manage_pci_add_ext 20
#define PHYSDEVOP_setup_gsi          21
/* 22 is left free */
#define PHYSDEVOP_get_free_pirq      23
#define PHYSDEVOP_pci_mmcfg_reserved 24
#define PHYSDEVOP_pci_device_add     25
#define PHYSDEVOP_pci_device_remove  26
#define PHYSDEVOP_restore_msi_ext    27
#define PHYSDEVOP_pirq_eoi_gmfn_v2   28
#define PHYSDEVOP_dbgp_op            29
#define PHYSDEVOP_prepare_msix       30
#define PHYSDEVOP_release_msix       31
#define PHYSDEVOP_pirq_eoi_gmfn      PHYSDEVOP_pirq_eoi_gmfn_v2

struct physdev_eoi {
    uint32_t irq;
};
typedef struct physdev_eoi physdev_eoi_t;

struct physdev_pirq_eoi_gmfn {
    xen_pfn_t gmfn;           /* page used as a "needs EOI" bitmap by PIRQ */
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;

#define _XENIRQSTAT_needs_eoi  0
#define XENIRQSTAT_needs_eoi   (1U << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared     1
#define XENIRQSTAT_shared      (1U << _XENIRQSTAT_shared)

struct physdev_irq_status_query {
    uint32_t irq;             /* in */
    uint32_t flags;           /* out: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;

/* Virtual IOPL of the calling vCPU (0..3). */
struct physdev_set_iopl {
    uint32_t iopl;
};
typedef struct physdev_set_iopl physdev_set_iopl_t;

struct physdev_set_iobitmap {
    XEN_GUEST_HANDLE(uint8_t) bitmap;   /* one bit per port, 1 = denied */
    uint32_t nr_ports;
    uint32_t _pad0;                     /* implicit in Xen */
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;

struct physdev_apic {
    uint64_t apic_physbase;   /* in: which IO-APIC */
    uint32_t reg;             /* in */
    uint32_t value;           /* in (write) or out (read) */
};
typedef struct physdev_apic physdev_apic_t;

struct physdev_irq {
    uint32_t irq;
    uint32_t vector;
};
typedef struct physdev_irq physdev_irq_t;

#define MAP_PIRQ_TYPE_MSI        0x0
#define MAP_PIRQ_TYPE_GSI        0x1
#define MAP_PIRQ_TYPE_UNKNOWN    0x2
#define MAP_PIRQ_TYPE_MSI_SEG    0x3
#define MAP_PIRQ_TYPE_MULTI_MSI  0x4

struct physdev_map_pirq {
    domid_t  domid;
    uint16_t _pad0;           /* implicit in Xen */
    int32_t  type;            /* MAP_PIRQ_TYPE_* */
    int32_t  index;           /* GSI or MSI-X entry */
    int32_t  pirq;            /* in or out */
    int32_t  bus;             /* high 16 bits: segment, for *_MSI_SEG */
    int32_t  devfn;
    int32_t  entry_nr;
    uint32_t _pad1;           /* implicit in Xen */
    uint64_t table_base;
};
typedef struct physdev_map_pirq physdev_map_pirq_t;

struct physdev_unmap_pirq {
    domid_t  domid;
    uint16_t _pad0;           /* implicit in Xen */
    int32_t  pirq;
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;

struct physdev_setup_gsi {
    int32_t gsi;
    uint8_t triggering;       /* 0 edge, 1 level */
    uint8_t polarity;         /* 0 high, 1 low */
    uint8_t _pad0[2];         /* implicit in Xen */
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;

struct physdev_get_free_pirq {
    int32_t  type;            /* in: MAP_PIRQ_TYPE_* */
    uint32_t pirq;            /* out */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;

struct physdev_pci_device {
    uint16_t seg;
    uint8_t  bus;
    uint8_t  devfn;
};
typedef struct physdev_pci_device physdev_pci_device_t;

/* Argument of the old physdev_op_compat hypercall (number 19). */
struct physdev_op {
    uint32_t cmd;
    uint32_t _pad0;           /* implicit in Xen */
    union {
        physdev_irq_status_query_t irq_status_query;
        physdev_set_iopl_t         set_iopl;
        physdev_set_iobitmap_t     set_iobitmap;
        physdev_apic_t             apic_op;
        physdev_irq_t              irq_op;
    } u;
};
typedef struct physdev_op physdev_op_t;

XEN_ABI_SIZE(struct physdev_eoi, 4);
XEN_ABI_SIZE(struct physdev_pirq_eoi_gmfn, 8);
XEN_ABI_SIZE(struct physdev_irq_status_query, 8);
XEN_ABI_SIZE(struct physdev_set_iopl, 4);
XEN_ABI_SIZE(struct physdev_set_iobitmap, 16);
XEN_ABI_SIZE(struct physdev_apic, 16);
XEN_ABI_OFFSET(struct physdev_apic, value, 12);
XEN_ABI_SIZE(struct physdev_irq, 8);
XEN_ABI_SIZE(struct physdev_map_pirq, 40);
XEN_ABI_OFFSET(struct physdev_map_pirq, type, 4);
XEN_ABI_OFFSET(struct physdev_map_pirq, entry_nr, 24);
XEN_ABI_OFFSET(struct physdev_map_pirq, table_base, 32);
XEN_ABI_SIZE(struct physdev_unmap_pirq, 8);
XEN_ABI_SIZE(struct physdev_setup_gsi, 8);
XEN_ABI_SIZE(struct physdev_get_free_pirq, 8);
XEN_ABI_SIZE(struct physdev_pci_device, 4);
XEN_ABI_SIZE(struct physdev_op, 24);
XEN_ABI_OFFSET(struct physdev_op, u, 8);

#endif /* XENOLITH_PUBLIC_PHYSDEV_H */
