/*
 * libguest/xs.h - a domU's xenstore client over its store ring
 * (start_info store_mfn / store_evtchn; spec/xenstore.md).
 *
 * Where it runs: guest only: a PV64 domU built by dom0's toolstack
 * (libguest: start_info store_mfn / store_evtchn), or a PVH/HVM domU
 * (libhvm, 32- or 64-bit: HVM_PARAM_STORE_PFN / _EVTCHN, the page
 * reached through the identity mapping below 4 GiB).
 *
 * One request at a time: each call writes a message into the ring's req
 * half, notifies the port, and waits (yielding the CPU) for the reply with
 * the same req_id.  Watch events that arrive meanwhile are kept (up to
 * XENBUS_EVENTS, later ones are dropped and counted) for
 * xenbus_wait_event.  Errors come back as negative Xen errnos, mapped from
 * the daemon's names ("ENOENT" -> -XEN_ENOENT; "EQUOTA" -> -XENBUS_EQUOTA);
 * -XEN_ETIME if no answer came within XENBUS_TIMEOUT_NS (libhvm has no
 * clock: there a wait counts each yield as XENBUS_NS_PER_YIELD); -XEN_ENODEV
 * without a store ring.
 *
 * The functions are named xenbus_* (Linux's names for the same client) so
 * they do not collide with dom0's xs_core.c.
 */
#ifndef LIBGUEST_XS_H
#define LIBGUEST_XS_H

#ifdef LIBGUEST_HVM_H                   /* a libhvm guest */
#include "hvm.h"
#else
#include "guest.h"
#endif
#include "public/xs_wire.h"

#define XENBUS_EQUOTA      122          /* Xen's EDQUOT: a quota was hit  */
#define XENBUS_EVENTS      8
#define XENBUS_TIMEOUT_NS  2000000000ULL
#define XENBUS_NS_PER_YIELD 10000ULL

/* Finds the ring (0, or -XEN_ENODEV: none, or not one of our frames). */
int  xenbus_init(void);
volatile struct xenstore_domain_interface *xenbus_ring(void);
uint32_t xenbus_port(void);

/* The raw call: type and payload; the reply's type in *rtype and payload
 * in rsp (at most rsp_max bytes kept).  Returns the reply's length or a
 * negative errno (transport only: XS_ERROR replies are not mapped here). */
long xenbus_rpc(uint32_t type, const void *payload, uint32_t len,
                uint32_t *rtype, char *rsp, uint32_t rsp_max);

/* The value's length (buf NUL-terminated, truncated to size-1) or -errno. */
long xenbus_read(const char *path, char *buf, size_t size);
int  xenbus_write(const char *path, const char *value);
int  xenbus_mkdir(const char *path);
int  xenbus_rm(const char *path);
/* Children as NUL-separated names; the byte count or -errno. */
long xenbus_directory(const char *path, char *buf, size_t size);
int  xenbus_watch(const char *path, const char *token);
int  xenbus_unwatch(const char *path, const char *token);
/* The next watch event (path and token, NUL-terminated), waiting up to
 * timeout_ns: 0, or -XEN_ETIME. */
int  xenbus_wait_event(char *path, size_t psize, char *token, size_t tsize,
                       uint64_t timeout_ns);
/* Bytes straight into the request ring (tests of a hostile guest);
 * waits for room like a request.  0 or -XEN_ETIME. */
int  xenbus_send_raw(const void *bytes, uint32_t len);
/* Ask the daemon to start over (XENSTORE_RECONNECT) and wait until it
 * did: 0 or -XEN_ETIME. */
int  xenbus_reconnect(void);
/* The errno an XS_ERROR payload names (0 if unknown). */
int  xenbus_errno(const char *name);
extern unsigned int xenbus_dropped_events;

#endif /* LIBGUEST_XS_H */
