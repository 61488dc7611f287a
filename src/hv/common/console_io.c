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

/*
 * Trusted contracts (proofs/README.md, Assumed), wrappers WP can follow:
 * console_out is arch_console_write (reads exactly len bytes, writes only
 * the console); line_prefix formats "(d<id>) " into a 16-byte buffer,
 * at most 9 characters for a 16-bit id (xl_snprintf is variadic, no
 * contract); guest_read_chars/guest_write_char are the guest copies
 * (through `void *`, which WP's typed model does not follow): a copy in
 * writes exactly dst[0 .. len - 1], a copy out nothing of the
 * hypervisor's; 0 or -EFAULT.
 */
/*@ requires \valid_read(s + (0 .. len - 1));
    assigns \nothing;
*/
static void
console_out(const char *s, size_t len)
{
    arch_console_write(s, len);
}

/*@ requires \valid(buf + (0 .. 15));
    assigns buf[0 .. 15];
    ensures 0 <= \result <= 15;
*/
static int
line_prefix(char *buf, domid_t domid)
{
    return xl_snprintf(buf, 16, "(d%u) ", (unsigned int)domid);
}

/*@ requires \valid(dst + (0 .. len - 1));
    assigns dst[0 .. len - 1];
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_chars(char *dst, uint64_t va, size_t len)
{
    return copy_from_guest(dst, va, len);
}

/*@ assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_write_char(uint64_t va, char c)
{
    return copy_to_guest(va, &c, 1);
}

/* Print bytes of domain domid, prefixing each line start. */
/*@ requires \valid_read(s + (0 .. n - 1));
    assigns open_line_dom;
    ensures open_line_dom < 0 || open_line_dom == domid;
*/
void
guest_console_emit(domid_t domid, const char *s, size_t n)
{
    char prefix[16];
    int plen = line_prefix(prefix, domid);

    if (open_line_dom >= 0 && open_line_dom != domid) {
        console_out("\n", 1);
        open_line_dom = -1;
    }
    /*@ loop invariant n <= \at(n, Pre);
        loop invariant s == \at(s, Pre) + (\at(n, Pre) - n);
        loop invariant open_line_dom < 0 || open_line_dom == domid;
        loop assigns s, n, open_line_dom;
        loop variant n;
    */
    while (n > 0) {
        size_t len = 0;
        bool nl = false;

        /*@ loop invariant 0 <= len <= n;
            loop invariant len == 0 ==> !nl;
            loop assigns len, nl;
            loop variant n - len;
        */
        while (len < n && !nl)
            nl = s[len++] == '\n';

        if (open_line_dom < 0)
            console_out(prefix, (size_t)plen);
        console_out(s, len);
        open_line_dom = nl ? -1 : domid;
        s += len;
        n -= len;
    }
}

/* At most CONSOLE_WRITE_MAX bytes, in chunks of at most CONSOLE_CHUNK - 1
 * (the guest's count is clamped before any copy; each chunk fits kbuf). */
/*@ requires \valid_read(d);
    assigns open_line_dom;
    ensures \result == 0 || \result == -EFAULT;
*/
static long
console_write(struct domain *d, unsigned int count, uint64_t buffer)
{
    char kbuf[CONSOLE_CHUNK];
    unsigned int todo = MIN(count, CONSOLE_WRITE_MAX);

    if (!guest_range_ok(buffer, todo))
        return -EFAULT;
    /*@ loop invariant todo <= CONSOLE_WRITE_MAX;
        loop invariant in_range: todo > 0 ==>
            buffer + todo == \at(buffer, Pre) + \min(count, CONSOLE_WRITE_MAX) &&
            guest_range_valid(buffer, todo);
        loop assigns todo, buffer, kbuf[0 .. CONSOLE_CHUNK - 1], open_line_dom;
        loop variant todo;
    */
    while (todo > 0) {
        unsigned int k = MIN(todo, CONSOLE_CHUNK - 1);

        /*@ assert chunk: 0 < k <= todo && k < CONSOLE_CHUNK; */
        if (guest_read_chars(kbuf, buffer, k))
            return -EFAULT;
        guest_console_emit(d->domain_id, kbuf, k);
        /* The next chunk's address does not wrap (only the end of the
         * last chunk may be 2^64). */
        /*@ assert no_wrap: k < todo ==> buffer + k <= 0xffffffffffffffff; */
        buffer += k;
        todo -= k;
    }
    return 0;
}

/* dom0 drains its input ring: at most count bytes, count <= INT_MAX so
 * the result is the (non-negative) number of bytes read. */
/*@ requires \valid_read(d);
    assigns rx_cons;
    ensures perm: \result == -EPERM <==> !d->is_privileged;
    ensures big: d->is_privileged && count > INT_MAX_U ==> \result == -E2BIG;
    ensures read: \result >= 0 ==> \result <= count && count <= INT_MAX_U;
    ensures \result >= 0 || \result == -EPERM || \result == -E2BIG ||
        \result == -EFAULT;
*/
static long
console_read(struct domain *d, unsigned int count, uint64_t buffer)
{
    unsigned int done = 0;

    if (!d->is_privileged)
        return -EPERM;
    if (count > INT_MAX_U)
        return -E2BIG;
    /*@ loop invariant 0 <= done <= count;
        loop assigns done, rx_cons;
        loop variant count - done;
    */
    while (rx_cons != rx_prod && done < count) {
        char c = rx_ring[rx_cons & (CONSOLE_RX_SIZE - 1)];

        if (guest_write_char(buffer + done, c))
            return -EFAULT;
        rx_cons++;
        done++;
    }
    return (long)done;
}

