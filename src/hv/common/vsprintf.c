/*
 * vsprintf.c - xl_vsnprintf: the one formatter behind printk and panic.
 *
 * Environment: hosted and hypervisor.  Uses no libc, no floating point.
 *
 * The output sink never writes past size - 1 bytes and always counts the
 * full length, which gives C99 return semantics.  A conversion is decoded
 * into struct fmt_spec first, then emitted; unknown conversions are copied
 * out verbatim (so a format bug shows up in the log instead of eating
 * arguments).
 */
#include <lib.h>
#include <string.h>

#define FL_LEFT  0x01   /* '-' */
#define FL_ZERO  0x02   /* '0' */
#define FL_ALT   0x04   /* '#' */
#define FL_SPACE 0x08   /* ' ' */
#define FL_PLUS  0x10   /* '+' */

enum fmt_len { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE,
               LEN_PTRDIFF, LEN_INTMAX };

struct fmt_spec {
    unsigned int flags;
    int width;            /* 0 = none */
    int prec;             /* -1 = none */
    enum fmt_len len;
    char conv;
};

struct fmt_out {
    char *buf;
    size_t size;
    size_t pos;           /* bytes the full output has so far */
};

_Static_assert(sizeof(size_t) == sizeof(ptrdiff_t),
               "%zd reads a ptrdiff_t");

static void
out_char(struct fmt_out *o, char c)
{
    if (o->size != 0 && o->pos < o->size - 1)
        o->buf[o->pos] = c;
    o->pos++;
}

static void
out_pad(struct fmt_out *o, char c, int n)
{
    for (; n > 0; n--)
        out_char(o, c);
}

static void
out_mem(struct fmt_out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out_char(o, s[i]);
}

/* Digits of v in the given base, least significant first; returns count. */
static int
utoa_rev(char *tmp, uint64_t v, unsigned int base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v != 0);
    return n;
}

/* Emit a number: sign/prefix, zero or space padding, precision. */
static void
emit_number(struct fmt_out *o, const struct fmt_spec *sp, uint64_t mag,
            bool neg, unsigned int base)
{
    char tmp[24];
    char prefix[3];
    int plen = 0, ndig = 0, zeros, pad;

    if (!(sp->prec == 0 && mag == 0))
        ndig = utoa_rev(tmp, mag, base, sp->conv == 'X');
    if (neg)
        prefix[plen++] = '-';
    else if (sp->flags & FL_PLUS)
        prefix[plen++] = '+';
    else if (sp->flags & FL_SPACE)
        prefix[plen++] = ' ';
    if ((sp->flags & FL_ALT) && base == 16 && mag != 0) {
        prefix[plen++] = '0';
        prefix[plen++] = sp->conv;
    }
    zeros = sp->prec > ndig ? sp->prec - ndig : 0;
    if ((sp->flags & FL_ALT) && base == 8 && zeros == 0 &&
        (ndig == 0 || tmp[ndig - 1] != '0'))
        zeros = 1;
    pad = sp->width - plen - zeros - ndig;
    if ((sp->flags & FL_ZERO) && !(sp->flags & FL_LEFT) && sp->prec < 0) {
        zeros += pad > 0 ? pad : 0;
        pad = 0;
    }
    if (!(sp->flags & FL_LEFT))
        out_pad(o, ' ', pad);
    out_mem(o, prefix, (size_t)plen);
    out_pad(o, '0', zeros);
    while (ndig > 0)
        out_char(o, tmp[--ndig]);
    if (sp->flags & FL_LEFT)
        out_pad(o, ' ', pad);
}

static void
emit_string(struct fmt_out *o, const struct fmt_spec *sp, const char *s)
{
    size_t n = 0;
    int pad;

    if (s == NULL)
        s = "(null)";
    while (s[n] != '\0' && (sp->prec < 0 || n < (size_t)sp->prec))
        n++;
    pad = n < (size_t)sp->width ? sp->width - (int)n : 0;
    if (!(sp->flags & FL_LEFT))
        out_pad(o, ' ', pad);
    out_mem(o, s, n);
    if (sp->flags & FL_LEFT)
        out_pad(o, ' ', pad);
}

static void
emit_char(struct fmt_out *o, const struct fmt_spec *sp, char c)
{
    int pad = sp->width > 1 ? sp->width - 1 : 0;

    if (!(sp->flags & FL_LEFT))
        out_pad(o, ' ', pad);
    out_char(o, c);
    if (sp->flags & FL_LEFT)
        out_pad(o, ' ', pad);
}

static int64_t
fetch_signed(enum fmt_len len, va_list *ap)
{
    switch (len) {
    case LEN_CHAR:    return (signed char)va_arg(*ap, int);
    case LEN_SHORT:   return (short)va_arg(*ap, int);
    case LEN_LONG:    return va_arg(*ap, long);
    case LEN_LLONG:   return va_arg(*ap, long long);
    case LEN_SIZE:    return va_arg(*ap, ptrdiff_t);
    case LEN_PTRDIFF: return va_arg(*ap, ptrdiff_t);
    case LEN_INTMAX:  return va_arg(*ap, intmax_t);
    default:          return va_arg(*ap, int);
    }
}

static uint64_t
fetch_unsigned(enum fmt_len len, va_list *ap)
{
    switch (len) {
    case LEN_CHAR:    return (unsigned char)va_arg(*ap, unsigned int);
    case LEN_SHORT:   return (unsigned short)va_arg(*ap, unsigned int);
    case LEN_LONG:    return va_arg(*ap, unsigned long);
    case LEN_LLONG:   return va_arg(*ap, unsigned long long);
    case LEN_SIZE:    return va_arg(*ap, size_t);
    case LEN_PTRDIFF: return (uint64_t)va_arg(*ap, ptrdiff_t);
    case LEN_INTMAX:  return va_arg(*ap, uintmax_t);
    default:          return va_arg(*ap, unsigned int);
    }
}

