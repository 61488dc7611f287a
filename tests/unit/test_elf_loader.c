/*
 * test_elf_loader.c - unit tests of the ELF64 + Xen-note loader.
 *
 * Environment: hosted (cmocka, ASan/UBSan).
 *
 * Each malformation test builds a valid reference image (elf_fixtures.h),
 * breaks one thing, and checks the errno, a telling part of the message,
 * and that the struct elf_info was left all zero.  Images under test are
 * copied into a heap block of exactly their size, so ASan catches any read
 * past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elf_loader.h>
#include <xl_errno.h>

#include "elf_fixtures.h"

static struct elf_fx fx;
static struct elf_info info;
static char err[256];

/* Parse buf[0 .. size) from an exact-size heap copy. */
static int
parse_exact(const void *buf, size_t size)
{
    void *copy = malloc(size ? size : 1);
    int rc;

    assert_non_null(copy);
    memcpy(copy, buf, size);
    memset(&info, 0xa5, sizeof(info));
    rc = elf_parse(copy, size, &info, err, sizeof(err));
    free(copy);
    return rc;
}

static int
parse_fx(void)
{
    return parse_exact(fx.buf, fx.size);
}

static void
assert_info_zero(void)
{
    static const struct elf_info zero;

    assert_memory_equal(&info, &zero, sizeof(info));
}

static void
expect_reject(int rc, const char *substring)
{
    int got = parse_fx();

    if (got != rc || strstr(err, substring) == NULL)
        print_error("got %d \"%s\", wanted %d and \"%s\"\n", got, err, rc,
                    substring);
    assert_int_equal(got, rc);
    assert_non_null(strstr(err, substring));
    assert_true(strncmp(err, "ELF: ", 5) == 0);
    assert_info_zero();
}

/* ---- accepted images ----------------------------------------------- */

static void
check_pv_kernel(uint32_t numsize)
{
    uint64_t vb = numsize == 8 ? ELF_FX_VIRT_BASE : 0;
    const struct elf_xen_notes *xn = &info.xen;

    elf_fx_pv_kernel(&fx, numsize);
    assert_int_equal(parse_fx(), 0);
    assert_string_equal(err, "");
    assert_false(info.pvh);
    assert_false(info.notes_from_sections);
    assert_int_equal(info.nr_segments, 2);
    assert_int_equal(info.virt_base, vb);
    assert_int_equal(info.paddr_offset, 0);
    assert_int_equal(info.virt_entry, ELF_FX_ENTRY - ELF_FX_VIRT_BASE + vb);
    assert_int_equal(info.virt_kstart, ELF_FX_TEXT_PADDR + vb);
    assert_int_equal(info.virt_kend,
                     ELF_FX_DATA_PADDR + ELF_FX_DATA_MEMSZ + vb);
    assert_int_equal(info.seg[0].dest, ELF_FX_TEXT_PADDR + vb);
    assert_int_equal(info.seg[0].filesz, ELF_FX_TEXT_FILESZ);
    assert_int_equal(info.seg[0].memsz, ELF_FX_TEXT_MEMSZ);
    assert_int_equal(info.seg[0].flags, ELF_PF_R | ELF_PF_X);
    assert_int_equal(info.seg[1].dest, ELF_FX_DATA_PADDR + vb);
    assert_int_equal(info.seg[1].phdr_index, 1);

    assert_string_equal(xn->guest_os, "linux");
    assert_string_equal(xn->guest_version, "2.6");
    assert_string_equal(xn->xen_version, "xen-3.0");
    assert_string_equal(xn->loader, "generic");
    assert_string_equal(xn->pae_mode, "yes");
    assert_int_equal(xn->virt_base, vb);
    assert_int_equal(xn->paddr_offset, 0);
    assert_int_equal(xn->entry, ELF_FX_ENTRY - ELF_FX_VIRT_BASE + vb);
    assert_int_equal(xn->hypercall_page,
                     ELF_FX_HYPERCALL - ELF_FX_VIRT_BASE + vb);
    assert_int_equal(xn->hv_start_low, ELF_FX_HV_START_LOW);
    assert_int_equal(xn->features_required,
                     1u << XENFEAT_writable_page_tables);
    assert_int_equal(xn->features_supported,
                     (1u << XENFEAT_writable_page_tables) |
                     (1u << XENFEAT_pae_pgdir_above_4gb) |
                     (1u << XENFEAT_hvm_callback_vector) | ELF_FX_SUPPORTED);
    assert_int_equal(xn->present,
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_GUEST_OS) |
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_GUEST_VERSION) |
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_XEN_VERSION) |
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_LOADER) |
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_VIRT_BASE) |
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_PADDR_OFFSET) |
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_ENTRY) |
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_HYPERCALL_PAGE) |
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_HV_START_LOW) |
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_FEATURES) |
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_SUPPORTED_FEATURES) |
                     ELF_XEN_NOTE_BIT(XEN_ELFNOTE_PAE_MODE));
}

static void
test_pv_kernel_8byte_notes(void **state)
{
    (void)state;
    check_pv_kernel(8);
}

static void
test_pv_kernel_4byte_notes(void **state)
{
    (void)state;
    check_pv_kernel(4);
}

