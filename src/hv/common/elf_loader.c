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

/* Format "ELF: <message>" into err; returns rc.  Its contract is assumed
 * (proofs/README.md): va_list formatting is not followed by WP. */
/*@ requires \valid_read(p);
    requires p->errlen == 0 || \valid(p->err + (0 .. p->errlen - 1));
    assigns p->err[0 .. p->errlen - 1];
    ensures \result == rc;
*/
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

/*
 * Reading the image: every read is one of these typed little-endian loads
 * of n bytes at an offset the caller has checked against the size (their
 * preconditions), so WP follows each read to a byte of the image.
 */
/*@ predicate elf_parser_img(struct elf_parser *p) =
        \valid_read(p) && elf_image_readable((uint8_t *)p->img, p->size);

    // What a parse step may write: the description and the error buffer.
    predicate elf_note_ctx(struct elf_parser *p) =
        elf_parser_img(p) && \valid(p) && \valid(p->info) &&
        (p->errlen == 0 || \valid(p->err + (0 .. p->errlen - 1))) &&
        \separated(p, p->info, p->err + (0 .. p->errlen - 1)) &&
        \separated(p->info, p->err + (0 .. p->errlen - 1));
*/

/*@ requires elf_parser_img(p);
    requires in_image: off < p->size;
    assigns \nothing;
    ensures \result == p->img[off];
*/
static uint8_t
elf_u8(const struct elf_parser *p, uint64_t off)
{
    return p->img[off];
}

/* n (1 .. 8) bytes at off as a little-endian number. */
/*@ requires elf_parser_img(p);
    requires 1 <= n <= 8;
    requires in_image: off <= p->size && n <= p->size - off;
    assigns \nothing;
*/
static uint64_t
elf_le(const struct elf_parser *p, uint64_t off, unsigned int n)
{
    uint64_t v = 0;

    /*@ loop invariant 0 <= k <= n;
        loop assigns k, v;
        loop variant k;
    */
    for (unsigned int k = n; k > 0; k--)
        v = v << 8 | p->img[off + k - 1];
    return v;
}

/*@ requires elf_parser_img(p);
    requires in_image: off <= p->size && 2 <= p->size - off;
    assigns \nothing;
*/
static uint16_t
elf_u16(const struct elf_parser *p, uint64_t off)
{
    return (uint16_t)elf_le(p, off, 2);
}

/*@ requires elf_parser_img(p);
    requires in_image: off <= p->size && 4 <= p->size - off;
    assigns \nothing;
*/
static uint32_t
elf_u32(const struct elf_parser *p, uint64_t off)
{
    return (uint32_t)elf_le(p, off, 4);
}

/*@ requires elf_parser_img(p);
    requires in_image: off <= p->size && 8 <= p->size - off;
    assigns \nothing;
*/
static uint64_t
elf_u64(const struct elf_parser *p, uint64_t off)
{
    return elf_le(p, off, 8);
}

/* Length of the NUL-terminated string at off, at most max bytes read. */
/*@ requires elf_parser_img(p);
    requires in_image: off <= p->size && max <= p->size - off;
    assigns \nothing;
    ensures \result <= max;
*/
static size_t
elf_strnlen(const struct elf_parser *p, uint64_t off, size_t max)
{
    size_t n = 0;

    /*@ loop invariant n <= max;
        loop assigns n;
        loop variant max - n;
    */
    while (n < max && p->img[off + n] != '\0')
        n++;
    return n;
}

/*@ assigns \nothing; */
static uint64_t
elf_align_up(uint64_t v, uint64_t align)
{
    return (v + align - 1) & ~(align - 1);
}

/* ---- 1. ELF header ---------------------------------------------------- */

/*@ requires \valid_read(p);
    requires p->errlen == 0 || \valid(p->err + (0 .. p->errlen - 1));
    assigns p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
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

/*@ requires \valid_read(p);
    requires p->errlen == 0 || \valid(p->err + (0 .. p->errlen - 1));
    assigns p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
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

/*@ // The program header table lies in the image (elf_check_phdr_table).
    predicate elf_phdrs_in_image(struct elf_parser *p) =
        1 <= p->eh.e_phnum <= ELF_MAX_PHDRS &&
        p->eh.e_phoff + p->eh.e_phnum * (p->is32 ? 32 : 56) <= p->size;
    predicate elf_shdrs_in_image(struct elf_parser *p) =
        p->eh.e_shnum <= ELF_MAX_SHDRS &&
        (p->eh.e_shnum == 0 ||
         p->eh.e_shoff + p->eh.e_shnum * (p->is32 ? 40 : 64) <= p->size);
*/

/*@ requires \valid_read(p);
    assigns \nothing;
    ensures \result == (p->is32 ? 32 : 56);
*/
static size_t
elf_phent_size(const struct elf_parser *p)
{
    return p->is32 ? sizeof(elf32_phdr_t) : sizeof(elf64_phdr_t);
}

/*@ requires \valid_read(p);
    assigns \nothing;
    ensures \result == (p->is32 ? 40 : 64);
*/
static size_t
elf_shent_size(const struct elf_parser *p)
{
    return p->is32 ? sizeof(elf32_shdr_t) : sizeof(elf64_shdr_t);
}

/*@ requires \valid_read(p);
    requires p->errlen == 0 || \valid(p->err + (0 .. p->errlen - 1));
    assigns p->err[0 .. p->errlen - 1];
    ensures \result == 0 ==> elf_phdrs_in_image(p);
    ensures sign: \result <= 0;
*/
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

