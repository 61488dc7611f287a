/*
 * elf_loader.c - ELF64 + Xen ELF-note guest-kernel loader.
 *
 * Environment: hosted and hypervisor (portable core).  No allocation, no
 * global state.  Every range of the image is checked against the image size
 * (elf_range_ok) before it is read.
 *
 * elf_parse() runs in this order, each step relying on the ones before:
 *   1. ELF header           (identity, type, machine, table geometry)
 *   2. program headers      (PT_LOAD ranges, PT_NOTE placement)
 *   3. Xen notes            (PT_NOTE segments; SHT_NOTE sections if none)
 *   4. Xen note meaning     (loader/version, VIRT_BASE/PADDR_OFFSET)
 *   5. load addresses       (dest of each segment, wrap, sort, overlap)
 *   6. entry points         (ENTRY/e_entry, PHYS32_ENTRY, HYPERCALL_PAGE)
 * The first failure formats one message and the whole struct elf_info is
 * cleared, so a caller never sees a half-filled description.
 */
#include <elf_loader.h>
#include <lib.h>
#include <xl_errno.h>

#include <string.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "ELF fields are read as little-endian host integers");
_Static_assert(sizeof(size_t) == sizeof(uint64_t),
               "segment sizes are handed to the callbacks as size_t");

#define ELF_NOTE_MIN_ALIGN 4u

/* Parse state: the image, the output, the error buffer. */
struct elf_parser {
    const uint8_t *img;
    size_t size;
    struct elf_info *info;
    char *err;
    size_t errlen;
    elf64_ehdr_t eh;            /* an ELF32 header is widened into it */
    bool is32;                  /* ELFCLASS32: PVH kernels only */
    bool xen_notes_seen;
};

