/*
 * elf_loader.h - ELF64 guest-kernel loader with Xen ELF notes.
 *
 * Environment: hosted and hypervisor (portable core; freestanding, no
 * allocation, no global state, reentrant).
 *
 * The loader turns an ELF64 x86-64 executable that carries Xen's ELF notes
 * (a PV64 or PVH guest kernel, as built against Xen's public headers) into
 * guest memory.  It works in two phases, decode then invoke:
 *
 *   elf_parse()  reads the image and checks everything: the ELF header, the
 *                program headers, every PT_LOAD segment, the Xen notes and
 *                their meaning.  It fills a struct elf_info, or - on any
 *                error - leaves the struct zeroed, writes one line saying
 *                what is wrong into err[] and returns a negative Xen errno.
 *   elf_load()   copies the segments described by a struct elf_info that
 *                elf_parse() accepted for the same image, through two
 *                callbacks that own guest memory.  It cannot fail because of
 *                the image; only a callback can fail, and its error is
 *                returned as is.
 *
 * The image is only ever read, never written, and never read outside
 * [image, image + size): every offset and length taken from the file is
 * checked with overflow-safe arithmetic before use.  The image need not be
 * aligned.
 *
 * Load addresses follow Xen's libelf, so a kernel that boots on Xen boots
 * here: a segment's guest virtual load address is
 *     p_paddr + VIRT_BASE - PADDR_OFFSET
 * (p_vaddr is recorded but not used), where VIRT_BASE defaults to 0 and
 * PADDR_OFFSET defaults to 0 when the image has Xen notes (the legacy
 * __xen_guest section, where it defaulted to VIRT_BASE, is not supported).
 * Setting PADDR_OFFSET without VIRT_BASE is an error, as in Xen.  The guest
 * pseudo-physical address of a virtual address v is v - VIRT_BASE
 * (elf_paddr_of()); for a PVH image without VIRT_BASE that is p_paddr.
 *
 * Errors: -ENOEXEC  not an ELF64 x86-64 executable, or not a Xen guest
 *                   (no Xen notes, or notes for another loader);
 *         -EINVAL   malformed structure or inconsistent values;
 *         -E2BIG    more program headers / PT_LOAD segments than the loader
 *                   keeps, or a string note longer than its field;
 *         -EOVERFLOW an address or size computation wraps around 2^64;
 *         -ERANGE   an address (entry, hypercall page) outside what is loaded.
 */
#ifndef XL_ELF_LOADER_H
#define XL_ELF_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/elfnote.h>    /* XEN_ELFNOTE_*, XENFEAT_* */

/* Bit of struct elf_xen_notes.present for note type t. */
#define ELF_XEN_NOTE_BIT(t)     (1ull << (t))

/* ELF64 on-disk layout (ELF gABI, System V x86-64 psABI). */
#define ELF_EI_NIDENT       16
#define ELF_EI_CLASS        4
#define ELF_EI_DATA         5
#define ELF_EI_VERSION      6
#define ELF_ELFCLASS64      2
#define ELF_ELFDATA2LSB     1
#define ELF_EV_CURRENT      1
#define ELF_ET_EXEC         2
#define ELF_ET_DYN          3
#define ELF_EM_X86_64       62
#define ELF_PT_LOAD         1
#define ELF_PT_NOTE         4
#define ELF_SHT_NOTE        7
#define ELF_PF_X            0x1u
#define ELF_PF_W            0x2u
#define ELF_PF_R            0x4u
#define ELF_PN_XNUM         0xffffu

typedef struct {
    uint8_t  e_ident[ELF_EI_NIDENT];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
} elf64_ehdr_t;

typedef struct {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
} elf64_phdr_t;

typedef struct {
    uint32_t sh_name;
    uint32_t sh_type;
    uint64_t sh_flags;
    uint64_t sh_addr;
    uint64_t sh_offset;
    uint64_t sh_size;
    uint32_t sh_link;
    uint32_t sh_info;
    uint64_t sh_addralign;
    uint64_t sh_entsize;
} elf64_shdr_t;

typedef struct {
    uint32_t n_namesz;
    uint32_t n_descsz;
    uint32_t n_type;
} elf_note_hdr_t;

