/*
 * realmode_smoke.S - the smallest HVM guest: a boot-sector style image
 * started in real mode at 0:7c00 (dom0=hvm).  It writes to the debug port
 * 0xe9 and the emulated UART, reads a CPUID vendor byte, makes three
 * hypercalls (32-bit convention: EAX = number, EBX, ECX, EDX = arguments)
 * with VMMCALL on AMD or VMCALL on Intel, picked from the CPUID vendor, and
 * shuts the domain down.  The system tests check each
 * line of its output.
 *
 * Where it runs: guest only (xenolith HVM dom0, SVM or VMX).
 */
        .code16
        .globl  _start
_start:
        cli
        xor     %ax, %ax
        mov     %ax, %ds
        mov     %ax, %ss
        mov     $0x7000, %sp

        mov     $msg_port, %si          /* debug port 0xe9 */
1:      lodsb
        test    %al, %al
        jz      2f
        out     %al, $0xe9
        jmp     1b
2:
        mov     $0x3f8, %dx             /* the UART's transmit register */
        mov     $msg_uart, %si
3:      lodsb
        test    %al, %al
        jz      4f
        out     %al, %dx
        jmp     3b
4:
        xor     %eax, %eax              /* vendor: "GenuineIntel" -> VMCALL */
        cpuid
        cmp     $0x756e6547, %ebx       /* "Genu" */
        jne     5f
        movb    $0xc1, hc_insn + 2
5:
        mov     $0x40000000, %eax       /* Xen's CPUID leaves */
        cpuid
        mov     %ebx, %eax              /* "XenV" */
        out     %al, $0xe9
        mov     %bh, %al
        out     %al, $0xe9
        mov     $'\n', %al
        out     %al, $0xe9

        mov     $18, %eax               /* console_io(CONSOLEIO_write, n, msg) */
        xor     %ebx, %ebx
        mov     $(msg_hc_end - msg_hc), %ecx
        mov     $msg_hc, %edx
        call    hypercall

        mov     $17, %eax               /* xen_version(XENVER_version) */
        xor     %ebx, %ebx
        xor     %ecx, %ecx
        call    hypercall
        shr     $16, %eax
        add     $'0', %al
        out     %al, $0xe9
        mov     $'\n', %al
        out     %al, $0xe9

        mov     $29, %eax               /* sched_op(SCHEDOP_shutdown, &poweroff) */
        mov     $2, %ebx
        mov     $reason, %ecx
        call    hypercall
        hlt

/* One hypercall; the third opcode byte becomes 0xc1 (VMCALL) on Intel. */
hypercall:
hc_insn:
        .byte   0x0f, 0x01, 0xd9        /* vmmcall */
        ret

msg_port:   .asciz "realmode: hello through port 0xe9\n"
msg_uart:   .asciz "realmode: hello through the UART\n"
msg_hc:     .ascii "realmode: hello through console_io\n"
msg_hc_end:
        .align  4
reason:     .long   0                   /* SHUTDOWN_poweroff */
