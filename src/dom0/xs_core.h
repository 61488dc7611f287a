/*
 * dom0/xs_core.h - the xenstore: a tree of nodes with values and
 * permissions, and one connection per domain speaking Xen's xs_wire
 * protocol over that domain's store ring (spec/xenstore.md).
 *
 * Where it runs: hosted (unit tests, fuzz harness) and guest (dom0's
 * xenstored.c).  Nothing here touches a hypervisor: the caller maps the
 * ring pages, binds the event channels and sends the notifications.
 *
 * Use:
 *     xs_init(&s, arena, size);            (arena NULL: malloc, hosted only)
 *     c = xs_conn_add(&s, domid, ring, priv);   ring is the mapped page
 *     xs_introduce(&s, &info);             the /local/domain/<id> nodes
 *     ...on every wakeup: xs_poll(&s, notify, ctx): reads every
 *        connection's requests, answers them, and calls notify(ctx, c)
 *        for each connection whose ring indices moved (send its event)
 *     xs_conn_remove(&s, c);  xs_fini(&s);
 * dom0 itself (the shell) calls xs_request() with a ring-less connection.
 *
 * Everything a guest writes is untrusted: ring indices, headers, payloads.
 * A bad index or a message longer than XENSTORE_PAYLOAD_MAX is a protocol
 * error: the connection stops being served and ring->error says why until
 * the guest asks to reconnect (XENSTORE_RECONNECT, Xen's
 * docs/misc/xenstore-ring.txt).  A malformed request gets an XS_ERROR
 * reply.  Memory a domU can make dom0 spend is bounded by its quotas and
 * its connection's fixed buffers.
 *
 * Single-threaded: one caller at a time, no locks.
 */
#ifndef DOM0_XS_CORE_H
#define DOM0_XS_CORE_H

#include <stddef.h>
#include <stdint.h>
#include "public/xs_wire.h"

typedef uint16_t xs_domid_t;

/* Permission bits (Xen's XS_PERM_*); in the wire form n, r, w, b. */
#define XS_PERM_NONE   0
#define XS_PERM_READ   1
#define XS_PERM_WRITE  2
#define XS_PERM_BOTH   3

#define XS_ACL_MAX     4        /* extra (domid, perm) entries per node   */

/* Per-domU quotas (dom0 has none; the arena bounds it). */
#define XS_QUOTA_NODES     256      /* nodes a domU may own              */
#define XS_QUOTA_VALUE     2048     /* bytes in one value it writes      */
#define XS_QUOTA_WATCHES   64       /* watches it may hold               */
#define XS_QUOTA_BYTES     (64 * 1024)  /* names + values + watch strings */
#define XS_REQS_PER_POLL   16       /* requests served per connection per round */

/* A connection's reply FIFO: room for two full messages.  A request is
 * only taken while a full reply fits; watch events that do not fit are
 * dropped (counted in dropped_events), as a reader that never reads its
 * ring must not grow dom0's memory. */
#define XS_MSG_MAX   (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)
#define XS_OUT_SIZE  (2 * XS_MSG_MAX)

struct xs_node;
struct xs_watch;

struct xs_conn {
    struct xs_conn *next;               /* store's list                   */
    xs_domid_t domid;
    struct xenstore_domain_interface *ring;  /* NULL: local (dom0 shell) */
    void *priv;                         /* the caller's (port etc.)       */
    int broken;                         /* protocol error: not served     */
    /* The request being read: header then payload, in_len bytes so far. */
    uint8_t *in;                        /* XS_MSG_MAX bytes               */
    uint32_t in_len;
    /* Replies and events not yet in the ring: out[out_head..+out_len). */
    uint8_t *out;                       /* XS_OUT_SIZE bytes              */
    uint32_t out_head, out_len;
    struct xs_watch *watches;
    /* Accounting of what this domain owns (quotas apply when domid != 0). */
    uint32_t nodes, bytes, nwatches;
    uint64_t requests, dropped_events, protocol_errors;
    int kick;                           /* xs_poll: notify this round     */
};

/* A simple size-class allocator over a caller's buffer (dom0 has no heap). */
struct xs_arena {
    uint8_t *base;
    size_t size, used;
    void *free_list[16];                /* per class: 32 << k bytes       */
};

struct xs_store {
    struct xs_node *root;
    struct xs_conn *conns;
    struct xs_arena arena;              /* base NULL: malloc/free (hosted) */
    size_t bytes_in_use;                /* everything allocated, for tests */
    /* Scratch for building one reply (single-threaded). */
    struct xsd_sockmsg rhdr;
    char rbody[XENSTORE_PAYLOAD_MAX];
    uint32_t rlen;
    char ebody[XENSTORE_PAYLOAD_MAX];   /* one watch event being built    */
    char path[XENSTORE_ABS_PATH_MAX + 1];   /* the request's canonical path */
    struct xs_watch *initial_event;     /* a new watch's first event      */
    struct xs_conn *serving;            /* whose request is being answered */
};

/* What the toolstack knows of a new domain (written under its path). */
struct xs_domain_info {
    xs_domid_t domid;
    const char *name;
    uint64_t console_gfn, store_gfn;
    uint32_t console_port, store_port;
};

/* 0, or -1 if the arena cannot hold the root. */
int xs_init(struct xs_store *s, void *arena, size_t arena_size);
void xs_fini(struct xs_store *s);

/* A connection for domid (none may exist yet); ring may be NULL.  The
 * ring's server_features / connection / error are initialised. */
struct xs_conn *xs_conn_add(struct xs_store *s, xs_domid_t domid,
                            struct xenstore_domain_interface *ring, void *priv);
struct xs_conn *xs_conn_find(struct xs_store *s, xs_domid_t domid);
/* Drops the connection, its watches, its /local/domain/<id> subtree;
 * nodes it owned elsewhere pass to dom0; fires @releaseDomain. */
void xs_conn_remove(struct xs_store *s, struct xs_conn *c);

/* Writes /local/domain/<id>/... for a new domain (as dom0) and fires
 * @introduceDomain.  0 or a negative errno-like code (-1). */
int xs_introduce(struct xs_store *s, const struct xs_domain_info *info);

/* One round over every connection: take requests, queue replies, move
 * queued bytes to the rings; notify(ctx, c) for each ring that changed.
 * Returns nonzero if some connection still has work (call again). */
int xs_poll(struct xs_store *s,
            void (*notify)(void *ctx, struct xs_conn *c), void *ctx);

/* One request on behalf of c, answered into s->rhdr / s->rbody / s->rlen
 * (not queued).  payload need not be NUL-terminated.  Returns the reply
 * type (XS_ERROR with the errno name in rbody on failure). */
uint32_t xs_request(struct xs_store *s, struct xs_conn *c, uint32_t type,
                    const void *payload, uint32_t len);

/* Number of nodes in the tree (tests, the shell). */
uint32_t xs_node_count(const struct xs_store *s);

#endif /* DOM0_XS_CORE_H */