_Static_assert(sizeof(elf64_ehdr_t) == 64, "ELF64 header is 64 bytes");
_Static_assert(sizeof(elf64_phdr_t) == 56, "ELF64 program header is 56 bytes");
_Static_assert(sizeof(elf64_shdr_t) == 64, "ELF64 section header is 64 bytes");
_Static_assert(sizeof(elf_note_hdr_t) == 12, "ELF note header is 12 bytes");

/* Limits of what the loader keeps (no allocation). */
#define ELF_MAX_PHDRS       64  /* e_phnum above this is refused (-E2BIG) */
#define ELF_MAX_SHDRS       256 /* sections scanned for SHT_NOTE */
#define ELF_MAX_SEGMENTS    16  /* PT_LOAD segments with p_memsz != 0 */
#define ELF_NOTE_STR_MAX    64  /* string notes, including the NUL */
#define ELF_HYPERCALL_PAGE_SIZE 4096u

/* One PT_LOAD segment, as accepted by elf_parse(). */
struct elf_segment {
    uint64_t offset;    /* p_offset: offset + filesz <= image size */
    uint64_t filesz;    /* bytes copied from the file; filesz <= memsz */
    uint64_t memsz;     /* bytes in guest memory; memsz > 0 */
    uint64_t vaddr;     /* p_vaddr as written (informative) */
    uint64_t paddr;     /* p_paddr as written */
    uint64_t dest;      /* guest virtual load address (see above);
                           dest + memsz <= 2^64 - 1 */
    uint32_t flags;     /* ELF_PF_* */
    uint32_t phdr_index;    /* which program header, for messages */
};

/* The Xen ELF notes found in the image (XEN_ELFNOTE_* of spec/public). */
struct elf_xen_notes {
    uint64_t present;   /* bit (1 << XEN_ELFNOTE_x) set for each note seen */
    /* String notes, NUL-terminated; "" when absent. */
    char guest_os[ELF_NOTE_STR_MAX];        /* GUEST_OS, e.g. "linux" */
    char guest_version[ELF_NOTE_STR_MAX];   /* GUEST_VERSION */
    char xen_version[ELF_NOTE_STR_MAX];     /* XEN_VERSION, "xen-3.0" */
    char loader[ELF_NOTE_STR_MAX];          /* LOADER, "generic" */
    char pae_mode[ELF_NOTE_STR_MAX];        /* PAE_MODE (ignored on x86-64) */
    /* Numeric notes; valid only when their bit is in present. */
    uint64_t virt_base;         /* VIRT_BASE as written */
    uint64_t paddr_offset;      /* PADDR_OFFSET as written */
    uint64_t entry;             /* ENTRY: PV entry point (virtual) */
    uint64_t hypercall_page;    /* HYPERCALL_PAGE (virtual) */
    uint64_t hv_start_low;      /* HV_START_LOW */
    uint64_t init_p2m;          /* INIT_P2M */
    uint64_t mod_start_pfn;     /* MOD_START_PFN */
    uint64_t suspend_cancel;    /* SUSPEND_CANCEL */
    uint32_t phys32_entry;      /* PHYS32_ENTRY: PVH entry (physical) */
    /* FEATURES ("a|!b": "!" marks a required feature) and
       SUPPORTED_FEATURES, as XENFEAT_* bit masks (submap 0);
       required is a subset of supported. */
    uint32_t features_supported;
    uint32_t features_required;
    uint32_t pad;               /* 0: explicit, so that clearing every field
                                   clears every byte (elf_info_clear) */
};

struct elf_info {
    uint64_t e_entry;           /* from the ELF header */
    uint64_t virt_base;         /* effective: VIRT_BASE, or 0 */
    uint64_t paddr_offset;      /* effective: PADDR_OFFSET, or 0 */
    uint64_t virt_entry;        /* PV entry: ENTRY note, else e_entry;
                                   inside an executable segment unless
                                   the image is PVH-only (pvh and no
                                   ENTRY note) */
    uint64_t virt_kstart;       /* lowest dest of the segments */
    uint64_t virt_kend;         /* highest dest + memsz (exclusive) */
    bool pvh;                   /* PHYS32_ENTRY present */
    bool notes_from_sections;   /* notes found in SHT_NOTE sections, not in
                                   PT_NOTE program headers */
    uint8_t pad[2];             /* 0: explicit padding, as xen.pad */
    unsigned int nr_segments;   /* 1 .. ELF_MAX_SEGMENTS */
    struct elf_segment seg[ELF_MAX_SEGMENTS];   /* sorted by dest, disjoint */
    struct elf_xen_notes xen;
};

