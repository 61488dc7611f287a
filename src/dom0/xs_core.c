/*
 * dom0/xs_core.c - the xenstore tree, its permissions and quotas, and the
 * xs_wire protocol over each domain's ring (interface: xs_core.h; the
 * behaviour guests see: spec/xenstore.md).
 *
 * Where it runs: hosted (unit tests, fuzzing) and guest (dom0).
 *
 * Layout: a node has a name (one path component), an optional value, an
 * owner with a default permission for everyone else, and up to XS_ACL_MAX
 * (domid, perm) entries; children hang off a singly linked list in
 * insertion order.  Walks of the tree are iterative (parent pointers), so
 * a deep path costs no stack.  Every byte a domU can make dom0 allocate is
 * charged to it (rounded to the allocator's block size) and checked
 * against its quotas before anything changes.
 */
#include "xs_core.h"

#if __STDC_HOSTED__
#include <stdlib.h>
#include <string.h>
#else
#include "guest.h"
#endif

struct xs_node {
    struct xs_node *parent, *child, *next;  /* child: first; next: sibling */
    char *value;                        /* NULL: no value (a directory)  */
    uint32_t vlen;
    uint32_t charge;                    /* bytes charged to owner        */
    xs_domid_t owner;
    uint8_t others;                     /* XS_PERM_* for everyone else   */
    uint8_t nacl;
    struct { xs_domid_t domid; uint8_t perm; } acl[XS_ACL_MAX];
    char name[];                        /* "" for the root               */
};

struct xs_watch {
    struct xs_watch *next;
    char *path;                         /* canonical, or "@..." special  */
    char *token;
    uint32_t charge;
    uint8_t relative;                   /* events reported relative       */
};

/* ---------------------------------------------------------------- memory */

/* Every block starts with this header: its size class and request size. */
struct xs_blk { uint32_t cls, size; uint64_t pad; };
#define XS_CLASSES 16

static uint32_t
xs_class(size_t n)
{
    uint32_t k = 0;

    n += sizeof(struct xs_blk);
    while (k < XS_CLASSES - 1 && ((size_t)32 << k) < n)
        k++;
    return ((size_t)32 << k) < n ? XS_CLASSES : k;
}

/* What a request of n bytes costs, for quotas (the same in both modes). */
static uint32_t
xs_cost(size_t n)
{
    uint32_t k = xs_class(n);

    return k >= XS_CLASSES ? UINT32_MAX : (uint32_t)(32u << k);
}

/* n bytes, not cleared (the caller fills them all); NULL when out. */
static void *
xs_alloc_raw(struct xs_store *s, size_t n)
{
    uint32_t k = xs_class(n);
    struct xs_blk *b = NULL;
    struct xs_arena *a = &s->arena;

    if (k >= XS_CLASSES)
        return NULL;
    if (a->base == NULL) {
#if __STDC_HOSTED__
        b = malloc(sizeof(*b) + n);
#endif
    } else if (a->free_list[k] != NULL) {
        b = a->free_list[k];
        a->free_list[k] = *(void **)(b + 1);
    } else if (a->size - a->used >= ((size_t)32 << k)) {
        b = (struct xs_blk *)(a->base + a->used);
        a->used += (size_t)32 << k;
    }
    if (b == NULL)
        return NULL;
    b->cls = k;
    b->size = (uint32_t)n;
    s->bytes_in_use += (size_t)32 << k;
    return b + 1;
}

/* n zeroed bytes. */
static void *
xs_alloc(struct xs_store *s, size_t n)
{
    void *p = xs_alloc_raw(s, n);

    if (p)
        memset(p, 0, n);
    return p;
}

static void
xs_free(struct xs_store *s, void *p)
{
    struct xs_blk *b;

    if (p == NULL)
        return;
    b = (struct xs_blk *)p - 1;
    s->bytes_in_use -= (size_t)32 << b->cls;
    if (s->arena.base == NULL) {
#if __STDC_HOSTED__
        free(b);
#endif
        return;
    }
    *(void **)(b + 1) = s->arena.free_list[b->cls];
    s->arena.free_list[b->cls] = b;
}

/* --------------------------------------------------------------- helpers */

static uint32_t
fmt_u64(char *buf, uint64_t v)
{
    char tmp[24];
    uint32_t n = 0, i;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

/* A decimal domid below DOMID_FIRST_RESERVED (0x7ff0), the whole string. */
static int
parse_domid(const char *p, xs_domid_t *out)
{
    uint32_t v = 0;

    if (*p == '\0')
        return -1;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || (v = v * 10 + (uint32_t)(*p - '0')) >= 0x7ff0)
            return -1;
    }
    *out = (xs_domid_t)v;
    return 0;
}

static uint32_t
domain_path(char *buf, xs_domid_t d)
{
    static const char pre[] = "/local/domain/";

    memcpy(buf, pre, sizeof(pre) - 1);
    return (uint32_t)(sizeof(pre) - 1) + fmt_u64(buf + sizeof(pre) - 1, d);
}

struct xs_conn *
xs_conn_find(struct xs_store *s, xs_domid_t domid)
{
    struct xs_conn *c;

    for (c = s->conns; c != NULL; c = c->next)
        if (c->domid == domid)
            return c;
    return NULL;
}

/* The account a domain's bytes go to: none for dom0 or a domain without a
 * connection. */
static struct xs_conn *
account(struct xs_store *s, xs_domid_t d)
{
    return d == 0 ? NULL : xs_conn_find(s, d);
}

/* ------------------------------------------------------------------ paths */

static int
path_char_ok(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') || ch == '-' || ch == '/' || ch == '_' ||
           ch == '@';
}

