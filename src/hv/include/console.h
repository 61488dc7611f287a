/*
 * console.h - the guest side of the hypervisor console: console_io
 * (hypercall 18), serial input for dom0, and the CTRL-a input switch.
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * Output: CONSOLEIO_write copies the guest's bytes in chunks of
 * CONSOLE_CHUNK and prints them on the hypervisor console with "(d<id>) "
 * at the start of each line (dom0 included), bypassing printk's "(XL) "
 * prefix and log level.  A line left open by one domain is closed with a
 * newline before another domain (or the hypervisor) writes.  As in Xen the
 * call returns 0; a bad buffer returns -EFAULT after the bytes before the
 * fault were printed (what Xen does too).  Without hypercall continuations
 * a call prints at most CONSOLE_WRITE_MAX bytes; the rest is dropped.
 *
 * Input: serial input goes either to the hypervisor (debug keys) or to
 * dom0 ("focus").  The arch's serial interrupt calls console_serial_rx(c,
 * keyhandler): three CTRL-a (0x01) in a row toggle the focus (printing
 * Xen's "*** Serial input to DOM0/Xen ..." line); CTRL-a's that do not
 * make three are passed on.  Characters for dom0 go into a 128-byte ring
 * (dropped when full) and VIRQ_CONSOLE is raised to dom0 every time;
 * dom0 drains the ring with CONSOLEIO_read.  The focus starts on the
 * hypervisor; console_endboot() moves it to dom0 as Xen does at the end of
 * boot.  Only a privileged domain may read (-EPERM otherwise); reading with
 * count > INT_MAX is -E2BIG (Xen: the result must stay positive).
 */
#ifndef XL_CONSOLE_H
#define XL_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <domain.h>

#define CONSOLE_CHUNK      128U          /* bytes copied from the guest at once */
#define CONSOLE_WRITE_MAX  (64U * 1024)  /* bytes printed per call at most */
#define CONSOLE_RX_SIZE    128U          /* dom0 input ring, power of two */
#define CONSOLE_SWITCH_CHAR 0x01         /* CTRL-a */

long do_console_io(int cmd, unsigned int count, uint64_t buffer);

/* Bytes a domain wrote to its console (console_io, or an emulated UART or
 * debug port): to the hypervisor console, each line prefixed "(dN) ". */
void guest_console_emit(domid_t domid, const char *s, size_t n);

/* Serial input: the switch check, then dom0's ring or keyhandler(c).
 * keyhandler may be NULL (input for the hypervisor is then dropped). */
void console_serial_rx(char c, void (*keyhandler)(char c));

/* The pieces console_serial_rx is made of, for callers that route input
 * themselves.  console_input_switch_check returns true if c was consumed
 * by the switch logic (a CTRL-a that may be part of a triple). */
bool console_input_switch_check(char c);
/* Queue c for dom0 and raise VIRQ_CONSOLE (whatever the focus). */
void console_input_char(char c);

bool console_input_to_dom0(void);
void console_endboot(void);      /* focus to dom0, with Xen's message */

/* Back to the boot state (focus on the hypervisor, rings empty). */
void console_io_reset(void);

#endif /* XL_CONSOLE_H */