/* The ELF header at offset 0 into p->eh (an ELF32 one widened). */
/*@ requires elf_parser_img(p) && \valid(p);
    requires in_image: p->size >= (p->is32 ? 52 : 64);
    assigns p->eh;
*/
static void
elf_read_ehdr(struct elf_parser *p)
{
    /*@ loop invariant 0 <= i <= ELF_EI_NIDENT;
        loop assigns i, p->eh.e_ident[0 .. ELF_EI_NIDENT - 1];
        loop variant ELF_EI_NIDENT - i;
    */
    for (unsigned int i = 0; i < ELF_EI_NIDENT; i++)
        p->eh.e_ident[i] = elf_u8(p, i);
    p->eh.e_type = elf_u16(p, 16);
    p->eh.e_machine = elf_u16(p, 18);
    p->eh.e_version = elf_u32(p, 20);
    if (p->is32) {
        p->eh.e_entry = elf_u32(p, 24);
        p->eh.e_phoff = elf_u32(p, 28);
        p->eh.e_shoff = elf_u32(p, 32);
        p->eh.e_flags = elf_u32(p, 36);
        p->eh.e_ehsize = elf_u16(p, 40);
        p->eh.e_phentsize = elf_u16(p, 42);
        p->eh.e_phnum = elf_u16(p, 44);
        p->eh.e_shentsize = elf_u16(p, 46);
        p->eh.e_shnum = elf_u16(p, 48);
        p->eh.e_shstrndx = elf_u16(p, 50);
    } else {
        p->eh.e_entry = elf_u64(p, 24);
        p->eh.e_phoff = elf_u64(p, 32);
        p->eh.e_shoff = elf_u64(p, 40);
        p->eh.e_flags = elf_u32(p, 48);
        p->eh.e_ehsize = elf_u16(p, 52);
        p->eh.e_phentsize = elf_u16(p, 54);
        p->eh.e_phnum = elf_u16(p, 56);
        p->eh.e_shentsize = elf_u16(p, 58);
        p->eh.e_shnum = elf_u16(p, 60);
        p->eh.e_shstrndx = elf_u16(p, 62);
    }
}

/*@ requires elf_parser_img(p) && \valid(p);
    requires \valid(p->info);
    requires p->errlen == 0 || \valid(p->err + (0 .. p->errlen - 1));
    requires \separated(p, p->info, p->err + (0 .. p->errlen - 1));
    requires !p->is32;
    assigns p->eh, p->is32, p->info->e_entry, p->err[0 .. p->errlen - 1];
    ensures table: \result == 0 ==> elf_phdrs_in_image(p);
    ensures sign: \result <= 0;
*/
static int
elf_parse_ehdr(struct elf_parser *p)
{
    int rc;

    if (p->size >= ELF_EI_NIDENT && p->img[ELF_EI_CLASS] == ELF_ELFCLASS32 &&
        p->img[0] == 0x7f && p->img[1] == 'E' && p->img[2] == 'L' && p->img[3] == 'F') {
        if (p->size < sizeof(elf32_ehdr_t))
            return elf_fail(p, -ENOEXEC, "truncated: the %#zx-byte image is "
                            "shorter than the 52-byte ELF32 header", p->size);
        p->is32 = true;
    } else if (p->size < sizeof(elf64_ehdr_t)) {
        return elf_fail(p, -ENOEXEC, "truncated: the %#zx-byte image is "
                        "shorter than the 64-byte ELF header", p->size);
    }
    elf_read_ehdr(p);
    if ((rc = elf_check_ident(p)) != 0 || (rc = elf_check_type(p)) != 0)
        return rc;
    p->info->e_entry = p->eh.e_entry;
    return elf_check_phdr_table(p);
}

/* ---- 2. program headers ----------------------------------------------- */

/*@ requires elf_parser_img(p);
    requires table_in_image: i < p->eh.e_phnum &&
        p->eh.e_phoff + p->eh.e_phnum * (p->is32 ? 32 : 56) <= p->size;
    requires \valid(ph) && \separated(ph, p);
    assigns *ph;
*/
static void
elf_read_phdr(const struct elf_parser *p, unsigned int i, elf64_phdr_t *ph)
{
    uint64_t o = p->eh.e_phoff + (uint64_t)i * elf_phent_size(p);

    /*@ assert in_image: o + (p->is32 ? 32 : 56) <= p->size; */

    if (p->is32) {
        ph->p_type = elf_u32(p, o);
        ph->p_offset = elf_u32(p, o + 4);
        ph->p_vaddr = elf_u32(p, o + 8);
        ph->p_paddr = elf_u32(p, o + 12);
        ph->p_filesz = elf_u32(p, o + 16);
        ph->p_memsz = elf_u32(p, o + 20);
        ph->p_flags = elf_u32(p, o + 24);
        ph->p_align = elf_u32(p, o + 28);
    } else {
        ph->p_type = elf_u32(p, o);
        ph->p_flags = elf_u32(p, o + 4);
        ph->p_offset = elf_u64(p, o + 8);
        ph->p_vaddr = elf_u64(p, o + 16);
        ph->p_paddr = elf_u64(p, o + 24);
        ph->p_filesz = elf_u64(p, o + 32);
        ph->p_memsz = elf_u64(p, o + 40);
        ph->p_align = elf_u64(p, o + 48);
    }
}

/*@ requires \valid_read(p);
    requires p->errlen == 0 || \valid(p->err + (0 .. p->errlen - 1));
    assigns p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
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

/*@ // Every segment kept so far is inside the image (elf_add_load).
    predicate elf_segs_file_ok(struct elf_info *info, size_t size) =
        \forall integer k; 0 <= k < info->nr_segments ==>
            elf_segment_file_ok(&info->seg[k], size);
*/

/*@ requires elf_note_ctx(p) && \valid_read(ph);
    requires \separated(ph, p->info, p->err + (0 .. p->errlen - 1));
    requires p->info->nr_segments <= ELF_MAX_SEGMENTS;
    requires segs: elf_segs_file_ok(p->info, p->size);
    assigns p->info->nr_segments, p->info->seg[0 .. ELF_MAX_SEGMENTS - 1],
            p->err[0 .. p->errlen - 1];
    ensures p->info->nr_segments <= ELF_MAX_SEGMENTS;
    ensures segs: \result == 0 ==> elf_segs_file_ok(p->info, p->size);
    ensures sign: \result <= 0;
*/
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

