/*
 * elf_fixtures.h - build small ELF64 guest-kernel images in memory.
 *
 * Environment: hosted only (unit tests, fuzz seed generation).
 *
 * An image is built in a struct elf_fx: elf_fx_init() writes the ELF
 * header and reserves room for ELF_FX_MAX_PHDRS program headers right after
 * it; each elf_fx_add_load() / elf_fx_end_notes() appends its bytes to the
 * file and one program header to the table.  The finished image is
 * fx->buf[0 .. fx->size).  Tests then break one thing through
 * elf_fx_ehdr()/elf_fx_phdr() or by hand, and expect the loader to say so.
 *
 * elf_fx_pv_kernel() and elf_fx_pvh_kernel() build the two reference
 * images whose expected parse results are the ELF_FX_* constants below.
 */
#ifndef XL_TEST_ELF_FIXTURES_H
#define XL_TEST_ELF_FIXTURES_H

#include <elf_loader.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ELF_FX_BUF_SIZE   0x8000
#define ELF_FX_MAX_PHDRS  24
#define ELF_FX_DATA_START (64 + ELF_FX_MAX_PHDRS * 56)

/* The reference PV kernel (Linux-like layout). */
#define ELF_FX_VIRT_BASE    0xffffffff80000000ull
#define ELF_FX_TEXT_PADDR   0x200000ull
#define ELF_FX_TEXT_VADDR   (ELF_FX_VIRT_BASE + ELF_FX_TEXT_PADDR)
#define ELF_FX_TEXT_FILESZ  0x300ull
#define ELF_FX_TEXT_MEMSZ   0x3000ull
#define ELF_FX_DATA_PADDR   0x204000ull
#define ELF_FX_DATA_VADDR   (ELF_FX_VIRT_BASE + ELF_FX_DATA_PADDR)
#define ELF_FX_DATA_FILESZ  0x80ull
#define ELF_FX_DATA_MEMSZ   0x1000ull
#define ELF_FX_ENTRY        (ELF_FX_TEXT_VADDR + 0x40)
#define ELF_FX_HYPERCALL    (ELF_FX_TEXT_VADDR + 0x1000)
#define ELF_FX_HV_START_LOW 0xf5800000ull
#define ELF_FX_FEATURES     "!writable_page_tables|pae_pgdir_above_4gb|" \
                            "hvm_callback_vector"
#define ELF_FX_SUPPORTED    (1u << XENFEAT_dom0)

/* The reference PVH kernel. */
#define ELF_FX_PVH_PADDR    0x100000ull
#define ELF_FX_PVH_ENTRY    0x100020u

struct elf_fx {
    uint8_t buf[ELF_FX_BUF_SIZE];
    size_t size;
    unsigned int nr_phdrs;
    size_t notes_start;     /* file offset of the open note area, or 0 */
    uint64_t notes_align;
};

static inline elf64_ehdr_t *
elf_fx_ehdr(struct elf_fx *fx)
{
    return (elf64_ehdr_t *)fx->buf;
}

static inline elf64_phdr_t *
elf_fx_phdr(struct elf_fx *fx, unsigned int i)
{
    return (elf64_phdr_t *)(fx->buf + 64 + i * sizeof(elf64_phdr_t));
}

static inline void
elf_fx_init(struct elf_fx *fx)
{
    elf64_ehdr_t *eh = elf_fx_ehdr(fx);

    memset(fx, 0, sizeof(*fx));
    memcpy(eh->e_ident, "\x7f" "ELF", 4);
    eh->e_ident[ELF_EI_CLASS] = ELF_ELFCLASS64;
    eh->e_ident[ELF_EI_DATA] = ELF_ELFDATA2LSB;
    eh->e_ident[ELF_EI_VERSION] = ELF_EV_CURRENT;
    eh->e_type = ELF_ET_EXEC;
    eh->e_machine = ELF_EM_X86_64;
    eh->e_version = ELF_EV_CURRENT;
    eh->e_phoff = 64;
    eh->e_ehsize = 64;
    eh->e_phentsize = sizeof(elf64_phdr_t);
    fx->size = ELF_FX_DATA_START;
}

/* Append len bytes (NULL: pattern) aligned to align; returns the offset. */
static inline size_t
elf_fx_append(struct elf_fx *fx, const void *data, size_t len, size_t align)
{
    size_t off = (fx->size + align - 1) & ~(align - 1);

    if (off + len > sizeof(fx->buf))
        abort();
    memset(fx->buf + fx->size, 0, off - fx->size);
    for (size_t i = 0; i < len; i++)
        fx->buf[off + i] = data ? ((const uint8_t *)data)[i]
                                : (uint8_t)(off + i * 7 + 1);
    fx->size = off + len;
    return off;
}