/*
 * The absolute, checked form of a path a domain sent: relative paths live
 * under /local/domain/<id>.  Xen's rules: only [A-Za-z0-9-/_@], no empty
 * component, no trailing '/' (except "/" itself), and length limits.
 * out holds XENSTORE_ABS_PATH_MAX + 1 bytes.  0 or -1 (EINVAL).
 */
static int
canon_path(xs_domid_t who, const char *in, char *out, int *relative)
{
    size_t n = strlen(in), off = 0, i;

    if (n == 0 || in[0] == '@')         /* specials are no nodes */
        return -1;
    *relative = in[0] != '/';
    if (*relative) {
        if (n > XENSTORE_REL_PATH_MAX)
            return -1;
        off = domain_path(out, who);
        out[off++] = '/';
    }
    if (off + n > XENSTORE_ABS_PATH_MAX)
        return -1;
    for (i = 0; i < n; i++) {
        if (!path_char_ok(in[i]))
            return -1;
        if (in[i] == '/' && i + 1 < n && in[i + 1] == '/')
            return -1;
    }
    if (n > 1 && in[n - 1] == '/')
        return -1;
    memcpy(out + off, in, n + 1);
    return 0;
}

/* Is child equal to parent or below it? */
static int
is_child(const char *child, const char *parent)
{
    size_t n = strlen(parent);

    if (n == 1 && parent[0] == '/')
        return child[0] == '/';
    return strncmp(child, parent, n) == 0 && (child[n] == '\0' || child[n] == '/');
}

/* The child of n called name[0..len). */
static struct xs_node *
child_named(const struct xs_node *n, const char *name, size_t len)
{
    struct xs_node *c;

    for (c = n->child; c != NULL; c = c->next)
        if (strncmp(c->name, name, len) == 0 && c->name[len] == '\0')
            return c;
    return NULL;
}

/* The deepest existing node on an absolute path; *rest points at the part
 * that does not exist ("" if the whole path does). */
static struct xs_node *
walk(struct xs_store *s, const char *path, const char **rest)
{
    struct xs_node *n = s->root, *c;
    const char *p = path;

    while (*p == '/')
        p++;
    while (*p) {
        const char *e = p;

        while (*e && *e != '/')
            e++;
        c = child_named(n, p, (size_t)(e - p));
        if (c == NULL)
            break;
        n = c;
        p = *e ? e + 1 : e;
    }
    *rest = p;
    return n;
}

static struct xs_node *
lookup(struct xs_store *s, const char *path)
{
    const char *rest;
    struct xs_node *n = walk(s, path, &rest);

    return *rest ? NULL : n;
}

/* ------------------------------------------------------------ permissions */

static uint8_t
perm_of(const struct xs_node *n, xs_domid_t d)
{
    uint8_t i;

    if (d == 0 || n->owner == d)
        return XS_PERM_BOTH;
    for (i = 0; i < n->nacl; i++)
        if (n->acl[i].domid == d)
            return n->acl[i].perm;
    return n->others;
}

static int
can(const struct xs_node *n, xs_domid_t d, uint8_t want)
{
    return (perm_of(n, d) & want) == want;
}

/* ----------------------------------------------------------- accounting */

static uint32_t
node_cost(const struct xs_node *n)
{
    return xs_cost(sizeof(*n) + strlen(n->name) + 1) +
           (n->value ? xs_cost(n->vlen ? n->vlen : 1) : 0);
}

static void
charge(struct xs_store *s, struct xs_node *n, int sign)
{
    struct xs_conn *a = account(s, n->owner);

    if (a == NULL)
        return;
    if (sign > 0) {
        a->nodes++;
        a->bytes += n->charge;
    } else {
        a->nodes--;
        a->bytes -= n->charge;
    }
}

/* ------------------------------------------------------------ the tree */

static struct xs_node *
node_new(struct xs_store *s, struct xs_node *parent, const char *name,
         size_t len, xs_domid_t creator)
{
    struct xs_node *n = xs_alloc(s, sizeof(*n) + len + 1), **pp;

    if (n == NULL)
        return NULL;
    memcpy(n->name, name, len);
    n->name[len] = '\0';
    n->parent = parent;
    if (parent) {
        n->owner = parent->owner;       /* Xen: inherit the parent's perms */
        n->others = parent->others;
        n->nacl = parent->nacl;
        memcpy(n->acl, parent->acl, sizeof(n->acl));
        if (creator != 0)
            n->owner = creator;         /* ...but a domU owns what it makes */
        for (pp = &parent->child; *pp != NULL; pp = &(*pp)->next)
            ;
        *pp = n;
    }
    n->charge = node_cost(n);
    charge(s, n, +1);
    return n;
}

/* Unlinks n from its parent and frees it and everything below it, leaves
 * first (iteratively: a deep path costs no stack). */
static void
node_delete(struct xs_store *s, struct xs_node *n)
{
    struct xs_node **pp, *p = n;

    if (n->parent) {
        for (pp = &n->parent->child; *pp != n; pp = &(*pp)->next)
            ;
        *pp = n->next;
    }
    n->parent = NULL;
    n->next = NULL;
    while (p != NULL) {
        struct xs_node *par;

        if (p->child != NULL) {
            p = p->child;
            continue;
        }
        par = p->parent;                /* p is par's first child here   */
        if (par)
            par->child = p->next;
        charge(s, p, -1);
        xs_free(s, p->value);
        xs_free(s, p);
        p = par;
    }
}

/* Every node in preorder: next after n (NULL at the end). */
static struct xs_node *
node_next(struct xs_node *n)
{
    if (n->child)
        return n->child;
    while (n != NULL && n->next == NULL)
        n = n->parent;
    return n ? n->next : NULL;
}

uint32_t
xs_node_count(const struct xs_store *s)
{
    uint32_t k = 0;
    struct xs_node *n;

    for (n = s->root; n != NULL; n = node_next(n))
        k++;
    return k;
}

