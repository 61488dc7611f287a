/*
 * serial.c - 16550 UART driver for the hypervisor console.
 *
 * Where it runs: hypervisor only.
 *
 * Polled, no interrupts: output waits for THR empty, input is polled from
 * the idle loop.  This is all a teaching hypervisor needs, and it works the
 * same under QEMU, Bochs and real hardware.
 */
#include <stddef.h>
#include <arch_hooks.h>
#include <asm/io.h>
#include <asm/serial.h>

/* Register offsets from the base port. */
#define UART_THR 0      /* transmit holding (write) */
#define UART_RBR 0      /* receive buffer (read) */
#define UART_DLL 0      /* divisor latch low (DLAB=1) */
#define UART_IER 1
#define UART_DLM 1      /* divisor latch high (DLAB=1) */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define  LSR_DR   0x01  /* data ready */
#define  LSR_THRE 0x20  /* transmit holding register empty */
#define  LSR_TEMT 0x40  /* transmitter empty: every byte is on the wire */

#define UART_CLOCK 115200

static uint16_t uart_base;

void
serial_init(uint16_t base, unsigned int baud)
{
    unsigned int div = UART_CLOCK / (baud ? baud : UART_CLOCK);

    uart_base = base;
    outb(base + UART_IER, 0x00);            /* no interrupts */
    outb(base + UART_LCR, 0x80);            /* DLAB on */
    outb(base + UART_DLL, div & 0xff);
    outb(base + UART_DLM, (div >> 8) & 0xff);
    outb(base + UART_LCR, 0x03);            /* 8n1, DLAB off */
    outb(base + UART_FCR, 0x07);            /* enable and clear FIFOs */
    outb(base + UART_MCR, 0x03);            /* DTR, RTS */
}

void
serial_putc(char c)
{
    unsigned int spins = 0;

    if (!uart_base)
        return;
    /* Bounded wait: a missing UART must not hang the hypervisor. */
    while (!(inb(uart_base + UART_LSR) & LSR_THRE) && ++spins < 100000)
        ;
    outb(uart_base + UART_THR, (uint8_t)c);
}

/* Wait until the last byte has left (before the emulator is told to quit). */
void
serial_flush(void)
{
    unsigned int spins = 0;

    while (uart_base && !(inb(uart_base + UART_LSR) & LSR_TEMT) && ++spins < 1000000)
        ;
}

bool
serial_getc(char *c)
{
    if (!uart_base || !(inb(uart_base + UART_LSR) & LSR_DR))
        return false;
    *c = (char)inb(uart_base + UART_RBR);
    return true;
}

void
arch_console_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
    }
}
