/*
 * spec/public/hvm_start_info.h - the PVH boot handoff.
 *
 * Where it runs: hypervisor (builds it), PVH guests (read it), tests.
 *
 * Facts from Xen's xen/include/public/arch-x86/hvm/start_info.h, written
 * anew.  A kernel with an XEN_ELFNOTE_PHYS32_ENTRY note is entered at that
 * physical address in 32-bit flat protected mode, paging off, with %ebx
 * holding the physical address of struct hvm_start_info.  Every address
 * below is guest-physical; 0 means "not provided" (nothing is placed at
 * physical 0).  Fields from memmap_paddr on exist only when version >= 1.
 */
#ifndef XENOLITH_PUBLIC_HVM_START_INFO_H
#define XENOLITH_PUBLIC_HVM_START_INFO_H

#include <stdint.h>

/* "xEn3" with the top bit of the 'E' set. */
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

/* hvm_memmap_table_entry.type: the E820 numbering. */
#define XEN_HVM_MEMMAP_TYPE_RAM       1
#define XEN_HVM_MEMMAP_TYPE_RESERVED  2
#define XEN_HVM_MEMMAP_TYPE_ACPI      3
#define XEN_HVM_MEMMAP_TYPE_NVS       4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE  5
#define XEN_HVM_MEMMAP_TYPE_DISABLED  6
#define XEN_HVM_MEMMAP_TYPE_PMEM      7

struct hvm_start_info {
    uint32_t magic;            /* XEN_HVM_START_MAGIC_VALUE */
    uint32_t version;          /* 0 or 1 */
    uint32_t flags;            /* SIF_* from xen.h */
    uint32_t nr_modules;
    uint64_t modlist_paddr;    /* array of hvm_modlist_entry */
    uint64_t cmdline_paddr;    /* NUL-terminated */
    uint64_t rsdp_paddr;       /* ACPI RSDP */
    /* version >= 1 */
    uint64_t memmap_paddr;     /* array of hvm_memmap_table_entry */
    uint32_t memmap_entries;   /* 0: no map given */
    uint32_t reserved;         /* zero */
};

struct hvm_modlist_entry {
    uint64_t paddr;
    uint64_t size;
    uint64_t cmdline_paddr;
    uint64_t reserved;
};

struct hvm_memmap_table_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;             /* XEN_HVM_MEMMAP_TYPE_* */
    uint32_t reserved;
};

_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info size");
_Static_assert(__builtin_offsetof(struct hvm_start_info, modlist_paddr) == 16,
               "hvm_start_info.modlist_paddr");
_Static_assert(__builtin_offsetof(struct hvm_start_info, cmdline_paddr) == 24,
               "hvm_start_info.cmdline_paddr");
_Static_assert(__builtin_offsetof(struct hvm_start_info, rsdp_paddr) == 32,
               "hvm_start_info.rsdp_paddr");
_Static_assert(__builtin_offsetof(struct hvm_start_info, memmap_paddr) == 40,
               "hvm_start_info.memmap_paddr");
_Static_assert(__builtin_offsetof(struct hvm_start_info, memmap_entries) == 48,
               "hvm_start_info.memmap_entries");
_Static_assert(sizeof(struct hvm_modlist_entry) == 32, "hvm_modlist_entry size");
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 24,
               "hvm_memmap_table_entry size");
_Static_assert(__builtin_offsetof(struct hvm_memmap_table_entry, type) == 16,
               "hvm_memmap_table_entry.type");

#endif /* XENOLITH_PUBLIC_HVM_START_INFO_H */
