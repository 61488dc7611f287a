/*
 * shutdown.c - ending a run.
 *
 * Where it runs: hypervisor only.
 *
 * arch_panic_halt() is where panic() ends: in test mode the emulator exits
 * with status 1; with `noreboot` the machine halts; otherwise it reboots
 * after five seconds, as Xen does.
 */
#include <lib.h>
#include <arch_hooks.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <asm/shutdown.h>
#include <asm/time.h>

bool opt_noreboot;
bool test_mode;

static void
bochs_shutdown(void)
{
    serial_flush();
    for (const char *p = "Shutdown"; *p; p++)
        outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*p);
}

void
machine_halt(void)
{
    local_irq_disable();
    for (;;)
        __asm__ volatile ("hlt");
}

void
machine_test_exit(int status)
{
    printk(XENLOG_ERR "test-exit: status %d\n", status);
    outb(TEST_EXIT_PORT, (uint8_t)status);
    bochs_shutdown();
    machine_halt();
}

void
machine_power_off(void)
{
    printk("Powering off.\n");
    outb(TEST_EXIT_PORT, 0);        /* QEMU with isa-debug-exit */
    bochs_shutdown();               /* Bochs */
    outw(0x604, 0x2000);            /* QEMU's ACPI PM1a control: S5 */
    printk("Power-off did not work here; halting instead.\n");
    machine_halt();
}

void
machine_reboot(void)
{
    struct { uint16_t limit; uint64_t base; } __attribute__((packed)) no_idt = { 0, 0 };

    printk("Rebooting.\n");
    outb(0x64, 0xfe);               /* keyboard controller: pulse reset */
    udelay(50000);
    /* Still here: a triple fault resets any PC. */
    __asm__ volatile ("lidt %0; int3" : : "m" (no_idt));
    machine_halt();
}

void
arch_panic_halt(void)
{
    if (test_mode)
        machine_test_exit(1);
    if (opt_noreboot) {
        printk("noreboot: the machine is halted; restart it by hand.\n");
        machine_halt();
    }
    printk("Rebooting in 5 seconds (boot with 'noreboot' to stay halted)...\n");
    udelay(5000000);
    machine_reboot();
}
