/*
 * libguest/hvm/head.S - entry of a libhvm guest, in one of five flavours
 * chosen at build time by HVM_MODE (hvm.h, HVM_MODE_*):
 *
 *   PVH32   PVH ELF image.  Entered at pvh_start (XEN_ELFNOTE_PHYS32_ENTRY)
 *           in 32-bit flat protected mode, paging off, %ebx = guest-physical
 *           address of struct hvm_start_info.  Stays in 32-bit mode.
 *   PVH64   the same entry, then long mode on its own identity tables.
 *   BOOT32  flat binary loaded at 0x7c00 and started in real mode with
 *           CS:IP = 0000:7c00 (a boot sector); goes to 32-bit protected
 *           mode, paging off.
 *   BOOTPAE as BOOT32, then PAE paging (identity, 2 MiB pages).
 *   BOOT64  as BOOT32, then long mode (identity, 2 MiB pages).
 *
 * Where it runs: guest only (ring 0).
 *
 * Every flavour first stores what it was handed (registers, flags, CR0,
 * CR4, EFER, selectors, TR, LDTR, GDTR, IDTR) into hvm_entry, before any
 * instruction changes them, then loads its own GDT (0x08 flat 32-bit code,
 * 0x10 flat data, 0x18 64-bit code), zeroes .bss, takes its own stack and
 * calls hvm_main(start_info_paddr) (test.c), which does not return.
 *
 * Page tables (PVH64, BOOTPAE, BOOT64): identity map of the low 4 GiB with
 * 2 MiB pages, so a pointer is the guest-physical address everywhere;
 * the four page directories are filled by a loop, not stored in the image.
 *
 * Boot images on a PC BIOS: when this runs from a real boot disk (bare
 * QEMU, for testing the image without a hypervisor) the BIOS has loaded
 * only the first 512 bytes.  The check at boot_check_image notices that
 * the rest is missing and reads it with INT 13h (extended read) from the
 * boot drive in %dl.  A hypervisor that loads the whole image at 0x7c00
 * (xenolith's dom0=hvm) skips that path: no BIOS is needed.
 */
#define HVM_MODE_PVH32   1
#define HVM_MODE_PVH64   2
#define HVM_MODE_BOOT32  3
#define HVM_MODE_BOOTPAE 4
#define HVM_MODE_BOOT64  5

#if HVM_MODE == HVM_MODE_PVH32 || HVM_MODE == HVM_MODE_PVH64
#define PVH 1
#endif
#if HVM_MODE == HVM_MODE_PVH64 || HVM_MODE == HVM_MODE_BOOTPAE || HVM_MODE == HVM_MODE_BOOT64
#define PAGING 1
#endif
#if HVM_MODE == HVM_MODE_PVH64 || HVM_MODE == HVM_MODE_BOOT64
#define LONG 1
#endif

#define SEL_CODE32 0x08
#define SEL_DATA   0x10
#define SEL_CODE64 0x18

#define MSR_EFER    0xc0000080
#define EFER_LME    (1 << 8)
#define CR0_PE      (1 << 0)
#define CR0_PG      (1 << 31)
#define CR4_PAE     (1 << 5)

/* hvm_entry field offsets (struct hvm_entry_state in hvm.h) */
#define E_EAX 0
#define E_EBX 4
#define E_ECX 8
#define E_EDX 12
#define E_ESI 16
#define E_EDI 20
#define E_EBP 24
#define E_ESP 28
#define E_EFLAGS 32
#define E_CR0 36
#define E_CR4 40
#define E_EFER 44
#define E_CS 52
#define E_DS 54
#define E_ES 56
#define E_SS 58
#define E_FS 60
#define E_GS 62
#define E_TR 64
#define E_LDTR 66
#define E_GDT_LIMIT 68
#define E_IDT_LIMIT 70
#define E_GDT_BASE 72
#define E_IDT_BASE 76
#define E_MODE 80

#ifdef PVH
/* ---- Xen ELF notes: name "Xen", 4-byte numbers, NUL-terminated strings */
.macro xen_note type, kind, value
    .pushsection .note.Xen, "a", @note
    .p2align 2
    .long 4
    .long 9f - 8f
    .long \type
    .asciz "Xen"
    .p2align 2
8:
    .ifc \kind, str
    .asciz "\value"
    .else
    .long \value
    .endif
9:
    .p2align 2
    .popsection
