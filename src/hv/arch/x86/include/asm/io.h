/*
 * asm/io.h - port I/O.  Where it runs: hypervisor only.
 */
#ifndef ASM_X86_IO_H
#define ASM_X86_IO_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile ("outb %0, %1" : : "a" (v), "Nd" (port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile ("inb %1, %0" : "=a" (v) : "Nd" (port));
    return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile ("outw %0, %1" : : "a" (v), "Nd" (port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile ("outl %0, %1" : : "a" (v), "Nd" (port));
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile ("inl %1, %0" : "=a" (v) : "Nd" (port));
    return v;
}

/* A write to the unused port 0x80 takes about a microsecond on a PC. */
static inline void io_delay(void)
{
    outb(0x80, 0);
}

#endif /* ASM_X86_IO_H */
