/*
 * dom0/console.h - the shell's side of the domU console backend
 * (console.c; the toolstack's side is backend.h).
 *
 * Where it runs: guest only (dom0).
 *
 * dom0 keeps, for every domU it serves, the last CONSOLE_HISTORY bytes
 * the domU wrote on its console ring.  `console <dom>` attaches: the
 * history is replayed on dom0's console, then every byte the domU writes
 * is copied there as it comes (console_backend_poll), and the bytes typed
 * go to the domU's "in" ring (console_input) until the escape byte,
 * Ctrl-] (CONSOLE_ESCAPE, as xl console), detaches.  One domU at a time
 * is attached; a domU that goes away (console_backend_remove) detaches.
 */
#ifndef DOM0_CONSOLE_H
#define DOM0_CONSOLE_H

#include "guest.h"

#define CONSOLE_HISTORY 4096
#define CONSOLE_ESCAPE  0x1d            /* Ctrl-] */

/* Does dom0 serve domid's console? */
int console_served(domid_t domid);
/* 0, or -1 if dom0 serves no console of domid (nothing changes). */
int console_attach(domid_t domid);
/* The attached domain, or DOMID_INVALID. */
domid_t console_attached(void);
/* Typed bytes while attached: to the domU's in ring, except the escape,
 * which detaches.  Returns 1 when it detached, else 0.  Bytes that do not
 * fit in the in ring are dropped. */
int console_input(const char *buf, size_t len);
/* Bytes the domU wrote so far (free-running; for `list`-like views and
 * tests). */
uint64_t console_bytes_from(domid_t domid);

#endif /* DOM0_CONSOLE_H */
