/*
 * spec/public/xs_wire.h - the xenstore wire protocol and its shared ring.
 *
 * Where it runs: xenstore daemon (dom0), guests, tests.
 *
 * Facts from Xen's xen/include/public/io/xs_wire.h, written anew.  Every
 * message is a struct xsd_sockmsg header followed by len payload bytes
 * (usually NUL-separated strings).  Replies echo req_id; errors come back
 * as XS_ERROR with the errno *name* ("ENOENT") as payload.  The ring page
 * (start_info.store_mfn or HVM_PARAM_STORE_PFN) follows the same
 * producer/consumer rules as the console ring.
 */
#ifndef XENOLITH_PUBLIC_XS_WIRE_H
#define XENOLITH_PUBLIC_XS_WIRE_H

#include <stdint.h>

enum xsd_sockmsg_type {
    XS_CONTROL              = 0,   /* also known as XS_DEBUG */
    XS_DIRECTORY            = 1,
    XS_READ                 = 2,
    XS_GET_PERMS            = 3,
    XS_WATCH                = 4,
    XS_UNWATCH              = 5,
    XS_TRANSACTION_START    = 6,
    XS_TRANSACTION_END      = 7,
    XS_INTRODUCE            = 8,
    XS_RELEASE              = 9,
    XS_GET_DOMAIN_PATH      = 10,
    XS_WRITE                = 11,
    XS_MKDIR                = 12,
    XS_RM                   = 13,
    XS_SET_PERMS            = 14,
    XS_WATCH_EVENT          = 15,
    XS_ERROR                = 16,
    XS_IS_DOMAIN_INTRODUCED = 17,
    XS_RESUME               = 18,
    XS_SET_TARGET           = 19,
    /* 20 was XS_RESTRICT, removed */
    XS_RESET_WATCHES        = 21,
    XS_DIRECTORY_PART       = 22,
    XS_INVALID              = 0xffff
};
#define XS_DEBUG XS_CONTROL

#define XS_WRITE_NONE         "NONE"
#define XS_WRITE_CREATE       "CREATE"
#define XS_WRITE_CREATE_EXCL  "CREATE|EXCL"

struct xsd_sockmsg {
    uint32_t type;     /* enum xsd_sockmsg_type */
    uint32_t req_id;   /* echoed in the reply */
    uint32_t tx_id;    /* 0 outside a transaction */
    uint32_t len;      /* payload bytes that follow */
};

/* Order of the strings in an XS_WATCH_EVENT payload. */
enum xs_watch_type {
    XS_WATCH_PATH = 0,
    XS_WATCH_TOKEN
};

#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];   /* guest -> daemon */
    char rsp[XENSTORE_RING_SIZE];   /* daemon -> guest (replies, watch events) */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features;       /* XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;            /* XENSTORE_CONNECTED / _RECONNECT */
    uint32_t error;                 /* XENSTORE_ERROR_*, if FEATURE_ERROR */
};

#define XENSTORE_PAYLOAD_MAX   4096   /* larger messages are a protocol error */
#define XENSTORE_ABS_PATH_MAX  3072
#define XENSTORE_REL_PATH_MAX  2048

#define XENSTORE_SERVER_FEATURE_RECONNECTION  1
#define XENSTORE_SERVER_FEATURE_ERROR         2

#define XENSTORE_CONNECTED  0
#define XENSTORE_RECONNECT  1

#define XENSTORE_ERROR_NONE     0
#define XENSTORE_ERROR_COMM     1
#define XENSTORE_ERROR_RINGIDX  2
#define XENSTORE_ERROR_PROTO    3

_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg size");
_Static_assert(sizeof(struct xenstore_domain_interface) == 2076,
               "xenstore_domain_interface size");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface, rsp) == 1024,
               "xenstore.rsp");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface, req_cons) == 2048,
               "xenstore.req_cons");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface, rsp_cons) == 2056,
               "xenstore.rsp_cons");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface, server_features) == 2064,
               "xenstore.server_features");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface, error) == 2072,
               "xenstore.error");

#endif /* XENOLITH_PUBLIC_XS_WIRE_H */