static inline unsigned int
elf_fx_add_phdr(struct elf_fx *fx, const elf64_phdr_t *ph)
{
    unsigned int i = fx->nr_phdrs++;

    if (i >= ELF_FX_MAX_PHDRS)
        abort();
    *elf_fx_phdr(fx, i) = *ph;
    elf_fx_ehdr(fx)->e_phnum = (uint16_t)fx->nr_phdrs;
    return i;
}

/* A PT_LOAD segment whose file bytes are a position-dependent pattern. */
static inline unsigned int
elf_fx_add_load(struct elf_fx *fx, uint64_t vaddr, uint64_t paddr,
                uint64_t filesz, uint64_t memsz, uint32_t flags)
{
    elf64_phdr_t ph = {
        .p_type = ELF_PT_LOAD, .p_flags = flags, .p_vaddr = vaddr,
        .p_paddr = paddr, .p_filesz = filesz, .p_memsz = memsz,
        .p_align = 16,
    };

    ph.p_offset = elf_fx_append(fx, NULL, (size_t)filesz, 16);
    return elf_fx_add_phdr(fx, &ph);
}

static inline void
elf_fx_begin_notes(struct elf_fx *fx, uint64_t align)
{
    fx->notes_start = elf_fx_append(fx, NULL, 0, (size_t)align);
    fx->notes_align = align;
}

/* One note with any name and descriptor, padded to the area's alignment. */
static inline void
elf_fx_note_raw(struct elf_fx *fx, const char *name, uint32_t namesz,
                uint32_t type, const void *desc, uint32_t descsz)
{
    elf_note_hdr_t nh = { namesz, descsz, type };
    size_t a = (size_t)fx->notes_align;

    elf_fx_append(fx, &nh, sizeof(nh), a);
    elf_fx_append(fx, name, namesz, 1);
    elf_fx_append(fx, desc, descsz, a);
    elf_fx_append(fx, NULL, 0, a);
}

static inline void
elf_fx_note_num(struct elf_fx *fx, uint32_t type, uint64_t v, uint32_t size)
{
    elf_fx_note_raw(fx, "Xen", 4, type, &v, size);
}

static inline void
elf_fx_note_str(struct elf_fx *fx, uint32_t type, const char *s)
{
    elf_fx_note_raw(fx, "Xen", 4, type, s, (uint32_t)strlen(s) + 1);
}

/* Close the note area as a PT_NOTE program header; returns its index. */
static inline unsigned int
elf_fx_end_notes(struct elf_fx *fx)
{
    elf64_phdr_t ph = {
        .p_type = ELF_PT_NOTE, .p_flags = ELF_PF_R,
        .p_offset = fx->notes_start, .p_filesz = fx->size - fx->notes_start,
        .p_align = fx->notes_align,
    };

    return elf_fx_add_phdr(fx, &ph);
}

/*
 * Section headers: [0] null, [1] the note area as SHT_NOTE ".note.Xen" (or
 * an SHT_PROGBITS named legacy_name), [2] .shstrtab.  The note area must
 * have been built with begin/note but not closed with end_notes.
 */
static inline void
elf_fx_add_sections(struct elf_fx *fx, const char *legacy_name)
{
    static const char strtab_fmt[] = "\0.shstrtab\0";
    const char *n1 = legacy_name ? legacy_name : ".note.Xen";
    elf64_shdr_t sh[3];
    size_t str_off, n1len = strlen(n1) + 1;

    memset(sh, 0, sizeof(sh));
    sh[1].sh_name = sizeof(strtab_fmt) - 1;
    sh[1].sh_type = legacy_name ? 1 /* SHT_PROGBITS */ : ELF_SHT_NOTE;
    sh[1].sh_offset = fx->notes_start;
    sh[1].sh_size = fx->size - fx->notes_start;
    sh[1].sh_addralign = fx->notes_align;
    str_off = elf_fx_append(fx, strtab_fmt, sizeof(strtab_fmt) - 1, 1);
    elf_fx_append(fx, n1, n1len, 1);
    sh[2].sh_name = 1;
    sh[2].sh_type = 3; /* SHT_STRTAB */
    sh[2].sh_offset = str_off;
    sh[2].sh_size = sizeof(strtab_fmt) - 1 + n1len;
    elf_fx_ehdr(fx)->e_shoff = elf_fx_append(fx, sh, sizeof(sh), 8);
    elf_fx_ehdr(fx)->e_shentsize = sizeof(elf64_shdr_t);
    elf_fx_ehdr(fx)->e_shnum = 3;
    elf_fx_ehdr(fx)->e_shstrndx = 2;
}