/* ELF32 on-disk headers (read, then widened to the 64-bit structs). */
typedef struct {
    uint8_t  e_ident[ELF_EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} elf32_ehdr_t;

typedef struct {
    uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
} elf32_phdr_t;

typedef struct {
    uint32_t sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info,
             sh_addralign, sh_entsize;
} elf32_shdr_t;

_Static_assert(sizeof(elf32_ehdr_t) == 52, "ELF32 header is 52 bytes");
_Static_assert(sizeof(elf32_phdr_t) == 32, "ELF32 program header is 32 bytes");
_Static_assert(sizeof(elf32_shdr_t) == 40, "ELF32 section header is 40 bytes");

#define ELF_ELFCLASS32  1
#define ELF_EM_386      3

typedef unsigned long long ull;

__attribute__((format(printf, 3, 4))) static int
elf_fail(struct elf_parser *p, int rc, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (p->errlen == 0)
        return rc;
    n = xl_snprintf(p->err, p->errlen, "ELF: ");
    if (n >= 0 && (size_t)n < p->errlen) {
        va_start(ap, fmt);
        xl_vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return rc;
}

/* [off, off + len) lies inside an object of the given size. */
/*@ assigns \nothing;
    ensures \result <==> off <= size && off + len <= size;
*/
static bool
elf_range_ok(uint64_t size, uint64_t off, uint64_t len)
{
    return off <= size && len <= size - off;
}

/* The one place the image is read. */
/*@ requires elf_image_readable((uint8_t *)p->img, p->size);
    requires elf_range_ok: off <= p->size && len <= p->size - off;
    requires \valid((uint8_t *)dst + (0 .. len - 1));
    assigns ((uint8_t *)dst)[0 .. len - 1];
*/
static void
elf_read(const struct elf_parser *p, void *dst, uint64_t off, size_t len)
{
    memcpy(dst, p->img + off, len);
}

static uint64_t
elf_align_up(uint64_t v, uint64_t align)
{
    return (v + align - 1) & ~(align - 1);
}

/* ---- 1. ELF header ---------------------------------------------------- */

static int
elf_check_ident(struct elf_parser *p)
{
    const uint8_t *id = p->eh.e_ident;

    if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
        return elf_fail(p, -ENOEXEC, "bad magic %02x %02x %02x %02x "
                        "(expected 7f 45 4c 46): not an ELF image",
                        id[0], id[1], id[2], id[3]);
    if (id[ELF_EI_CLASS] != ELF_ELFCLASS64 && id[ELF_EI_CLASS] != ELF_ELFCLASS32)
        return elf_fail(p, -ENOEXEC, "EI_CLASS is %u, neither ELFCLASS64 (2) "
                        "nor ELFCLASS32 (1)", id[ELF_EI_CLASS]);
    if (id[ELF_EI_DATA] != ELF_ELFDATA2LSB)
        return elf_fail(p, -ENOEXEC, "EI_DATA is %u, not ELFDATA2LSB (1): "
                        "the image is not little-endian", id[ELF_EI_DATA]);
    if (id[ELF_EI_VERSION] != ELF_EV_CURRENT ||
        p->eh.e_version != ELF_EV_CURRENT)
        return elf_fail(p, -ENOEXEC, "ELF version %u/%u is not EV_CURRENT (1)",
                        id[ELF_EI_VERSION], p->eh.e_version);
    return 0;
}

static int
elf_check_type(struct elf_parser *p)
{
    if (!p->is32 && p->eh.e_machine != ELF_EM_X86_64)
        return elf_fail(p, -ENOEXEC, "e_machine is %u, not EM_X86_64 (62)",
                        p->eh.e_machine);
    if (p->is32 && p->eh.e_machine != ELF_EM_386)
        return elf_fail(p, -ENOEXEC, "e_machine of a 32-bit image is %u, not "
                        "EM_386 (3)", p->eh.e_machine);
    if (p->eh.e_type == ELF_ET_DYN)
        return elf_fail(p, -ENOEXEC, "e_type is ET_DYN: position-independent "
                        "kernels are not supported, link as ET_EXEC");
    if (p->eh.e_type != ELF_ET_EXEC)
        return elf_fail(p, -ENOEXEC, "e_type is %u, not ET_EXEC (2)",
                        p->eh.e_type);
    return 0;
}

static size_t
elf_phent_size(const struct elf_parser *p)
{
    return p->is32 ? sizeof(elf32_phdr_t) : sizeof(elf64_phdr_t);
}

static size_t
elf_shent_size(const struct elf_parser *p)
{
    return p->is32 ? sizeof(elf32_shdr_t) : sizeof(elf64_shdr_t);
}

static int
elf_check_phdr_table(struct elf_parser *p)
{
    const elf64_ehdr_t *eh = &p->eh;

    if (eh->e_phnum == 0)
        return elf_fail(p, -EINVAL, "no program headers (e_phnum is 0)");
    if (eh->e_phentsize != elf_phent_size(p))
        return elf_fail(p, -EINVAL, "e_phentsize is %u, not %zu",
                        eh->e_phentsize, elf_phent_size(p));
    if (eh->e_phnum == ELF_PN_XNUM || eh->e_phnum > ELF_MAX_PHDRS)
        return elf_fail(p, -E2BIG, "e_phnum is %u: more than the %u program "
                        "headers the loader accepts", eh->e_phnum,
                        ELF_MAX_PHDRS);
    if (!elf_range_ok(p->size, eh->e_phoff,
                      (uint64_t)eh->e_phnum * elf_phent_size(p)))
        return elf_fail(p, -EINVAL, "program header table [%#llx, +%#llx) is "
                        "outside the %#zx-byte image", (ull)eh->e_phoff,
                        (ull)eh->e_phnum * elf_phent_size(p), p->size);
    return 0;
}

static int
elf_parse_ehdr(struct elf_parser *p)
{
    int rc;

    if (p->size >= ELF_EI_NIDENT && p->img[ELF_EI_CLASS] == ELF_ELFCLASS32 &&
        p->img[0] == 0x7f && p->img[1] == 'E' && p->img[2] == 'L' && p->img[3] == 'F') {
        elf32_ehdr_t e;

        if (p->size < sizeof(e))
            return elf_fail(p, -ENOEXEC, "truncated: the %#zx-byte image is "
                            "shorter than the 52-byte ELF32 header", p->size);
        elf_read(p, &e, 0, sizeof(e));
        p->is32 = true;
        memcpy(p->eh.e_ident, e.e_ident, ELF_EI_NIDENT);
        p->eh.e_type = e.e_type;
        p->eh.e_machine = e.e_machine;
        p->eh.e_version = e.e_version;
        p->eh.e_entry = e.e_entry;
        p->eh.e_phoff = e.e_phoff;
        p->eh.e_shoff = e.e_shoff;
        p->eh.e_flags = e.e_flags;
        p->eh.e_ehsize = e.e_ehsize;
        p->eh.e_phentsize = e.e_phentsize;
        p->eh.e_phnum = e.e_phnum;
        p->eh.e_shentsize = e.e_shentsize;
        p->eh.e_shnum = e.e_shnum;
        p->eh.e_shstrndx = e.e_shstrndx;
    } else {
        if (p->size < sizeof(elf64_ehdr_t))
            return elf_fail(p, -ENOEXEC, "truncated: the %#zx-byte image is "
                            "shorter than the 64-byte ELF header", p->size);
        elf_read(p, &p->eh, 0, sizeof(p->eh));
    }
    if ((rc = elf_check_ident(p)) != 0 || (rc = elf_check_type(p)) != 0)
        return rc;
    p->info->e_entry = p->eh.e_entry;
    return elf_check_phdr_table(p);
}

/* ---- 2. program headers ----------------------------------------------- */

/*@ requires \valid_read(p) && elf_image_readable((uint8_t *)p->img, p->size);
    requires table_in_image: i < p->eh.e_phnum &&
        p->eh.e_phoff + p->eh.e_phnum * (p->is32 ? 32 : 56) <= p->size;
    requires \valid(ph) && \separated(ph, p);
    assigns *ph;
*/
static void
elf_read_phdr(const struct elf_parser *p, unsigned int i, elf64_phdr_t *ph)
{
    elf32_phdr_t h;

    if (!p->is32) {
        elf_read(p, ph, p->eh.e_phoff + (uint64_t)i * sizeof(*ph), sizeof(*ph));
        return;
    }
    elf_read(p, &h, p->eh.e_phoff + (uint64_t)i * sizeof(h), sizeof(h));
    ph->p_type = h.p_type;
    ph->p_flags = h.p_flags;
    ph->p_offset = h.p_offset;
    ph->p_vaddr = h.p_vaddr;
    ph->p_paddr = h.p_paddr;
    ph->p_filesz = h.p_filesz;
    ph->p_memsz = h.p_memsz;
    ph->p_align = h.p_align;
}

static int
elf_check_wrap(struct elf_parser *p, unsigned int i, const char *what,
               uint64_t addr, uint64_t len)
{
    if (len > UINT64_MAX - addr)
        return elf_fail(p, -EOVERFLOW, "program header %u: %s range "
                        "[%#llx, +%#llx) wraps around the 64-bit address "
                        "space", i, what, (ull)addr, (ull)len);
    return 0;
}

static int
elf_add_load(struct elf_parser *p, unsigned int i, const elf64_phdr_t *ph)
{
    struct elf_info *info = p->info;
    struct elf_segment *s;
    int rc;

    if (!elf_range_ok(p->size, ph->p_offset, ph->p_filesz))
        return elf_fail(p, -EINVAL, "program header %u: file range [%#llx, "
                        "+%#llx) is outside the %#zx-byte image", i,
                        (ull)ph->p_offset, (ull)ph->p_filesz, p->size);
    if (ph->p_filesz > ph->p_memsz)
        return elf_fail(p, -EINVAL, "program header %u: p_filesz %#llx is "
                        "larger than p_memsz %#llx", i, (ull)ph->p_filesz,
                        (ull)ph->p_memsz);
    if ((rc = elf_check_wrap(p, i, "virtual", ph->p_vaddr, ph->p_memsz)) ||
        (rc = elf_check_wrap(p, i, "physical", ph->p_paddr, ph->p_memsz)))
        return rc;
    if (ph->p_memsz == 0)
        return 0;       /* occupies nothing */
    if (info->nr_segments == ELF_MAX_SEGMENTS)
        return elf_fail(p, -E2BIG, "program header %u: more than %u non-empty "
                        "PT_LOAD segments", i, ELF_MAX_SEGMENTS);
    s = &info->seg[info->nr_segments++];
    s->offset = ph->p_offset;
    s->filesz = ph->p_filesz;
    s->memsz = ph->p_memsz;
    s->vaddr = ph->p_vaddr;
    s->paddr = ph->p_paddr;
    s->flags = ph->p_flags;
    s->phdr_index = i;
    return 0;
}

static int
elf_scan_phdrs(struct elf_parser *p)
{
    elf64_phdr_t ph;
    int rc;

    /*@ loop invariant bound: 0 <= i <= p->eh.e_phnum; */
    for (unsigned int i = 0; i < p->eh.e_phnum; i++) {
        elf_read_phdr(p, i, &ph);
        if (ph.p_type == ELF_PT_LOAD && (rc = elf_add_load(p, i, &ph)) != 0)
            return rc;
    }
    if (p->info->nr_segments == 0)
        return elf_fail(p, -EINVAL, "no PT_LOAD segment with p_memsz > 0: "
                        "nothing to load");
    return 0;
}

/* ---- 3. Xen notes ----------------------------------------------------- */

enum elf_note_kind { NOTE_IGNORED, NOTE_NUMERIC, NOTE_STRING, NOTE_FEATURES };

struct elf_note_desc {
    const char *name;
    uint8_t kind;
    uint16_t field;     /* offsetof(struct elf_xen_notes, ...) */
};

#define NOTE_NUM(t, f) [XEN_ELFNOTE_##t] = \
    { #t, NOTE_NUMERIC, offsetof(struct elf_xen_notes, f) }
#define NOTE_STR(t, f) [XEN_ELFNOTE_##t] = \
    { #t, NOTE_STRING, offsetof(struct elf_xen_notes, f) }

_Static_assert(XEN_ELFNOTE_MAX < 64, "present has a bit per note type");

static const struct elf_note_desc elf_note_table[] = {
    NOTE_NUM(ENTRY, entry),
    NOTE_NUM(HYPERCALL_PAGE, hypercall_page),
    NOTE_NUM(VIRT_BASE, virt_base),
    NOTE_NUM(PADDR_OFFSET, paddr_offset),
    NOTE_STR(XEN_VERSION, xen_version),
    NOTE_STR(GUEST_OS, guest_os),
    NOTE_STR(GUEST_VERSION, guest_version),
    NOTE_STR(LOADER, loader),
    NOTE_STR(PAE_MODE, pae_mode),
    [XEN_ELFNOTE_FEATURES] = { "FEATURES", NOTE_FEATURES, 0 },
    NOTE_NUM(HV_START_LOW, hv_start_low),
    NOTE_NUM(SUSPEND_CANCEL, suspend_cancel),
    NOTE_NUM(INIT_P2M, init_p2m),
    NOTE_NUM(MOD_START_PFN, mod_start_pfn),
    /* SUPPORTED_FEATURES and PHYS32_ENTRY are numeric but have their own
       destination types, see elf_note_numeric(). */
    [XEN_ELFNOTE_SUPPORTED_FEATURES] = { "SUPPORTED_FEATURES", NOTE_NUMERIC,
                                         0 },
    [XEN_ELFNOTE_PHYS32_ENTRY] = { "PHYS32_ENTRY", NOTE_NUMERIC, 0 },
    /* INFO, BSD_SYMTAB, L1_MFN_VALID, PHYS32_RELOC: accepted, ignored. */
};

/* FEATURES names, indexed by XENFEAT_* bit. */
static const char *const elf_feature_names[] = {
    [XENFEAT_writable_page_tables] = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XENFEAT_mmu_pt_update_preserve_ad] = "mmu_pt_update_preserve_ad",
    [XENFEAT_highmem_assist] = "highmem_assist",
    [XENFEAT_gnttab_map_avail_bits] = "gnttab_map_avail_bits",
    [XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XENFEAT_hvm_safe_pvclock] = "hvm_safe_pvclock",
    [XENFEAT_hvm_pirqs] = "hvm_pirqs",
    [XENFEAT_dom0] = "dom0",
    [XENFEAT_memory_op_vnode_supported] = "memory_op_vnode_supported",
    [XENFEAT_ARM_SMCCC_supported] = "ARM_SMCCC_supported",
    [XENFEAT_linux_rsdp_unrestricted] = "linux_rsdp_unrestricted",
    [XENFEAT_not_direct_mapped] = "not_direct_mapped",
    [XENFEAT_direct_mapped] = "direct_mapped",
    [XENFEAT_runstate_phys_area] = "runstate_phys_area",
    [XENFEAT_vcpu_time_phys_area] = "vcpu_time_phys_area",
    [XENFEAT_dm_msix_all_writes] = "dm_msix_all_writes",
};
_Static_assert(ARRAY_SIZE(elf_feature_names) <= 32,
               "features fit the 32-bit submap 0");

int
elf_xen_feature_bit(const char *name, size_t len)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(elf_feature_names); i++) {
        const char *f = elf_feature_names[i];

        if (f != NULL && strlen(f) == len && memcmp(f, name, len) == 0)
            return (int)i;
    }
    return -1;
}

/* Where notes come from, for messages: "program header 3" / "section 7". */
struct elf_note_area {
    const char *kind;
    unsigned int index;
    uint64_t off;
    uint64_t len;
    uint64_t align;     /* 4 or 8 */
};

static int
elf_note_numeric(struct elf_parser *p, const struct elf_note_area *a,
                 uint32_t type, uint64_t desc_off, uint32_t descsz)
{
    struct elf_xen_notes *xn = &p->info->xen;
    const struct elf_note_desc *d = &elf_note_table[type];
    uint64_t v = 0;

    /* Xen's libelf reads 1, 2, 4 or 8 bytes; guests use 4 (32-bit
       .long) or 8 (.quad). */
    if (descsz != 1 && descsz != 2 && descsz != 4 && descsz != 8)
        return elf_fail(p, -EINVAL, "%s %u: note %s has a %u-byte value "
                        "(expected 1, 2, 4 or 8)", a->kind, a->index,
                        d->name, descsz);
    elf_read(p, &v, desc_off, descsz);
    if (type == XEN_ELFNOTE_PHYS32_ENTRY) {
        if (v > UINT32_MAX)
            return elf_fail(p, -ERANGE, "%s %u: PHYS32_ENTRY %#llx is above "
                            "4 GiB", a->kind, a->index, (ull)v);
        xn->phys32_entry = (uint32_t)v;
    } else if (type == XEN_ELFNOTE_SUPPORTED_FEATURES) {
        xn->features_supported |= (uint32_t)v;  /* submap 0 only */
    } else {
        memcpy((uint8_t *)xn + d->field, &v, sizeof(v));
    }
    return 0;
}

/* One FEATURES entry "name" or "!name" (required). */
static int
elf_feature_token(struct elf_parser *p, const struct elf_note_area *a,
                  const char *tok, size_t len)
{
    struct elf_xen_notes *xn = &p->info->xen;
    bool required = len > 0 && tok[0] == '!';
    int bit;

    if (required) {
        tok++;
        len--;
    }
    if (len == 0)
        return 0;       /* "a||b", trailing '|': nothing to add */
    bit = elf_xen_feature_bit(tok, len);
    if (bit < 0)
        return elf_fail(p, -EINVAL, "%s %u: FEATURES names unknown feature "
                        "'%.*s'", a->kind, a->index,
                        (int)(len > 64 ? 64 : len), tok);
    xn->features_supported |= 1u << bit;
    if (required)
        xn->features_required |= 1u << bit;
    return 0;
}

static int
elf_note_features(struct elf_parser *p, const struct elf_note_area *a,
                  uint64_t desc_off, uint32_t descsz)
{
    const char *s = (const char *)p->img + desc_off;
    size_t len = strnlen(s, descsz), start = 0;
    int rc;

    /*@ loop invariant bound: start <= i <= len; */
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '|')
            continue;
        if ((rc = elf_feature_token(p, a, s + start, i - start)) != 0)
            return rc;
        start = i + 1;
    }
    return 0;
}