/*@ requires \valid_read(current) && \valid_read(current->domain);
    assigns open_line_dom, rx_cons;
    ensures unknown: cmd != CONSOLEIO_write && cmd != CONSOLEIO_read ==>
        \result == -ENOSYS;
    ensures write: cmd == CONSOLEIO_write ==> \result == 0 || \result == -EFAULT;
    ensures read: cmd == CONSOLEIO_read && \result >= 0 ==> \result <= count;
*/
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

/*@ // The CTRL-a count: a third one in a row switches and resets it.
    predicate console_switch_ok = switch_count <= 2;
*/

/* What queueing a character for dom0 may write: the ring, its producer
 * index, and what raising VIRQ_CONSOLE on dom0 (domain_table[0]) writes. */
#define CONSOLE_RX_ASSIGNS \
    rx_ring[0 .. CONSOLE_RX_SIZE - 1], rx_prod, \
    *xl_shinfo(domain_table[0]), \
    domain_table[0]->vcpu[0 .. MAX_VIRT_CPUS - 1]->is_blocked, \
    domain_table[0]->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate, \
    domain_table[0]->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate_entry_ns, \
    domain_table[0]->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate_time_ns[0 .. 3]

/* Trusted contract (proofs/README.md, Assumed): send_guest_global_virq's
 * contract is at its definition (event.c, proved in module event_virq,
 * under evtchn_table_ok/evtchn_vcpus_ok of d); this is its `assigns`. */
/*@ assigns *xl_shinfo(d), d->vcpu[0 .. MAX_VIRT_CPUS - 1]->is_blocked,
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate,
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate_entry_ns,
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate_time_ns[0 .. 3];
*/
static void
console_virq(struct domain *d)
{
    send_guest_global_virq(d, VIRQ_CONSOLE);
}

/* Trusted contract (README, Assumed): the arch's debug-key handler
 * (keyhandler_dispatch: prints, or reboots/powers off/panics) writes none
 * of the core's memory; WP 25 cannot call through a function pointer
 * without a `calls` list. */
/*@ requires keyhandler != \null;
    assigns \nothing;
*/
static void
call_keyhandler(void (*keyhandler)(char c), char c)
{
    keyhandler(c);
}

/*@ assigns focus_dom0;
    ensures toggled: focus_dom0 == !\old(focus_dom0);
*/
static void
switch_focus(void)
{
    focus_dom0 = !focus_dom0;
    printk("*** Serial input to %s (type 'CTRL-a' three times to switch input)\n",
           focus_dom0 ? "DOM0" : "Xen");
}

/*@ assigns focus_dom0;
    ensures dom0: focus_dom0;
*/
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

/*@ requires console_switch_ok;
    assigns switch_count, focus_dom0;
    ensures console_switch_ok;
    ensures consumed: \result <==> c == CONSOLE_SWITCH_CHAR;
    ensures other: c != CONSOLE_SWITCH_CHAR ==>
        switch_count == 0 && focus_dom0 == \old(focus_dom0);
    ensures counted: c == CONSOLE_SWITCH_CHAR && \old(switch_count) < 2 ==>
        switch_count == \old(switch_count) + 1 && focus_dom0 == \old(focus_dom0);
    ensures third: c == CONSOLE_SWITCH_CHAR && \old(switch_count) == 2 ==>
        switch_count == 0 && focus_dom0 == !\old(focus_dom0);
*/
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

/*@ requires current == \null || \valid_read(current);
    assigns CONSOLE_RX_ASSIGNS;
    ensures rx_prod - \old(rx_prod) <= 1;
*/
void
console_input_char(char c)
{
    struct domain *d0 = domain_lookup(0);

    if (rx_prod - rx_cons < CONSOLE_RX_SIZE)
        rx_ring[rx_prod++ & (CONSOLE_RX_SIZE - 1)] = c;
    if (d0 != NULL)
        console_virq(d0);
}

/* c to dom0's ring when it has the focus, else to the debug keys. */
/*@ requires current == \null || \valid_read(current);
    assigns CONSOLE_RX_ASSIGNS;
    ensures xen: !focus_dom0 ==> rx_prod == \old(rx_prod);
    ensures rx_prod - \old(rx_prod) <= 1;
*/
static void
deliver(char c, void (*keyhandler)(char c))
{
    if (focus_dom0)
        console_input_char(c);
    else if (keyhandler != NULL)
        call_keyhandler(keyhandler, c);
}

/*@ requires console_switch_ok;
    requires current == \null || \valid_read(current);
    assigns switch_count, focus_dom0, CONSOLE_RX_ASSIGNS;
    ensures console_switch_ok;
    ensures consumed: c == CONSOLE_SWITCH_CHAR ==> rx_prod == \old(rx_prod);
    ensures at_most: rx_prod - \old(rx_prod) <= 3;
*/
void
console_serial_rx(char c, void (*keyhandler)(char c))
{
    unsigned int held = switch_count;

    if (console_input_switch_check(c))
        return;
    /* The CTRL-a's that did not make a triple are input after all. */
    /*@ loop invariant 0 <= held <= 2;
        loop invariant switch_count == 0;
        loop invariant rx_prod - \at(rx_prod, Pre) <= 2 - held;
        loop assigns held, CONSOLE_RX_ASSIGNS;
        loop variant held;
    */
    while (held-- > 0)
        deliver(CONSOLE_SWITCH_CHAR, keyhandler);
    deliver(c, keyhandler);
}