.endm

    xen_note 6,  str, "xenolith-libhvm"     /* XEN_ELFNOTE_GUEST_OS      */
    xen_note 7,  str, "1"                   /* XEN_ELFNOTE_GUEST_VERSION */
    xen_note 5,  str, "xen-3.0"             /* XEN_ELFNOTE_XEN_VERSION   */
    xen_note 8,  str, "generic"             /* XEN_ELFNOTE_LOADER        */
    xen_note 18, long, pvh_start            /* XEN_ELFNOTE_PHYS32_ENTRY  */
#endif

/* Store the entry state; %eax, %ecx, %edx are free afterwards.  The same
 * text assembles as 16-bit (boot images) and 32-bit (PVH) code. */
.macro save_entry_state
    movl %eax, hvm_entry + E_EAX
    movl %ebx, hvm_entry + E_EBX
    movl %ecx, hvm_entry + E_ECX
    movl %edx, hvm_entry + E_EDX
    movl %esi, hvm_entry + E_ESI
    movl %edi, hvm_entry + E_EDI
    movl %ebp, hvm_entry + E_EBP
    movl %esp, hvm_entry + E_ESP
    /* The entry stack may be anything (Xen's PVH entry has %esp = 0). */
    movl $entry_scratch_top, %esp
    pushfl
    popl hvm_entry + E_EFLAGS
    movl %cr0, %eax
    movl %eax, hvm_entry + E_CR0
    movl %cr4, %eax
    movl %eax, hvm_entry + E_CR4
    movl $MSR_EFER, %ecx
    rdmsr
    movl %eax, hvm_entry + E_EFER
    movl %edx, hvm_entry + E_EFER + 4
    movw %cs, hvm_entry + E_CS
    movw %ds, hvm_entry + E_DS
    movw %es, hvm_entry + E_ES
    movw %ss, hvm_entry + E_SS
    movw %fs, hvm_entry + E_FS
    movw %gs, hvm_entry + E_GS
    sgdtl entry_desc_tmp
    movw entry_desc_tmp, %ax
    movw %ax, hvm_entry + E_GDT_LIMIT
    movl entry_desc_tmp + 2, %eax
    movl %eax, hvm_entry + E_GDT_BASE
    sidtl entry_desc_tmp
    movw entry_desc_tmp, %ax
    movw %ax, hvm_entry + E_IDT_LIMIT
    movl entry_desc_tmp + 2, %eax
    movl %eax, hvm_entry + E_IDT_BASE
.endm

    .section .text.head, "ax", @progbits

#ifdef PVH
    .code32
    .globl pvh_start
pvh_start:
    save_entry_state
    /* STR and SLDT fault in real mode, so only the PVH flavours record
     * them (both are legal at CPL 0 in protected mode). */
    str  hvm_entry + E_TR
    sldt hvm_entry + E_LDTR
    movl %ebx, %ebp                 /* start-info paddr, kept in %ebp */
    lgdt gdt_ptr
    ljmp $SEL_CODE32, $pm32_entry
#else
    /* ---- real mode, CS:IP = 0000:7c00 ---- */
    .code16
    .globl boot_start
boot_start:
    cli
    /* The selectors are recorded below; zero DS first so the stores land
     * at their link addresses (a boot sector may start with any DS). */
    movw %ds, %cs:boot_ds_tmp
    pushw $0
    popw %ds
    save_entry_state
    movw boot_ds_tmp, %ax
    movw %ax, hvm_entry + E_DS
    xorw %ax, %ax
    movw %ax, %es
    movw %ax, %ss
    movl $0x7c00, %esp
    xorl %ebp, %ebp                 /* no start info */
    call boot_check_image
    lgdtl gdt_ptr
    movl %cr0, %eax
    orl $CR0_PE, %eax
    movl %eax, %cr0
    ljmpl $SEL_CODE32, $pm32_entry

/*
 * If the word at image_magic is not there, a BIOS loaded just this sector:
 * read the rest (sectors 1.., up to 127 per call) to 0x7e00 onwards.
 */
boot_check_image:
    cmpl $0x6d766878, image_magic     /* "xhvm" */
    je 2f
    movl $_image_file_end - 0x7e00 + 511, %ecx
    shrl $9, %ecx                     /* sectors still to read */
    movw $0x07e0, dap_seg
    movl $1, dap_lba
1:  movw %cx, %ax
    cmpw $64, %ax
    jbe 3f
    movw $64, %ax
3:  movw %ax, dap_count
    pushw %cx
    pushw %ax
    movw $dap, %si
    movb hvm_entry + E_EDX, %dl       /* BIOS boot drive (rdmsr clobbered %dl) */
    movb $0x42, %ah
    int $0x13
    popw %ax
    popw %cx
    jc 4f
    subw %ax, %cx
    movzwl %ax, %eax
    addl %eax, dap_lba
    shlw $5, %ax                      /* sectors * 512 / 16 */
    addw %ax, dap_seg
    testw %cx, %cx
    jnz 1b
    cmpl $0x6d766878, image_magic
    jne 4f