static int
elf_note_string(struct elf_parser *p, const struct elf_note_area *a,
                uint32_t type, uint64_t desc_off, uint32_t descsz)
{
    const struct elf_note_desc *d = &elf_note_table[type];
    char *dst = (char *)&p->info->xen + d->field;
    size_t len = strnlen((const char *)p->img + desc_off, descsz);

    if (len >= ELF_NOTE_STR_MAX)
        return elf_fail(p, -E2BIG, "%s %u: note %s is a %zu-byte string, "
                        "longer than the %u bytes kept", a->kind, a->index,
                        d->name, len, ELF_NOTE_STR_MAX - 1);
    elf_read(p, dst, desc_off, len);
    dst[len] = '\0';
    return 0;
}

static int
elf_xen_note(struct elf_parser *p, const struct elf_note_area *a,
             uint32_t type, uint64_t desc_off, uint32_t descsz)
{
    uint8_t kind = NOTE_IGNORED;

    p->xen_notes_seen = true;
    if (type < ARRAY_SIZE(elf_note_table))
        kind = elf_note_table[type].kind;
    if (kind == NOTE_IGNORED)
        return 0;       /* INFO, BSD_SYMTAB, ..., or newer than us */
    p->info->xen.present |= ELF_XEN_NOTE_BIT(type);
    switch (kind) {
    case NOTE_NUMERIC:
        return elf_note_numeric(p, a, type, desc_off, descsz);
    case NOTE_STRING:
        return elf_note_string(p, a, type, desc_off, descsz);
    default:
        return elf_note_features(p, a, desc_off, descsz);
    }
}

