/*
 * dom0/backend.h - dom0's two backends for every domU it builds: the PV
 * console (console.c) and the xenstore daemon (xenstored.c).
 *
 * Where it runs: guest only (dom0).
 *
 * The builder (XL_DOMCTL_build) gives each new domain a console ring page
 * and a store ring page, both granted to dom0 (XL_GREF_CONSOLE,
 * XL_GREF_XENSTORE), each with an unbound event channel whose remote end is
 * dom0.  The toolstack (xl.c / shell.c) hands these to the backends right
 * after a successful build, before the domain is unpaused, and takes them
 * away before it destroys the domain (grant mappings are unmapped and the
 * ports closed first).  The shell loop calls the poll functions on every
 * wakeup: any event on a backend port wakes dom0 from SCHEDOP_block.
 */
#ifndef XENOLITH_DOM0_BACKEND_H
#define XENOLITH_DOM0_BACKEND_H

#include "guest.h"

struct domu_rings {
    domid_t domid;
    const char *name;           /* the image name, e.g. "hello"           */
    uint64_t console_gfn, store_gfn;
    uint32_t console_port, store_port;  /* the domU's ends                */
};

/* console.c */
int console_backend_add(const struct domu_rings *r);     /* 0 or -errno  */
void console_backend_remove(domid_t domid);
void console_backend_poll(void);

/* xenstored.c */
int xenstored_add(const struct domu_rings *r);            /* 0 or -errno  */
void xenstored_remove(domid_t domid);
void xenstored_poll(void);

#endif /* XENOLITH_DOM0_BACKEND_H */
