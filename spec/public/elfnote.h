/*
 * spec/public/elfnote.h - ELF note types a Xen guest kernel carries, and the
 * feature bits those notes (and XENVER_get_features) talk about.
 *
 * Where it runs: hypervisor (the dom0 loader reads the notes), guests (they
 * emit them), hosted tests.
 *
 * Facts from Xen's xen/include/public/elfnote.h and features.h, written
 * anew for xenolith.  A note lives in a PT_NOTE segment with name "Xen";
 * the type field is one of XEN_ELFNOTE_* below.  Numeric payloads are 4 or
 * 8 bytes (the descriptor size says which); string payloads are
 * NUL-terminated ASCII.
 */
#ifndef XENOLITH_PUBLIC_ELFNOTE_H
#define XENOLITH_PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_NAME "Xen"

#define XEN_ELFNOTE_INFO                0  /* string NAME=VALUE pairs       */
#define XEN_ELFNOTE_ENTRY               1  /* PV entry, virtual address     */
#define XEN_ELFNOTE_HYPERCALL_PAGE      2  /* where to build the stubs (VA) */
#define XEN_ELFNOTE_VIRT_BASE           3  /* VA the image is linked at     */
#define XEN_ELFNOTE_PADDR_OFFSET        4  /* p_paddr bias (legacy kernels) */
#define XEN_ELFNOTE_XEN_VERSION         5  /* string, e.g. "xen-3.0"        */
#define XEN_ELFNOTE_GUEST_OS            6  /* string, e.g. "linux"          */
#define XEN_ELFNOTE_GUEST_VERSION       7  /* string                        */
#define XEN_ELFNOTE_LOADER              8  /* string, "generic"             */
#define XEN_ELFNOTE_PAE_MODE            9  /* string, x86-32 only           */
#define XEN_ELFNOTE_FEATURES           10  /* string "a|!b|c" of XENFEAT names,
                                              '!' marks a required one     */
#define XEN_ELFNOTE_BSD_SYMTAB         11  /* string "yes"/"no"            */
#define XEN_ELFNOTE_HV_START_LOW       12  /* lowest hypervisor hole start */
#define XEN_ELFNOTE_L1_MFN_VALID       13  /* mask/value pairs             */
#define XEN_ELFNOTE_SUSPEND_CANCEL     14  /* numeric boolean              */
#define XEN_ELFNOTE_INIT_P2M           15  /* VA for the initial p2m list  */
#define XEN_ELFNOTE_MOD_START_PFN      16  /* kernel accepts an unmapped initrd */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17  /* numeric XENFEAT bitmap       */
#define XEN_ELFNOTE_PHYS32_ENTRY       18  /* PVH: 32-bit physical entry   */
#define XEN_ELFNOTE_PHYS32_RELOC       19  /* PVH: align, min, max (u32s)  */
#define XEN_ELFNOTE_MAX                XEN_ELFNOTE_PHYS32_RELOC

/* Notes Xen writes into crash dumps and core files, never read from guests. */
#define XEN_ELFNOTE_CRASH_INFO               0x1000001
#define XEN_ELFNOTE_CRASH_REGS               0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE            0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER          0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION     0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION  0x2000003

/*
 * Feature bits.  XENVER_get_features returns them 32 at a time (submap 0
 * holds bits 0..31); the ELF notes above name them without the prefix.
 */
#define XENFEAT_writable_page_tables        0
#define XENFEAT_writable_descriptor_tables  1
#define XENFEAT_auto_translated_physmap     2
#define XENFEAT_supervisor_mode_kernel      3
#define XENFEAT_pae_pgdir_above_4gb         4
#define XENFEAT_mmu_pt_update_preserve_ad   5
#define XENFEAT_highmem_assist              6
#define XENFEAT_gnttab_map_avail_bits       7
#define XENFEAT_hvm_callback_vector         8
#define XENFEAT_hvm_safe_pvclock            9
#define XENFEAT_hvm_pirqs                  10
#define XENFEAT_dom0                       11
/* 12 (grant_map_identity) is retired and must not be reused. */
#define XENFEAT_memory_op_vnode_supported  13
#define XENFEAT_ARM_SMCCC_supported        14
#define XENFEAT_linux_rsdp_unrestricted    15
#define XENFEAT_not_direct_mapped          16
#define XENFEAT_direct_mapped              17
#define XENFEAT_runstate_phys_area         18
#define XENFEAT_vcpu_time_phys_area        19
#define XENFEAT_dm_msix_all_writes         20

#define XENFEAT_NR_SUBMAPS 1

#endif /* XENOLITH_PUBLIC_ELFNOTE_H */