static bool
elf_note_is_xen(const struct elf_parser *p, uint64_t name_off, uint32_t namesz)
{
    /* "Xen" with its NUL, as the ELFNOTE() assembler macros emit it. */
    return namesz == 4 && memcmp(p->img + name_off, "Xen", 4) == 0;
}

/* Walk the notes of one area; Xen notes go to p->info->xen. */
static int
elf_scan_note_area(struct elf_parser *p, const struct elf_note_area *a)
{
    elf_note_hdr_t nh;
    uint64_t pos = 0, name_at, desc_at;
    int rc;

    if (!elf_range_ok(p->size, a->off, a->len))
        return elf_fail(p, -EINVAL, "%s %u: note range [%#llx, +%#llx) is "
                        "outside the %#zx-byte image", a->kind, a->index,
                        (ull)a->off, (ull)a->len, p->size);
    if (a->off % a->align != 0)
        return elf_fail(p, -EINVAL, "%s %u: notes at offset %#llx are not "
                        "%llu-byte aligned", a->kind, a->index, (ull)a->off,
                        (ull)a->align);
    /*@ loop invariant bound: pos <= a->len + a->align; */
    while (pos < a->len) {
        if (a->len - pos < sizeof(nh))
            return elf_fail(p, -EINVAL, "%s %u: truncated note header at "
                            "offset %#llx (%llu bytes left, 12 needed)",
                            a->kind, a->index, (ull)(a->off + pos),
                            (ull)(a->len - pos));
        elf_read(p, &nh, a->off + pos, sizeof(nh));
        name_at = pos + sizeof(nh);
        if (nh.n_namesz > a->len - name_at)
            return elf_fail(p, -EINVAL, "%s %u: note at offset %#llx: namesz "
                            "%#x runs past the end of the notes", a->kind,
                            a->index, (ull)(a->off + pos), nh.n_namesz);
        /* The descriptor starts at the next aligned offset after the
           name, counted from the note header (what matters for 8). */
        desc_at = pos + elf_align_up(sizeof(nh) + nh.n_namesz, a->align);
        if (desc_at > a->len || nh.n_descsz > a->len - desc_at)
            return elf_fail(p, -EINVAL, "%s %u: note at offset %#llx: descsz "
                            "%#x runs past the end of the notes", a->kind,
                            a->index, (ull)(a->off + pos), nh.n_descsz);
        if (elf_note_is_xen(p, a->off + name_at, nh.n_namesz) &&
            (rc = elf_xen_note(p, a, nh.n_type, a->off + desc_at,
                               nh.n_descsz)) != 0)
            return rc;
        pos = desc_at + elf_align_up(nh.n_descsz, a->align);
    }
    return 0;
}