/* No implicit padding: a field-by-field clear is a clear of every byte. */
_Static_assert(sizeof(struct elf_segment) == 6 * 8 + 2 * 4,
               "struct elf_segment has no padding");
_Static_assert(sizeof(struct elf_xen_notes) ==
               8 + 5 * ELF_NOTE_STR_MAX + 8 * 8 + 4 * 4,
               "struct elf_xen_notes has no padding");
_Static_assert(sizeof(struct elf_info) ==
               6 * 8 + 2 + 2 + 4 + ELF_MAX_SEGMENTS * sizeof(struct elf_segment) +
               sizeof(struct elf_xen_notes),
               "struct elf_info has no padding");

/*@ // Every byte the loader may read is a byte of the image.
    predicate elf_image_readable(uint8_t *image, size_t size) =
        \valid_read(image + (0 .. size - 1));

    // What elf_parse() guarantees about an accepted image, and what
    // elf_load() relies on: it reads nothing outside the image.
    // A segment as the program headers give it (before its dest is set).
    predicate elf_segment_file_ok(struct elf_segment *s, size_t size) =
        s->offset <= size && s->filesz <= size - s->offset &&
        s->filesz <= s->memsz && s->memsz > 0;

    predicate elf_segment_ok(struct elf_segment *s, size_t size) =
        s->offset <= size && s->filesz <= size - s->offset &&
        s->filesz <= s->memsz && s->memsz > 0 &&
        s->dest <= 0xffffffffffffffff - s->memsz;

    predicate elf_info_valid(struct elf_info *info, size_t size) =
        1 <= info->nr_segments <= ELF_MAX_SEGMENTS &&
        \forall integer i; 0 <= i < info->nr_segments ==>
            elf_segment_ok(&info->seg[i], size);
*/

/*
 * Check the image and describe it in *info.  On failure *info is all zero,
 * err holds a NUL-terminated message starting "ELF: " (truncated to errlen;
 * err may be NULL when errlen is 0), and a negative Xen errno is returned.
 */
/*@ requires image_ok: elf_image_readable((uint8_t *)image, size);
    requires info_ok: \valid(info);
    requires err_ok: errlen == 0 || \valid(err + (0 .. errlen - 1));
    requires sep: \separated(info, err + (0 .. errlen - 1));
    assigns *info, err[0 .. errlen - 1];
    ensures accepted: \result == 0 ==> elf_info_valid(info, size);
    ensures sign: \result <= 0;
*/
int elf_parse(const uint8_t *image, size_t size, struct elf_info *info,
              char *err, size_t errlen);

/* Guest-memory callbacks: return 0, or a negative errno that stops the load. */
typedef int (*elf_copy_fn)(void *ctx, uint64_t dest_vaddr, const void *src,
                           size_t len);
typedef int (*elf_zero_fn)(void *ctx, uint64_t dest_vaddr, size_t len);

/*
 * Copy every segment of an image accepted by elf_parse(): filesz bytes from
 * the file to dest, then memsz - filesz zero bytes after them (bss).  Calls
 * are made in ascending dest order, never with len == 0.  Returns 0 or the
 * first callback error.
 */
/*@ requires image_ok: elf_image_readable((uint8_t *)image, size);
    requires info_ok: \valid_read(info) && elf_info_valid(info, size);
    assigns \nothing;   // guest memory is written by the callbacks only
*/
int elf_load(const uint8_t *image, size_t size, const struct elf_info *info,
             elf_copy_fn copy_to_guest, elf_zero_fn zero_guest, void *ctx);

/* Guest pseudo-physical address of guest virtual address vaddr. */
/*@ requires \valid_read(info);
    assigns \nothing;
    ensures \result == (uint64_t)(vaddr - info->virt_base);
*/
uint64_t elf_paddr_of(const struct elf_info *info, uint64_t vaddr);

/* XENFEAT_* number of a FEATURES name, or -1 if unknown. */
int elf_xen_feature_bit(const char *name, size_t len);

#endif /* XL_ELF_LOADER_H */
