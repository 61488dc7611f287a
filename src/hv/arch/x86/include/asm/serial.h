/*
 * asm/serial.h - the 16550 UART console (COM1).
 *
 * Where it runs: hypervisor only.  serial_init() runs first thing in
 * start_xen; after it, arch_console_write() sends every byte to the UART
 * (with "\n" sent as "\r\n").  serial_getc() polls for one received byte.
 */
#ifndef ASM_X86_SERIAL_H
#define ASM_X86_SERIAL_H

#include <stdbool.h>
#include <stdint.h>

#define COM1_BASE 0x3f8

void serial_init(uint16_t base, unsigned int baud);
void serial_putc(char c);
bool serial_getc(char *c);
void serial_flush(void);

#endif /* ASM_X86_SERIAL_H */