/*@ requires elf_note_ctx(p) && elf_phdrs_in_image(p);
    requires p->info->nr_segments <= ELF_MAX_SEGMENTS;
    requires segs: elf_segs_file_ok(p->info, p->size);
    assigns p->info->nr_segments, p->info->seg[0 .. ELF_MAX_SEGMENTS - 1],
            p->err[0 .. p->errlen - 1];
    ensures p->info->nr_segments <= ELF_MAX_SEGMENTS;
    ensures segs: \result == 0 ==> 1 <= p->info->nr_segments &&
        elf_segs_file_ok(p->info, p->size);
    ensures sign: \result <= 0;
*/
static int
elf_scan_phdrs(struct elf_parser *p)
{
    elf64_phdr_t ph;
    int rc;

    /*@ loop invariant bound: 0 <= i <= p->eh.e_phnum;
        loop invariant p->info->nr_segments <= ELF_MAX_SEGMENTS;
        loop invariant segs: elf_segs_file_ok(p->info, p->size);
        loop assigns i, ph, rc, p->info->nr_segments,
            p->info->seg[0 .. ELF_MAX_SEGMENTS - 1], p->err[0 .. p->errlen - 1];
        loop variant p->eh.e_phnum - i;
    */
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

/* Where a note's value goes: elf_note_u64() and elf_note_str() name the
   field for each type (f below documents it). */
struct elf_note_desc {
    const char *name;
    uint8_t kind;
};

#define NOTE_NUM(t, f) [XEN_ELFNOTE_##t] = { #t, NOTE_NUMERIC }
#define NOTE_STR(t, f) [XEN_ELFNOTE_##t] = { #t, NOTE_STRING }

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
    [XEN_ELFNOTE_FEATURES] = { "FEATURES", NOTE_FEATURES },
    NOTE_NUM(HV_START_LOW, hv_start_low),
    NOTE_NUM(SUSPEND_CANCEL, suspend_cancel),
    NOTE_NUM(INIT_P2M, init_p2m),
    NOTE_NUM(MOD_START_PFN, mod_start_pfn),
    /* SUPPORTED_FEATURES and PHYS32_ENTRY are numeric but have their own
       destination types, see elf_note_numeric(). */
    [XEN_ELFNOTE_SUPPORTED_FEATURES] = { "SUPPORTED_FEATURES", NOTE_NUMERIC },
    [XEN_ELFNOTE_PHYS32_ENTRY] = { "PHYS32_ENTRY", NOTE_NUMERIC },
    /* INFO, BSD_SYMTAB, L1_MFN_VALID, PHYS32_RELOC: accepted, ignored. */
};

_Static_assert(ARRAY_SIZE(elf_note_table) == XEN_ELFNOTE_MAX,
               "the note table has an entry per type below XEN_ELFNOTE_MAX");

/* The table's entry for a note type below ARRAY_SIZE(elf_note_table):
   read through these two, so that a proof of the note handlers does not
   carry the table's initializer. */
/*@ requires type < XEN_ELFNOTE_MAX;
    assigns \nothing;
*/
static const char *
elf_note_name(uint32_t type)
{
    return elf_note_table[type].name;
}

/*@ requires type < XEN_ELFNOTE_MAX;
    assigns \nothing;
*/
static uint8_t
elf_note_kind(uint32_t type)
{
    return elf_note_table[type].kind;
}

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

/* Contract assumed (proofs/README.md): it reads name[0 .. len-1] and the
 * name table only. */
/*@ requires \valid_read(name + (0 .. len - 1));
    assigns \nothing;
    ensures -1 <= \result < 32;
*/
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

/* The 64-bit field of a numeric note type that has one, or NULL. */
/*@ requires \valid(xn);
    assigns \nothing;
    ensures \result == \null || \result == &xn->entry ||
        \result == &xn->hypercall_page || \result == &xn->virt_base ||
        \result == &xn->paddr_offset || \result == &xn->hv_start_low ||
        \result == &xn->suspend_cancel || \result == &xn->init_p2m ||
        \result == &xn->mod_start_pfn;
*/
static uint64_t *
elf_note_u64(struct elf_xen_notes *xn, uint32_t type)
{
    switch (type) {
    case XEN_ELFNOTE_ENTRY:             return &xn->entry;
    case XEN_ELFNOTE_HYPERCALL_PAGE:    return &xn->hypercall_page;
    case XEN_ELFNOTE_VIRT_BASE:         return &xn->virt_base;
    case XEN_ELFNOTE_PADDR_OFFSET:      return &xn->paddr_offset;
    case XEN_ELFNOTE_HV_START_LOW:      return &xn->hv_start_low;
    case XEN_ELFNOTE_SUSPEND_CANCEL:    return &xn->suspend_cancel;
    case XEN_ELFNOTE_INIT_P2M:          return &xn->init_p2m;
    case XEN_ELFNOTE_MOD_START_PFN:     return &xn->mod_start_pfn;
    }
    return NULL;
}

/*@ requires elf_note_ctx(p) && \valid_read(a);
    requires type < XEN_ELFNOTE_MAX;
    requires in_image: desc_off <= p->size && descsz <= p->size - desc_off;
    assigns p->info->xen, p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
static int
elf_note_numeric(struct elf_parser *p, const struct elf_note_area *a,
                 uint32_t type, uint64_t desc_off, uint32_t descsz)
{
    struct elf_xen_notes *xn = &p->info->xen;
    uint64_t v, *field;

    /* Xen's libelf reads 1, 2, 4 or 8 bytes; guests use 4 (32-bit
       .long) or 8 (.quad). */
    if (descsz != 1 && descsz != 2 && descsz != 4 && descsz != 8)
        return elf_fail(p, -EINVAL, "%s %u: note %s has a %u-byte value "
                        "(expected 1, 2, 4 or 8)", a->kind, a->index,
                        elf_note_name(type), descsz);
    v = elf_le(p, desc_off, descsz);
    if (type == XEN_ELFNOTE_PHYS32_ENTRY) {
        if (v > UINT32_MAX)
            return elf_fail(p, -ERANGE, "%s %u: PHYS32_ENTRY %#llx is above "
                            "4 GiB", a->kind, a->index, (ull)v);
        xn->phys32_entry = (uint32_t)v;
    } else if (type == XEN_ELFNOTE_SUPPORTED_FEATURES) {
        xn->features_supported |= (uint32_t)v;  /* submap 0 only */
    } else if ((field = elf_note_u64(xn, type)) != NULL) {
        *field = v;
    }
    return 0;
}

/* One FEATURES entry "name" or "!name" (required), len bytes at image
   offset off.  A name longer than the 64 bytes copied is no feature. */
