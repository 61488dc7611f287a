/*
 * hvm/vdev.c - the port-I/O devices an HVM guest sees.
 *
 * Where it runs: hypervisor only.  Generic.
 *
 *   0x3f8-0x3ff  a 16550 UART: transmitted bytes go to the hypervisor
 *                console as the domain's lines; nothing is ever received
 *   0xe9, 0x12   debug ports: a byte written is a console byte (0xe9 reads
 *                back 0xe9, as Bochs and QEMU's debugcon do, so guests can
 *                probe it)
 *   0x40-0x43    the PIT: channel 0 as a periodic timer on IRQ 0, channel 2
 *                counting down for calibration (gate and output in port 0x61)
 *   0x20-0x21,
 *   0xa0-0xa1    the two 8259 PICs: initialisation words, mask, EOI; IRQ 0
 *                of the master becomes vector (base + 0)
 * Any other port reads as all ones and ignores writes (as an empty ISA
 * slot does).  One set of devices: these belong to the one HVM domain
 * that runs now (dom0); per-domain state comes with several domains.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <console.h>
#include <domain.h>
#include <lib.h>
#include <asm/hvm.h>
#include <asm/processor.h>
#include <asm/time.h>

#define PIT_HZ 1193182ULL

static struct {
    uint8_t ier, lcr, mcr, scr, dll, dlm;
} uart;

static struct {
    uint16_t reload[3];
    uint8_t access_lo[3];           /* next byte written is the low byte */
    uint8_t mode[3];
    uint64_t start_tsc[3];
    uint8_t port61;
    uint64_t ch0_period_tsc, ch0_next_tsc;
} pit;

static struct {
    uint8_t imr, isr, irr, base, icw_step;
} pic[2] = { { .imr = 0xff, .base = 0x08 }, { .imr = 0xff, .base = 0x70 } };

static void
console_byte(struct vcpu *v, uint8_t c)
{
    char ch = (char)c;

    guest_console_emit(v->domain->domain_id, &ch, 1);
}

/* ---- UART ---- */

static uint32_t
uart_read(unsigned int reg)
{
    bool dlab = uart.lcr & 0x80;

    switch (reg) {
    case 0: return dlab ? uart.dll : 0;        /* RBR: no input */
    case 1: return dlab ? uart.dlm : uart.ier;
    case 2: return 0xc1;                       /* IIR: FIFOs on, no interrupt */
    case 3: return uart.lcr;
    case 4: return uart.mcr;
    case 5: return 0x60;                       /* LSR: THR empty, transmitter empty */
    case 6: return 0xb0;                       /* MSR: DCD, DSR, CTS */
    default: return uart.scr;
    }
}

static void
uart_write(struct vcpu *v, unsigned int reg, uint8_t val)
{
    bool dlab = uart.lcr & 0x80;

    switch (reg) {
    case 0:
        if (dlab)
            uart.dll = val;
        else
            console_byte(v, val);
        break;
    case 1:
        if (dlab)
            uart.dlm = val;
        else
            uart.ier = val & 0x0f;
        break;
    case 3: uart.lcr = val; break;
    case 4: uart.mcr = val; break;
    case 7: uart.scr = val; break;
    default: break;                            /* FCR and read-only registers */
    }
}

/* ---- PIT ---- */

static uint64_t
pit_ticks_since(unsigned int ch)
{
    uint64_t khz = tsc_khz ? tsc_khz : 1000000;

    return (rdtsc() - pit.start_tsc[ch]) * PIT_HZ / (khz * 1000);
}

static uint32_t
pit_count(unsigned int ch)
{
    uint32_t reload = pit.reload[ch] ? pit.reload[ch] : 0x10000;
    uint64_t t = pit_ticks_since(ch);

    if (ch == 2 && pit.mode[2] == 0)                   /* one-shot: stops at 0 */
        return t >= reload ? 0 : (uint32_t)(reload - t);
    return (uint32_t)(reload - t % reload);
}

static void
pit_program(unsigned int ch)
{
    uint64_t reload = pit.reload[ch] ? pit.reload[ch] : 0x10000;
    uint64_t khz = tsc_khz ? tsc_khz : 1000000;

    pit.start_tsc[ch] = rdtsc();
    if (ch == 0) {
        pit.ch0_period_tsc = reload * khz * 1000 / PIT_HZ;
        pit.ch0_next_tsc = pit.start_tsc[0] + pit.ch0_period_tsc;
    }
}

