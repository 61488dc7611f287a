/*
 * tests/guests/hvm/hvm_realmode.S - an unmodified-style HVM guest that
 * never leaves real mode: a flat binary loaded at 0x7c00 and started with
 * CS:IP = 0000:7c00, like a boot sector, with no firmware underneath.
 *
 * Where it runs: guest only.  xenolith with dom0=hvm.  Xen 4.17 cannot
 * run it (a real-mode guest cannot be dom0 there, and this project does
 * not drive a Xen toolstack), so the hvm-compare table shows "n/a".  On
 * bare QEMU (tools/hvm-compare.py --only bare) the Xen parts are skipped.
 *
 * What it checks, one PASS/FAIL line each:
 *   port_e9          the line itself goes out through the debug port 0xe9
 *   uart_3f8         the line goes out through the 16550 (scratch register
 *                    round trip first); so does every line without a
 *                    channel of its own, RESULT included
 *   cpuid            leaf 0 answers with a max leaf >= 1 and a vendor
 *   xen_signature    "XenVMMXenVMM" at 0x40000000 with max leaf >= +2
 *   hypercall_page   the MSR from leaf 0x40000002 (EBX) fills the page at
 *                    0x6000 with `mov $nr,%eax; vmmcall|vmcall; ret` stubs
 *   xen_version      XENVER_version hypercall from real mode: > 0
 *   console_io       this line is written with console_io from real mode
 * Each channel carries only its own PASS line, so a channel that loses
 * output shows as "RESULT says N passed" with fewer PASS lines seen.
 *
 * Hypercalls from real mode: a stub of the page is 32-bit code (`b8 imm32`
 * would decode differently in a 16-bit segment), so the guest does not
 * call the page.  It copies the three opcode bytes of the page's VMMCALL
 * or VMCALL (stub 0, offset 5) into hc_insn below and executes them with
 * %eax = number and the 32-bit register convention (%ebx, %ecx, %edx...),
 * which is what Xen does for a vCPU in real mode (hvm_hypercall treats
 * mode 0 like a 32-bit guest).  Pointers are linear addresses with DS = 0.
 * So the hypervisor learns nothing new: it sees its own instruction.
 *
 * Stopping: SCHEDOP_shutdown(reboot or crash) by that same hypercall;
 * if it returns (no Xen), `out` to QEMU's isa-debug-exit at 0xf4, and
 * last `cli; hlt` forever.  xenolith should end a domain whose only vCPU
 * halts with interrupts off and nothing pending (it can never wake).
 */
#define HC_PAGE 0x6000                  /* the hypercall page (free RAM) */
#define REST_SECTORS 7                  /* read after the boot sector */

    .code16
    .text
    .globl realmode_start
realmode_start:
    cli
    xorw %ax, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw $0x7c00, %sp
    cld
    /* Under a PC BIOS (bare QEMU) only this sector was loaded: read the
     * rest with INT 13h (CHS, sectors 2.., %dl = boot drive).  A
     * hypervisor that loads the whole file skips this. */
    cmpl $0x6d726878, image_magic   /* "xhrm" */
    je main
    movw $0x0200 + REST_SECTORS, %ax
    movw $0x0002, %cx
    xorb %dh, %dh
    movw $0x7e00, %bx
    int $0x13
    cmpl $0x6d726878, image_magic
    je main
    movb $'!', %al
    outb %al, $0xe9
    cli
    hlt

    .org 510
    .word 0xaa55

main:
    movw $banner, %si
    call puts_e9
    movw $banner, %si
    call puts_uart

    /* ---- port_e9: only this channel carries the line ---- */
    incw passed
    movw $pass_e9, %si
    call puts_e9

    /* ---- uart_3f8: scratch register round trip ---- */
    movw $0x3ff, %dx
    movb $0xa5, %al
    outb %al, %dx
    inb %dx, %al
    cmpb $0xa5, %al
    jne 1f
    incw passed
    movw $pass_uart, %si
    call puts_uart
    jmp 2f
1:  incw failed
    movw $fail_uart, %si
    call puts_uart
2:
    /* ---- cpuid ---- */
    xorl %eax, %eax
    cpuid
    movl %ebx, vendor
    movl %edx, vendor + 4
    movl %ecx, vendor + 8
    cmpl $1, %eax
    jb 1f
    incw passed
    movw $pass_cpuid, %si
    call puts_uart
    movw $note_vendor, %si
    call puts_uart
    jmp 2f
1:  incw failed
    movw $fail_cpuid, %si
    call puts_uart
2:
    /* ---- xen_signature ---- */
    movl $0x40000000, %eax
    cpuid
    cmpl $0x566e6558, %ebx          /* "XenV" */
    jne no_xen
    cmpl $0x65584d4d, %ecx          /* "MMXe" */
    jne no_xen
    cmpl $0x4d4d566e, %edx          /* "nVMM" */
    jne no_xen
    cmpl $0x40000002, %eax
    jb no_xen
    incw passed
    movw $pass_sig, %si
    call puts_uart

    /* ---- hypercall_page: write 0x6000 to the MSR, check stub 17 ---- */
    movl $0x40000002, %eax
    cpuid
    movl %ebx, %ecx
    movl $HC_PAGE, %eax
    xorl %edx, %edx
    wrmsr
    cmpb $0xb8, HC_PAGE + 17 * 32
    jne hc_bad
    cmpb $17, HC_PAGE + 17 * 32 + 1
    jne hc_bad
    cmpb $0x0f, HC_PAGE + 5
    jne hc_bad
    /* Take the page's own hypercall instruction (3 bytes) for hc_insn. */
    movw HC_PAGE + 5, %ax
    movw %ax, hc_insn
    movb HC_PAGE + 7, %al
    movb %al, hc_insn + 2
    movb $1, have_hc
    jmp 1f                          /* the modified bytes are fetched anew */
