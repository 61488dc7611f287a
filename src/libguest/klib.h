/*
 * libguest/klib.h - formatting, console and string helpers shared by the
 * PV64 library (guest.h) and libhvm (hvm/hvm.h, 32- and 64-bit).
 *
 * Where it runs: guest only.  printf.c and string.c implement the
 * formatting and string parts once for both libraries (libhvm compiles
 * them with -m32 and -m64; no 64-bit division, which 32-bit code would
 * take from libgcc).  Each library implements the console part on its
 * own platform (console.c: start_info; hvm/lib.c: HVM params).
 *
 * console_write/printk go to the domain's console: its PV console ring
 * for a domU the toolstack built (dom0 serves it; `console <dom>` in
 * dom0's shell shows it), console_io otherwise.  console_io_write always
 * goes to the hypervisor's console ("(dN) ..." on the serial line);
 * printk_log goes to both (once if they are the same): the test
 * frameworks' PASS/FAIL/RESULT lines, so runners that read the serial
 * line see every domain's verdict.  console_read takes typed bytes from
 * the ring's "in" side (0 if none or no ring).
 */
#ifndef LIBGUEST_KLIB_H
#define LIBGUEST_KLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Formatting (printf.c): %% %c %s %d %i %u %x %X %p, the l/ll/z length
 * modifiers, a field width, a string precision (%.Ns), '0' '-' '#'. */
int  vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int  snprintf(char *buf, size_t size, const char *fmt, ...)
     __attribute__((format(printf, 3, 4)));
int  printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int  printk_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Console (per library). */
void console_write(const char *s, size_t len);
void console_io_write(const char *s, size_t len);
size_t console_read(char *buf, size_t len);
void console_ring_init(void);
int  console_has_ring(void);

/* Strings (string.c). */
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int    strcmp(const char *a, const char *b);
int    strncmp(const char *a, const char *b, size_t n);
char  *strstr(const char *h, const char *n);
void  *memcpy(void *d, const void *s, size_t n);
void  *memset(void *d, int c, size_t n);
void  *memmove(void *d, const void *s, size_t n);
int    memcmp(const void *a, const void *b, size_t n);

#endif