static void
emit_signed(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap)
{
    int64_t v = fetch_signed(sp->len, ap);
    /* Negate in unsigned arithmetic: -INT64_MIN does not exist. */
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

    emit_number(o, sp, mag, v < 0, 10);
}

static void
emit_unsigned(struct fmt_out *o, struct fmt_spec *sp, va_list *ap)
{
    unsigned int base = sp->conv == 'o' ? 8 : sp->conv == 'u' ? 10 : 16;

    /* '+' and ' ' apply to signed conversions only. */
    sp->flags &= ~(unsigned int)(FL_PLUS | FL_SPACE);
    emit_number(o, sp, fetch_unsigned(sp->len, ap), false, base);
}

/* %p: always "0x" and 16 hex digits, so addresses line up in logs. */
static void
emit_pointer(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap)
{
    uint64_t v = (uintptr_t)va_arg(*ap, void *);
    int pad = sp->width > 18 ? sp->width - 18 : 0;

    if (!(sp->flags & FL_LEFT))
        out_pad(o, ' ', pad);
    out_mem(o, "0x", 2);
    for (int shift = 60; shift >= 0; shift -= 4)
        out_char(o, "0123456789abcdef"[(v >> shift) & 0xf]);
    if (sp->flags & FL_LEFT)
        out_pad(o, ' ', pad);
}

static const char *
parse_flags(const char *p, struct fmt_spec *sp)
{
    for (;; p++) {
        switch (*p) {
        case '-': sp->flags |= FL_LEFT; break;
        case '0': sp->flags |= FL_ZERO; break;
        case '#': sp->flags |= FL_ALT; break;
        case ' ': sp->flags |= FL_SPACE; break;
        case '+': sp->flags |= FL_PLUS; break;
        default: return p;
        }
    }
}

/* Decimal field (width or precision), saturating at a sane bound. */
static const char *
parse_num(const char *p, int *out)
{
    int v = 0;

    while (*p >= '0' && *p <= '9') {
        if (v < 100000)
            v = v * 10 + (*p - '0');
        p++;
    }
    *out = v;
    return p;
}

static const char *
parse_width_prec(const char *p, struct fmt_spec *sp, va_list *ap)
{
    if (*p == '*') {
        sp->width = va_arg(*ap, int);
        if (sp->width < 0) {
            sp->flags |= FL_LEFT;
            sp->width = sp->width == -__INT_MAX__ - 1 ? __INT_MAX__
                                                       : -sp->width;
        }
        p++;
    } else {
        p = parse_num(p, &sp->width);
    }
    if (*p != '.')
        return p;
    p++;
    if (*p == '*') {
        sp->prec = va_arg(*ap, int);
        if (sp->prec < 0)
            sp->prec = -1;
        return p + 1;
    }
    return parse_num(p, &sp->prec);
}

static const char *
parse_length(const char *p, struct fmt_spec *sp)
{
    switch (*p) {
    case 'h':
        if (p[1] == 'h') {
            sp->len = LEN_CHAR;
            return p + 2;
        }
        sp->len = LEN_SHORT;
        return p + 1;
    case 'l':
        if (p[1] == 'l') {
            sp->len = LEN_LLONG;
            return p + 2;
        }
        sp->len = LEN_LONG;
        return p + 1;
    case 'z': sp->len = LEN_SIZE; return p + 1;
    case 't': sp->len = LEN_PTRDIFF; return p + 1;
    case 'j': sp->len = LEN_INTMAX; return p + 1;
    default: return p;
    }
}

/* Emit one conversion; returns false if the conversion is unknown. */
static bool
emit_conversion(struct fmt_out *o, struct fmt_spec *sp, va_list *ap)
{
    switch (sp->conv) {
    case 'd': case 'i':
        emit_signed(o, sp, ap);
        return true;
    case 'u': case 'x': case 'X': case 'o':
        emit_unsigned(o, sp, ap);
        return true;
    case 'c':
        emit_char(o, sp, (char)va_arg(*ap, int));
        return true;
    case 's':
        emit_string(o, sp, va_arg(*ap, const char *));
        return true;
    case 'p':
        emit_pointer(o, sp, ap);
        return true;
    case '%':
        out_char(o, '%');
        return true;
    default:
        return false;
    }
}

/* p points just after '%'; returns the position after the conversion. */
static const char *
format_one(struct fmt_out *o, const char *p, va_list *ap)
{
    const char *start = p - 1;
    struct fmt_spec sp = { .flags = 0, .width = 0, .prec = -1,
                           .len = LEN_INT, .conv = 0 };

    p = parse_flags(p, &sp);
    p = parse_width_prec(p, &sp, ap);
    p = parse_length(p, &sp);
    sp.conv = *p;
    if (sp.conv == '\0') {
        out_mem(o, start, (size_t)(p - start));
        return p;
    }
    if (!emit_conversion(o, &sp, ap))
        out_mem(o, start, (size_t)(p + 1 - start));
    return p + 1;
}

int
xl_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct fmt_out o = { .buf = buf, .size = size, .pos = 0 };
    const char *p = fmt;
    va_list aq;

    va_copy(aq, ap);
    while (*p != '\0') {
        if (*p != '%')
            out_char(&o, *p++);
        else
            p = format_one(&o, p + 1, &aq);
    }
    va_end(aq);
    if (size != 0)
        buf[o.pos < size ? o.pos : size - 1] = '\0';
    return o.pos > (size_t)__INT_MAX__ ? __INT_MAX__ : (int)o.pos;
}

int
xl_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = xl_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