/*@ requires elf_note_ctx(p) && \valid_read(a);
    requires in_image: off <= p->size && len <= p->size - off;
    assigns p->info->xen.features_supported, p->info->xen.features_required,
            p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
static int
elf_feature_token(struct elf_parser *p, const struct elf_note_area *a,
                  uint64_t off, size_t len)
{
    struct elf_xen_notes *xn = &p->info->xen;
    bool required = len > 0 && elf_u8(p, off) == '!';
    char tok[64];
    size_t n;
    int bit;

    if (required) {
        off++;
        len--;
    }
    if (len == 0)
        return 0;       /* "a||b", trailing '|': nothing to add */
    n = len > sizeof(tok) ? sizeof(tok) : len;
    /*@ loop invariant 0 <= i <= n;
        loop assigns i, tok[0 .. 63];
        loop variant n - i;
    */
    for (size_t i = 0; i < n; i++)
        tok[i] = (char)elf_u8(p, off + i);
    bit = len > sizeof(tok) ? -1 : elf_xen_feature_bit(tok, len);
    if (bit < 0)
        return elf_fail(p, -EINVAL, "%s %u: FEATURES names unknown feature "
                        "'%.*s'", a->kind, a->index, (int)n, tok);
    xn->features_supported |= 1u << bit;
    if (required)
        xn->features_required |= 1u << bit;
    return 0;
}

/*@ requires elf_note_ctx(p) && \valid_read(a);
    requires in_image: desc_off <= p->size && descsz <= p->size - desc_off;
    assigns p->info->xen.features_supported, p->info->xen.features_required,
            p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
static int
elf_note_features(struct elf_parser *p, const struct elf_note_area *a,
                  uint64_t desc_off, uint32_t descsz)
{
    size_t len = elf_strnlen(p, desc_off, descsz), start = 0;
    int rc;

    /*@ loop invariant bound: 0 <= start <= i <= len + 1 && start <= len + 1;
        loop invariant start <= i;
        loop assigns i, start, rc, p->info->xen.features_supported,
            p->info->xen.features_required, p->err[0 .. p->errlen - 1];
        loop variant len + 1 - i;
    */
    for (size_t i = 0; i <= len; i++) {
        if (i < len && elf_u8(p, desc_off + i) != '|')
            continue;
        if ((rc = elf_feature_token(p, a, desc_off + start, i - start)) != 0)
            return rc;
        start = i + 1;
    }
    return 0;
}

/* The string field of a string note type, or NULL. */
/*@ requires \valid(xn);
    assigns \nothing;
    ensures \result == \null || \result == &xn->guest_os[0] ||
        \result == &xn->guest_version[0] || \result == &xn->xen_version[0] ||
        \result == &xn->loader[0] || \result == &xn->pae_mode[0];
*/
static char *
elf_note_str(struct elf_xen_notes *xn, uint32_t type)
{
    switch (type) {
    case XEN_ELFNOTE_XEN_VERSION:       return xn->xen_version;
    case XEN_ELFNOTE_GUEST_OS:          return xn->guest_os;
    case XEN_ELFNOTE_GUEST_VERSION:     return xn->guest_version;
    case XEN_ELFNOTE_LOADER:            return xn->loader;
    case XEN_ELFNOTE_PAE_MODE:          return xn->pae_mode;
    }
    return NULL;
}

/*@ requires elf_note_ctx(p) && \valid_read(a);
    requires type < XEN_ELFNOTE_MAX;
    requires in_image: desc_off <= p->size && descsz <= p->size - desc_off;
    assigns p->info->xen, p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
static int
elf_note_string(struct elf_parser *p, const struct elf_note_area *a,
                uint32_t type, uint64_t desc_off, uint32_t descsz)
{
    char *dst = elf_note_str(&p->info->xen, type);
    size_t len = elf_strnlen(p, desc_off, descsz);

    if (len >= ELF_NOTE_STR_MAX)
        return elf_fail(p, -E2BIG, "%s %u: note %s is a %zu-byte string, "
                        "longer than the %u bytes kept", a->kind, a->index,
                        elf_note_name(type), len, ELF_NOTE_STR_MAX - 1);
    if (dst == NULL)
        return 0;       /* not a string type (the table says it is) */
    /*@ loop invariant 0 <= i <= len;
        loop assigns i, dst[0 .. ELF_NOTE_STR_MAX - 1];
        loop variant len - i;
    */
    for (size_t i = 0; i < len; i++)
        dst[i] = (char)elf_u8(p, desc_off + i);
    dst[len] = '\0';
    return 0;
}

/*@ requires elf_note_ctx(p) && \valid_read(a);
    requires in_image: desc_off <= p->size && descsz <= p->size - desc_off;
    assigns p->xen_notes_seen, p->info->xen, p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
static int
elf_xen_note(struct elf_parser *p, const struct elf_note_area *a,
             uint32_t type, uint64_t desc_off, uint32_t descsz)
{
    uint8_t kind = NOTE_IGNORED;

    p->xen_notes_seen = true;
    if (type < ARRAY_SIZE(elf_note_table))
        kind = elf_note_kind(type);
    if (kind == NOTE_IGNORED)
        return 0;       /* INFO, BSD_SYMTAB, ..., or newer than us */
    p->info->xen.present |= ELF_XEN_NOTE_BIT(type);
    if (kind == NOTE_NUMERIC)
        return elf_note_numeric(p, a, type, desc_off, descsz);
    if (kind == NOTE_STRING)
        return elf_note_string(p, a, type, desc_off, descsz);
    return elf_note_features(p, a, desc_off, descsz);
}

/*@ requires elf_parser_img(p);
    requires in_image: name_off <= p->size && namesz <= p->size - name_off;
    assigns \nothing;
*/
static bool
elf_note_is_xen(const struct elf_parser *p, uint64_t name_off, uint32_t namesz)
{
    /* "Xen" with its NUL, as the ELFNOTE() assembler macros emit it. */
    return namesz == 4 && elf_u8(p, name_off) == 'X' &&
           elf_u8(p, name_off + 1) == 'e' && elf_u8(p, name_off + 2) == 'n' &&
           elf_u8(p, name_off + 3) == '\0';
}

/* The note at offset pos of area a (pos < a->len): checked, and handed to
   elf_xen_note if it is Xen's; *next is where the next note starts. */