1:  incw passed
    movw $pass_page, %si
    call puts_uart

    /* ---- xen_version(XENVER_version) from real mode ---- */
    movl $17, %eax
    xorl %ebx, %ebx
    xorl %ecx, %ecx
    call hc
    testl %eax, %eax
    jle 1f
    movl %eax, %edx
    movw $hexbuf, %di
    call hex32
    incw passed
    movw $pass_ver, %si
    call puts_uart
    jmp 2f
1:  incw failed
    movw $fail_ver, %si
    call puts_uart
2:
    /* ---- console_io(CONSOLEIO_write) carries its own PASS line ---- */
    incw passed
    movw $pass_con, %si
    call strlen16
    movl $18, %eax
    xorl %ebx, %ebx                 /* CONSOLEIO_write */
    movzwl %cx, %ecx
    movl $pass_con, %edx
    call hc
    testl %eax, %eax
    je finish
    decw passed
    incw failed
    movw $fail_con, %si
    call puts_uart
    jmp finish

hc_bad:
    incw failed
    movw $fail_page, %si
    call puts_uart
    jmp finish

no_xen:
    /* No Xen leaves: bare QEMU.  Say so; the runner fails this note on
     * Xen and xenolith, so it cannot hide a missing leaf there. */
    movw $note_skip, %si
    call puts_uart

finish:
    /* RESULT: single digits are enough for this guest. */
    movb passed, %al
    addb $'0', %al
    movb %al, result_passed
    movb failed, %al
    addb $'0', %al
    movb %al, result_failed
    movw $result, %si
    call puts_uart

    /* SCHEDOP_shutdown(reboot if all passed, else crash). */
    movl $1, shutdown_reason
    cmpw $0, failed
    je 1f
    movl $3, shutdown_reason
1:  cmpb $0, have_hc
    je 2f
    movl $29, %eax
    movl $2, %ebx
    movl $shutdown_reason, %ecx
    call hc
2:  movb shutdown_reason, %al
    outb %al, $0xf4
3:  cli
    hlt
    jmp 3b

/* Hypercall: %eax = number, %ebx.. = arguments; result in %eax.
 * hc_insn holds ud2 until the hypercall page supplied the real bytes. */
hc:
hc_insn:
    ud2
    nop
    ret

/* %si -> NUL-terminated string; %cx = its length. */
strlen16:
    xorw %cx, %cx
    pushw %si
1:  lodsb
    testb %al, %al
    jz 2f
    incw %cx
    jmp 1b
2:  popw %si
    ret

puts_e9:
1:  lodsb
    testb %al, %al
    jz 2f
    outb %al, $0xe9
    jmp 1b
2:  ret

/* Bounded wait for THRE (LSR bit 5): a UART that never reports ready
 * must not hang the guest. */
puts_uart:
1:  lodsb
    testb %al, %al
    jz 3f
    movb %al, %bl
    movw $0x3fd, %dx
    movw $0xffff, %cx
2:  inb %dx, %al
    testb $0x20, %al
    loopz 2b
    movw $0x3f8, %dx
    movb %bl, %al
    outb %al, %dx
    jmp 1b
3:  ret

/* %edx -> 8 hex digits at %di. */
hex32:
    movw $8, %cx
1:  roll $4, %edx
    movb %dl, %al
    andb $0xf, %al
    addb $'0', %al
    cmpb $'9', %al
    jbe 2f
    addb $'a' - '9' - 1, %al
2:  movb %al, (%di)
    incw %di
    loop 1b
    ret

    /* Data follows the code; tests/guests/hvm.mk checks the file fits
     * in 1 + REST_SECTORS sectors. */
passed:         .word 0
have_hc:        .byte 0                 /* hc_insn holds the page's bytes */
failed:         .word 0
    .p2align 2
shutdown_reason: .long 0
banner:     .asciz "hvm_realmode: real mode at 0000:7c00\n"
pass_e9:    .asciz "PASS port_e9\n"
pass_uart:  .asciz "PASS uart_3f8\n"
fail_uart:  .asciz "FAIL uart_3f8: scratch register did not read back 0xa5\n"
pass_cpuid: .asciz "PASS cpuid\n"
fail_cpuid: .asciz "FAIL cpuid: max basic leaf < 1\n"
note_vendor: .ascii "  # vendor "
vendor:     .fill 12, 1, ' '
            .asciz "\n"
pass_sig:   .asciz "PASS xen_signature\n"
pass_page:  .asciz "PASS hypercall_page\n"
fail_page:  .asciz "FAIL hypercall_page: MSR write did not fill the page at 0x6000\n"
pass_ver:   .ascii "PASS xen_version\n  # XENVER_version = 0x"
hexbuf:     .asciz "00000000\n"
fail_ver:   .asciz "FAIL xen_version: hypercall from real mode returned <= 0\n"
pass_con:   .asciz "PASS console_io\n"
fail_con:   .asciz "FAIL console_io: console_io from real mode failed\n"
note_skip:  .asciz "  # skipped: no hypervisor (no Xen CPUID leaves)\n"
result:     .ascii "RESULT: "
result_passed: .ascii "0 passed, "
result_failed: .asciz "0 failed\n"
    .p2align 2
image_magic: .long 0x6d726878
_realmode_end:
