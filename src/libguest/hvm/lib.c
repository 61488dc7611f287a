/*
 * libguest/hvm/lib.c - Xen detection, the HVM hypercall page, hypercalls,
 * console output and shutdown for libhvm guests.  Formatting and strings
 * are libguest's printf.c and string.c (../klib.h), built here too.
 *
 * Where it runs: guest only (HVM/PVH, ring 0, 32- or 64-bit).
 *
 * Nothing here may need libgcc: the 32-bit build has none.
 */
#include "hvm.h"
#include "../xencons.h"

char hypercall_page[4096] __page_aligned __attribute__((section(".hvm_hypercall_page")));
uint32_t xen_cpuid_base;
int hypercall_page_ready;

/* ---------------------------------------------------------------- */
/* Xen detection and the hypercall page.                             */

/* Xen's leaves sit at 0x40000000, or 0x100 higher when Viridian is on;
 * scan the 0x100-aligned bases of the hypervisor range as Linux does. */
uint32_t
xen_cpuid_find(void)
{
    uint32_t base;

    for (base = XEN_CPUID_FIRST_LEAF; base < XEN_CPUID_FIRST_LEAF + 0x10000; base += 0x100) {
        struct cpuid_regs r = cpuid(base);
        if (r.ebx == XEN_CPUID_SIGNATURE_EBX && r.ecx == XEN_CPUID_SIGNATURE_ECX &&
            r.edx == XEN_CPUID_SIGNATURE_EDX && r.eax - base >= 2)
            return base;
    }
    return 0;
}

/*
 * Leaf base+2: EAX = number of hypercall pages, EBX = the MSR.  Writing
 * (guest-physical address | page index) to the MSR makes the hypervisor
 * fill that page.  Each stub starts `mov $nr, %eax` (0xb8), so stub 0's
 * first byte tells us the write took.
 */
int
hypercall_page_init(void)
{
    struct cpuid_regs r;

    xen_cpuid_base = xen_cpuid_find();
    if (!xen_cpuid_base)
        return -1;
    r = cpuid(xen_cpuid_base + 2);
    if (r.eax < 1)
        return -2;
    wrmsr(r.ebx, (uint64_t)(uintptr_t)hypercall_page);
    if ((uint8_t)hypercall_page[0] != 0xb8)
        return -3;
    hypercall_page_ready = 1;
    return 0;
}

long
hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
          unsigned long a3, unsigned long a4, unsigned long a5)
{
    unsigned long stub = (unsigned long)(hypercall_page + nr * 32);
    long ret;

    if (nr >= 4096 / 32 || !hypercall_page_ready)
        return -XEN_ENOSYS;
#ifdef __x86_64__
    register unsigned long r4 __asm__("r10") = a4;
    register unsigned long r5 __asm__("r8") = a5;
    __asm__ volatile ("call *%%rax"
                      : "=a" (ret), "+D" (a1), "+S" (a2), "+d" (a3), "+r" (r4), "+r" (r5)
                      : "a" (stub)
                      : "memory", "rcx", "r9", "r11");
#else
    __asm__ volatile ("call *%%eax"
                      : "=a" (ret), "+b" (a1), "+c" (a2), "+d" (a3), "+S" (a4), "+D" (a5)
                      : "a" (stub)
                      : "memory");
#endif
    return ret;
}

long
hypercall_insn(int amd, unsigned long nr, unsigned long a1, unsigned long a2,
               unsigned long a3)
{
    long ret;

#ifdef __x86_64__
    if (amd)
        __asm__ volatile ("vmmcall" : "=a" (ret), "+D" (a1), "+S" (a2), "+d" (a3)
                          : "a" (nr) : "memory", "rcx", "r8", "r9", "r10", "r11");
    else
        __asm__ volatile ("vmcall" : "=a" (ret), "+D" (a1), "+S" (a2), "+d" (a3)
                          : "a" (nr) : "memory", "rcx", "r8", "r9", "r10", "r11");
#else
    if (amd)
        __asm__ volatile ("vmmcall" : "=a" (ret), "+b" (a1), "+c" (a2), "+d" (a3)
                          : "a" (nr) : "memory", "esi", "edi");
    else
        __asm__ volatile ("vmcall" : "=a" (ret), "+b" (a1), "+c" (a2), "+d" (a3)
                          : "a" (nr) : "memory", "esi", "edi");
#endif
    return ret;
}

long
hvm_param_get(uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
    long rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);

    *value = p.value;
    return rc;
}

long
hvm_param_set(uint32_t index, uint64_t value)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index, .value = value };

    return HYPERVISOR_hvm_op(HVMOP_set_param, &p);
}

/* ---------------------------------------------------------------- */
/* Console.                                                          */

#define UART_BASE 0x3f8
#define UART_LSR  5
#define UART_LSR_THRE 0x20

void
e9_write(const char *s, size_t len)
{
    while (len--)
        outb(0xe9, (uint8_t)*s++);
}

/* Wait a bounded time for room in the transmitter: an emulated UART that
 * never reports THRE must not hang the guest. */
void
uart_write(const char *s, size_t len)
{
    while (len--) {
        unsigned int spins = 100000;
        while (!(inb(UART_BASE + UART_LSR) & UART_LSR_THRE) && --spins)
            cpu_relax();
        outb(UART_BASE, (uint8_t)*s++);
    }
}

void
console_io_write(const char *s, size_t len)
{
    if (hypercall_page_ready)
        HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)len, s);
    else
        uart_write(s, len);
}

/*
 * A domU's PV console ring (HVM_PARAM_CONSOLE_PFN/EVTCHN; dom0 has none):
 * below 4 GiB, so the identity mapping (or no paging) reaches it.  The
 * ring, notifications and waiting are xencons.h's.
 */
static struct xencons_guest cons;

void
console_ring_init(void)
{
    uint64_t pfn, port;

    if (!hypercall_page_ready || hvm_param_get(HVM_PARAM_CONSOLE_PFN, &pfn) ||
        pfn == 0 || pfn >= (1ULL << 20) ||
        hvm_param_get(HVM_PARAM_CONSOLE_EVTCHN, &port))
        return;
    cons.port = (uint32_t)port;
    cons.ring = (volatile struct xencons_interface *)(uintptr_t)(pfn * HVM_PAGE_SIZE);
}

int
console_has_ring(void)
{
    return cons.ring != NULL;
}

void
console_write(const char *s, size_t len)
{
    if (cons.ring)
        xencons_write(&cons, s, len);
    else
        console_io_write(s, len);
}

size_t
console_read(char *buf, size_t len)
{
    return cons.ring ? xencons_read(&cons, buf, len) : 0;
}

/* ---------------------------------------------------------------- */
/* Ending the domain.                                                */

/*
 * 1. SCHEDOP_shutdown through the hypercall page (Xen, xenolith);
 * 2. QEMU's isa-debug-exit at 0xf4 (only reached on bare QEMU, where
 *    there is no hypervisor: exit status (reason << 1) | 1);
 * 3. `cli; hlt` forever: a vCPU that halts with interrupts off can never
 *    wake, which xenolith may treat as the end of the domain.
 */
void
hvm_shutdown(unsigned int reason)
{
    struct sched_shutdown sd = { .reason = reason };

    if (hypercall_page_ready)
        HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    outb(0xf4, (uint8_t)reason);
    for (;;)
        __asm__ volatile ("cli; hlt");
}
