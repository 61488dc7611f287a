/*
 * libguest/hvm/lib.c - Xen detection, the HVM hypercall page, hypercalls,
 * console output, formatting, strings and shutdown for libhvm guests.
 *
 * Where it runs: guest only (HVM/PVH, ring 0, 32- or 64-bit).
 *
 * Nothing here may need libgcc: the 32-bit build has none, so 64-bit
 * division in the number formatter is done by hand (div_small).
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
/* Formatting: %% %c %s %d %i %u %x %X %p, l/ll/z, width, .precision (%s), '0' '-' '#'. */

struct outbuf {
    char *buf;
    size_t size, len;
};

static void
out_char(struct outbuf *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

/* *v /= base (base <= 16), returns the remainder, in 32-bit steps. */
static unsigned int
div_small(uint64_t *v, unsigned int base)
{
    uint32_t hi = (uint32_t)(*v >> 32), lo = (uint32_t)*v;
    uint32_t qhi = hi / base, r = hi % base;
    uint32_t mid = (r << 16) | (lo >> 16);
    uint32_t qmid = mid / base;
    uint32_t low = ((mid % base) << 16) | (lo & 0xffff);

    *v = ((uint64_t)qhi << 32) | ((uint64_t)qmid << 16) | (low / base);
    return low % base;
}

static void
out_number(struct outbuf *o, uint64_t v, int neg, unsigned int base, int upper,
           int width, int left, char pad)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, fill;

    do
        tmp[sizeof(tmp) - 1 - n++] = digits[div_small(&v, base)];
    while (v);
    if (neg)
        tmp[sizeof(tmp) - 1 - n++] = '-';
    fill = width > n ? width - n : 0;
    if (!left)
        while (fill-- > 0)
            out_char(o, pad);
    for (int i = sizeof(tmp) - n; i < (int)sizeof(tmp); i++)
        out_char(o, tmp[i]);
    if (left)
        while (fill-- > 0)
            out_char(o, ' ');
}

static uint64_t
arg_unsigned(va_list *ap, int lng)
{
    if (lng >= 2)
        return va_arg(*ap, unsigned long long);
    if (lng == 1)
        return va_arg(*ap, unsigned long);
    return va_arg(*ap, unsigned int);
}

static int64_t
arg_signed(va_list *ap, int lng)
{
    if (lng >= 2)
        return va_arg(*ap, long long);
    if (lng == 1)
        return va_arg(*ap, long);
    return va_arg(*ap, int);
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap0)
{
    struct outbuf o = { buf, size, 0 };
    va_list ap;

    va_copy(ap, ap0);
    for (; *fmt; fmt++) {
        int left = 0, width = 0, lng = 0, alt = 0, prec = -1;
        char pad = ' ';

        if (*fmt != '%') {
            out_char(&o, *fmt);
            continue;
        }
        for (fmt++; *fmt == '-' || *fmt == '#' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                left = 1;
            else if (*fmt == '#')
                alt = 1;
            else
                pad = '0';
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == '.')
            for (prec = 0, fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
                prec = prec * 10 + (*fmt - '0');
        for (; *fmt == 'l' || *fmt == 'z'; fmt++)
            lng++;
        switch (*fmt) {
        case 'c':
            out_char(&o, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            size_t n;
            int fill;
            if (!s)
                s = "(null)";
            n = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
            fill = width > (int)n ? width - (int)n : 0;
            while (!left && fill-- > 0)
                out_char(&o, ' ');
            for (size_t i = 0; i < n; i++)
                out_char(&o, s[i]);
            while (left && fill-- > 0)
                out_char(&o, ' ');
            break;
        }
        case 'd':
        case 'i': {
            int64_t v = arg_signed(&ap, lng);
            out_number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, 0, width, left, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = arg_unsigned(&ap, lng);
            if (alt && *fmt != 'u') {
                out_char(&o, '0');
                out_char(&o, 'x');
            }
            out_number(&o, v, 0, *fmt == 'u' ? 10 : 16, *fmt == 'X', width, left, pad);
            break;
        }
        case 'p':
            out_char(&o, '0');
            out_char(&o, 'x');
            out_number(&o, (uintptr_t)va_arg(ap, void *), 0, 16, 0, width, left, pad);
            break;
        case '\0':
            fmt--;
            break;
        default:
            out_char(&o, *fmt);
            break;
        }
    }
    va_end(ap);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* Format one message; to the console (to_log: also to the hypervisor's
 * console, once if the two are the same). */
static int
vprintk_to(int to_log, const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    size_t len = strnlen(buf, sizeof(buf));

    if (!to_log || cons.ring)
        console_write(buf, len);
    if (to_log)
        console_io_write(buf, len);
    return n;
}

int
printk(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintk_to(0, fmt, ap);
    va_end(ap);
    return n;
}

int
printk_log(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintk_to(1, fmt, ap);
    va_end(ap);
    return n;
}

/* ---------------------------------------------------------------- */
/* Strings (gcc may also emit calls to memcpy/memset/memcmp).        */

size_t
strlen(const char *s)
{
    return strnlen(s, (size_t)-1);
}

size_t
strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int
strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            break;
    }
    return 0;
}

char *
strstr(const char *h, const char *n)
{
    size_t ln = strlen(n);

    for (; *h; h++)
        if (!strncmp(h, n, ln))
            return (char *)h;
    return ln ? NULL : (char *)h;
}

void *
memcpy(void *d, const void *s, size_t n)
{
    unsigned char *dp = d;
    const unsigned char *sp = s;

    while (n--)
        *dp++ = *sp++;
    return d;
}

void *
memset(void *d, int c, size_t n)
{
    unsigned char *dp = d;

    while (n--)
        *dp++ = (unsigned char)c;
    return d;
}

int
memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *ap = a, *bp = b;

    for (; n; n--, ap++, bp++)
        if (*ap != *bp)
            return *ap - *bp;
    return 0;
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
