/*
 * lib.h - the hypervisor's basic library: formatted output, the console
 * log (printk and its ring), panic and assertions, small helper macros.
 *
 * Environment: hosted and hypervisor.
 *
 * Anyone may call printk at any time after boot entry; output goes through
 * arch_console_write() and is also kept in a 16 KiB ring that dom0 reads
 * later (dmesg).  A message may start with a level prefix (XENLOG_ERR ...
 * XENLOG_DEBUG); messages above the threshold set by printk_set_loglvl()
 * are dropped, the rest are printed with "(XL) " at the start of each line.
 * A message with no prefix is XENLOG_INFO, except that a message continuing
 * an unfinished line inherits the level of that line.
 *
 * printk formats into one static buffer (PRINTK_BUF_SIZE bytes, longer
 * messages are truncated) and takes no lock: it is for the single boot CPU
 * until a console lock arrives with SMP.
 *
 * panic() prints its message whatever the log level and never returns.
 * BUG_ON/ASSERT are for broken hypervisor invariants only, never for
 * something a guest can cause (DESIGN.md section 4).  ASSERT is always
 * checked: this is a teaching hypervisor, correctness before speed.
 *
 * Formats (xl_vsnprintf): %d %i %u %x %X %o %c %s %p %% with flags
 * '-' '0' '#' ' ' '+', width and precision (also '*'), and length modifiers
 * hh h l ll z t j.  %p prints "0x" and 16 hex digits; a NULL %s prints
 * "(null)".  An unknown conversion (including %n) is copied out verbatim.
 */
#ifndef XL_LIB_H
#define XL_LIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Level prefixes: put one in front of a format string, printk strips it. */
#define XENLOG_ERR     "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO    "<2>"
#define XENLOG_DEBUG   "<3>"

#define LOGLVL_NONE    (-1)
#define LOGLVL_ERR     0
#define LOGLVL_WARNING 1
#define LOGLVL_INFO    2
#define LOGLVL_DEBUG   3

#define PRINTK_BUF_SIZE 1024      /* longest message printk formats */
#define CONRING_SIZE    16384     /* console ring kept for dmesg */

/* C99 snprintf semantics: writes at most size bytes including the NUL
 * (nothing at all when size == 0) and returns the length the full output
 * would have had (clamped to INT_MAX). */
int xl_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int xl_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);

/* Threshold: messages with level <= lvl are printed.  -1 prints nothing
 * (except panics), 3 prints everything.  Out-of-range values are clamped.
 * The boot default is LOGLVL_INFO. */
void printk_set_loglvl(int lvl);
int printk_get_loglvl(void);

/* "none" "error" "warning" "info" "debug" "all" -> -1 0 1 2 3 3,
 * anything else (or NULL) -> -EINVAL. */
int printk_parse_loglvl(const char *s);

/* Copy console ring bytes starting at absolute position *pos (0 = first
 * byte ever printed) into buf, at most size bytes, no NUL added; advance
 * *pos and return the number copied.  If *pos points at bytes the ring has
 * already overwritten, reading restarts at the oldest byte still held. */
/*@ requires \valid(buf + (0 .. size - 1)) && \valid(pos);
    requires \separated(buf + (0 .. size - 1), pos);
    assigns buf[0 .. size - 1], *pos;
    ensures \result <= size;
*/
size_t console_ring_read(char *buf, size_t size, size_t *pos);

/* Back to the boot state: empty ring, at a line start, default level.
 * For tests and for a console re-initialisation. */
void printk_reset(void);

/*@ assigns \nothing;
    ensures never_returns: \false;
*/
__attribute__((noreturn)) void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(c)                                                        \
    do {                                                                 \
        if (unlikely(c))                                                 \
            panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__);        \
    } while (0)
#define ASSERT(c)                                                        \
    do {                                                                 \
        if (unlikely(!(c)))                                              \
            panic("Assertion '%s' failed at %s:%d", #c, __FILE__,        \
                  __LINE__);                                             \
    } while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)                                                        \
    ({ __typeof__(a) _min_a = (a); __typeof__(b) _min_b = (b);           \
       _min_a < _min_b ? _min_a : _min_b; })
#define MAX(a, b)                                                        \
    ({ __typeof__(a) _max_a = (a); __typeof__(b) _max_b = (b);           \
       _max_a > _max_b ? _max_a : _max_b; })
/* a must be a power of two; ROUNDUP wraps to 0 for x near the top. */
#define ROUNDDOWN(x, a)  ((x) & ~((__typeof__(x))(a) - 1))
#define ROUNDUP(x, a)    ROUNDDOWN((x) + ((__typeof__(x))(a) - 1), (a))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define IS_POWER_OF_2(x) ((x) != 0 && ((x) & ((x) - 1)) == 0)

#endif /* XL_LIB_H */
