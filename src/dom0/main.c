/*
 * dom0/main.c - the control domain: boot, then the toolstack shell on the
 * console, with line editing.
 *
 * Where it runs: guest only (PV64 dom0 on xenolith, built on libguest).
 *
 * Console input: the hypervisor queues serial bytes for dom0 (while the
 * input focus is on dom0; Ctrl-a three times switches) and raises
 * VIRQ_CONSOLE; CONSOLEIO_read takes them.  With nothing to read dom0
 * blocks (SCHEDOP_block) until that VIRQ or a timer, so the domUs get the
 * CPU.  Events stay masked (evtchn_upcall_mask) except inside the block,
 * which unmasks and checks for a pending event atomically: a byte that
 * arrives between the read and the block wakes it at once.
 *
 * The hypervisor reads the UART from its timer tick, also while the CPU
 * idles, and raises VIRQ_CONSOLE for each byte: dom0 blocks until then (or
 * its idle timer), and does not need to spin.
 *
 * Line editing: printable bytes are echoed, Backspace / DEL erase one,
 * Ctrl-U erases the line, CR or LF runs it (LF right after CR is skipped).
 *
 * Backends: every wakeup (input, the idle timer, or an event on a port a
 * backend bound: a domU wrote to its ring) polls the console backend, so
 * domU output lands in its history, and on screen while `console <dom>`
 * is attached.  While attached, typed bytes go to that domU (console.c)
 * until Ctrl-], which brings the prompt back.
 */
#include "guest.h"
#include "traps.h"
#include "backend.h"
#include "console.h"
#include "shell.h"

#define IDLE_TIMEOUT_NS 40000000ULL     /* wake at least every 40 ms     */
#define SPIN_NS         0ULL            /* no polling after a wakeup     */

static char line[SHELL_LINE_MAX];
static size_t line_len;                 /* bytes in line, < SHELL_LINE_MAX */
static char last_byte;
static int can_block;                   /* both VIRQs bound: a wakeup comes */

static long
bind_virq(uint32_t virq)
{
    evtchn_bind_virq_t b = { .virq = virq, .vcpu = 0 };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);

    return rc ? rc : (long)b.port;
}

/* Sleep until an event (console input) or the timeout. */
static void
idle_wait(void)
{
    if (!can_block) {
        (void)HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        return;
    }
    (void)HYPERVISOR_set_timer_op(guest_system_time() + IDLE_TIMEOUT_NS);
    (void)HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    evtchn_mask_events();
}

static void
prompt(void)
{
    console_write(SHELL_PROMPT, sizeof(SHELL_PROMPT) - 1);
}

static void
erase(size_t n)
{
    for (; n > 0 && line_len > 0; n--, line_len--)
        console_write("\b \b", 3);
}

static void
input_byte(char c)
{
    char prev = last_byte;

    last_byte = c;
    if (c == '\n' && prev == '\r')
        return;
    if (c == '\r' || c == '\n') {
        console_write("\n", 1);
        line[line_len] = '\0';
        shell_run(line);
        line_len = 0;
        if (console_attached() == DOMID_INVALID)
            prompt();
    } else if (c == 0x7f || c == '\b') {
        erase(1);
    } else if (c == 0x15) {             /* Ctrl-U */
        erase(line_len);
    } else if (c >= 0x20 && c < 0x7f && line_len < sizeof(line) - 1) {
        line[line_len++] = c;
        console_write(&c, 1);
    }
}

static void
poll_backends(void)
{
    console_backend_poll();
    xenstored_poll();
}

/* One typed byte: to the attached domU's console, or the shell's line. */
static void
key(char c)
{
    if (console_attached() == DOMID_INVALID) {
        input_byte(c);
        return;
    }
    if (console_input(&c, 1)) {         /* Ctrl-]: detached */
        console_write("\n", 1);
        last_byte = 0;
        prompt();
    }
}

static void
shell_loop(void)
{
    char buf[32];
    uint64_t spin_until = guest_system_time() + SPIN_NS;

    prompt();
    for (;;) {
        long n;

        poll_backends();
        n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf);

        if (n <= 0) {
            if (guest_system_time() >= spin_until) {
                idle_wait();
                spin_until = guest_system_time() + SPIN_NS;
            }
            continue;
        }
        spin_until = guest_system_time() + SPIN_NS;
        for (long k = 0; k < n && k < (long)sizeof(buf); k++)
            key(buf[k]);
    }
}

void
guest_main(void)
{
    long port;

    printk("xenolith dom0: toolstack shell; %lu pages, ramdisk %lu bytes\n",
           start_info->nr_pages, start_info->mod_len);
    traps_init();
    evtchn_mask_events();
    if ((port = bind_virq(VIRQ_TIMER)) < 0 || (port = bind_virq(VIRQ_CONSOLE)) < 0)
        printk("dom0: bind_virq failed (%ld): polling the console, never blocking\n", port);
    else
        can_block = 1;
    if (!start_info->mod_start || !start_info->mod_len)
        printk("dom0: no ramdisk (boot module 1): `create` has no images\n");
    shell_init((const void *)start_info->mod_start, start_info->mod_len);
    shell_autostart();
    printk("type `help` for the commands\n");
    shell_loop();
}
