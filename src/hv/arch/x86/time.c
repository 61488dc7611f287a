/*
 * time.c - PIT, local APIC timer and the periodic hypervisor tick.
 *
 * Where it runs: hypervisor only.
 *
 * Calibration: PIT channel 2 counts a known interval (its input clock is
 * 1193182 Hz) with its gate driven from port 0x61 and its output read back
 * in bit 5 of the same port.  During that interval the LAPIC timer counts
 * down from its maximum and the TSC counts up; the two differences give
 * the LAPIC timer frequency and the TSC frequency.  Emulators keep these
 * three clocks consistent with each other, so the same code works under
 * QEMU TCG, Bochs and on hardware.
 */
#include <stdint.h>
#include <lib.h>
#include <asm/config.h>
#include <asm/io.h>
#include <stdbool.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <asm/hvm.h>
#include <asm/serial.h>
#include <console.h>
#include <domain.h>
#include <schedule.h>
#include <xtime.h>

void keyhandler_dispatch(char c);

#define PIT_HZ          1193182
#define PIT_CH2         0x42
#define PIT_CMD         0x43
#define PORT_B          0x61

#define APIC_ID         0x020
#define APIC_VERSION    0x030
#define APIC_TPR        0x080
#define APIC_EOI        0x0b0
#define APIC_SVR        0x0f0
#define  APIC_SVR_ENABLE (1u << 8)
#define APIC_LVT_TIMER  0x320
#define  LVT_MASKED     (1u << 16)
#define  LVT_PERIODIC   (1u << 17)
#define APIC_LVT_LINT0  0x350
#define APIC_LVT_LINT1  0x360
#define APIC_LVT_ERROR  0x370
#define APIC_TMR_INIT   0x380
#define APIC_TMR_CUR    0x390
#define APIC_TMR_DIV    0x3e0
#define  APIC_DIV_16    0x3

#define CALIBRATE_MS    10

volatile uint64_t jiffies;
uint64_t tsc_khz;
static volatile uint32_t *lapic;
static uint64_t lapic_timer_hz;
static uint64_t boot_tsc;

static uint32_t lapic_read(unsigned int reg)
{
    return lapic[reg / 4];
}

static void lapic_write(unsigned int reg, uint32_t v)
{
    lapic[reg / 4] = v;
}

void
lapic_eoi(void)
{
    if (lapic)
        lapic_write(APIC_EOI, 0);
}

/* Remap the 8259s away from the exception vectors, then mask every line. */
static void
pic_disable(void)
{
    outb(0x20, 0x11); outb(0xa0, 0x11);             /* ICW1: init, ICW4 needed */
    outb(0x21, PIC_VECTOR_BASE); outb(0xa1, PIC_VECTOR_BASE + 8);
    outb(0x21, 0x04); outb(0xa1, 0x02);             /* cascade on IRQ2 */
    outb(0x21, 0x01); outb(0xa1, 0x01);             /* 8086 mode */
    outb(0x21, 0xff); outb(0xa1, 0xff);
}

static void
lapic_enable(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);

    wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    lapic = ioremap(base & APIC_BASE_ADDR_MASK, 4096);
    if (!lapic)
        panic("cannot map the local APIC at %#lx", (unsigned long)(base & APIC_BASE_ADDR_MASK));
    lapic_write(APIC_TPR, 0);
    lapic_write(APIC_LVT_LINT0, LVT_MASKED);
    lapic_write(APIC_LVT_ERROR, LVT_MASKED);
    lapic_write(APIC_LVT_TIMER, LVT_MASKED | LAPIC_TIMER_VECTOR);
    lapic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
    printk("LAPIC: id %u, version %#x, at %#lx\n", lapic_read(APIC_ID) >> 24,
           lapic_read(APIC_VERSION) & 0xff, (unsigned long)(base & APIC_BASE_ADDR_MASK));
}

/* Count LAPIC timer ticks and TSC cycles across CALIBRATE_MS of PIT time. */
static void
calibrate(void)
{
    uint32_t pit_count = PIT_HZ * CALIBRATE_MS / 1000;
    uint64_t tsc0, tsc1;
    uint32_t apic0, apic1;
    unsigned long spins = 0;

    outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);     /* gate on, speaker off */
    outb(PIT_CMD, 0xb0);                            /* ch2, lo/hi, mode 0 */
    outb(PIT_CH2, pit_count & 0xff);
    outb(PIT_CH2, pit_count >> 8);
    lapic_write(APIC_TMR_DIV, APIC_DIV_16);
    lapic_write(APIC_TMR_INIT, 0xffffffff);
    apic0 = lapic_read(APIC_TMR_CUR);
    tsc0 = rdtsc();
    while (!(inb(PORT_B) & 0x20) && ++spins < 100000000UL)
        ;
    apic1 = lapic_read(APIC_TMR_CUR);
    tsc1 = rdtsc();
    lapic_write(APIC_TMR_INIT, 0);
    if (!(inb(PORT_B) & 0x20))
        panic("PIT channel 2 never counted down: cannot calibrate the LAPIC timer");
    lapic_timer_hz = (uint64_t)(apic0 - apic1) * (1000 / CALIBRATE_MS);
    tsc_khz = (tsc1 - tsc0) / CALIBRATE_MS;
    if (lapic_timer_hz < HZ)
        panic("LAPIC timer runs at %lu Hz: too slow for a %u Hz tick",
              (unsigned long)lapic_timer_hz, HZ);
}