/* ELF64 notes are 4-aligned on x86-64; an area aligned to 8 pads to 8. */
static uint64_t
elf_note_align(uint64_t align)
{
    return align == 8 ? 8 : ELF_NOTE_MIN_ALIGN;
}

static int
elf_scan_phdr_notes(struct elf_parser *p)
{
    struct elf_note_area a = { .kind = "program header" };
    elf64_phdr_t ph;
    int rc;

    for (unsigned int i = 0; i < p->eh.e_phnum; i++) {
        elf_read_phdr(p, i, &ph);
        if (ph.p_type != ELF_PT_NOTE)
            continue;
        a.index = i;
        a.off = ph.p_offset;
        a.len = ph.p_filesz;
        a.align = elf_note_align(ph.p_align);
        if ((rc = elf_scan_note_area(p, &a)) != 0)
            return rc;
    }
    return 0;
}

/* Section headers are read only when the program headers have no Xen
   notes: a loader that needs nothing from them does not judge them. */
static int
elf_check_shdr_table(struct elf_parser *p)
{
    const elf64_ehdr_t *eh = &p->eh;

    if (eh->e_shnum == 0)
        return 0;
    if (eh->e_shentsize != elf_shent_size(p))
        return elf_fail(p, -EINVAL, "e_shentsize is %u, not %zu",
                        eh->e_shentsize, elf_shent_size(p));
    if (eh->e_shnum > ELF_MAX_SHDRS)
        return elf_fail(p, -E2BIG, "e_shnum is %u: more than the %u section "
                        "headers the loader scans for notes", eh->e_shnum,
                        ELF_MAX_SHDRS);
    if (!elf_range_ok(p->size, eh->e_shoff,
                      (uint64_t)eh->e_shnum * elf_shent_size(p)))
        return elf_fail(p, -EINVAL, "section header table [%#llx, +%#llx) is "
                        "outside the %#zx-byte image", (ull)eh->e_shoff,
                        (ull)eh->e_shnum * elf_shent_size(p), p->size);
    return 0;
}