/* Replaces n's value; 0 or -1 (ENOMEM). */
static int
node_set_value(struct xs_store *s, struct xs_node *n, const char *v, uint32_t len)
{
    char *nv = xs_alloc_raw(s, len ? len : 1);

    if (nv == NULL)
        return -1;
    memcpy(nv, v, len);
    charge(s, n, -1);
    xs_free(s, n->value);
    n->value = nv;
    n->vlen = len;
    n->charge = node_cost(n);
    charge(s, n, +1);
    return 0;
}

/* --------------------------------------------------------------- replies */

static uint32_t
reply(struct xs_store *s, uint32_t type, const void *body, uint32_t len)
{
    s->rhdr.type = type;
    s->rlen = len;
    if (body != s->rbody)
        memcpy(s->rbody, body, len);
    return type;
}

static uint32_t
reply_err(struct xs_store *s, const char *err)
{
    return reply(s, XS_ERROR, err, (uint32_t)strlen(err) + 1);
}

static uint32_t
reply_ok(struct xs_store *s)
{
    return reply(s, s->rhdr.type, "OK", 3);
}

/* ------------------------------------------------------------- the FIFO */

static uint32_t
out_free(const struct xs_conn *c)
{
    return XS_OUT_SIZE - c->out_len;
}

static void
out_put(struct xs_conn *c, const void *data, uint32_t len)
{
    const uint8_t *d = data;
    uint32_t tail = (c->out_head + c->out_len) % XS_OUT_SIZE;
    uint32_t first = len < XS_OUT_SIZE - tail ? len : XS_OUT_SIZE - tail;

    memcpy(c->out + tail, d, first);
    memcpy(c->out, d + first, len - first);
    c->out_len += len;
}

/* Queues one message; -1 if it does not fit. */
static int
queue_msg(struct xs_conn *c, const struct xsd_sockmsg *h, const void *body)
{
    if (c->out == NULL || out_free(c) < sizeof(*h) + h->len)
        return -1;
    out_put(c, h, sizeof(*h));
    out_put(c, body, h->len);
    return 0;
}

/* -------------------------------------------------------------- watches */

static void
send_event(struct xs_store *s, struct xs_conn *c, const struct xs_watch *w,
           const char *path)
{
    struct xsd_sockmsg h = { .type = XS_WATCH_EVENT };
    size_t pl, tl;

    if (w->relative && path[0] == '/') {
        char dp[32];
        uint32_t dl = domain_path(dp, c->domid);

        if (strncmp(path, dp, dl) == 0 && path[dl] == '/')
            path += dl + 1;
    }
    pl = strlen(path);
    tl = strlen(w->token);
    if (pl + tl + 2 > XENSTORE_PAYLOAD_MAX || c->ring == NULL) {
        c->dropped_events++;
        return;
    }
    memcpy(s->ebody, path, pl + 1);
    memcpy(s->ebody + pl + 1, w->token, tl + 1);
    h.len = (uint32_t)(pl + tl + 2);
    /* The connection being answered keeps room for its reply (its events
     * may go first, as with Xen's xenstored). */
    if ((c == s->serving && out_free(c) < sizeof(h) + h.len + XS_MSG_MAX) ||
        queue_msg(c, &h, s->ebody) != 0)
        c->dropped_events++;
}

/*
 * A change at path (node n, which domains need read access to hear of it;
 * NULL for the "@" specials).  Watches at or above path get path; with
 * recurse (a removal) watches below it get their own path.
 */
static void
fire(struct xs_store *s, const char *path, const struct xs_node *n, int recurse)
{
    struct xs_conn *c;
    struct xs_watch *w;

    for (c = s->conns; c != NULL; c = c->next) {
        if (n != NULL && !can(n, c->domid, XS_PERM_READ))
            continue;
        for (w = c->watches; w != NULL; w = w->next) {
            if (path[0] == '@' || w->path[0] == '@') {
                if (strcmp(path, w->path) == 0)
                    send_event(s, c, w, path);
            } else if (is_child(path, w->path)) {
                send_event(s, c, w, path);
            } else if (recurse && is_child(w->path, path)) {
                send_event(s, c, w, w->path);
            }
        }
    }
}

static void
watch_free(struct xs_store *s, struct xs_conn *c, struct xs_watch *w)
{
    c->nwatches--;
    c->bytes -= w->charge;
    xs_free(s, w);
}

static void
watches_clear(struct xs_store *s, struct xs_conn *c)
{
    while (c->watches != NULL) {
        struct xs_watch *w = c->watches;

        c->watches = w->next;
        watch_free(s, c, w);
    }
}

/* ------------------------------------------------------- the operations */

/* The single NUL-terminated string a request carries, or NULL. */
static const char *
one_arg(const char *p, uint32_t len)
{
    if (len == 0 || p[len - 1] != '\0' || strlen(p) != len - 1)
        return NULL;
    return p;
}

/* Checks path for who: the canonical form in buf, the node (or NULL), and
 * an error name if who may not see it. */
static const char *
resolve(struct xs_store *s, xs_domid_t who, const char *arg, char *buf,
        int *relative, struct xs_node **node, uint8_t want)
{
    const char *rest;
    struct xs_node *n;

    if (arg == NULL || canon_path(who, arg, buf, relative) != 0 || buf[0] == '@')
        return "EINVAL";
    n = walk(s, buf, &rest);
    if (*rest) {
        /* Missing: say ENOENT only to whom may read the nearest ancestor. */
        *node = NULL;
        return can(n, who, XS_PERM_READ) ? NULL : "EACCES";
    }
    *node = n;
    return can(n, who, want) ? NULL : "EACCES";
}

