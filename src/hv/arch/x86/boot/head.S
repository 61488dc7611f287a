/*
 * boot/head.S - from the boot loader to C.
 *
 * Where it runs: hypervisor only, first instructions after the boot loader.
 *
 * A Multiboot1 loader (GRUB, or QEMU -kernel) enters `start` in 32-bit
 * protected mode with paging off, EAX = 0x2badb002 and EBX = the physical
 * address of the multiboot information.  The image is linked at
 * XEN_VIRT_START + physical address, so until paging is on every symbol is
 * used as (symbol - XEN_VIRT_START), its physical address.
 *
 * Steps: check the loader and the CPU (long mode), load a small GDT, turn on
 * PAE + long mode + paging with static boot page tables that map the first
 * GiB three times (identity, image window, direct map), jump to 64-bit code,
 * move to the upper half, and call start_xen(magic, mbi).
 */
#include <asm/config.h>

#define PA(sym)         ((sym) - XEN_VIRT_START)

#define MULTIBOOT_MAGIC         0x1badb002
#define MULTIBOOT_FLAGS         0x00000003  /* page-align modules, want memory info */
#define MULTIBOOT_LOADER_MAGIC  0x2badb002

#define PTE_P   0x001
#define PTE_W   0x002
#define PTE_PS  0x080

        .section .text.boot, "ax", @progbits
        .code32

        .align 4
multiboot_header:
        .long   MULTIBOOT_MAGIC
        .long   MULTIBOOT_FLAGS
        .long   -(MULTIBOOT_MAGIC + MULTIBOOT_FLAGS)

/* Print the NUL-terminated string at physical %esi on COM1, then stop. */
early_fail:
        mov     $0x3f8, %dx
1:      lodsb
        test    %al, %al
        jz      2f
        out     %al, %dx
        jmp     1b
2:      cli
        hlt
        jmp     2b

        .globl  start
start:
        cli
        cld
        movl    $PA(boot_stack_top), %esp
        movl    %eax, PA(boot_mb_magic)
        movl    %ebx, PA(boot_mb_info)

        /* Only a Multiboot1 loader is supported. */
        movl    $PA(msg_not_multiboot), %esi
        cmpl    $MULTIBOOT_LOADER_MAGIC, %eax
        jne     early_fail

        /* Long mode is required: CPUID 0x80000001 EDX bit 29. */
        movl    $PA(msg_no_long_mode), %esi
        movl    $0x80000000, %eax
        cpuid
        cmpl    $0x80000001, %eax
        jb      early_fail
        movl    $0x80000001, %eax
        cpuid
        btl     $29, %edx
        jnc     early_fail
        movl    %edx, %ebp                      /* keep: bit 20 is NX */

        lgdt    PA(boot_gdtr)

        /* CR4.PAE, CR3 = boot L4. */
        movl    %cr4, %eax
        orl     $(1 << 5), %eax
        movl    %eax, %cr4
        movl    $PA(boot_l4), %eax
        movl    %eax, %cr3

        /* EFER.LME, and EFER.NXE when the CPU has NX. */
        movl    $0xc0000080, %ecx
        rdmsr
        orl     $(1 << 8), %eax
        btl     $20, %ebp
        jnc     1f
        orl     $(1 << 11), %eax
1:      wrmsr

        /* CR0.PG|WP|NE|PE: long mode becomes active. */
        movl    %cr0, %eax
        orl     $((1 << 31) | (1 << 16) | (1 << 5) | 1), %eax
        movl    %eax, %cr0

        ljmp    $BOOT_CS64, $PA(start64_low)

        .code64
start64_low:
        /* Running 64-bit at the identity-mapped physical address. */
        movabsq $start64_high, %rax
        jmp     *%rax

        .text
start64_high:
        movl    $BOOT_DS, %eax
        movl    %eax, %ds
        movl    %eax, %es
        movl    %eax, %ss
        xorl    %eax, %eax
        movl    %eax, %fs
        movl    %eax, %gs
        movabsq $boot_stack_top, %rsp
        xorl    %ebp, %ebp
        movl    boot_mb_magic(%rip), %edi
        movl    boot_mb_info(%rip), %esi
        call    start_xen
        ud2

        .section .rodata.boot, "a", @progbits
msg_not_multiboot:
        .asciz  "xenolith: not started by a Multiboot1 loader; use GRUB 'multiboot' or QEMU -kernel\r\n"
msg_no_long_mode:
        .asciz  "xenolith: this CPU has no 64-bit long mode; xenolith needs an x86-64 CPU\r\n"

        .section .data.boot, "aw", @progbits
        .align 8
        .globl  boot_mb_magic, boot_mb_info
boot_mb_magic:  .long 0
boot_mb_info:   .long 0

/* The boot GDT: null, 64-bit code, flat data. */
        .align 16
boot_gdt:
        .quad   0
        .quad   0x00af9a000000ffff              /* BOOT_CS64 */
        .quad   0x00cf92000000ffff              /* BOOT_DS */
boot_gdt_end:
boot_gdtr:
        .word   boot_gdt_end - boot_gdt - 1
        .long   PA(boot_gdt)

/*
 * Boot page tables.  One L2 of 2 MiB pages maps physical [0, 1 GiB); it is
 * reachable from three L4 slots: 0 (identity, needed while we jump to the
 * upper half), XEN_VIRT_START's slot (the image window) and the direct map.
 * start_xen replaces all of this with the final tables.
 */
        .section .data.page_aligned, "aw", @progbits
        .align  4096
        .globl  boot_l4
boot_l4:
        .quad   PA(boot_l3_ident) + (PTE_P | PTE_W)
        .fill   PML4_SLOT(XEN_VIRT_START) - 1, 8, 0
        .quad   PA(boot_l3_xen) + (PTE_P | PTE_W)
        .quad   PA(boot_l3_ident) + (PTE_P | PTE_W)     /* direct map slot */
        .fill   512 - PML4_SLOT(XEN_VIRT_START) - 2, 8, 0

        .align  4096
boot_l3_ident:
        .quad   PA(boot_l2) + (PTE_P | PTE_W)
        .fill   511, 8, 0

        .align  4096
boot_l3_xen:
        .fill   (XEN_VIRT_START >> 30) & 511, 8, 0
        .quad   PA(boot_l2) + (PTE_P | PTE_W)
        .fill   511 - ((XEN_VIRT_START >> 30) & 511), 8, 0

        .align  4096
boot_l2:
        .set    i, 0
        .rept   512
        .quad   (i << 21) + (PTE_P | PTE_W | PTE_PS)
        .set    i, i + 1
        .endr

        .section .bss.stack_aligned, "aw", @nobits
        .align  4096
        .globl  boot_stack, boot_stack_top
boot_stack:
        .skip   STACK_SIZE
boot_stack_top:
