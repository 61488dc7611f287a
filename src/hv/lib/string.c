/*
 * string.c - freestanding string and memory functions.
 *
 * Environment: hypervisor only (the hosted build uses libc).
 *
 * memset and memcpy move 8 bytes per step with rep stosq / rep movsq and
 * the rest with rep stosb / movsb: building a domain zeroes every frame
 * it gets, and byte loops made that ~3 instructions a byte.  The string
 * instructions need DF clear, which every hypervisor entry guarantees
 * (cld in the trap entry, SFMASK on SYSCALL, the C ABI elsewhere).  The
 * other functions are plain loops: correct first.  gcc recognises such
 * loops and may turn them into calls to memset/memcpy -- that is, into
 * calls to themselves.  -fno-builtin alone does not stop that; the
 * optimize attribute below does, whatever flags the file gets.
 */
#include <stdint.h>
#include <string.h>

#define NO_LOOP_CALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LOOP_CALLS void *
memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    void *d = dst;
    const void *s = src;
    size_t q = n / 8, r = n % 8;

    __asm__ volatile ("rep movsq" : "+D" (d), "+S" (s), "+c" (q) : : "memory");
    __asm__ volatile ("rep movsb" : "+D" (d), "+S" (s), "+c" (r) : : "memory");
    return dst;
}

/* Overlap-safe: copy backwards when dst lies above src. */
NO_LOOP_CALLS void *
memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ((uintptr_t)d <= (uintptr_t)s || (uintptr_t)d >= (uintptr_t)s + n) {
        while (n-- > 0)
            *d++ = *s++;
    } else {
        while (n-- > 0)
            d[n] = s[n];
    }
    return dst;
}

NO_LOOP_CALLS void *
memset(void *dst, int c, size_t n)
{
    void *d = dst;
    uint64_t v = 0x0101010101010101ULL * (unsigned char)c;
    size_t q = n / 8, r = n % 8;

    __asm__ volatile ("rep stosq" : "+D" (d), "+c" (q) : "a" (v) : "memory");
    __asm__ volatile ("rep stosb" : "+D" (d), "+c" (r) : "a" (v) : "memory");
    return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

NO_LOOP_CALLS size_t
strlen(const char *s)
{
    size_t n = 0;

    while (s[n] != '\0')
        n++;
    return n;
}

size_t
strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n] != '\0')
        n++;
    return n;
}

/* Compare as unsigned char, as the C standard requires. */
int
strcmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    while (*x != '\0' && *x == *y) {
        x++;
        y++;
    }
    return (*x > *y) - (*x < *y);
}

int
strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    for (; n > 0; n--, x++, y++) {
        if (*x != *y)
            return (*x > *y) - (*x < *y);
        if (*x == '\0')
            return 0;
    }
    return 0;
}

char *
strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (*s == '\0')
            return NULL;
    }
}