static uint32_t
op_read(struct xs_store *s, xs_domid_t who, const char *p, uint32_t len)
{
    struct xs_node *n;
    int rel;
    const char *e = resolve(s, who, one_arg(p, len), s->path, &rel, &n, XS_PERM_READ);

    if (e == NULL && n == NULL)
        e = "ENOENT";
    if (e)
        return reply_err(s, e);
    return reply(s, XS_READ, n->value ? n->value : "", n->value ? n->vlen : 0);
}

/*
 * Creates the missing part of path below the deepest existing node; the
 * last node made (or the existing one).  Checks write access and quotas
 * first; returns an error name, or NULL with *out set.
 */
static const char *
create_path(struct xs_store *s, xs_domid_t who, const char *path,
            uint32_t vlen, struct xs_node **out)
{
    const char *rest, *p;
    struct xs_node *n = walk(s, path, &rest), *top = NULL;
    struct xs_conn *a = account(s, who);
    uint32_t k = 0, bytes = 0;

    if (!can(n, who, XS_PERM_WRITE))
        return "EACCES";
    for (p = rest; *p;) {
        const char *e = p;

        while (*e && *e != '/')
            e++;
        k++;
        bytes += xs_cost(sizeof(struct xs_node) + (size_t)(e - p) + 1);
        p = *e ? e + 1 : e;
    }
    if (*rest == '\0' && n->value != NULL)
        bytes += xs_cost(vlen ? vlen : 1) - xs_cost(n->vlen ? n->vlen : 1);
    else
        bytes += xs_cost(vlen ? vlen : 1);
    if (a != NULL && (a->nodes + k > XS_QUOTA_NODES || a->bytes + bytes > XS_QUOTA_BYTES))
        return "EQUOTA";
    for (p = rest; *p;) {
        const char *e = p;
        struct xs_node *c;

        while (*e && *e != '/')
            e++;
        c = node_new(s, n, p, (size_t)(e - p), who);
        if (c == NULL) {
            if (top)
                node_delete(s, top);
            return "ENOMEM";
        }
        if (top == NULL)
            top = c;
        n = c;
        p = *e ? e + 1 : e;
    }
    *out = n;
    return NULL;
}

static uint32_t
op_write(struct xs_store *s, xs_domid_t who, const char *p, uint32_t len)
{
    size_t pl = strnlen(p, len);
    uint32_t vlen;
    struct xs_node *n;
    int rel;
    const char *e;

    if (pl == len)
        return reply_err(s, "EINVAL");
    vlen = len - (uint32_t)pl - 1;
    e = resolve(s, who, p, s->path, &rel, &n, XS_PERM_WRITE);
    if (e)
        return reply_err(s, e);
    if (who != 0 && vlen > XS_QUOTA_VALUE)
        return reply_err(s, "E2BIG");
    e = create_path(s, who, s->path, vlen, &n);
    if (e)
        return reply_err(s, e);
    if (node_set_value(s, n, p + pl + 1, vlen) != 0)
        return reply_err(s, "ENOMEM");
    fire(s, s->path, n, 0);
    return reply_ok(s);
}

static uint32_t
op_mkdir(struct xs_store *s, xs_domid_t who, const char *p, uint32_t len)
{
    struct xs_node *n;
    int rel;
    const char *e = resolve(s, who, one_arg(p, len), s->path, &rel, &n, XS_PERM_WRITE);

    if (e == NULL && n == NULL) {
        e = create_path(s, who, s->path, 0, &n);
        if (e == NULL && node_set_value(s, n, "", 0) != 0)
            e = "ENOMEM";
        if (e == NULL)
            fire(s, s->path, n, 0);
    }
    return e ? reply_err(s, e) : reply_ok(s);
}

static uint32_t
op_rm(struct xs_store *s, xs_domid_t who, const char *p, uint32_t len)
{
    struct xs_node *n;
    int rel;
    const char *e = resolve(s, who, one_arg(p, len), s->path, &rel, &n, XS_PERM_WRITE);

    if (e)
        return reply_err(s, e);
    if (n == NULL) {
        /* Xen: nothing to remove is fine if the parent exists. */
        const char *rest;

        walk(s, s->path, &rest);
        for (; *rest; rest++)
            if (*rest == '/')
                return reply_err(s, "ENOENT");
        return reply_ok(s);
    }
    if (n == s->root)
        return reply_err(s, "EINVAL");
    fire(s, s->path, n, 1);
    node_delete(s, n);
    return reply_ok(s);
}

static uint32_t
op_directory(struct xs_store *s, xs_domid_t who, const char *p, uint32_t len)
{
    struct xs_node *n, *c;
    int rel;
    uint32_t off = 0;
    const char *e = resolve(s, who, one_arg(p, len), s->path, &rel, &n, XS_PERM_READ);

    if (e == NULL && n == NULL)
        e = "ENOENT";
    if (e)
        return reply_err(s, e);
    for (c = n->child; c != NULL; c = c->next) {
        size_t l = strlen(c->name) + 1;

        if (l > XENSTORE_PAYLOAD_MAX - off)
            return reply_err(s, "E2BIG");
        memcpy(s->rbody + off, c->name, l);
        off += (uint32_t)l;
    }
    return reply(s, XS_DIRECTORY, s->rbody, off);
}

/* "<p><domid>\0" with p one of n r w b; the bytes written, NUL included. */
static uint32_t
fmt_perm(char *buf, uint8_t perm, xs_domid_t d)
{
    buf[0] = "nrwb"[perm & 3];
    return 2 + fmt_u64(buf + 1, d);
}

static int
parse_perm(const char *p, uint8_t *perm, xs_domid_t *d)
{
    static const char letters[] = "nrwb";
    uint8_t k;

    for (k = 0; k < 4; k++)
        if (p[0] == letters[k])
            break;
    if (k == 4 || parse_domid(p + 1, d) != 0)
        return -1;
    *perm = k;
    return 0;
}

static uint32_t
op_get_perms(struct xs_store *s, xs_domid_t who, const char *p, uint32_t len)
{
    struct xs_node *n;
    int rel;
    uint32_t off, i;
    const char *e = resolve(s, who, one_arg(p, len), s->path, &rel, &n, XS_PERM_READ);

    if (e == NULL && n == NULL)
        e = "ENOENT";
    if (e)
        return reply_err(s, e);
    off = fmt_perm(s->rbody, n->others, n->owner);
    for (i = 0; i < n->nacl; i++)
        off += fmt_perm(s->rbody + off, n->acl[i].perm, n->acl[i].domid);
    return reply(s, XS_GET_PERMS, s->rbody, off);
}

/* "path\0" then 1..1+XS_ACL_MAX perms, each NUL-terminated.  Only dom0
 * and the owner may set them; only dom0 may give a node away. */
static uint32_t
op_set_perms(struct xs_store *s, xs_domid_t who, const char *p, uint32_t len)
{
    size_t pl = strnlen(p, len), off;
    struct xs_node *n;
    uint8_t perm[1 + XS_ACL_MAX], k = 0, i;
    xs_domid_t dom[1 + XS_ACL_MAX];
    int rel;
    const char *e;

    if (pl == len || p[len - 1] != '\0')
        return reply_err(s, "EINVAL");
    for (off = pl + 1; off < len; off += strlen(p + off) + 1) {
        if (k == 1 + XS_ACL_MAX)
            return reply_err(s, "E2BIG");
        if (parse_perm(p + off, &perm[k], &dom[k]) != 0)
            return reply_err(s, "EINVAL");
        k++;
    }
    if (k == 0)
        return reply_err(s, "EINVAL");
    e = resolve(s, who, p, s->path, &rel, &n, XS_PERM_WRITE);
    if (e == NULL && n == NULL)
        e = "ENOENT";
    if (e == NULL && who != 0 && n->owner != who)
        e = "EACCES";
    if (e == NULL && who != 0 && dom[0] != who)
        e = "EPERM";
    if (e)
        return reply_err(s, e);
    charge(s, n, -1);
    n->owner = dom[0];
    n->others = perm[0];
    n->nacl = (uint8_t)(k - 1);
    for (i = 1; i < k; i++) {
        n->acl[i - 1].domid = dom[i];
        n->acl[i - 1].perm = perm[i];
    }
    charge(s, n, +1);
    fire(s, s->path, n, 0);
    return reply_ok(s);
}

/* "path\0token\0": the path (canonical in buf, or an "@" special) and the
 * token; an error name or NULL. */
static const char *
watch_args(xs_domid_t who, const char *p, uint32_t len,
           char *buf, int *relative, const char **token)
{
    size_t pl = strnlen(p, len);

    if (pl == len || p[len - 1] != '\0' || strlen(p + pl + 1) != len - pl - 2)
        return "EINVAL";
    *token = p + pl + 1;
    if (p[0] == '@') {
        if (strcmp(p, "@introduceDomain") != 0 && strcmp(p, "@releaseDomain") != 0)
            return "EINVAL";
        if (who != 0)
            return "EACCES";
        memcpy(buf, p, pl + 1);
        *relative = 0;
        return NULL;
    }
    return canon_path(who, p, buf, relative) ? "EINVAL" : NULL;
}

static struct xs_watch *
watch_find(struct xs_conn *c, const char *path, const char *token)
{
    struct xs_watch *w;

    for (w = c->watches; w != NULL; w = w->next)
        if (strcmp(w->path, path) == 0 && strcmp(w->token, token) == 0)
            return w;
    return NULL;
}

static uint32_t
op_watch(struct xs_store *s, struct xs_conn *c, const char *p, uint32_t len)
{
    const char *token;
    int rel;
    const char *e = watch_args(c->domid, p, len, s->path, &rel, &token);
    size_t pl, tl;
    uint32_t cost;
    struct xs_watch *w, **pp;

    if (e)
        return reply_err(s, e);
    if (watch_find(c, s->path, token))
        return reply_err(s, "EEXIST");
    pl = strlen(s->path);
    tl = strlen(token);
    cost = xs_cost(sizeof(*w) + pl + tl + 2);
    if (c->domid != 0 &&
        (c->nwatches >= XS_QUOTA_WATCHES || c->bytes + cost > XS_QUOTA_BYTES))
        return reply_err(s, "EQUOTA");
    w = xs_alloc(s, sizeof(*w) + pl + tl + 2);
    if (w == NULL)
        return reply_err(s, "ENOMEM");
    w->path = (char *)(w + 1);
    w->token = w->path + pl + 1;
    memcpy(w->path, s->path, pl + 1);
    memcpy(w->token, token, tl + 1);
    w->relative = (uint8_t)rel;
    w->charge = cost;
    for (pp = &c->watches; *pp != NULL; pp = &(*pp)->next)
        ;
    *pp = w;
    c->nwatches++;
    c->bytes += cost;
    s->initial_event = w;           /* sent right after the reply (Xen) */
    return reply_ok(s);
}

static uint32_t
op_unwatch(struct xs_store *s, struct xs_conn *c, const char *p, uint32_t len)
{
    const char *token;
    int rel;
    const char *e = watch_args(c->domid, p, len, s->path, &rel, &token);
    struct xs_watch *w, **pp;

    if (e)
        return reply_err(s, e);
    if ((w = watch_find(c, s->path, token)) == NULL)
        return reply_err(s, "ENOENT");
    for (pp = &c->watches; *pp != w; pp = &(*pp)->next)
        ;
    *pp = w->next;
    if (s->initial_event == w)
        s->initial_event = NULL;
    watch_free(s, c, w);
    return reply_ok(s);
}

static uint32_t
op_domain_path(struct xs_store *s, const char *p, uint32_t len)
{
    xs_domid_t d;

    if ((p = one_arg(p, len)) == NULL || parse_domid(p, &d) != 0)
        return reply_err(s, "EINVAL");
    return reply(s, XS_GET_DOMAIN_PATH, s->rbody, domain_path(s->rbody, d) + 1);
}

static uint32_t
op_is_introduced(struct xs_store *s, const char *p, uint32_t len)
{
    xs_domid_t d;

    if ((p = one_arg(p, len)) == NULL || parse_domid(p, &d) != 0)
        return reply_err(s, "EINVAL");
    return reply(s, XS_IS_DOMAIN_INTRODUCED,
                 (d == 0 || xs_conn_find(s, d)) ? "T" : "F", 2);
}

/* Decode the type, then invoke; the reply is left in s->rhdr/rbody. */
static uint32_t
dispatch(struct xs_store *s, struct xs_conn *c, uint32_t type, const char *p,
         uint32_t len, uint32_t tx_id)
{
    xs_domid_t who = c->domid;

    s->rhdr.type = type;
    c->requests++;
    if (len > XENSTORE_PAYLOAD_MAX)
        return reply_err(s, "E2BIG");
    if (type == XS_TRANSACTION_START)
        return reply_err(s, "ENOSYS");  /* transactions: spec/xenstore.md */
    if (tx_id != 0 || type == XS_TRANSACTION_END)
        return reply_err(s, "ENOENT");  /* no such transaction */
    switch (type) {
    case XS_READ:         return op_read(s, who, p, len);
    case XS_WRITE:        return op_write(s, who, p, len);
    case XS_MKDIR:        return op_mkdir(s, who, p, len);
    case XS_RM:           return op_rm(s, who, p, len);
    case XS_DIRECTORY:    return op_directory(s, who, p, len);
    case XS_GET_PERMS:    return op_get_perms(s, who, p, len);
    case XS_SET_PERMS:    return op_set_perms(s, who, p, len);
    case XS_WATCH:        return op_watch(s, c, p, len);
    case XS_UNWATCH:      return op_unwatch(s, c, p, len);
    case XS_GET_DOMAIN_PATH: return op_domain_path(s, p, len);
    case XS_IS_DOMAIN_INTRODUCED: return op_is_introduced(s, p, len);
    case XS_RESET_WATCHES:
        watches_clear(s, c);
        s->initial_event = NULL;
        return reply_ok(s);
    case XS_CONTROL: case XS_INTRODUCE: case XS_RELEASE: case XS_RESUME:
    case XS_SET_TARGET:
        /* Domains come and go through the toolstack (xs_introduce). */
        return reply_err(s, who == 0 ? "ENOSYS" : "EACCES");
    default:
        return reply_err(s, "EINVAL");
    }
}

uint32_t
xs_request(struct xs_store *s, struct xs_conn *c, uint32_t type,
           const void *payload, uint32_t len)
{
    uint32_t t;

    s->rhdr.req_id = 0;
    s->rhdr.tx_id = 0;
    s->initial_event = NULL;
    t = dispatch(s, c, type, payload, len, 0);
    s->rhdr.len = s->rlen;
    s->initial_event = NULL;            /* a ring-less connection hears none */
    return t;
}

/* ------------------------------------------------------------- the ring */

#define barrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* Room a request needs in the FIFO: a full reply and a watch's first event
 * after its short "OK". */
#define XS_REPLY_ROOM (XS_MSG_MAX + 32)
_Static_assert(XS_OUT_SIZE >= XS_REPLY_ROOM + sizeof(struct xsd_sockmsg) + 3,
               "the reply FIFO holds a reply and a watch event");

static int
conn_break(struct xs_conn *c, uint32_t why)
{
    c->broken = 1;
    c->protocol_errors++;
    c->in_len = 0;
    c->ring->error = why;
    return 1;
}

/* The guest asked to start over (xenstore-ring.txt): drop everything in
 * flight and its watches, zero the indices, clear the error. */
static void
conn_reconnect(struct xs_store *s, struct xs_conn *c)
{
    volatile struct xenstore_domain_interface *r = c->ring;

    c->in_len = 0;
    c->out_head = c->out_len = 0;
    c->broken = 0;
    watches_clear(s, c);
    r->req_cons = r->req_prod = 0;
    r->rsp_cons = r->rsp_prod = 0;
    r->error = XENSTORE_ERROR_NONE;
    barrier();
    r->connection = XENSTORE_CONNECTED;
}

static const struct xsd_sockmsg *
in_hdr(const struct xs_conn *c)
{
    return (const struct xsd_sockmsg *)c->in;
}

static int
in_complete(const struct xs_conn *c)
{
    return c->in_len >= sizeof(struct xsd_sockmsg) &&
           c->in_len == sizeof(struct xsd_sockmsg) + in_hdr(c)->len;
}

/* Moves request bytes from the ring into c->in, at most one message.
 * Returns 1 if req_cons moved, -1 on a protocol error. */
static int
fill(struct xs_conn *c)
{
    volatile struct xenstore_domain_interface *r = c->ring;
    XENSTORE_RING_IDX cons = r->req_cons, prod = r->req_prod, start;

    barrier();                          /* indices before the bytes */
    if (prod - cons > XENSTORE_RING_SIZE)
        return -conn_break(c, XENSTORE_ERROR_RINGIDX);
    start = cons;
    while (cons != prod && !in_complete(c)) {
        uint32_t hl = sizeof(struct xsd_sockmsg);
        uint32_t want = c->in_len < hl ? hl - c->in_len
                                       : hl + in_hdr(c)->len - c->in_len;
        uint32_t n = prod - cons, wrap = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);

        if (n > want)
            n = want;
        if (n > wrap)
            n = wrap;
        memcpy(c->in + c->in_len, (const char *)r->req + MASK_XENSTORE_IDX(cons), n);
        c->in_len += n;
        cons += n;
        if (c->in_len == hl && in_hdr(c)->len > XENSTORE_PAYLOAD_MAX) {
            r->req_cons = cons;
            return -conn_break(c, XENSTORE_ERROR_PROTO);
        }
    }
    if (cons == start)
        return 0;
    barrier();                          /* done with the bytes first */
    r->req_cons = cons;
    return 1;
}

/* One reply (and a watch's first event) into the FIFO. */
static void
answer(struct xs_store *s, struct xs_conn *c)
{
    struct xsd_sockmsg h = *in_hdr(c);

    c->in[c->in_len] = '\0';            /* a stray strlen stops here */
    s->initial_event = NULL;
    s->serving = c;
    h.type = dispatch(s, c, h.type, (const char *)c->in + sizeof(h), h.len, h.tx_id);
    s->serving = NULL;
    h.len = s->rlen;
    (void)queue_msg(c, &h, s->rbody);   /* room was checked */
    if (s->initial_event) {
        send_event(s, c, s->initial_event, s->initial_event->path);
        s->initial_event = NULL;
    }
    c->in_len = 0;
}

/* Takes and answers this connection's requests; 1 if the ring changed. */
static int
serve(struct xs_store *s, struct xs_conn *c, int *more)
{
    volatile struct xenstore_domain_interface *r = c->ring;
    int changed = 0, k;

    if (r == NULL)
        return 0;
    if (r->connection == XENSTORE_RECONNECT) {
        conn_reconnect(s, c);
        changed = 1;
    }
    for (k = 0; k < XS_REQS_PER_POLL && !c->broken; k++) {
        if (!in_complete(c)) {
            int rc = fill(c);

            if (rc != 0)
                changed = 1;
            if (rc < 0 || !in_complete(c))
                return changed;
        }
        if (out_free(c) < XS_REPLY_ROOM)
            return changed;             /* the guest must read first */
        answer(s, c);
    }
    if (!c->broken)
        *more = 1;
    return changed;
}

/* Moves queued bytes into the response ring; 1 if rsp_prod moved. */
static int
flush(struct xs_conn *c)
{
    volatile struct xenstore_domain_interface *r = c->ring;
    XENSTORE_RING_IDX cons, prod;
    uint32_t n, i;

    if (r == NULL || c->broken || c->out_len == 0)
        return 0;
    cons = r->rsp_cons;
    prod = r->rsp_prod;
    barrier();
    if (prod - cons > XENSTORE_RING_SIZE)
        return conn_break(c, XENSTORE_ERROR_RINGIDX);
    n = XENSTORE_RING_SIZE - (prod - cons);
    if (n > c->out_len)
        n = c->out_len;
    for (i = 0; i < n;) {               /* contiguous pieces of both rings */
        uint32_t k = n - i, ro = MASK_XENSTORE_IDX(prod + i);
        uint32_t fo = (c->out_head + i) % XS_OUT_SIZE;

        if (k > XENSTORE_RING_SIZE - ro)
            k = XENSTORE_RING_SIZE - ro;
        if (k > XS_OUT_SIZE - fo)
            k = XS_OUT_SIZE - fo;
        memcpy((char *)r->rsp + ro, c->out + fo, k);
        i += k;
    }
    c->out_head = (c->out_head + n) % XS_OUT_SIZE;
    c->out_len -= n;
    barrier();                          /* the bytes before the index */
    r->rsp_prod = prod + n;
    return n > 0;
}

int
xs_poll(struct xs_store *s, void (*notify)(void *ctx, struct xs_conn *c), void *ctx)
{
    struct xs_conn *c;
    int more = 0;

    for (c = s->conns; c != NULL; c = c->next)
        c->kick = flush(c);
    for (c = s->conns; c != NULL; c = c->next)
        c->kick |= serve(s, c, &more);
    for (c = s->conns; c != NULL; c = c->next) {
        c->kick |= flush(c);
        if (c->kick && notify)
            notify(ctx, c);
    }
    return more;
}

/* ------------------------------------------------------- connections */

struct xs_conn *
xs_conn_add(struct xs_store *s, xs_domid_t domid,
            struct xenstore_domain_interface *ring, void *priv)
{
    struct xs_conn *c, **pp;

    if (xs_conn_find(s, domid) != NULL || (c = xs_alloc(s, sizeof(*c))) == NULL)
        return NULL;
    c->domid = domid;
    c->ring = ring;
    c->priv = priv;
    c->in = xs_alloc_raw(s, XS_MSG_MAX + 1);
    c->out = ring ? xs_alloc_raw(s, XS_OUT_SIZE) : NULL;
    if (c->in == NULL || (ring && c->out == NULL)) {
        xs_free(s, c->in);
        xs_free(s, c->out);
        xs_free(s, c);
        return NULL;
    }
    if (ring) {
        ring->server_features = XENSTORE_SERVER_FEATURE_RECONNECTION |
                                XENSTORE_SERVER_FEATURE_ERROR;
        ring->error = XENSTORE_ERROR_NONE;
        ring->connection = XENSTORE_CONNECTED;
    }
    for (pp = &s->conns; *pp != NULL; pp = &(*pp)->next)
        ;
    *pp = c;
    return c;
}

