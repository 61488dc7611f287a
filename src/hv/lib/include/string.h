/*
 * string.h - the string and memory functions of the bare-metal build.
 *
 * Environment: hypervisor only.  The hosted build (sim/) uses the C
 * library's <string.h> instead; this directory is never on its include
 * path.  Only what the portable core may use is declared here.
 */
#ifndef XL_STRING_H
#define XL_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

#endif /* XL_STRING_H */