2:  ret
4:  movb $'!', %al                    /* load failed: say so, stop */
    outb %al, $0xe9
5:  hlt
    jmp 5b

    .p2align 2
dap:
    .byte 16, 0
dap_count:
    .word 0
    .word 0                           /* offset */
dap_seg:
    .word 0
dap_lba:
    .quad 0
boot_ds_tmp:
    .word 0

    /* Everything the BIOS path runs sits in the first sector. */
    .org 510
    .word 0xaa55
#endif

    /* ---- 32-bit protected mode, flat segments ---- */
    .code32
pm32_entry:
    movl $SEL_DATA, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    movl %eax, %fs
    movl %eax, %gs
    /* Here, not in save_entry_state: on the BIOS path the rest of the
     * image (hvm_entry included) is read over what was saved. */
    movl $HVM_MODE, hvm_entry + E_MODE
    /* Zero .bss (the loader should have, but this costs nothing). */
    movl $__bss_start, %edi
    movl $__bss_end, %ecx
    subl %edi, %ecx
    xorl %eax, %eax
    cld
    rep stosb
    movl $boot_stack_top, %esp

#ifdef PAGING
    /* Four page directories of 2 MiB pages: 4 GiB identity. */
    movl $pt_pd, %edi
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl $0x83, %eax                 /* present, writable, 2 MiB */
    movl %eax, (%edi, %ecx, 8)
    movl %ecx, %eax
    shrl $11, %eax                  /* bits 32+ of (i << 21) */
    movl %eax, 4(%edi, %ecx, 8)
    incl %ecx
    cmpl $4 * 512, %ecx
    jb 1b
    /* The PDPT's first four entries point at them.  PAE PDPTEs take
     * only the present bit: RW/US there are reserved and fault. */
    movl $pt_pdpt, %edi
    xorl %ecx, %ecx
2:  movl %ecx, %eax
    shll $12, %eax
    addl $pt_pd, %eax
#ifdef LONG
    orl $0x3, %eax
#else
    orl $0x1, %eax
#endif
    movl %eax, (%edi, %ecx, 8)
    incl %ecx
    cmpl $4, %ecx
    jb 2b
#ifdef LONG
    movl $pt_pdpt + 0x3, pt_pml4
    movl $pt_pml4, %eax
#else
    movl $pt_pdpt, %eax
#endif
    movl %eax, %cr3
    movl %cr4, %eax
    orl $CR4_PAE, %eax
    movl %eax, %cr4
#ifdef LONG
    movl $MSR_EFER, %ecx
    rdmsr
    orl $EFER_LME, %eax
    wrmsr
#endif
    movl %cr0, %eax
    orl $CR0_PG, %eax
    movl %eax, %cr0
#endif /* PAGING */

#ifdef LONG
    ljmp $SEL_CODE64, $long_entry
    .code64
long_entry:
    movl $SEL_DATA, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    movq $boot_stack_top, %rsp
    movl %ebp, %edi
    xorl %ebp, %ebp
    call hvm_main
#else
    pushl %ebp
    xorl %ebp, %ebp
    call hvm_main
#endif
3:  cli
    hlt
    jmp 3b

    .data
    .p2align 3
gdt:
    .quad 0
    .quad 0x00cf9a000000ffff        /* 0x08: 32-bit code, flat */
    .quad 0x00cf92000000ffff        /* 0x10: data, flat */
    .quad 0x00af9a000000ffff        /* 0x18: 64-bit code */
gdt_end:
gdt_ptr:
    .word gdt_end - gdt - 1
    .long gdt
entry_desc_tmp:
    .fill 8, 1, 0

    .p2align 2
    .globl hvm_entry
hvm_entry:
    .fill 84, 1, 0
image_magic:
    .long 0x6d766878                /* "xhvm": the whole image is present */

    .section .bss.page_aligned, "aw", @nobits
    .p2align 12
#ifdef PAGING
pt_pml4:
    .skip 4096
pt_pdpt:
    .skip 4096
pt_pd:
    .skip 4 * 4096
#endif
boot_stack:
    .skip 16384
    .globl boot_stack_top
boot_stack_top:

    /* A few words of stack for the entry path, below 64 KiB for real
     * mode; in .data, not .bss, because .bss is zeroed later. */
    .data
    .p2align 4
    .fill 16, 4, 0
entry_scratch_top:
