/*
 * printk.c - console output with levels, line prefixes and the console ring.
 *
 * Environment: hosted and hypervisor.  Single boot CPU: no lock yet (see
 * lib.h).
 *
 * Two line states are tracked across calls:
 *  - out_line_start: whether the *printed* output is at the start of a line,
 *    which decides where "(XL) " goes;
 *  - msg_mid_line/mid_line_lvl: whether the last *message* (printed or
 *    dropped) left a line open, so that a continuation without its own
 *    level prefix is filtered like the line it continues.
 * Everything that reaches the console also goes into conring, a byte ring
 * indexed by an ever-growing producer count (never reset except by
 * printk_reset), which makes reader positions absolute.
 */
#include <arch_hooks.h>
#include <lib.h>
#include <string.h>
#include <xl_errno.h>

#define LINE_PREFIX "(XL) "

static int loglvl = LOGLVL_INFO;
static bool out_line_start = true;
static bool msg_mid_line;
static int mid_line_lvl = LOGLVL_INFO;
static bool in_panic;
static char pbuf[PRINTK_BUF_SIZE];
static char conring[CONRING_SIZE];
static size_t conring_prod;

static void
conring_put(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        conring[(conring_prod + i) % CONRING_SIZE] = s[i];
    conring_prod += n;
}

static void
console_emit(const char *s, size_t n)
{
    arch_console_write(s, n);
    conring_put(s, n);
}

/* Print s, putting the line prefix in front of every line start. */
static void
print_lines(const char *s)
{
    while (*s != '\0') {
        const char *nl = strchr(s, '\n');
        size_t n = nl != NULL ? (size_t)(nl - s) + 1 : strlen(s);

        if (out_line_start)
            console_emit(LINE_PREFIX, sizeof(LINE_PREFIX) - 1);
        console_emit(s, n);
        out_line_start = nl != NULL;
        s += n;
    }
}

/* Level of a formatted message; *msg is moved past a "<n>" prefix. */
static int
msg_level(const char **msg)
{
    const char *m = *msg;

    if (m[0] == '<' && m[1] >= '0' && m[1] <= '3' && m[2] == '>') {
        *msg = m + 3;
        return m[1] - '0';
    }
    return msg_mid_line ? mid_line_lvl : LOGLVL_INFO;
}

static void
track_line(const char *msg, int lvl)
{
    size_t n = strlen(msg);

    if (n == 0)
        return;
    msg_mid_line = msg[n - 1] != '\n';
    mid_line_lvl = lvl;
}

/* A whole line (fmt ends in a newline) with its own level above the
 * threshold: it would be formatted only to be dropped.  Skipping the
 * formatting matters on hot paths (a debug line per PV bounce cost ~4000
 * instructions per event upcall).  The line state ends as formatting it
 * would leave it: at a line start, with that level. */
static bool
dropped_whole_line(const char *fmt)
{
    size_t n;

    if (fmt[0] != '<' || fmt[1] < '0' || fmt[1] > '3' || fmt[2] != '>' ||
        fmt[1] - '0' <= loglvl)
        return false;
    n = strlen(fmt);
    if (n == 3 || fmt[n - 1] != '\n')
        return false;
    msg_mid_line = false;
    mid_line_lvl = fmt[1] - '0';
    return true;
}

void
vprintk(const char *fmt, va_list ap)
{
    const char *msg = pbuf;
    int lvl;

    if (dropped_whole_line(fmt))
        return;
    xl_vsnprintf(pbuf, sizeof(pbuf), fmt, ap);
    lvl = msg_level(&msg);
    track_line(msg, lvl);
    if (lvl <= loglvl)
        print_lines(msg);
}

void
printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void
printk_set_loglvl(int lvl)
{
    loglvl = lvl < LOGLVL_NONE ? LOGLVL_NONE
           : lvl > LOGLVL_DEBUG ? LOGLVL_DEBUG : lvl;
}

int
printk_get_loglvl(void)
{
    return loglvl;
}

int
printk_parse_loglvl(const char *s)
{
    static const struct { const char *name; int lvl; } names[] = {
        { "none", LOGLVL_NONE }, { "error", LOGLVL_ERR },
        { "warning", LOGLVL_WARNING }, { "info", LOGLVL_INFO },
        { "debug", LOGLVL_DEBUG }, { "all", LOGLVL_DEBUG },
    };

    if (s == NULL)
        return -EINVAL;
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (strcmp(s, names[i].name) == 0)
            return names[i].lvl;
    return -EINVAL;
}

size_t
console_ring_read(char *buf, size_t size, size_t *pos)
{
    size_t oldest = conring_prod > CONRING_SIZE ? conring_prod - CONRING_SIZE
                                                : 0;
    size_t p = *pos < oldest ? oldest : *pos;
    size_t n = 0;

    if (p > conring_prod)
        p = conring_prod;
    /*@ loop invariant 0 <= n <= size;
        loop assigns n, p, buf[0 .. size - 1];
        loop variant size - n;
    */
    for (; n < size && p < conring_prod; n++, p++)
        buf[n] = conring[p % CONRING_SIZE];
    *pos = p;
    return n;
}

void
printk_reset(void)
{
    loglvl = LOGLVL_INFO;
    out_line_start = true;
    msg_mid_line = false;
    mid_line_lvl = LOGLVL_INFO;
    in_panic = false;
    conring_prod = 0;
}

/*
 * A panic is printed whatever the log level.  A panic raised while printing
 * a panic goes straight to the halt.  in_panic is cleared before halting
 * because the hosted platform may unwind and carry on with the next test.
 */
void
panic(const char *fmt, ...)
{
    const char *msg = pbuf;
    va_list ap;

    if (in_panic)
        arch_panic_halt();
    in_panic = true;
    va_start(ap, fmt);
    xl_vsnprintf(pbuf, sizeof(pbuf), fmt, ap);
    va_end(ap);
    (void)msg_level(&msg);
    if (!out_line_start)
        print_lines("\n");
    print_lines("****************************************\n");
    print_lines("Panic: ");
    print_lines(msg);
    if (!out_line_start)
        print_lines("\n");
    print_lines("****************************************\n");
    msg_mid_line = false;
    in_panic = false;
    arch_panic_halt();
}