static uint32_t
pit_read(unsigned int port)
{
    unsigned int ch = port - 0x40;
    uint32_t c;

    if (ch > 2)
        return 0xff;
    c = pit_count(ch);
    pit.access_lo[ch] ^= 1;
    return pit.access_lo[ch] ? (c & 0xff) : ((c >> 8) & 0xff);
}

static void
pit_write(unsigned int port, uint8_t val)
{
    unsigned int ch;

    if (port == 0x43) {
        ch = val >> 6;
        if (ch > 2)
            return;                             /* read-back: not emulated */
        pit.mode[ch] = (val >> 1) & 7;
        pit.access_lo[ch] = 1;
        return;
    }
    ch = port - 0x40;
    if (pit.access_lo[ch]) {
        pit.reload[ch] = (pit.reload[ch] & 0xff00) | val;
        pit.access_lo[ch] = 0;
    } else {
        pit.reload[ch] = (uint16_t)((pit.reload[ch] & 0xff) | (val << 8));
        pit.access_lo[ch] = 1;
        pit_program(ch);
    }
}

static uint32_t
port61_read(void)
{
    bool out2 = pit.mode[2] == 0 && pit_count(2) == 0;

    return (pit.port61 & 0x0f) | (out2 ? 0x20 : 0);
}

/* ---- PIC ---- */

static uint32_t
pic_read(unsigned int which, unsigned int reg)
{
    return reg ? pic[which].imr : pic[which].irr;
}

static void
pic_write(unsigned int which, unsigned int reg, uint8_t val)
{
    if (!reg && (val & 0x10)) {                 /* ICW1: start initialisation */
        pic[which].icw_step = 1;
        pic[which].imr = 0;
        pic[which].isr = pic[which].irr = 0;
        return;
    }
    if (!reg) {
        if (val & 0x20)                         /* OCW2: EOI (specific or not) */
            pic[which].isr = 0;
        return;
    }
    switch (pic[which].icw_step) {
    case 1:
        pic[which].base = val & 0xf8;           /* ICW2: vector base */
        pic[which].icw_step = 2;
        break;
    case 2:
        pic[which].icw_step = 3;                /* ICW3: cascade */
        break;
    case 3:
        pic[which].icw_step = 0;                /* ICW4 */
        break;
    default:
        pic[which].imr = val;                   /* OCW1: mask */
        break;
    }
}

/* Time passes: a periodic PIT channel 0 raises IRQ 0. */
void
vdev_tick(struct vcpu *v)
{
    uint64_t now = rdtsc();

    if (!pit.ch0_period_tsc || now < pit.ch0_next_tsc)
        return;
    pic[0].irr |= 1;
    while (pit.ch0_next_tsc <= now)
        pit.ch0_next_tsc += pit.ch0_period_tsc;
}

int
vdev_pending_irq(struct vcpu *v)
{
    uint8_t ready = pic[0].irr & ~pic[0].imr;

    if (!ready || pic[0].isr)
        return -1;
    for (unsigned int irq = 0; irq < 8; irq++)
        if (ready & (1u << irq))
            return pic[0].base + irq;
    return -1;
}

void
vdev_ack_irq(struct vcpu *v, int vector)
{
    unsigned int irq = (unsigned int)(vector - pic[0].base) & 7;

    pic[0].irr &= ~(1u << irq);
    pic[0].isr |= 1u << irq;
}

bool
vdev_io(struct vcpu *v, uint16_t port, uint8_t size, bool in, uint32_t *val)
{
    if (port >= 0x3f8 && port <= 0x3ff) {
        if (in)
            *val = uart_read(port - 0x3f8);
        else
            uart_write(v, port - 0x3f8, (uint8_t)*val);
    } else if (port == 0xe9 || port == 0x12) {
        if (in)
            *val = port == 0xe9 ? 0xe9 : 0xff;
        else
            console_byte(v, (uint8_t)*val);
    } else if (port >= 0x40 && port <= 0x43) {
        if (in)
            *val = pit_read(port);
        else
            pit_write(port, (uint8_t)*val);
    } else if (port == 0x61) {
        if (in)
            *val = port61_read();
        else
            pit.port61 = (uint8_t)*val;
    } else if (port == 0x20 || port == 0x21 || port == 0xa0 || port == 0xa1) {
        if (in)
            *val = pic_read(port >= 0xa0, port & 1);
        else
            pic_write(port >= 0xa0, port & 1, (uint8_t)*val);
    } else {
        if (in)
            *val = 0xffffffffU >> (32 - 8 * size);
        return false;
    }
    return true;
}