/*@ requires elf_note_ctx(p) && \valid_read(a) && \valid(next);
    requires \separated(a, p, p->info, p->err + (0 .. p->errlen - 1));
    requires \separated(next, a, p, p->info, p->err + (0 .. p->errlen - 1));
    requires area: a->off <= p->size && a->len <= p->size - a->off;
    requires pos < a->len;
    assigns *next, p->xen_notes_seen, p->info->xen, p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
static int
elf_scan_note(struct elf_parser *p, const struct elf_note_area *a,
              uint64_t pos, uint64_t *next)
{
    elf_note_hdr_t nh;
    uint64_t name_at, desc_at;
    int rc;

    if (a->len - pos < sizeof(nh))
        return elf_fail(p, -EINVAL, "%s %u: truncated note header at "
                        "offset %#llx (%llu bytes left, 12 needed)",
                        a->kind, a->index, (ull)(a->off + pos),
                        (ull)(a->len - pos));
    nh.n_namesz = elf_u32(p, a->off + pos);
    nh.n_descsz = elf_u32(p, a->off + pos + 4);
    nh.n_type = elf_u32(p, a->off + pos + 8);
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
    *next = desc_at + elf_align_up(nh.n_descsz, a->align);
    return 0;
}

/* Walk the notes of one area; Xen notes go to p->info->xen. */
/*@ requires elf_note_ctx(p) && \valid_read(a);
    requires \separated(a, p, p->info, p->err + (0 .. p->errlen - 1));
    requires a->align == 4 || a->align == 8;
    assigns p->xen_notes_seen, p->info->xen, p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
static int
elf_scan_note_area(struct elf_parser *p, const struct elf_note_area *a)
{
    uint64_t pos = 0;
    int rc;

    if (!elf_range_ok(p->size, a->off, a->len))
        return elf_fail(p, -EINVAL, "%s %u: note range [%#llx, +%#llx) is "
                        "outside the %#zx-byte image", a->kind, a->index,
                        (ull)a->off, (ull)a->len, p->size);
    if (a->off % a->align != 0)
        return elf_fail(p, -EINVAL, "%s %u: notes at offset %#llx are not "
                        "%llu-byte aligned", a->kind, a->index, (ull)a->off,
                        (ull)a->align);
    /*@ loop assigns pos, rc, p->xen_notes_seen, p->info->xen,
            p->err[0 .. p->errlen - 1];
    */
    while (pos < a->len)
        if ((rc = elf_scan_note(p, a, pos, &pos)) != 0)
            return rc;
    return 0;
}

/* ELF64 notes are 4-aligned on x86-64; an area aligned to 8 pads to 8. */
/*@ assigns \nothing;
    ensures \result == 4 || \result == 8;
*/
static uint64_t
elf_note_align(uint64_t align)
{
    return align == 8 ? 8 : ELF_NOTE_MIN_ALIGN;
}

/*@ requires elf_note_ctx(p) && elf_phdrs_in_image(p);
    assigns p->xen_notes_seen, p->info->xen, p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
static int
elf_scan_phdr_notes(struct elf_parser *p)
{
    struct elf_note_area a = { .kind = "program header" };
    elf64_phdr_t ph;
    int rc;

    /*@ loop invariant 0 <= i <= p->eh.e_phnum;
        loop assigns i, ph, a, rc, p->xen_notes_seen, p->info->xen,
            p->err[0 .. p->errlen - 1];
        loop variant p->eh.e_phnum - i;
    */
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
/*@ requires \valid_read(p);
    requires p->errlen == 0 || \valid(p->err + (0 .. p->errlen - 1));
    assigns p->err[0 .. p->errlen - 1];
    ensures \result == 0 ==> elf_shdrs_in_image(p);
    ensures sign: \result <= 0;
*/
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

/*@ requires elf_parser_img(p);
    requires table_in_image: i < p->eh.e_shnum &&
        p->eh.e_shoff + p->eh.e_shnum * (p->is32 ? 40 : 64) <= p->size;
    requires \valid(sh) && \separated(sh, p);
    assigns *sh;
*/
static void
elf_read_shdr(const struct elf_parser *p, unsigned int i, elf64_shdr_t *sh)
{
    uint64_t o = p->eh.e_shoff + (uint64_t)i * elf_shent_size(p);

    /*@ assert in_image: o + (p->is32 ? 40 : 64) <= p->size; */

    sh->sh_name = elf_u32(p, o);
    sh->sh_type = elf_u32(p, o + 4);
    if (p->is32) {
        sh->sh_flags = elf_u32(p, o + 8);
        sh->sh_addr = elf_u32(p, o + 12);
        sh->sh_offset = elf_u32(p, o + 16);
        sh->sh_size = elf_u32(p, o + 20);
        sh->sh_link = elf_u32(p, o + 24);
        sh->sh_info = elf_u32(p, o + 28);
        sh->sh_addralign = elf_u32(p, o + 32);
        sh->sh_entsize = elf_u32(p, o + 36);
    } else {
        sh->sh_flags = elf_u64(p, o + 8);
        sh->sh_addr = elf_u64(p, o + 16);
        sh->sh_offset = elf_u64(p, o + 24);
        sh->sh_size = elf_u64(p, o + 32);
        sh->sh_link = elf_u32(p, o + 40);
        sh->sh_info = elf_u32(p, o + 44);
        sh->sh_addralign = elf_u64(p, o + 48);
        sh->sh_entsize = elf_u64(p, o + 56);
    }
}