/* The Xen notes of the reference PV kernel, numbers of numsize bytes. */
static inline void
elf_fx_pv_notes(struct elf_fx *fx, uint32_t numsize)
{
    /* A 4-byte note holds only the low half: use addresses that fit. */
    uint64_t vb = numsize == 8 ? ELF_FX_VIRT_BASE : 0;

    elf_fx_note_str(fx, XEN_ELFNOTE_GUEST_OS, "linux");
    elf_fx_note_str(fx, XEN_ELFNOTE_GUEST_VERSION, "2.6");
    elf_fx_note_str(fx, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    elf_fx_note_str(fx, XEN_ELFNOTE_LOADER, "generic");
    elf_fx_note_num(fx, XEN_ELFNOTE_VIRT_BASE, vb, numsize);
    elf_fx_note_num(fx, XEN_ELFNOTE_PADDR_OFFSET, 0, numsize);
    elf_fx_note_num(fx, XEN_ELFNOTE_ENTRY,
                    ELF_FX_ENTRY - ELF_FX_VIRT_BASE + vb, numsize);
    elf_fx_note_num(fx, XEN_ELFNOTE_HYPERCALL_PAGE,
                    ELF_FX_HYPERCALL - ELF_FX_VIRT_BASE + vb, numsize);
    elf_fx_note_num(fx, XEN_ELFNOTE_HV_START_LOW, ELF_FX_HV_START_LOW,
                    numsize);
    elf_fx_note_str(fx, XEN_ELFNOTE_FEATURES, ELF_FX_FEATURES);
    elf_fx_note_num(fx, XEN_ELFNOTE_SUPPORTED_FEATURES, ELF_FX_SUPPORTED, 4);
    elf_fx_note_str(fx, XEN_ELFNOTE_PAE_MODE, "yes");
    /* A foreign note in the same area is skipped. */
    elf_fx_note_raw(fx, "GNU", 4, 3, "\x01\x02\x03\x04", 4);
}

/*
 * The reference PV kernel: text (RX) and data+bss (RW) segments at
 * VIRT_BASE + paddr, all notes.  With numsize 4 the numbers are 4 bytes
 * wide, so VIRT_BASE is 0 and the kernel sits at its physical addresses.
 */
static inline void
elf_fx_pv_kernel(struct elf_fx *fx, uint32_t numsize)
{
    uint64_t vb = numsize == 8 ? ELF_FX_VIRT_BASE : 0;

    elf_fx_init(fx);
    elf_fx_ehdr(fx)->e_entry = ELF_FX_ENTRY - ELF_FX_VIRT_BASE + vb;
    elf_fx_add_load(fx, ELF_FX_TEXT_PADDR + vb, ELF_FX_TEXT_PADDR,
                    ELF_FX_TEXT_FILESZ, ELF_FX_TEXT_MEMSZ,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_add_load(fx, ELF_FX_DATA_PADDR + vb, ELF_FX_DATA_PADDR,
                    ELF_FX_DATA_FILESZ, ELF_FX_DATA_MEMSZ,
                    ELF_PF_R | ELF_PF_W);
    elf_fx_begin_notes(fx, 4);
    elf_fx_pv_notes(fx, numsize);
    elf_fx_end_notes(fx);
}

/* The reference PVH kernel: one RWX segment at 1 MiB, PHYS32_ENTRY only
   plus a GUEST_OS that no PV loader would accept. */
static inline void
elf_fx_pvh_kernel(struct elf_fx *fx)
{
    elf_fx_init(fx);
    elf_fx_ehdr(fx)->e_entry = ELF_FX_PVH_ENTRY;
    elf_fx_add_load(fx, ELF_FX_PVH_PADDR, ELF_FX_PVH_PADDR, 0x100, 0x2000,
                    ELF_PF_R | ELF_PF_W | ELF_PF_X);
    elf_fx_begin_notes(fx, 4);
    elf_fx_note_num(fx, XEN_ELFNOTE_PHYS32_ENTRY, ELF_FX_PVH_ENTRY, 4);
    elf_fx_note_str(fx, XEN_ELFNOTE_GUEST_OS, "xenolith-test");
    elf_fx_end_notes(fx);
}

#endif /* XL_TEST_ELF_FIXTURES_H */
