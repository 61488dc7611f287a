/*
 * dom0/cpio.c - the cpio "newc" reader (see cpio.h, README.md).
 *
 * Where it runs: guest only (dom0); plain C over a byte range.
 */
#include "guest.h"
#include "cpio.h"

#define NEWC_HDR_LEN   110      /* "070701" + 13 fields of 8 hex digits     */
#define NEWC_MODE      1        /* field indices after the magic            */
#define NEWC_FILESIZE  6
#define NEWC_NAMESIZE  11
#define S_IFMT         0170000
#define S_IFREG        0100000

static size_t
align4(size_t x)
{
    return (x + 3) & ~(size_t)3;
}

/* Field i (0 = c_ino) of the header at h: exactly 8 hex digits. */
static int
newc_field(const uint8_t *h, unsigned int i, uint32_t *out)
{
    const uint8_t *p = h + 6 + 8 * i;
    uint32_t v = 0;

    for (unsigned int k = 0; k < 8; k++) {
        uint8_t c = p[k];

        if (c >= '0' && c <= '9')
            v = v << 4 | (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = v << 4 | (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v = v << 4 | (uint32_t)(c - 'A' + 10);
        else
            return CPIO_EBADHDR;
    }
    *out = v;
    return 0;
}

void
cpio_iter_init(struct cpio_iter *it, const void *base, size_t len)
{
    it->base = base;
    it->len = len;
    it->off = 0;
    it->done = 0;
}

/* Parse the header at it->off into mode, name and data; advance. */
static int
newc_entry(struct cpio_iter *it, uint32_t *mode, struct cpio_file *f)
{
    const uint8_t *h = it->base + it->off;
    uint32_t namesize, filesize;
    size_t name_off, data_off;

    if (it->off > it->len || it->len - it->off < NEWC_HDR_LEN)
        return CPIO_ETRUNC;
    /* 070701: newc; 070702: newc with a checksum we do not verify. */
    if (memcmp(h, "07070", 5) || (h[5] != '1' && h[5] != '2'))
        return CPIO_EBADHDR;
    if (newc_field(h, NEWC_MODE, mode) || newc_field(h, NEWC_FILESIZE, &filesize) ||
        newc_field(h, NEWC_NAMESIZE, &namesize))
        return CPIO_EBADHDR;
    name_off = it->off + NEWC_HDR_LEN;
    if (namesize < 2 || namesize > CPIO_NAME_MAX)
        return CPIO_ENAME;
    if (namesize > it->len - name_off)
        return CPIO_ETRUNC;
    if (it->base[name_off + namesize - 1] != '\0' ||
        strnlen((const char *)it->base + name_off, namesize) != namesize - 1)
        return CPIO_ENAME;
    data_off = align4(name_off + namesize);
    if (data_off > it->len || filesize > it->len - data_off)
        return CPIO_ETRUNC;
    f->name = (const char *)it->base + name_off;
    f->data = it->base + data_off;
    f->size = filesize;
    it->off = align4(data_off + filesize);
    return 0;
}

int
cpio_next(struct cpio_iter *it, struct cpio_file *f)
{
    for (;;) {
        uint32_t mode;
        int rc;

        if (it->done)
            return CPIO_END;
        if (it->off >= it->len) {       /* no trailer: the end will do */
            it->done = 1;
            return CPIO_END;
        }
        rc = newc_entry(it, &mode, f);
        if (rc) {
            it->done = 1;
            return rc;
        }
        if (!strcmp(f->name, "TRAILER!!!")) {
            it->done = 1;
            return CPIO_END;
        }
        if ((mode & S_IFMT) != S_IFREG)
            continue;
        while (f->name[0] == '.' && f->name[1] == '/')
            f->name += 2;
        if (f->name[0] != '\0')
            return CPIO_OK;
    }
}

int
cpio_find(const void *base, size_t len, const char *name, struct cpio_file *f)
{
    struct cpio_iter it;
    int rc;

    cpio_iter_init(&it, base, len);
    while ((rc = cpio_next(&it, f)) == CPIO_OK)
        if (!strcmp(f->name, name))
            return 0;
    return rc;
}

const char *
cpio_strerror(int rc)
{
    switch (rc) {
    case CPIO_OK:      return "ok";
    case CPIO_END:     return "end of archive";
    case CPIO_EBADHDR: return "bad header (not cpio newc: make it with `cpio -o -H newc`)";
    case CPIO_ETRUNC:  return "truncated entry";
    case CPIO_ENAME:   return "bad file name";
    default:           return "unknown error";
    }
}
