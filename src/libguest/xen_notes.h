/*
 * libguest/xen_notes.h - assembler macros for Xen's ELF notes.
 *
 * Where it runs: build time only (included by head.S).
 *
 * A Xen note is an ELF note with name "Xen" and type XEN_ELFNOTE_*; the
 * descriptor is a NUL-terminated string or a little-endian number whose
 * size the reader takes from n_descsz (8 bytes here: .quad).  Notes must
 * end up in a PT_NOTE segment (the linker script makes one).
 */
#ifndef LIBGUEST_XEN_NOTES_H
#define LIBGUEST_XEN_NOTES_H

#include "public/elfnote.h"

/* The layout every guest image uses: linked at VIRT_BASE with physical
 * load addresses starting at 0 (p_paddr = p_vaddr - VIRT_BASE), so both
 * "p_paddr + VIRT_BASE - PADDR_OFFSET" (Xen's libelf, xenolith) and
 * "p_vaddr" name the same place. */
#define GUEST_VIRT_BASE     0xffffffff80000000
#define GUEST_PADDR_OFFSET  0

#ifdef __ASSEMBLY__

.macro xen_note type, kind, value
    .pushsection .note.Xen, "a", @note
    .p2align 2
    .long 4                 /* n_namesz: "Xen\0" */
    .long 9f - 8f           /* n_descsz */
    .long \type
    .asciz "Xen"
    .p2align 2
8:
    .ifc \kind, str
        .asciz "\value"
    .else
        .quad \value
    .endif
9:
    .p2align 2
    .popsection
.endm

#endif /* __ASSEMBLY__ */
#endif /* LIBGUEST_XEN_NOTES_H */
