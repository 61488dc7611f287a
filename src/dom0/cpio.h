/*
 * dom0/cpio.h - read-only view of a cpio "newc" archive (dom0's ramdisk).
 *
 * Where it runs: guest only (dom0), but nothing here touches the
 * hypervisor: plain C over a byte range.
 *
 * The archive is untrusted input (whoever made the boot modules made it):
 * every header field is parsed as exactly 8 hex digits, and every name and
 * data range is checked against the archive's end with overflow-safe
 * arithmetic before it is touched.  A malformed archive ends the walk with
 * an error; the entries before it stay usable.  The format is described in
 * src/dom0/README.md.
 *
 * Usage: cpio_next(&it, &f) walks the regular files in order (directories,
 * links and devices are skipped); cpio_find() looks one up by name.  The
 * returned pointers point into the archive, which must stay mapped.
 */
#ifndef DOM0_CPIO_H
#define DOM0_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_NAME_MAX 64        /* longest file name dom0 accepts, with NUL */

struct cpio_file {
    const char *name;           /* NUL-terminated, no leading "./"          */
    const uint8_t *data;        /* inside the archive                       */
    size_t size;                /* bytes at data                            */
};

struct cpio_iter {
    const uint8_t *base;        /* the archive                              */
    size_t len;                 /* its length                               */
    size_t off;                 /* next header's offset, 4-aligned          */
    int done;                   /* the trailer or an error was seen         */
};

/* Result of cpio_next. */
#define CPIO_OK      0          /* *f is the next regular file              */
#define CPIO_END     1          /* the TRAILER!!! entry: no more files      */
#define CPIO_EBADHDR (-1)       /* bad magic or a field not 8 hex digits    */
#define CPIO_ETRUNC  (-2)       /* a name or data range runs past the end   */
#define CPIO_ENAME   (-3)       /* name empty, too long or not NUL-ended    */

void cpio_iter_init(struct cpio_iter *it, const void *base, size_t len);
int  cpio_next(struct cpio_iter *it, struct cpio_file *f);
/* The file called name: 0 and *f, or a CPIO_E* / CPIO_END if not found. */
int  cpio_find(const void *base, size_t len, const char *name, struct cpio_file *f);
const char *cpio_strerror(int rc);

#endif /* DOM0_CPIO_H */