/*@ requires \valid_read(p) && elf_image_readable((uint8_t *)p->img, p->size);
    requires table_in_image: i < p->eh.e_shnum &&
        p->eh.e_shoff + p->eh.e_shnum * (p->is32 ? 40 : 64) <= p->size;
    requires \valid(sh) && \separated(sh, p);
    assigns *sh;
*/
static void
elf_read_shdr(const struct elf_parser *p, unsigned int i, elf64_shdr_t *sh)
{
    elf32_shdr_t h;

    if (!p->is32) {
        elf_read(p, sh, p->eh.e_shoff + (uint64_t)i * sizeof(*sh), sizeof(*sh));
        return;
    }
    elf_read(p, &h, p->eh.e_shoff + (uint64_t)i * sizeof(h), sizeof(h));
    sh->sh_name = h.sh_name;
    sh->sh_type = h.sh_type;
    sh->sh_flags = h.sh_flags;
    sh->sh_addr = h.sh_addr;
    sh->sh_offset = h.sh_offset;
    sh->sh_size = h.sh_size;
    sh->sh_link = h.sh_link;
    sh->sh_info = h.sh_info;
    sh->sh_addralign = h.sh_addralign;
    sh->sh_entsize = h.sh_entsize;
}

static int
elf_scan_section_notes(struct elf_parser *p)
{
    struct elf_note_area a = { .kind = "section" };
    elf64_shdr_t sh;
    int rc;

    if ((rc = elf_check_shdr_table(p)) != 0)
        return rc;
    for (unsigned int i = 0; i < p->eh.e_shnum; i++) {
        elf_read_shdr(p, i, &sh);
        if (sh.sh_type != ELF_SHT_NOTE)
            continue;
        a.index = i;
        a.off = sh.sh_offset;
        a.len = sh.sh_size;
        a.align = elf_note_align(sh.sh_addralign);
        if ((rc = elf_scan_note_area(p, &a)) != 0)
            return rc;
    }
    return 0;
}

/* Is there a section called name?  Only asked to explain a refusal, so an
   unreadable string table just answers no. */
static bool
elf_has_section(const struct elf_parser *p, const char *name)
{
    size_t n = strlen(name) + 1;
    elf64_shdr_t strtab, sh;
    char buf[32];

    if (p->eh.e_shnum == 0 || p->eh.e_shstrndx >= p->eh.e_shnum ||
        n > sizeof(buf))
        return false;
    elf_read_shdr(p, p->eh.e_shstrndx, &strtab);
    if (!elf_range_ok(p->size, strtab.sh_offset, strtab.sh_size))
        return false;
    for (unsigned int i = 0; i < p->eh.e_shnum; i++) {
        elf_read_shdr(p, i, &sh);
        if (!elf_range_ok(strtab.sh_size, sh.sh_name, n))
            continue;
        elf_read(p, buf, strtab.sh_offset + sh.sh_name, n);
        if (memcmp(buf, name, n) == 0)
            return true;
    }
    return false;
}

static int
elf_find_notes(struct elf_parser *p)
{
    int rc;

    if ((rc = elf_scan_phdr_notes(p)) != 0 || p->xen_notes_seen)
        return rc;
    if ((rc = elf_scan_section_notes(p)) != 0)
        return rc;
    if (p->xen_notes_seen) {
        p->info->notes_from_sections = true;
        return 0;
    }
    if (elf_has_section(p, "__xen_guest"))
        return elf_fail(p, -ENOEXEC, "legacy __xen_guest section is not "
                        "supported: use Xen ELF notes");
    return elf_fail(p, -ENOEXEC, "no Xen ELF notes (PT_NOTE or SHT_NOTE "
                    "named \"Xen\"): not a Xen guest kernel");
}

/* ---- 4. Xen note meaning ---------------------------------------------- */

static bool
elf_note_present(const struct elf_parser *p, unsigned int type)
{
    return (p->info->xen.present & ELF_XEN_NOTE_BIT(type)) != 0;
}

