/*
 * keyhandler.c - debug keys on the serial console.
 *
 * Where it runs: hypervisor only, in the idle loop.
 *
 * Like Xen's debug keys: one keypress, one report.  While no domain owns
 * the console, every key received on COM1 is a debug key.
 */
#include <stdint.h>
#include <lib.h>
#include <arch_hooks.h>
#include <mm.h>
#include <asm/config.h>
#include <asm/hvm.h>
#include <xmalloc.h>
#include <asm/processor.h>
#include <asm/regs.h>
#include <asm/serial.h>
#include <asm/shutdown.h>
#include <asm/time.h>

struct keyhandler {
    char key;
    void (*fn)(void);
    const char *desc;
};

static void key_help(void);

static void
key_memory(void)
{
    struct heap_stats st;

    heap_get_stats(&st);
    printk("Frames: %lu total, %lu free; heap: %lu bytes in %lu frames\n",
           (unsigned long)frames_total(), (unsigned long)frames_free_count(),
           (unsigned long)st.bytes_in_use, (unsigned long)st.frames);
}

static void
key_time(void)
{
    printk("Uptime %lu ms, %lu ticks at %u Hz\n", (unsigned long)uptime_ms(),
           (unsigned long)jiffies, HZ);
}

static void
key_stack(void)
{
    uint64_t rsp;

    __asm__ volatile ("mov %%rsp, %0" : "=r" (rsp));
    show_stack_trace((uint64_t)key_stack, (uint64_t)__builtin_frame_address(0), rsp);
}

static void
key_dmesg(void)
{
    static char buf[512];
    size_t pos = 0, n;

    printk("---- console ring ----\n");
    while ((n = console_ring_read(buf, sizeof(buf), &pos)) > 0)
        arch_console_write(buf, n);
    printk("---- end of console ring ----\n");
}

static void
key_crash(void)
{
    panic("debug key 'C' pressed: crashing the hypervisor on purpose");
}

static const struct keyhandler keys[] = {
    { 'h', key_help,          "this help" },
    { 'c', cpu_print,         "CPU and its virtualization features" },
    { 'm', key_memory,        "frame and heap counts" },
    { 't', key_time,          "uptime and timer ticks" },
    { 'd', key_stack,         "stack trace of the idle loop" },
    { 'l', key_dmesg,         "replay the console ring (dmesg)" },
    { 'v', hvm_dump_exits,    "HVM exits: counts per reason and the last exits" },
    { 'C', key_crash,         "crash the hypervisor on purpose (tests the panic path)" },
    { 'R', machine_reboot,    "reboot" },
    { 'x', machine_power_off, "power off (QEMU and Bochs exit)" },
};

static void
key_help(void)
{
    printk("Debug keys:\n");
    for (unsigned int i = 0; i < ARRAY_SIZE(keys); i++)
        printk("  '%c'  %s\n", keys[i].key, keys[i].desc);
}

void keyhandler_dispatch(char c);

void
keyhandler_dispatch(char c)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(keys); i++)
        if (keys[i].key == c) {
            keys[i].fn();
            return;
        }
    if (c != '\r' && c != '\n')
        printk("Unknown debug key '%c' (%#x): press 'h' for the list\n",
               c >= 0x20 && c < 0x7f ? c : '?', (unsigned int)(unsigned char)c);
}

void keyhandler_loop(void);

void
keyhandler_loop(void)
{
    char c;

    printk("No domain to run: the console takes debug keys. Press 'h' for help, 'x' to power off.\n");
    for (;;) {
        safe_halt();
        while (serial_getc(&c))
            keyhandler_dispatch(c);
    }
}