static void
conn_free(struct xs_store *s, struct xs_conn *c)
{
    struct xs_conn **pp;

    watches_clear(s, c);
    for (pp = &s->conns; *pp != c; pp = &(*pp)->next)
        ;
    *pp = c->next;
    xs_free(s, c->in);
    xs_free(s, c->out);
    xs_free(s, c);
}

void
xs_conn_remove(struct xs_store *s, struct xs_conn *c)
{
    char dp[32];
    struct xs_node *n;
    xs_domid_t d = c->domid;

    watches_clear(s, c);
    domain_path(dp, d);
    if (d != 0 && (n = lookup(s, dp)) != NULL) {
        fire(s, dp, n, 1);
        node_delete(s, n);
    }
    for (n = s->root; n != NULL; n = node_next(n)) {
        if (n->owner == d) {            /* what it made elsewhere: dom0's */
            charge(s, n, -1);
            n->owner = 0;
        }
    }
    conn_free(s, c);
    fire(s, "@releaseDomain", NULL, 0);
}

/* --------------------------------------------------- setup and domains */

/* Writes path = value as dom0 and gives the node owner/others, plus read
 * access for reader if that is not the owner.  0 or -1. */
static int
put(struct xs_store *s, const char *path, const char *value,
    xs_domid_t owner, uint8_t others, xs_domid_t reader)
{
    struct xs_node *n;
    uint32_t vl = value ? (uint32_t)strlen(value) : 0;

    if (vl > XENSTORE_PAYLOAD_MAX || create_path(s, 0, path, vl, &n) != NULL ||
        node_set_value(s, n, value ? value : "", vl) != 0)
        return -1;
    charge(s, n, -1);
    n->owner = owner;
    n->others = others;
    n->nacl = 0;
    if (reader != owner) {
        n->acl[0].domid = reader;
        n->acl[0].perm = XS_PERM_READ;
        n->nacl = 1;
    }
    charge(s, n, +1);
    fire(s, path, n, 0);
    return 0;
}

/* path = dp + "/" + rel, in buf (dp is short, rel a literal). */
static const char *
sub(char *buf, const char *dp, const char *rel)
{
    size_t n = strlen(dp), m = strlen(rel);

    memcpy(buf, dp, n);
    buf[n] = '/';
    memcpy(buf + n + 1, rel, m + 1);
    return buf;
}

int
xs_introduce(struct xs_store *s, const struct xs_domain_info *info)
{
    /* libxl's layout: the domain's directory is dom0's, readable by the
     * domain ("roperm"); the directories a guest writes are its own
     * ("rwperm"). */
    static const char *const ro_dirs[] = { "console", "store", "control", "device" };
    static const char *const rw_dirs[] = { "control/shutdown", "data", "attr",
                                           "error", "drivers", "feature" };
    char dp[32], p[64], num[24];
    xs_domid_t d = info->domid;
    int rc = 0;
    size_t i;

    if (d == 0 || d >= 0x7ff0)
        return -1;
    domain_path(dp, d);
    rc |= put(s, dp, NULL, 0, XS_PERM_NONE, d);
    for (i = 0; i < sizeof(ro_dirs) / sizeof(ro_dirs[0]); i++)
        rc |= put(s, sub(p, dp, ro_dirs[i]), NULL, 0, XS_PERM_NONE, d);
    for (i = 0; i < sizeof(rw_dirs) / sizeof(rw_dirs[0]); i++)
        rc |= put(s, sub(p, dp, rw_dirs[i]), NULL, d, XS_PERM_NONE, d);
    fmt_u64(num, d);
    rc |= put(s, sub(p, dp, "domid"), num, 0, XS_PERM_NONE, d);
    rc |= put(s, sub(p, dp, "name"), info->name ? info->name : "", 0, XS_PERM_NONE, d);
    fmt_u64(num, info->console_gfn);
    rc |= put(s, sub(p, dp, "console/ring-ref"), num, 0, XS_PERM_NONE, d);
    fmt_u64(num, info->console_port);
    rc |= put(s, sub(p, dp, "console/port"), num, 0, XS_PERM_NONE, d);
    rc |= put(s, sub(p, dp, "console/type"), "xenconsoled", 0, XS_PERM_NONE, d);
    rc |= put(s, sub(p, dp, "console/limit"), "1048576", 0, XS_PERM_NONE, d);
    rc |= put(s, sub(p, dp, "console/backend-id"), "0", 0, XS_PERM_NONE, d);
    fmt_u64(num, info->store_gfn);
    rc |= put(s, sub(p, dp, "store/ring-ref"), num, 0, XS_PERM_NONE, d);
    fmt_u64(num, info->store_port);
    rc |= put(s, sub(p, dp, "store/port"), num, 0, XS_PERM_NONE, d);
    fire(s, "@introduceDomain", NULL, 0);
    return rc ? -1 : 0;
}

int
xs_init(struct xs_store *s, void *arena, size_t arena_size)
{
    memset(s, 0, sizeof(*s));
#if !__STDC_HOSTED__
    if (arena == NULL)
        return -1;
#endif
    s->arena.base = arena;
    s->arena.size = arena ? arena_size : 0;
    s->root = node_new(s, NULL, "", 0, 0);
    if (s->root == NULL || node_set_value(s, s->root, "", 0) != 0)
        return -1;
    s->root->others = XS_PERM_NONE;
    /* What xen-init-dom0 writes for dom0 itself. */
    if (put(s, "/local/domain/0/domid", "0", 0, XS_PERM_NONE, 0) != 0 ||
        put(s, "/local/domain/0/name", "Domain-0", 0, XS_PERM_NONE, 0) != 0)
        return -1;
    return 0;
}

void
xs_fini(struct xs_store *s)
{
    while (s->conns != NULL)
        conn_free(s, s->conns);
    if (s->root)
        node_delete(s, s->root);
    s->root = NULL;
}
