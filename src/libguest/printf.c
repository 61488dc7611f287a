/*
 * libguest/printf.c - a small vsnprintf and printk over the console.
 *
 * Where it runs: guest only: the PV64 library and libhvm (built -m32 and
 * -m64 there), so it divides in 32-bit steps (div_small) and reads `long`
 * and `long long` arguments as what they are on either word size.
 *
 * Supports %% %c %s %d %i %u %x %X %p with the l/ll/z length modifiers,
 * a field width, a string precision (%.Ns), and the '0', '-' and '#'
 * flags.  Output is always
 * NUL-terminated when size > 0; the return value is the length the full
 * output would have had.
 */
#include "klib.h"

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

static void
out_padded(struct outbuf *o, const char *s, size_t n, int width, int left, char pad)
{
    int fill = width > (int)n ? width - (int)n : 0;
    if (!left)
        while (fill-- > 0)
            out_char(o, pad);
    while (n--)
        out_char(o, *s++);
    if (left)
        while (fill-- > 0)
            out_char(o, ' ');
}

/* *v /= base (base <= 16) in 32-bit steps; returns the remainder. */
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

/* The next argument of a conversion with `lng` l/z modifiers. */
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

static void
out_number(struct outbuf *o, uint64_t v, int neg, unsigned int base, int upper,
           int width, int left, char pad)
{
    char tmp[24];
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;

    do
        tmp[sizeof(tmp) - 1 - n++] = digits[div_small(&v, base)];
    while (v);
    if (neg) {
        if (pad == '0') {
            out_char(o, '-');
            width--;
        } else {
            tmp[sizeof(tmp) - 1 - n++] = '-';
        }
    }
    out_padded(o, tmp + sizeof(tmp) - n, n, width, left, pad);
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
        fmt++;
        for (;; fmt++) {
            if (*fmt == '-')
                left = 1;
            else if (*fmt == '#')
                alt = 1;
            else if (*fmt == '0')
                pad = '0';
            else
                break;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == '.') {
            prec = 0;
            for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
                prec = prec * 10 + (*fmt - '0');
        }
        for (; *fmt == 'l' || *fmt == 'z'; fmt++)
            lng++;
        switch (*fmt) {
        case 'c': {
            char c = (char)va_arg(ap, int);
            out_padded(&o, &c, 1, width, left, ' ');
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            out_padded(&o, s, prec >= 0 ? strnlen(s, prec) : strlen(s), width, left, ' ');
            break;
        }
        case 'd':
        case 'i': {
            int64_t v = arg_signed(&ap, lng);
            out_number(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, 0,
                       width, left, pad);
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
            out_number(&o, (uint64_t)(uintptr_t)va_arg(ap, void *), 0, 16, 0,
                       width, left, pad);
            break;
        case '%':
            out_char(&o, '%');
            break;
        case '\0':
            fmt--;
            break;
        default:
            out_char(&o, '%');
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

    if (!to_log || console_has_ring())
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