static int
elf_check_xen(struct elf_parser *p)
{
    struct elf_info *info = p->info;
    const struct elf_xen_notes *xn = &info->xen;

    info->pvh = elf_note_present(p, XEN_ELFNOTE_PHYS32_ENTRY);
    if (p->is32 && !info->pvh)
        return elf_fail(p, -ENOEXEC, "a 32-bit ELF image can only be a PVH "
                        "kernel (PHYS32_ENTRY): PV guests are 64-bit");
    /* As Xen: a PVH image needs nothing else; a PV image must be built for
       the generic loader or be Linux, and for the Xen 3.0 interface. */
    if (!info->pvh && strncmp(xn->loader, "generic", 7) != 0 &&
        strncmp(xn->guest_os, "linux", 5) != 0)
        return elf_fail(p, -ENOEXEC, "not built for this loader (LOADER "
                        "\"%s\", GUEST_OS \"%s\"): need LOADER \"generic\", "
                        "GUEST_OS \"linux\", or PHYS32_ENTRY (PVH)",
                        xn->loader, xn->guest_os);
    if (!info->pvh && strncmp(xn->xen_version, "xen-3.0", 7) != 0)
        return elf_fail(p, -ENOEXEC, "XEN_VERSION \"%s\" is not \"xen-3.0\"",
                        xn->xen_version);
    if (elf_note_present(p, XEN_ELFNOTE_PADDR_OFFSET) &&
        !elf_note_present(p, XEN_ELFNOTE_VIRT_BASE))
        return elf_fail(p, -EINVAL, "PADDR_OFFSET is set but VIRT_BASE is "
                        "not");
    info->virt_base = elf_note_present(p, XEN_ELFNOTE_VIRT_BASE)
                      ? xn->virt_base : 0;
    info->paddr_offset = elf_note_present(p, XEN_ELFNOTE_PADDR_OFFSET)
                         ? xn->paddr_offset : 0;
    return 0;
}

/* ---- 5. load addresses ------------------------------------------------ */

/* dest = paddr + virt_base - paddr_offset, as an exact integer in
   [0, 2^64 - memsz]. */
static int
elf_place_segment(struct elf_parser *p, struct elf_segment *s)
{
    uint64_t vb = p->info->virt_base, po = p->info->paddr_offset;
    bool ok;

    if (vb >= po) {
        ok = s->paddr <= UINT64_MAX - (vb - po);
        s->dest = s->paddr + (vb - po);
    } else {
        ok = s->paddr >= po - vb;
        s->dest = s->paddr - (po - vb);
    }
    if (!ok || s->memsz > UINT64_MAX - s->dest)
        return elf_fail(p, -EOVERFLOW, "program header %u: load address "
                        "p_paddr %#llx + VIRT_BASE %#llx - PADDR_OFFSET %#llx "
                        "(+%#llx bytes) is outside the 64-bit address space",
                        s->phdr_index, (ull)s->paddr, (ull)vb, (ull)po,
                        (ull)s->memsz);
    return 0;
}

static void
elf_sort_segments(struct elf_info *info)
{
    for (unsigned int i = 1; i < info->nr_segments; i++) {
        struct elf_segment s = info->seg[i];
        unsigned int j = i;

        for (; j > 0 && info->seg[j - 1].dest > s.dest; j--)
            info->seg[j] = info->seg[j - 1];
        info->seg[j] = s;
    }
}

static int
elf_place_segments(struct elf_parser *p)
{
    struct elf_info *info = p->info;
    const struct elf_segment *a, *b;
    int rc;

    for (unsigned int i = 0; i < info->nr_segments; i++)
        if ((rc = elf_place_segment(p, &info->seg[i])) != 0)
            return rc;
    elf_sort_segments(info);
    for (unsigned int i = 1; i < info->nr_segments; i++) {
        a = &info->seg[i - 1];
        b = &info->seg[i];
        if (a->dest + a->memsz > b->dest)
            return elf_fail(p, -EINVAL, "program headers %u and %u: segments "
                            "[%#llx, +%#llx) and [%#llx, +%#llx) overlap",
                            a->phdr_index, b->phdr_index, (ull)a->dest,
                            (ull)a->memsz, (ull)b->dest, (ull)b->memsz);
    }
    info->virt_kstart = info->seg[0].dest;
    a = &info->seg[info->nr_segments - 1];
    info->virt_kend = a->dest + a->memsz;
    if (info->virt_base > info->virt_kstart)
        return elf_fail(p, -ERANGE, "VIRT_BASE %#llx is above the lowest load "
                        "address %#llx", (ull)info->virt_base,
                        (ull)info->virt_kstart);
    return 0;
}

/* ---- 6. entry points -------------------------------------------------- */

/* The segment holding [addr, addr + len) in guest virtual space, or NULL. */
static const struct elf_segment *
elf_segment_at(const struct elf_info *info, uint64_t addr, uint64_t len)
{
    for (unsigned int i = 0; i < info->nr_segments; i++) {
        const struct elf_segment *s = &info->seg[i];

        if (addr >= s->dest && len <= s->memsz &&
            addr - s->dest <= s->memsz - len)
            return s;
    }
    return NULL;
}