/*
 * The tick: count it, fire due guest timers (VIRQ_TIMER), refresh the
 * running vCPU's time info once a second, and poll the serial port (input
 * goes to dom0 or to the debug keys, Ctrl-a three times switches).
 */
void
timer_interrupt(void)
{
    char c;

    jiffies++;
    timers_run(arch_now_ns());
    hvm_poll_halted();
    if (current && jiffies % HZ == 0)
        update_vcpu_system_time(current);
    /* Once dom0 exists the tick reads the UART, also while the CPU idles
     * (every vCPU blocked): input for dom0 wakes it (VIRQ_CONSOLE). */
    while (domain_lookup(0) && serial_getc(&c))
        console_serial_rx(c, keyhandler_dispatch);
}

uint64_t
uptime_ms(void)
{
    return tsc_khz ? (rdtsc() - boot_tsc) / tsc_khz : jiffies * (1000 / HZ);
}

/* System time for guests: nanoseconds since boot, from the TSC. */
uint64_t
arch_now_ns(void)
{
    uint64_t t = rdtsc() - boot_tsc;

    if (!tsc_khz)
        return jiffies * (1000000000ULL / HZ);
    /* t * 10^6 / khz without overflowing 64 bits. */
    return (t / tsc_khz) * 1000000ULL + (t % tsc_khz) * 1000000ULL / tsc_khz;
}

void
udelay(uint64_t us)
{
    uint64_t start = rdtsc();

    if (!tsc_khz) {
        while (us--)
            io_delay();
        return;
    }
    while (rdtsc() - start < us * tsc_khz / 1000)
        cpu_relax();
}

/* Wait for `n` ticks with interrupts on; gives up after 10x the time. */
static uint64_t
wait_ticks(uint64_t n, uint64_t *tsc_spent)
{
    uint64_t start = jiffies, t0 = rdtsc();
    uint64_t limit = tsc_khz * (1000 / HZ) * n * 10;

    while (jiffies - start < n && rdtsc() - t0 < limit)
        safe_halt();
    *tsc_spent = rdtsc() - t0;
    return jiffies - start;
}

/* ---- the CMOS real-time clock: wall-clock time at boot ---- */

static uint8_t
cmos_read(uint8_t reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

static unsigned int
bcd(uint8_t v, bool binary)
{
    return binary ? v : (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static uint64_t
days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
    static const unsigned int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
    uint64_t days = (uint64_t)(y - 1970) * 365 + before[(m - 1) % 12] + d - 1;

    days += (y - 1969) / 4 - (y - 1901) / 100 + (y - 1601) / 400;   /* leap days before y */
    if (m > 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        days++;
    return days;
}

static uint64_t
rtc_unix_time(void)
{
    unsigned int spins = 0, sec, min, hour, day, mon, year;
    bool binary, h24;
    uint8_t b;

    while ((cmos_read(0x0a) & 0x80) && ++spins < 1000000)
        ;                                   /* update in progress */
    b = cmos_read(0x0b);
    binary = b & 4;
    h24 = b & 2;
    sec = bcd(cmos_read(0x00), binary);
    min = bcd(cmos_read(0x02), binary);
    hour = cmos_read(0x04);
    day = bcd(cmos_read(0x07), binary);
    mon = bcd(cmos_read(0x08), binary);
    year = bcd(cmos_read(0x09), binary) + 2000;
    if (!h24 && (hour & 0x80))
        hour = (bcd(hour & 0x7f, binary) % 12) + 12;
    else
        hour = bcd(hour & 0x7f, binary);
    if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60)
        return 0;                           /* no sensible RTC: wall clock at 0 */
    return days_since_epoch(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
}

void
time_init(void)
{
    uint64_t got, spent;

    if (!boot_cpu.apic)
        panic("this CPU has no local APIC; xenolith needs one for its timer");
    boot_tsc = rdtsc();
    xtime_set_wallclock(rtc_unix_time(), 0);
    pic_disable();
    lapic_enable();
    calibrate();
    printk("LAPIC timer: %lu.%03lu MHz (bus clock / 16), TSC %lu.%03lu MHz\n",
           (unsigned long)(lapic_timer_hz / 1000000), (unsigned long)(lapic_timer_hz / 1000 % 1000),
           (unsigned long)(tsc_khz / 1000), (unsigned long)(tsc_khz % 1000));
    lapic_write(APIC_TMR_DIV, APIC_DIV_16);
    lapic_write(APIC_LVT_TIMER, LVT_PERIODIC | LAPIC_TIMER_VECTOR);
    lapic_write(APIC_TMR_INIT, (uint32_t)(lapic_timer_hz / HZ));
    local_irq_enable();
    got = wait_ticks(10, &spent);
    if (got < 10)
        printk(XENLOG_ERR "LAPIC timer: only %lu of 10 ticks arrived: the tick is broken\n",
               (unsigned long)got);
    else
        printk("LAPIC timer: periodic tick at %u Hz, 10 ticks took %lu ms by the TSC\n",
               HZ, (unsigned long)(tsc_khz ? spent / tsc_khz : 0));
}