/*@ requires elf_note_ctx(p);
    assigns p->xen_notes_seen, p->info->xen, p->err[0 .. p->errlen - 1];
    ensures \result == 0 ==> elf_shdrs_in_image(p);
    ensures sign: \result <= 0;
*/
static int
elf_scan_section_notes(struct elf_parser *p)
{
    struct elf_note_area a = { .kind = "section" };
    elf64_shdr_t sh;
    int rc;

    if ((rc = elf_check_shdr_table(p)) != 0)
        return rc;
    /*@ loop invariant 0 <= i <= p->eh.e_shnum;
        loop invariant elf_shdrs_in_image(p);
        loop assigns i, sh, a, rc, p->xen_notes_seen, p->info->xen,
            p->err[0 .. p->errlen - 1];
        loop variant p->eh.e_shnum - i;
    */
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

/* Are the n bytes at image offset off those of name? */
/*@ requires elf_parser_img(p) && \valid_read(name + (0 .. n - 1));
    requires in_image: off <= p->size && n <= p->size - off;
    assigns \nothing;
*/
static bool
elf_image_is(const struct elf_parser *p, uint64_t off, const char *name,
             size_t n)
{
    /*@ loop invariant 0 <= k <= n;
        loop assigns k;
        loop variant n - k;
    */
    for (size_t k = 0; k < n; k++)
        if (elf_u8(p, off + k) != (uint8_t)name[k])
            return false;
    return true;
}

/* Is there a section called name (n bytes with its NUL, at most 32)?  Only
   asked to explain a refusal, so an unreadable string table just answers
   no. */
/*@ requires elf_parser_img(p) && elf_shdrs_in_image(p);
    requires \valid_read(name + (0 .. n - 1));
    assigns \nothing;
*/
static bool
elf_has_section(const struct elf_parser *p, const char *name, size_t n)
{
    elf64_shdr_t strtab, sh;

    if (p->eh.e_shnum == 0 || p->eh.e_shstrndx >= p->eh.e_shnum || n > 32)
        return false;
    elf_read_shdr(p, p->eh.e_shstrndx, &strtab);
    if (!elf_range_ok(p->size, strtab.sh_offset, strtab.sh_size))
        return false;
    /*@ loop invariant 0 <= i <= p->eh.e_shnum;
        loop assigns i, sh;
        loop variant p->eh.e_shnum - i;
    */
    for (unsigned int i = 0; i < p->eh.e_shnum; i++) {
        elf_read_shdr(p, i, &sh);
        if (!elf_range_ok(strtab.sh_size, sh.sh_name, n))
            continue;
        if (elf_image_is(p, strtab.sh_offset + sh.sh_name, name, n))
            return true;
    }
    return false;
}

static const char elf_xen_guest[] = "__xen_guest";

/*@ requires elf_note_ctx(p) && elf_phdrs_in_image(p);
    assigns p->xen_notes_seen, p->info->xen, p->info->notes_from_sections,
            p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
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
    if (elf_has_section(p, elf_xen_guest, sizeof(elf_xen_guest)))
        return elf_fail(p, -ENOEXEC, "legacy __xen_guest section is not "
                        "supported: use Xen ELF notes");
    return elf_fail(p, -ENOEXEC, "no Xen ELF notes (PT_NOTE or SHT_NOTE "
                    "named \"Xen\"): not a Xen guest kernel");
}

/* ---- 4. Xen note meaning ---------------------------------------------- */

/*@ requires \valid_read(p) && \valid_read(p->info);
    requires type < 64;
    assigns \nothing;
*/
static bool
elf_note_present(const struct elf_parser *p, unsigned int type)
{
    return (p->info->xen.present & ELF_XEN_NOTE_BIT(type)) != 0;
}

static const char elf_loader_generic[] = "generic";
static const char elf_os_linux[] = "linux";
static const char elf_xen_30[] = "xen-3.0";

/* The string note f begins with the n characters of name (strncmp(f,
   name, n) == 0 for a name without NUL in its first n bytes). */
/*@ requires \valid_read(f + (0 .. ELF_NOTE_STR_MAX - 1));
    requires n <= ELF_NOTE_STR_MAX && \valid_read(name + (0 .. n - 1));
    assigns \nothing;
*/
static bool
elf_note_str_is(const char *f, const char *name, size_t n)
{
    /*@ loop invariant 0 <= i <= n;
        loop assigns i;
        loop variant n - i;
    */
    for (size_t i = 0; i < n; i++)
        if (f[i] != name[i])
            return false;
    return true;
}

/*@ requires elf_note_ctx(p);
    assigns p->info->pvh, p->info->virt_base, p->info->paddr_offset,
            p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
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
    if (!info->pvh &&
        !elf_note_str_is(xn->loader, elf_loader_generic,
                         sizeof(elf_loader_generic) - 1) &&
        !elf_note_str_is(xn->guest_os, elf_os_linux, sizeof(elf_os_linux) - 1))
        return elf_fail(p, -ENOEXEC, "not built for this loader (LOADER "
                        "\"%s\", GUEST_OS \"%s\"): need LOADER \"generic\", "
                        "GUEST_OS \"linux\", or PHYS32_ENTRY (PVH)",
                        xn->loader, xn->guest_os);
    if (!info->pvh &&
        !elf_note_str_is(xn->xen_version, elf_xen_30, sizeof(elf_xen_30) - 1))
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
/*@ requires elf_note_ctx(p);
    requires \valid(s) && \separated(s, p, p->err + (0 .. p->errlen - 1));
    assigns s->dest, p->err[0 .. p->errlen - 1];
    ensures placed: \result == 0 ==> s->dest <= 0xffffffffffffffff - s->memsz;
    ensures sign: \result <= 0;
*/
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

/*@ // elf_segment_ok of a segment's value (the sort moves values).
    predicate elf_seg_ok(struct elf_segment s, size_t size) =
        s.offset <= size && s.filesz <= size - s.offset &&
        s.filesz <= s.memsz && s.memsz > 0 &&
        s.dest <= 0xffffffffffffffff - s.memsz;
*/

/* info->seg[to] = v, field by field (the same bytes: no padding): WP
   follows each store and frames the other segments through them, which
   it could not do for a struct copy (a block havoc).  Every segment below
   n stays elf_segment_ok when v is. */
/*@ requires \valid(info) && to < n <= ELF_MAX_SEGMENTS;
    requires v_ok: elf_seg_ok(v, size);
    requires ok: \forall integer k; 0 <= k < n ==>
        elf_segment_ok(&info->seg[k], size);
    assigns info->seg[to];
    ensures ok: \forall integer k; 0 <= k < n ==>
        elf_segment_ok(&info->seg[k], size);
*/
static void
elf_seg_put(struct elf_info *info, unsigned int to, struct elf_segment v,
            size_t size, unsigned int n)
{
    struct elf_segment *d = &info->seg[to];

    (void)size, (void)n;
    d->offset = v.offset, d->filesz = v.filesz, d->memsz = v.memsz;
    d->vaddr = v.vaddr, d->paddr = v.paddr, d->dest = v.dest;
    d->flags = v.flags, d->phdr_index = v.phdr_index;
    /*@ assert put: elf_segment_ok(&info->seg[to], size); */
    /*@ assert kept: \forall integer k; 0 <= k < n && k != to ==>
            \at(elf_segment_ok(&info->seg[k], size), Pre) ==>
            elf_segment_ok(&info->seg[k], size);
    */
}

/* Insertion sort by dest.  Segments only move, so each stays as good as
   it was (size: the image's, for the contract). */
/*@ requires \valid(info) && info->nr_segments <= ELF_MAX_SEGMENTS;
    requires ok: elf_info_valid(info, size);
    assigns info->seg[0 .. ELF_MAX_SEGMENTS - 1];
    ensures ok: elf_info_valid(info, size);
*/
static void
elf_sort_segments(struct elf_info *info, size_t size)
{
    unsigned int n = info->nr_segments;

    /*@ loop invariant bound: 1 <= i <= n;
        loop invariant ok: \forall integer k; 0 <= k < n ==>
            elf_segment_ok(&info->seg[k], size);
        loop assigns i, info->seg[0 .. ELF_MAX_SEGMENTS - 1];
        loop variant n - i;
    */
    for (unsigned int i = 1; i < n; i++) {
        struct elf_segment s = info->seg[i];
        unsigned int j = i;

        /*@ assert s_ok: elf_seg_ok(s, size); */
        /*@ loop invariant bound: 0 <= j <= i;
            loop invariant ok: \forall integer k; 0 <= k < n ==>
                elf_segment_ok(&info->seg[k], size);
            loop assigns j, info->seg[0 .. ELF_MAX_SEGMENTS - 1];
            loop variant j;
        */
        for (; j > 0 && info->seg[j - 1].dest > s.dest; j--) {
            /*@ assert prev: elf_seg_ok(info->seg[j - 1], size); */
            elf_seg_put(info, j, info->seg[j - 1], size, n);
        }
        elf_seg_put(info, j, s, size, n);
    }
}

/*@ requires elf_note_ctx(p);
    requires nr: 1 <= p->info->nr_segments <= ELF_MAX_SEGMENTS;
    requires segs: elf_segs_file_ok(p->info, p->size);
    assigns p->info->seg[0 .. ELF_MAX_SEGMENTS - 1], p->info->virt_kstart,
            p->info->virt_kend, p->err[0 .. p->errlen - 1];
    ensures valid: \result == 0 ==> elf_info_valid(p->info, p->size);
    ensures sign: \result <= 0;
*/
static int
elf_place_segments(struct elf_parser *p)
{
    struct elf_info *info = p->info;
    const struct elf_segment *a, *b;
    int rc;

    /*@ loop invariant bound: 0 <= i <= info->nr_segments;
        loop invariant placed: \forall integer k; 0 <= k < i ==>
            elf_segment_ok(&info->seg[k], p->size);
        loop invariant file: \forall integer k; i <= k < info->nr_segments ==>
            elf_segment_file_ok(&info->seg[k], p->size);
        loop assigns i, rc, info->seg[0 .. ELF_MAX_SEGMENTS - 1].dest,
            p->err[0 .. p->errlen - 1];
        loop variant info->nr_segments - i;
    */
    for (unsigned int i = 0; i < info->nr_segments; i++)
        if ((rc = elf_place_segment(p, &info->seg[i])) != 0)
            return rc;
    elf_sort_segments(info, p->size);
    /*@ loop invariant bound: 1 <= i <= info->nr_segments;
        loop assigns i, a, b;
        loop variant info->nr_segments - i;
    */
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
/*@ requires \valid_read(info) && info->nr_segments <= ELF_MAX_SEGMENTS;
    assigns \nothing;
    ensures \result == \null || \valid_read(\result);
*/
static const struct elf_segment *
elf_segment_at(const struct elf_info *info, uint64_t addr, uint64_t len)
{
    /*@ loop invariant 0 <= i <= info->nr_segments;
        loop assigns i;
        loop variant info->nr_segments - i;
    */
    for (unsigned int i = 0; i < info->nr_segments; i++) {
        const struct elf_segment *s = &info->seg[i];

        if (addr >= s->dest && len <= s->memsz &&
            addr - s->dest <= s->memsz - len)
            return s;
    }
    return NULL;
}

/*@ requires \valid_read(p) && \valid_read(p->info);
    requires p->info->nr_segments <= ELF_MAX_SEGMENTS;
    requires p->errlen == 0 || \valid(p->err + (0 .. p->errlen - 1));
    assigns p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
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

/*@ requires \valid_read(p) && \valid_read(p->info);
    requires p->info->nr_segments <= ELF_MAX_SEGMENTS;
    requires p->errlen == 0 || \valid(p->err + (0 .. p->errlen - 1));
    assigns p->err[0 .. p->errlen - 1];
    ensures sign: \result <= 0;
*/
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

/*@ requires elf_note_ctx(p);
    requires p->info->nr_segments <= ELF_MAX_SEGMENTS;
    assigns p->info->virt_entry, p->err[0 .. p->errlen - 1];
    ensures valid: \old(elf_info_valid(p->info, p->size)) ==>
        elf_info_valid(p->info, p->size);
    ensures sign: \result <= 0;
*/
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

/* *info all zero, as memset(info, 0, sizeof(*info)) but in typed stores
   that WP follows: struct elf_info has no implicit padding (elf_loader.h),
   so clearing every field clears every byte. */
/*@ requires \valid(info);
    assigns *info;
    ensures cleared: info->nr_segments == 0;
*/
static void
elf_info_clear(struct elf_info *info)
{
    struct elf_xen_notes *xn = &info->xen;

    info->e_entry = info->virt_base = info->paddr_offset = 0;
    info->virt_entry = info->virt_kstart = info->virt_kend = 0;
    info->pvh = info->notes_from_sections = false;
    info->pad[0] = info->pad[1] = 0;
    info->nr_segments = 0;
    /*@ loop invariant 0 <= i <= ELF_MAX_SEGMENTS;
        loop assigns i, info->seg[0 .. ELF_MAX_SEGMENTS - 1];
        loop variant ELF_MAX_SEGMENTS - i;
    */
    for (unsigned int i = 0; i < ELF_MAX_SEGMENTS; i++) {
        struct elf_segment *s = &info->seg[i];

        s->offset = s->filesz = s->memsz = s->vaddr = s->paddr = s->dest = 0;
        s->flags = s->phdr_index = 0;
    }
    xn->present = 0;
    /*@ loop invariant 0 <= i <= ELF_NOTE_STR_MAX;
        loop assigns i, xn->guest_os[0 .. ELF_NOTE_STR_MAX - 1],
            xn->guest_version[0 .. ELF_NOTE_STR_MAX - 1],
            xn->xen_version[0 .. ELF_NOTE_STR_MAX - 1],
            xn->loader[0 .. ELF_NOTE_STR_MAX - 1],
            xn->pae_mode[0 .. ELF_NOTE_STR_MAX - 1];
        loop variant ELF_NOTE_STR_MAX - i;
    */
    for (unsigned int i = 0; i < ELF_NOTE_STR_MAX; i++)
        xn->guest_os[i] = xn->guest_version[i] = xn->xen_version[i] =
            xn->loader[i] = xn->pae_mode[i] = '\0';
    xn->virt_base = xn->paddr_offset = xn->entry = xn->hypercall_page = 0;
    xn->hv_start_low = xn->init_p2m = xn->mod_start_pfn = 0;
    xn->suspend_cancel = 0;
    xn->phys32_entry = xn->features_supported = xn->features_required = 0;
    xn->pad = 0;
}

int
elf_parse(const uint8_t *image, size_t size, struct elf_info *info, char *err,
          size_t errlen)
{
    struct elf_parser p = {
        .img = image, .size = size, .info = info,
        .err = err, .errlen = errlen,
    };
    int rc;

    elf_info_clear(info);
    if (errlen != 0)
        err[0] = '\0';
    /* Each step relies on the ones before.  `p_kept`: none of them
       changes p's image and output fields (WP's frame, one call at a
       time). */
    if ((rc = elf_parse_ehdr(&p)) != 0)
        goto fail;
    /*@ assert p_kept: p.size == size && p.info == info && p.err == err &&
            p.errlen == errlen; */
    if ((rc = elf_scan_phdrs(&p)) != 0)
        goto fail;
    /*@ assert p_kept: p.size == size && p.info == info && p.err == err &&
            p.errlen == errlen; */
    /*@ assert segs: 1 <= info->nr_segments <= ELF_MAX_SEGMENTS &&
            elf_segs_file_ok(info, size); */
    if ((rc = elf_find_notes(&p)) != 0)
        goto fail;
    /*@ assert p_kept: p.size == size && p.info == info && p.err == err &&
            p.errlen == errlen; */
    /*@ assert segs: 1 <= info->nr_segments <= ELF_MAX_SEGMENTS &&
            elf_segs_file_ok(info, size); */
    if ((rc = elf_check_xen(&p)) != 0)
        goto fail;
    /*@ assert p_kept: p.size == size && p.info == info && p.err == err &&
            p.errlen == errlen; */
    /*@ assert segs: 1 <= info->nr_segments <= ELF_MAX_SEGMENTS &&
            elf_segs_file_ok(info, size); */
    if ((rc = elf_place_segments(&p)) != 0)
        goto fail;
    /*@ assert p_kept: p.size == size && p.info == info && p.err == err &&
            p.errlen == errlen; */
    /*@ assert placed: elf_info_valid(info, size); */
    if ((rc = elf_check_entries(&p)) != 0)
        goto fail;
    return 0;
fail:
    elf_info_clear(info);
    return rc;
}

/* The file bytes of segment s: [img + offset, + filesz), inside the image
   when s is as elf_parse accepts it. */
/*@ requires elf_image_readable((uint8_t *)img, size);
    requires \valid_read(s) && elf_segment_ok(s, size);
    assigns \nothing;
    ensures \result == img + s->offset;
    ensures in_image: \valid_read(\result + (0 .. s->filesz - 1));
*/
static const uint8_t *
elf_segment_file(const uint8_t *img, size_t size, const struct elf_segment *s)
{
    (void)size;         /* the bound, for the contract */
    return img + s->offset;
}

/*
 * The two callbacks, each called here only, with what it is given: the
 * file bytes [src, src + len) of the image (copy) or the guest range
 * [dest, dest + len) that follows them (zero), len > 0 and dest + len
 * not wrapping.  Their contracts are trusted (proofs/README.md, Assumed):
 * WP 25 does not follow a call through a function pointer.
 */
/*@ requires len > 0 && dest <= 0xffffffffffffffff - len;
    requires src_in_image: \valid_read(src + (0 .. len - 1));
    assigns \nothing;   // guest memory only, which is not modelled
*/
static int
elf_call_copy(elf_copy_fn copy_to_guest, void *ctx, uint64_t dest,
              const uint8_t *src, size_t len)
{
    return copy_to_guest(ctx, dest, src, len);
}

/*@ requires len > 0 && dest <= 0xffffffffffffffff - len;
    assigns \nothing;   // guest memory only, which is not modelled
*/
static int
elf_call_zero(elf_zero_fn zero_guest, void *ctx, uint64_t dest, size_t len)
{
    return zero_guest(ctx, dest, len);
}

int
elf_load(const uint8_t *image, size_t size, const struct elf_info *info,
         elf_copy_fn copy_to_guest, elf_zero_fn zero_guest, void *ctx)
{
    int rc;

    ASSERT(info->nr_segments <= ELF_MAX_SEGMENTS);
    /*@ loop invariant 0 <= i <= info->nr_segments;
        loop assigns i, rc;
        loop variant info->nr_segments - i;
    */
    for (unsigned int i = 0; i < info->nr_segments; i++) {
        const struct elf_segment *s = &info->seg[i];

        /* elf_info_valid(info, size): elf_parse accepted this image. */
        ASSERT(elf_range_ok(size, s->offset, s->filesz) &&
               s->filesz <= s->memsz);

        if (s->filesz != 0 &&
            (rc = elf_call_copy(copy_to_guest, ctx, s->dest,
                                elf_segment_file(image, size, s),
                                (size_t)s->filesz)) != 0)
            return rc;
        if (s->memsz > s->filesz &&
            (rc = elf_call_zero(zero_guest, ctx, s->dest + s->filesz,
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