static int
elf_check_entry(struct elf_parser *p, const char *what, uint64_t vaddr,
                uint64_t shown)
{
    const struct elf_segment *s = elf_segment_at(p->info, vaddr, 1);

    if (s == NULL)
        return elf_fail(p, -ERANGE, "%s %#llx is outside every loaded "
                        "segment", what, (ull)shown);
    if (!(s->flags & ELF_PF_X))
        return elf_fail(p, -EINVAL, "%s %#llx is in program header %u, which "
                        "is not executable", what, (ull)shown, s->phdr_index);
    return 0;
}

static int
elf_check_hypercall_page(struct elf_parser *p)
{
    uint64_t hc = p->info->xen.hypercall_page;

    if (!elf_note_present(p, XEN_ELFNOTE_HYPERCALL_PAGE))
        return 0;
    if (hc % ELF_HYPERCALL_PAGE_SIZE != 0)
        return elf_fail(p, -EINVAL, "HYPERCALL_PAGE %#llx is not page-aligned",
                        (ull)hc);
    if (elf_segment_at(p->info, hc, ELF_HYPERCALL_PAGE_SIZE) == NULL)
        return elf_fail(p, -ERANGE, "HYPERCALL_PAGE [%#llx, +0x1000) is not "
                        "inside one loaded segment", (ull)hc);
    return 0;
}

static int
elf_check_entries(struct elf_parser *p)
{
    struct elf_info *info = p->info;
    bool has_entry = elf_note_present(p, XEN_ELFNOTE_ENTRY);
    int rc;

    info->virt_entry = has_entry ? info->xen.entry : info->e_entry;
    if (!info->pvh && !has_entry && info->e_entry == 0)
        return elf_fail(p, -EINVAL, "no entry point: e_entry is 0 and there "
                        "is no ENTRY note");
    /* A PVH-only image need not have a usable PV entry. */
    if ((!info->pvh || has_entry) &&
        (rc = elf_check_entry(p, "entry point", info->virt_entry,
                              info->virt_entry)) != 0)
        return rc;
    /* PHYS32_ENTRY is physical: virtual = physical + VIRT_BASE. */
    if (info->pvh && info->xen.phys32_entry > UINT64_MAX - info->virt_base)
        return elf_fail(p, -ERANGE, "PHYS32_ENTRY %#x is outside every "
                        "loaded segment", info->xen.phys32_entry);
    if (info->pvh &&
        (rc = elf_check_entry(p, "PHYS32_ENTRY",
                              info->virt_base + info->xen.phys32_entry,
                              info->xen.phys32_entry)) != 0)
        return rc;
    if (elf_note_present(p, XEN_ELFNOTE_INIT_P2M) &&
        info->xen.init_p2m >= info->virt_kstart &&
        info->xen.init_p2m < info->virt_kend)
        return elf_fail(p, -EINVAL, "INIT_P2M %#llx is inside the kernel "
                        "[%#llx, %#llx)", (ull)info->xen.init_p2m,
                        (ull)info->virt_kstart, (ull)info->virt_kend);
    return elf_check_hypercall_page(p);
}

/* ---- entry points of the module --------------------------------------- */

int
elf_parse(const void *image, size_t size, struct elf_info *info, char *err,
          size_t errlen)
{
    struct elf_parser p = {
        .img = image, .size = size, .info = info,
        .err = err, .errlen = errlen,
    };
    int rc;

    memset(info, 0, sizeof(*info));
    if (errlen != 0)
        err[0] = '\0';
    if ((rc = elf_parse_ehdr(&p)) != 0 ||
        (rc = elf_scan_phdrs(&p)) != 0 ||
        (rc = elf_find_notes(&p)) != 0 ||
        (rc = elf_check_xen(&p)) != 0 ||
        (rc = elf_place_segments(&p)) != 0 ||
        (rc = elf_check_entries(&p)) != 0)
        memset(info, 0, sizeof(*info));
    return rc;
}

int
elf_load(const void *image, size_t size, const struct elf_info *info,
         elf_copy_fn copy_to_guest, elf_zero_fn zero_guest, void *ctx)
{
    const uint8_t *img = image;
    int rc;

    ASSERT(info->nr_segments <= ELF_MAX_SEGMENTS);
    for (unsigned int i = 0; i < info->nr_segments; i++) {
        const struct elf_segment *s = &info->seg[i];

        /* elf_info_valid(info, size): elf_parse accepted this image. */
        ASSERT(elf_range_ok(size, s->offset, s->filesz) &&
               s->filesz <= s->memsz);

        if (s->filesz != 0 &&
            (rc = copy_to_guest(ctx, s->dest, img + s->offset,
                                (size_t)s->filesz)) != 0)
            return rc;
        if (s->memsz > s->filesz &&
            (rc = zero_guest(ctx, s->dest + s->filesz,
                             (size_t)(s->memsz - s->filesz))) != 0)
            return rc;
    }
    return 0;
}

uint64_t
elf_paddr_of(const struct elf_info *info, uint64_t vaddr)
{
    return vaddr - info->virt_base;
}