static void
test_pvh_kernel(void **state)
{
    (void)state;
    elf_fx_pvh_kernel(&fx);
    assert_int_equal(parse_fx(), 0);
    assert_true(info.pvh);
    assert_int_equal(info.xen.phys32_entry, ELF_FX_PVH_ENTRY);
    assert_int_equal(info.virt_base, 0);
    assert_int_equal(info.nr_segments, 1);
    assert_int_equal(info.seg[0].dest, ELF_FX_PVH_PADDR);
    assert_int_equal(elf_paddr_of(&info, ELF_FX_PVH_ENTRY), ELF_FX_PVH_ENTRY);
    assert_string_equal(info.xen.guest_os, "xenolith-test");
}

static void
test_pvh_entry_outside(void **state)
{
    (void)state;
    elf_fx_init(&fx);
    elf_fx_ehdr(&fx)->e_entry = 0x100000;
    elf_fx_add_load(&fx, 0x100000, 0x100000, 0x10, 0x1000,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_note_num(&fx, XEN_ELFNOTE_PHYS32_ENTRY, 0x300000, 4);
    elf_fx_end_notes(&fx);
    expect_reject(-ERANGE, "PHYS32_ENTRY 0x300000 is outside");
}

static void
test_pvh_entry_above_4g(void **state)
{
    (void)state;
    elf_fx_init(&fx);
    elf_fx_add_load(&fx, 0x100000, 0x100000, 0x10, 0x1000,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_note_num(&fx, XEN_ELFNOTE_PHYS32_ENTRY, 0x100100000ull, 8);
    elf_fx_end_notes(&fx);
    expect_reject(-ERANGE, "above 4 GiB");
}

static void
test_notes_in_sections(void **state)
{
    (void)state;
    elf_fx_init(&fx);
    elf_fx_ehdr(&fx)->e_entry = ELF_FX_ENTRY;
    elf_fx_add_load(&fx, ELF_FX_TEXT_VADDR, ELF_FX_TEXT_PADDR,
                    ELF_FX_TEXT_FILESZ, ELF_FX_TEXT_MEMSZ,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_pv_notes(&fx, 8);
    elf_fx_add_sections(&fx, NULL);
    assert_int_equal(parse_fx(), 0);
    assert_true(info.notes_from_sections);
    assert_string_equal(info.xen.loader, "generic");
    assert_int_equal(info.virt_entry, ELF_FX_ENTRY);
}

static void
test_notes_aligned_8(void **state)
{
    (void)state;
    elf_fx_init(&fx);
    elf_fx_ehdr(&fx)->e_entry = ELF_FX_ENTRY;
    elf_fx_add_load(&fx, ELF_FX_TEXT_VADDR, ELF_FX_TEXT_PADDR,
                    ELF_FX_TEXT_FILESZ, ELF_FX_TEXT_MEMSZ,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 8);
    elf_fx_note_str(&fx, XEN_ELFNOTE_LOADER, "generic");   /* namesz 4 */
    elf_fx_note_str(&fx, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    elf_fx_note_num(&fx, XEN_ELFNOTE_VIRT_BASE, ELF_FX_VIRT_BASE, 8);
    elf_fx_end_notes(&fx);
    assert_int_equal(parse_fx(), 0);
    assert_int_equal(info.virt_base, ELF_FX_VIRT_BASE);
    assert_string_equal(info.xen.xen_version, "xen-3.0");
}

static void
test_ignored_and_empty_notes(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    /* Reopen a second note area: INFO, PHYS32_RELOC, an unknown type,
       empty GUEST_VERSION and an empty FEATURES. */
    elf_fx_begin_notes(&fx, 4);
    elf_fx_note_str(&fx, XEN_ELFNOTE_INFO, "A=B");
    elf_fx_note_raw(&fx, "Xen", 4, XEN_ELFNOTE_PHYS32_RELOC, "123456789012",
                    12);
    elf_fx_note_raw(&fx, "Xen", 4, 0x777, NULL, 0);
    elf_fx_note_raw(&fx, "Xen", 4, XEN_ELFNOTE_GUEST_VERSION, NULL, 0);
    elf_fx_note_str(&fx, XEN_ELFNOTE_FEATURES, "");
    elf_fx_end_notes(&fx);
    assert_int_equal(parse_fx(), 0);
    assert_string_equal(info.xen.guest_version, "");
    assert_int_equal(info.xen.features_required,
                     1u << XENFEAT_writable_page_tables);
}

/* ---- ELF header ----------------------------------------------------- */

static void
test_bad_magic(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    fx.buf[1] = 'X';
    expect_reject(-ENOEXEC, "bad magic");
}

static void
test_class32(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    fx.buf[ELF_EI_CLASS] = 3;                   /* neither 32 nor 64 */
    expect_reject(-ENOEXEC, "neither ELFCLASS64 (2) nor ELFCLASS32 (1)");
    /* a 64-bit layout labelled ELFCLASS32 reads as garbage ELF32 headers */
    elf_fx_pv_kernel(&fx, 8);
    fx.buf[ELF_EI_CLASS] = 1;
    assert_true(parse_fx() < 0);
    assert_info_zero();
}

static void
test_big_endian(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    fx.buf[ELF_EI_DATA] = 2;
    expect_reject(-ENOEXEC, "not little-endian");
}

static void
test_bad_version(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_ehdr(&fx)->e_version = 0;
    expect_reject(-ENOEXEC, "EV_CURRENT");
}

static void
test_wrong_machine(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_ehdr(&fx)->e_machine = 3;    /* EM_386 */
    expect_reject(-ENOEXEC, "e_machine is 3, not EM_X86_64");
}

static void
test_et_dyn(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_ehdr(&fx)->e_type = ELF_ET_DYN;
    expect_reject(-ENOEXEC, "ET_DYN");
    elf_fx_ehdr(&fx)->e_type = 1;       /* ET_REL */
    expect_reject(-ENOEXEC, "not ET_EXEC");
}

static void
test_truncated_header(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    fx.size = 40;
    expect_reject(-ENOEXEC, "truncated");
    memset(&info, 0xa5, sizeof(info));
    assert_int_equal(elf_parse(NULL, 0, &info, err, sizeof(err)), -ENOEXEC);
    assert_info_zero();
}

static void
test_phdr_table_out_of_range(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_ehdr(&fx)->e_phoff = fx.size - 56;
    expect_reject(-EINVAL, "program header table");
    elf_fx_ehdr(&fx)->e_phoff = UINT64_MAX - 8;     /* off + len wraps */
    expect_reject(-EINVAL, "program header table");
}

static void
test_phnum_too_big(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_ehdr(&fx)->e_phnum = ELF_MAX_PHDRS + 1;
    expect_reject(-E2BIG, "e_phnum is 65");
    elf_fx_ehdr(&fx)->e_phnum = ELF_PN_XNUM;
    expect_reject(-E2BIG, "e_phnum");
    elf_fx_ehdr(&fx)->e_phnum = 0;
    expect_reject(-EINVAL, "no program headers");
}

static void
test_phentsize(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_ehdr(&fx)->e_phentsize = 32;
    expect_reject(-EINVAL, "e_phentsize is 32");
}

/* ---- segments ------------------------------------------------------- */

static void
test_segment_outside_file(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_phdr(&fx, 1)->p_offset = fx.size - 0x10;
    expect_reject(-EINVAL, "program header 1: file range");
    elf_fx_phdr(&fx, 1)->p_offset = 0x40;
    elf_fx_phdr(&fx, 1)->p_filesz = UINT64_MAX - 0x20;
    elf_fx_phdr(&fx, 1)->p_memsz = UINT64_MAX - 0x20;
    expect_reject(-EINVAL, "is outside the");
}

static void
test_filesz_gt_memsz(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_phdr(&fx, 0)->p_memsz = ELF_FX_TEXT_FILESZ - 1;
    expect_reject(-EINVAL, "p_filesz 0x300 is larger than p_memsz 0x2ff");
}

static void
test_wrapping_vaddr(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_phdr(&fx, 1)->p_vaddr = UINT64_MAX - 0x100;
    expect_reject(-EOVERFLOW, "virtual range");
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_phdr(&fx, 1)->p_paddr = UINT64_MAX - 0x100;
    expect_reject(-EOVERFLOW, "physical range");
}

static void
test_wrapping_load_address(void **state)
{
    (void)state;
    /* p_paddr linked at the virtual address while VIRT_BASE is set and
       PADDR_OFFSET is 0: Xen would add VIRT_BASE twice. */
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_phdr(&fx, 0)->p_paddr = ELF_FX_TEXT_VADDR;
    expect_reject(-EOVERFLOW, "outside the 64-bit address space");
}

static void
test_overlapping_segments(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_phdr(&fx, 1)->p_paddr = ELF_FX_TEXT_PADDR + 0x2000;
    expect_reject(-EINVAL, "program headers 0 and 1");
    assert_non_null(strstr(err, "overlap"));
}

static void
test_too_many_segments(void **state)
{
    (void)state;
    elf_fx_init(&fx);
    elf_fx_ehdr(&fx)->e_entry = 0x100000;
    for (unsigned int i = 0; i <= ELF_MAX_SEGMENTS; i++)
        elf_fx_add_load(&fx, 0x100000 + i * 0x1000, 0x100000 + i * 0x1000,
                        0x10, 0x1000, ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_note_num(&fx, XEN_ELFNOTE_PHYS32_ENTRY, 0x100000, 4);
    elf_fx_end_notes(&fx);
    expect_reject(-E2BIG, "more than 16 non-empty PT_LOAD");
}

static void
test_no_load_segment(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_phdr(&fx, 0)->p_type = 6;    /* PT_PHDR */
    elf_fx_phdr(&fx, 1)->p_memsz = 0;
    elf_fx_phdr(&fx, 1)->p_filesz = 0;
    expect_reject(-EINVAL, "no PT_LOAD");
}

/* ---- entry points --------------------------------------------------- */

static void
test_entry_outside(void **state)
{
    (void)state;
    elf_fx_init(&fx);       /* no ENTRY note: e_entry is used */
    elf_fx_ehdr(&fx)->e_entry = ELF_FX_VIRT_BASE;   /* below the kernel */
    elf_fx_add_load(&fx, ELF_FX_TEXT_VADDR, ELF_FX_TEXT_PADDR, 0x10, 0x1000,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_note_str(&fx, XEN_ELFNOTE_GUEST_OS, "linux");
    elf_fx_note_str(&fx, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    elf_fx_note_num(&fx, XEN_ELFNOTE_VIRT_BASE, ELF_FX_VIRT_BASE, 8);
    elf_fx_end_notes(&fx);
    expect_reject(-ERANGE, "entry point 0xffffffff80000000 is outside");
}

static void
test_entry_not_executable(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_phdr(&fx, 0)->p_flags = ELF_PF_R;
    expect_reject(-EINVAL, "which is not executable");
}

static void
test_missing_entry(void **state)
{
    (void)state;
    elf_fx_init(&fx);
    elf_fx_add_load(&fx, 0x200000, 0x200000, 0x10, 0x1000,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_note_str(&fx, XEN_ELFNOTE_LOADER, "generic");
    elf_fx_note_str(&fx, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    elf_fx_end_notes(&fx);
    expect_reject(-EINVAL, "no entry point");
}

static void
test_hypercall_page(void **state)
{
    (void)state;
    elf_fx_init(&fx);
    elf_fx_ehdr(&fx)->e_entry = 0x200000;
    elf_fx_add_load(&fx, 0x200000, 0x200000, 0x10, 0x2000,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_note_str(&fx, XEN_ELFNOTE_LOADER, "generic");
    elf_fx_note_str(&fx, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    elf_fx_note_num(&fx, XEN_ELFNOTE_HYPERCALL_PAGE, 0x201800, 8);
    elf_fx_end_notes(&fx);
    expect_reject(-EINVAL, "HYPERCALL_PAGE 0x201800 is not page-aligned");
    elf_fx_phdr(&fx, 0)->p_memsz = 0x1800;
    *(uint64_t *)(fx.buf + fx.size - 8) = 0x201000;
    expect_reject(-ERANGE, "HYPERCALL_PAGE [0x201000, +0x1000) is not inside");
}

static void
test_init_p2m_inside_kernel(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_note_num(&fx, XEN_ELFNOTE_INIT_P2M, ELF_FX_TEXT_VADDR + 8, 8);
    elf_fx_end_notes(&fx);
    expect_reject(-EINVAL, "INIT_P2M");
}

/* ---- Xen notes ------------------------------------------------------ */

/* A minimal PV image around the given notes (begin/end done here). */
static void
pv_with_notes(void (*add)(void))
{
    elf_fx_init(&fx);
    elf_fx_ehdr(&fx)->e_entry = 0x200000;
    elf_fx_add_load(&fx, 0x200000, 0x200000, 0x10, 0x1000,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_note_str(&fx, XEN_ELFNOTE_LOADER, "generic");
    elf_fx_note_str(&fx, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add();
    elf_fx_end_notes(&fx);
}

static void
add_unknown_feature(void)
{
    elf_fx_note_str(&fx, XEN_ELFNOTE_FEATURES,
                    "writable_page_tables|!frobnicate|dom0");
}

static void
add_legacy_offsets(void)
{
    /* Older kernels: p_paddr == p_vaddr, PADDR_OFFSET == VIRT_BASE. */
    elf_fx_note_num(&fx, XEN_ELFNOTE_VIRT_BASE, ELF_FX_VIRT_BASE, 8);
    elf_fx_note_num(&fx, XEN_ELFNOTE_PADDR_OFFSET, ELF_FX_VIRT_BASE, 8);
}

static void
test_paddr_offset_equals_virt_base(void **state)
{
    (void)state;
    elf_fx_init(&fx);
    elf_fx_ehdr(&fx)->e_entry = ELF_FX_TEXT_VADDR;
    elf_fx_add_load(&fx, ELF_FX_TEXT_VADDR, ELF_FX_TEXT_VADDR, 0x10, 0x1000,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_note_str(&fx, XEN_ELFNOTE_LOADER, "generic");
    elf_fx_note_str(&fx, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add_legacy_offsets();
    elf_fx_end_notes(&fx);
    assert_int_equal(parse_fx(), 0);
    assert_int_equal(info.seg[0].dest, ELF_FX_TEXT_VADDR);
    assert_int_equal(elf_paddr_of(&info, ELF_FX_TEXT_VADDR),
                     ELF_FX_TEXT_PADDR);
}

static void
add_offset_above_base(void)
{
    elf_fx_note_num(&fx, XEN_ELFNOTE_VIRT_BASE, 0, 8);
    elf_fx_note_num(&fx, XEN_ELFNOTE_PADDR_OFFSET, 0x100000, 8);
}

static void
test_paddr_offset_above_virt_base(void **state)
{
    (void)state;
    /* dest = p_paddr - 0x100000: 0x200000 -> 0x100000. */
    pv_with_notes(add_offset_above_base);
    elf_fx_ehdr(&fx)->e_entry = 0x100000;
    assert_int_equal(parse_fx(), 0);
    assert_int_equal(info.seg[0].dest, 0x100000);
    /* p_paddr below PADDR_OFFSET - VIRT_BASE: below address 0. */
    elf_fx_phdr(&fx, 0)->p_paddr = 0x80000;
    expect_reject(-EOVERFLOW, "outside the 64-bit address space");
}

static void
test_segments_unsorted(void **state)
{
    elf64_phdr_t tmp;

    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    tmp = *elf_fx_phdr(&fx, 0);
    *elf_fx_phdr(&fx, 0) = *elf_fx_phdr(&fx, 1);
    *elf_fx_phdr(&fx, 1) = tmp;
    assert_int_equal(parse_fx(), 0);
    assert_int_equal(info.seg[0].dest, ELF_FX_TEXT_VADDR);
    assert_int_equal(info.seg[0].phdr_index, 1);
    assert_int_equal(info.seg[1].phdr_index, 0);
}

static void
section_notes_image(void)
{
    elf_fx_init(&fx);
    elf_fx_ehdr(&fx)->e_entry = ELF_FX_ENTRY;
    elf_fx_add_load(&fx, ELF_FX_TEXT_VADDR, ELF_FX_TEXT_PADDR, 0x10, 0x1000,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_pv_notes(&fx, 8);
    elf_fx_add_sections(&fx, NULL);
}

static void
test_section_table_bad(void **state)
{
    (void)state;
    section_notes_image();
    elf_fx_ehdr(&fx)->e_shentsize = 40;
    expect_reject(-EINVAL, "e_shentsize is 40");
    section_notes_image();
    elf_fx_ehdr(&fx)->e_shnum = ELF_MAX_SHDRS + 1;
    expect_reject(-E2BIG, "e_shnum is 257");
    section_notes_image();
    elf_fx_ehdr(&fx)->e_shoff = fx.size - 64;
    expect_reject(-EINVAL, "section header table");
    section_notes_image();
    ((elf64_shdr_t *)(fx.buf + elf_fx_ehdr(&fx)->e_shoff))[1].sh_size += 1;
    expect_reject(-EINVAL, "section 1: truncated note header");
}

static void
test_unknown_feature(void **state)
{
    (void)state;
    pv_with_notes(add_unknown_feature);
    expect_reject(-EINVAL, "unknown feature 'frobnicate'");
}

static void
add_bad_numeric(void)
{
    elf_fx_note_raw(&fx, "Xen", 4, XEN_ELFNOTE_VIRT_BASE, "abc", 3);
}

static void
test_numeric_note_size(void **state)
{
    (void)state;
    pv_with_notes(add_bad_numeric);
    expect_reject(-EINVAL, "note VIRT_BASE has a 3-byte value");
}

static void
add_long_string(void)
{
    char s[ELF_NOTE_STR_MAX + 1];

    memset(s, 'v', sizeof(s) - 1);
    s[sizeof(s) - 1] = '\0';
    elf_fx_note_str(&fx, XEN_ELFNOTE_GUEST_VERSION, s);
}

static void
test_string_note_too_long(void **state)
{
    (void)state;
    pv_with_notes(add_long_string);
    expect_reject(-E2BIG, "GUEST_VERSION is a 64-byte string");
}

static void
add_paddr_offset_only(void)
{
    elf_fx_note_num(&fx, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
}

static void
test_paddr_offset_without_virt_base(void **state)
{
    (void)state;
    pv_with_notes(add_paddr_offset_only);
    expect_reject(-EINVAL, "PADDR_OFFSET is set but VIRT_BASE is not");
}

static void
add_high_virt_base(void)
{
    elf_fx_note_num(&fx, XEN_ELFNOTE_VIRT_BASE, 0x300000, 8);
    elf_fx_note_num(&fx, XEN_ELFNOTE_PADDR_OFFSET, 0x300000, 8);
}

static void
test_virt_base_above_kernel(void **state)
{
    (void)state;
    pv_with_notes(add_high_virt_base);
    expect_reject(-ERANGE, "VIRT_BASE 0x300000 is above");
}

static void
test_wrong_loader_or_version(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    /* Patch "generic" -> "genXric" and "linux" -> "liXux" in place. */
    for (size_t i = 0; i + 7 <= fx.size; i++) {
        if (memcmp(fx.buf + i, "generic", 7) == 0)
            fx.buf[i + 3] = 'X';
        if (memcmp(fx.buf + i, "linux", 5) == 0)
            fx.buf[i + 2] = 'X';
    }
    expect_reject(-ENOEXEC, "not built for this loader");
    elf_fx_pv_kernel(&fx, 8);
    for (size_t i = 0; i + 7 <= fx.size; i++)
        if (memcmp(fx.buf + i, "xen-3.0", 7) == 0)
            fx.buf[i + 4] = '4';
    expect_reject(-ENOEXEC, "XEN_VERSION \"xen-4.0\"");
}

static void
test_no_xen_notes(void **state)
{
    (void)state;
    elf_fx_init(&fx);
    elf_fx_ehdr(&fx)->e_entry = 0x200000;
    elf_fx_add_load(&fx, 0x200000, 0x200000, 0x10, 0x1000,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_note_raw(&fx, "GNU", 4, 1, "abcd", 4);
    elf_fx_end_notes(&fx);
    expect_reject(-ENOEXEC, "no Xen ELF notes");
}

static void
test_legacy_xen_guest(void **state)
{
    (void)state;
    elf_fx_init(&fx);
    elf_fx_ehdr(&fx)->e_entry = 0x200000;
    elf_fx_add_load(&fx, 0x200000, 0x200000, 0x10, 0x1000,
                    ELF_PF_R | ELF_PF_X);
    elf_fx_begin_notes(&fx, 4);
    elf_fx_append(&fx, "GUEST_OS=linux,XEN_VER=xen-3.0", 31, 1);
    elf_fx_add_sections(&fx, "__xen_guest");
    expect_reject(-ENOEXEC, "legacy __xen_guest section is not supported");
}

static void
test_note_huge_namesz(void **state)
{
    elf_note_hdr_t *nh;

    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    nh = (elf_note_hdr_t *)(fx.buf + elf_fx_phdr(&fx, 2)->p_offset);
    nh->n_namesz = 0xfffffff0u;
    expect_reject(-EINVAL, "namesz 0xfffffff0 runs past the end");
}

static void
test_note_huge_descsz(void **state)
{
    elf_note_hdr_t *nh;

    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    nh = (elf_note_hdr_t *)(fx.buf + elf_fx_phdr(&fx, 2)->p_offset);
    nh->n_descsz = 0xffffffffu;
    expect_reject(-EINVAL, "descsz 0xffffffff runs past the end");
}

static void
test_note_unaligned(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_phdr(&fx, 2)->p_offset += 2;
    elf_fx_phdr(&fx, 2)->p_filesz -= 2;
    expect_reject(-EINVAL, "program header 2: notes at offset");
    assert_non_null(strstr(err, "not 4-byte aligned"));
}

static void
test_note_truncated(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    elf_fx_phdr(&fx, 2)->p_filesz += 8;
    elf_fx_append(&fx, NULL, 8, 1);
    expect_reject(-EINVAL, "truncated note header");
    elf_fx_phdr(&fx, 2)->p_filesz = fx.size;    /* past the image */
    expect_reject(-EINVAL, "note range");
}

static void
test_every_prefix_rejected(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    for (size_t n = 0; n < fx.size; n++) {
        int rc = parse_exact(fx.buf, n);

        assert_true(rc < 0);
        assert_info_zero();
    }
    assert_int_equal(parse_exact(fx.buf, fx.size), 0);
}

static void
test_error_buffer_bounds(void **state)
{
    char small[8];

    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    fx.buf[0] = 0;
    memset(small, 'z', sizeof(small));
    assert_int_equal(elf_parse(fx.buf, fx.size, &info, small, sizeof(small)),
                     -ENOEXEC);
    assert_string_equal(small, "ELF: ba");
    assert_int_equal(elf_parse(fx.buf, fx.size, &info, NULL, 0), -ENOEXEC);
}

/* ---- elf_load ------------------------------------------------------- */

#define GUEST_SIZE 0x8000
struct guest {
    uint64_t base;
    uint8_t mem[GUEST_SIZE];
    unsigned int calls;
    unsigned int fail_at;   /* 1-based call number that fails, or 0 */
    struct { char kind; uint64_t dest; size_t len; } log[8];
};

static int
guest_call(struct guest *g, char kind, uint64_t dest, size_t len)
{
    assert_true(dest >= g->base && len <= GUEST_SIZE &&
                dest - g->base <= GUEST_SIZE - len);
    if (g->calls < 8) {
        g->log[g->calls].kind = kind;
        g->log[g->calls].dest = dest;
        g->log[g->calls].len = len;
    }
    return ++g->calls == g->fail_at ? -EFAULT : 0;
}

static int
guest_copy(void *ctx, uint64_t dest, const void *src, size_t len)
{
    struct guest *g = ctx;
    int rc = guest_call(g, 'c', dest, len);

    if (rc == 0)
        memcpy(g->mem + (dest - g->base), src, len);
    return rc;
}

static int
guest_zero(void *ctx, uint64_t dest, size_t len)
{
    struct guest *g = ctx;
    int rc = guest_call(g, 'z', dest, len);

    if (rc == 0)
        memset(g->mem + (dest - g->base), 0, len);
    return rc;
}

static struct guest guest;

static void
test_load_copies_and_zeroes(void **state)
{
    const struct elf_segment *t, *d;
    uint64_t text_off, data_off;

    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    assert_int_equal(elf_parse(fx.buf, fx.size, &info, err, sizeof(err)), 0);
    memset(&guest, 0, sizeof(guest));
    memset(guest.mem, 0xee, sizeof(guest.mem));
    guest.base = ELF_FX_TEXT_VADDR;
    assert_int_equal(elf_load(fx.buf, fx.size, &info, guest_copy, guest_zero,
                              &guest), 0);
    assert_int_equal(guest.calls, 4);
    t = &info.seg[0];
    d = &info.seg[1];
    assert_int_equal(guest.log[0].kind, 'c');
    assert_int_equal(guest.log[0].dest, ELF_FX_TEXT_VADDR);
    assert_int_equal(guest.log[0].len, ELF_FX_TEXT_FILESZ);
    assert_int_equal(guest.log[1].kind, 'z');
    assert_int_equal(guest.log[1].dest, ELF_FX_TEXT_VADDR + ELF_FX_TEXT_FILESZ);
    assert_int_equal(guest.log[1].len, ELF_FX_TEXT_MEMSZ - ELF_FX_TEXT_FILESZ);
    assert_int_equal(guest.log[3].dest, ELF_FX_DATA_VADDR + ELF_FX_DATA_FILESZ);

    text_off = 0;
    data_off = ELF_FX_DATA_VADDR - ELF_FX_TEXT_VADDR;
    assert_memory_equal(guest.mem + text_off, fx.buf + t->offset, t->filesz);
    assert_memory_equal(guest.mem + data_off, fx.buf + d->offset, d->filesz);
    for (uint64_t i = t->filesz; i < t->memsz; i++)
        assert_int_equal(guest.mem[text_off + i], 0);
    for (uint64_t i = d->filesz; i < d->memsz; i++)
        assert_int_equal(guest.mem[data_off + i], 0);
    /* The gap between the segments and the tail are untouched. */
    for (uint64_t i = t->memsz; i < data_off; i++)
        assert_int_equal(guest.mem[i], 0xee);
    for (uint64_t i = data_off + d->memsz; i < GUEST_SIZE; i++)
        assert_int_equal(guest.mem[i], 0xee);
}

static void
test_load_callback_failure(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    assert_int_equal(elf_parse(fx.buf, fx.size, &info, err, sizeof(err)), 0);
    for (unsigned int n = 1; n <= 4; n++) {
        memset(&guest, 0, sizeof(guest));
        guest.base = ELF_FX_TEXT_VADDR;
        guest.fail_at = n;
        assert_int_equal(elf_load(fx.buf, fx.size, &info, guest_copy,
                                  guest_zero, &guest), -EFAULT);
        assert_int_equal(guest.calls, n);   /* stopped at the failure */
    }
}

static void
test_paddr_of(void **state)
{
    (void)state;
    elf_fx_pv_kernel(&fx, 8);
    assert_int_equal(parse_fx(), 0);
    assert_int_equal(elf_paddr_of(&info, ELF_FX_TEXT_VADDR),
                     ELF_FX_TEXT_PADDR);
    assert_int_equal(elf_paddr_of(&info, ELF_FX_ENTRY), ELF_FX_TEXT_PADDR + 0x40);
}

static void
test_feature_names(void **state)
{
    (void)state;
    assert_int_equal(elf_xen_feature_bit("dom0", 4), XENFEAT_dom0);
    assert_int_equal(elf_xen_feature_bit("dom0x", 4), XENFEAT_dom0);
    assert_int_equal(elf_xen_feature_bit("auto_translated_physmap", 23),
                     XENFEAT_auto_translated_physmap);
    assert_int_equal(elf_xen_feature_bit("grant_map_identity", 18), -1);
    assert_int_equal(elf_xen_feature_bit("", 0), -1);
}

/* ---- the fuzz seed corpus ------------------------------------------- */

static void
test_fuzz_corpus(void **state)
{
    char dir[512], path[1024];
    const char *slash = strrchr(__FILE__, '/');
    unsigned int files = 0;
    struct dirent *de;
    DIR *d;

    (void)state;
    snprintf(dir, sizeof(dir), "%.*s/../../fuzz/corpus/elf",
             slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
    d = opendir(dir);
    if (d == NULL)
        d = opendir(strcpy(dir, "fuzz/corpus/elf"));
    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        static uint8_t buf[1 << 16];
        size_t n;
        FILE *f;
        int rc;

        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        f = fopen(path, "rb");
        assert_non_null(f);
        n = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        rc = parse_exact(buf, n);
        /* Seeds named bad-* are meant to be refused, the others accepted. */
        if ((rc == 0) == (strncmp(de->d_name, "bad-", 4) == 0))
            fail_msg("%s: rc %d \"%s\"", de->d_name, rc, err);
        files++;
    }
    closedir(d);
    assert_true(files >= 3);
}

/* ---- ELF32 (PVH kernels only) ---- */

/* Re-encode the fixture's ELF64 headers as ELF32 in place: the data stays
 * at its offsets (ELF_FX_DATA_START is past both header layouts). */
static void
fx_to_elf32(uint16_t machine)
{
    elf64_ehdr_t eh = *elf_fx_ehdr(&fx);
    elf64_phdr_t ph[ELF_FX_MAX_PHDRS];
    uint8_t *b = fx.buf;

    for (unsigned int i = 0; i < fx.nr_phdrs; i++)
        ph[i] = *elf_fx_phdr(&fx, i);
    memset(b, 0, ELF_FX_DATA_START);
    memcpy(b, eh.e_ident, 16);
    b[4] = 1;                                   /* ELFCLASS32 */
#define PUT(off, v, n) do { uint64_t v_ = (v); memcpy(b + (off), &v_, (n)); } while (0)
    PUT(16, eh.e_type, 2);
    PUT(18, machine, 2);
    PUT(20, eh.e_version, 4);
    PUT(24, eh.e_entry, 4);
    PUT(28, 52, 4);                             /* e_phoff */
    PUT(32, 0, 4);                              /* e_shoff */
    PUT(40, 52, 2);                             /* e_ehsize */
    PUT(42, 32, 2);                             /* e_phentsize */
    PUT(44, fx.nr_phdrs, 2);
    PUT(46, 40, 2);                             /* e_shentsize */
    for (unsigned int i = 0; i < fx.nr_phdrs; i++) {
        size_t o = 52 + 32 * i;

        PUT(o + 0, ph[i].p_type, 4);
        PUT(o + 4, ph[i].p_offset, 4);
        PUT(o + 8, ph[i].p_vaddr, 4);
        PUT(o + 12, ph[i].p_paddr, 4);
        PUT(o + 16, ph[i].p_filesz, 4);
        PUT(o + 20, ph[i].p_memsz, 4);
        PUT(o + 24, ph[i].p_flags, 4);
        PUT(o + 28, ph[i].p_align, 4);
    }
#undef PUT
}

static void
test_elf32_pvh_kernel(void **state)
{
    (void)state;
    elf_fx_pvh_kernel(&fx);
    fx_to_elf32(3);
    assert_int_equal(parse_fx(), 0);
    assert_true(info.pvh);
    assert_int_equal(info.xen.phys32_entry, ELF_FX_PVH_ENTRY);
    assert_int_equal(info.nr_segments, 1);
    assert_int_equal(info.seg[0].dest, ELF_FX_PVH_PADDR);
    assert_string_equal(info.xen.guest_os, "xenolith-test");
}

static void
test_elf32_refusals(void **state)
{
    (void)state;
    elf_fx_pvh_kernel(&fx);
    fx_to_elf32(62);
    expect_reject(-ENOEXEC, "e_machine of a 32-bit image is 62");
    elf_fx_pv_kernel(&fx, 8);
    fx_to_elf32(3);
    expect_reject(-ENOEXEC, "a 32-bit ELF image can only be a PVH kernel");
    elf_fx_pvh_kernel(&fx);
    fx_to_elf32(3);
    fx.size = 51;
    expect_reject(-ENOEXEC, "shorter than the 52-byte ELF32 header");
    elf_fx_pvh_kernel(&fx);
    fx_to_elf32(3);
    fx.buf[42] = 56;                            /* a 64-bit phentsize */
    expect_reject(-EINVAL, "e_phentsize is 56, not 32");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pv_kernel_8byte_notes),
        cmocka_unit_test(test_pv_kernel_4byte_notes),
        cmocka_unit_test(test_pvh_kernel),
        cmocka_unit_test(test_pvh_entry_outside),
        cmocka_unit_test(test_pvh_entry_above_4g),
        cmocka_unit_test(test_notes_in_sections),
        cmocka_unit_test(test_notes_aligned_8),
        cmocka_unit_test(test_ignored_and_empty_notes),
        cmocka_unit_test(test_bad_magic),
        cmocka_unit_test(test_class32),
        cmocka_unit_test(test_big_endian),
        cmocka_unit_test(test_bad_version),
        cmocka_unit_test(test_wrong_machine),
        cmocka_unit_test(test_et_dyn),
        cmocka_unit_test(test_truncated_header),
        cmocka_unit_test(test_phdr_table_out_of_range),
        cmocka_unit_test(test_phnum_too_big),
        cmocka_unit_test(test_phentsize),
        cmocka_unit_test(test_segment_outside_file),
        cmocka_unit_test(test_filesz_gt_memsz),
        cmocka_unit_test(test_wrapping_vaddr),
        cmocka_unit_test(test_wrapping_load_address),
        cmocka_unit_test(test_overlapping_segments),
        cmocka_unit_test(test_too_many_segments),
        cmocka_unit_test(test_no_load_segment),
        cmocka_unit_test(test_entry_outside),
        cmocka_unit_test(test_entry_not_executable),
        cmocka_unit_test(test_missing_entry),
        cmocka_unit_test(test_hypercall_page),
        cmocka_unit_test(test_init_p2m_inside_kernel),
        cmocka_unit_test(test_paddr_offset_equals_virt_base),
        cmocka_unit_test(test_paddr_offset_above_virt_base),
        cmocka_unit_test(test_segments_unsorted),
        cmocka_unit_test(test_section_table_bad),
        cmocka_unit_test(test_unknown_feature),
        cmocka_unit_test(test_numeric_note_size),
        cmocka_unit_test(test_string_note_too_long),
        cmocka_unit_test(test_paddr_offset_without_virt_base),
        cmocka_unit_test(test_virt_base_above_kernel),
        cmocka_unit_test(test_wrong_loader_or_version),
        cmocka_unit_test(test_no_xen_notes),
        cmocka_unit_test(test_legacy_xen_guest),
        cmocka_unit_test(test_note_huge_namesz),
        cmocka_unit_test(test_note_huge_descsz),
        cmocka_unit_test(test_note_unaligned),
        cmocka_unit_test(test_note_truncated),
        cmocka_unit_test(test_every_prefix_rejected),
        cmocka_unit_test(test_error_buffer_bounds),
        cmocka_unit_test(test_load_copies_and_zeroes),
        cmocka_unit_test(test_load_callback_failure),
        cmocka_unit_test(test_paddr_of),
        cmocka_unit_test(test_feature_names),
        cmocka_unit_test(test_fuzz_corpus),
        cmocka_unit_test(test_elf32_pvh_kernel),
        cmocka_unit_test(test_elf32_refusals),
    };

    return cmocka_run_group_tests_name("elf_loader", tests, NULL, NULL);
}
