/*
 * console_io.c - console_io (hypercall 18), dom0's serial input and the
 * CTRL-a focus switch (see console.h).
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * Xen facts (xen/drivers/char/console.c): writes are copied in chunks of
 * 127 bytes and the call returns 0; reads return the number of bytes read,
 * -E2BIG when count > INT_MAX; an unknown command is -ENOSYS; input goes
 * to a 128-byte ring and VIRQ_CONSOLE is raised on every character, even
 * when the ring is full, so dom0 can never miss the wakeup.  Where we
 * differ: Xen release builds refuse console writes from unprivileged
 * domains (XSM: -EPERM) and print dom0's bytes raw; we accept every domain
 * (like a Xen debug build) and prefix every domain's lines, dom0's too.
 * Guest bytes go to the console with arch_console_write, so they are not in
 * printk's ring (dmesg) yet.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arch_hooks.h>
#include <console.h>
#include <domain.h>
#include <event.h>
#include <guest_access.h>
#include <lib.h>
#include <xl_errno.h>
#include "public/xen.h"

#define INT_MAX_U 0x7fffffffU

/* Output state: the domain whose line is open (-1: none). */
static int open_line_dom = -1;

/* Input state. */
static bool focus_dom0;
static unsigned int switch_count;       /* CTRL-a's seen in a row */
static char rx_ring[CONSOLE_RX_SIZE];
static uint32_t rx_prod, rx_cons;       /* free-running indices */

_Static_assert(IS_POWER_OF_2(CONSOLE_RX_SIZE), "ring index wraps by mask");

void
console_io_reset(void)
{
    open_line_dom = -1;
    focus_dom0 = false;
    switch_count = 0;
    rx_prod = rx_cons = 0;
}

/* Print bytes of domain domid, prefixing each line start. */
void
guest_console_emit(domid_t domid, const char *s, size_t n)
{
    char prefix[16];
    int plen = xl_snprintf(prefix, sizeof(prefix), "(d%u) ", (unsigned int)domid);

    if (open_line_dom >= 0 && open_line_dom != domid) {
        arch_console_write("\n", 1);
        open_line_dom = -1;
    }
    while (n > 0) {
        size_t len = 0;
        bool nl = false;

        while (len < n && !nl)
            nl = s[len++] == '\n';

        if (open_line_dom < 0)
            arch_console_write(prefix, (size_t)plen);
        arch_console_write(s, len);
        open_line_dom = nl ? -1 : domid;
        s += len;
        n -= len;
    }
}

static long
console_write(struct domain *d, unsigned int count, uint64_t buffer)
{
    char kbuf[CONSOLE_CHUNK];
    unsigned int todo = MIN(count, CONSOLE_WRITE_MAX);

    if (!guest_range_ok(buffer, todo))
        return -EFAULT;
    while (todo > 0) {
        unsigned int k = MIN(todo, CONSOLE_CHUNK - 1);

        if (copy_from_guest(kbuf, buffer, k))
            return -EFAULT;
        guest_console_emit(d->domain_id, kbuf, k);
        buffer += k;
        todo -= k;
    }
    return 0;
}

static long
console_read(struct domain *d, unsigned int count, uint64_t buffer)
{
    unsigned int done = 0;

    if (!d->is_privileged)
        return -EPERM;
    if (count > INT_MAX_U)
        return -E2BIG;
    while (rx_cons != rx_prod && done < count) {
        char c = rx_ring[rx_cons & (CONSOLE_RX_SIZE - 1)];

        if (copy_to_guest(buffer + done, &c, 1))
            return -EFAULT;
        rx_cons++;
        done++;
    }
    return (long)done;
}

long
do_console_io(int cmd, unsigned int count, uint64_t buffer)
{
    struct domain *d = current->domain;

    switch (cmd) {
    case CONSOLEIO_write:
        return console_write(d, count, buffer);
    case CONSOLEIO_read:
        return console_read(d, count, buffer);
    default:
        return -ENOSYS;
    }
}

/* ---- input ---- */

static void
switch_focus(void)
{
    focus_dom0 = !focus_dom0;
    printk("*** Serial input to %s (type 'CTRL-a' three times to switch input)\n",
           focus_dom0 ? "DOM0" : "Xen");
}

void
console_endboot(void)
{
    if (!focus_dom0)
        switch_focus();
}

bool
console_input_to_dom0(void)
{
    return focus_dom0;
}

bool
console_input_switch_check(char c)
{
    if (c != CONSOLE_SWITCH_CHAR) {
        switch_count = 0;
        return false;
    }
    if (++switch_count == 3) {
        switch_count = 0;
        switch_focus();
    }
    return true;
}

void
console_input_char(char c)
{
    struct domain *d0 = domain_lookup(0);

    if (rx_prod - rx_cons < CONSOLE_RX_SIZE)
        rx_ring[rx_prod++ & (CONSOLE_RX_SIZE - 1)] = c;
    if (d0 != NULL)
        send_guest_global_virq(d0, VIRQ_CONSOLE);
}

static void
deliver(char c, void (*keyhandler)(char c))
{
    if (focus_dom0)
        console_input_char(c);
    else if (keyhandler != NULL)
        keyhandler(c);
}

void
console_serial_rx(char c, void (*keyhandler)(char c))
{
    unsigned int held = switch_count;

    if (console_input_switch_check(c))
        return;
    /* The CTRL-a's that did not make a triple are input after all. */
    while (held-- > 0)
        deliver(CONSOLE_SWITCH_CHAR, keyhandler);
    deliver(c, keyhandler);
}
