/*
 * version.c - xen_version (hypercall 17).
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * We report Xen 4.17 (XENVER_version = 4 << 16 | 17) because guests compare
 * the version (Linux wants >= 3.0 and switches features on by version) and
 * xenolith implements the 4.17 guest ABI subset; the extraversion
 * ".0-xenolith" says who is really answering.  Xen facts followed: every
 * sub-op but version, pagesize and build_id returns 0; string buffers are
 * copied whole (fixed size, NUL padded); get_features with a submap index
 * Xen does not define is -EINVAL; commandline and build_id are for the
 * privileged domain only (-EPERM, Xen's default XSM policy); we have no
 * build id (-ENODATA, as Xen without one); an unknown sub-op is -ENOSYS.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <domain.h>
#include <guest_access.h>
#include <hypercall.h>
#include <lib.h>
#include <mm.h>
#include <xl_errno.h>
#include "public/elfnote.h"
#include "public/version.h"

#define XENOLITH_MAJOR 4
#define XENOLITH_MINOR 17
#define XENOLITH_EXTRA ".0-xenolith"
#define XENOLITH_CAPS  "xen-3.0-x86_64 "

_Static_assert(sizeof(XENOLITH_EXTRA) <= XEN_EXTRAVERSION_LEN, "extraversion fits");

/*
 * XENVER_get_features, submap 0: the XENFEAT_* bits we implement, for every
 * domain (all) and for the privileged domain on top (dom0).  Say only what
 * is true; the PV memory and grant code adds bits here as it grows
 * (candidates: mmu_pt_update_preserve_ad once MMU_PT_UPDATE_PRESERVE_AD
 * works, gnttab_map_avail_bits with grant maps, writable_descriptor_tables
 * if descriptor pages become writable).  We do direct paging, so
 * writable_page_tables and auto_translated_physmap stay clear.
 */
static const struct {
    uint32_t all;
    uint32_t dom0;
} xen_features[XENFEAT_NR_SUBMAPS] = {
    [0] = {
        .all  = 0,
        .dom0 = 1U << XENFEAT_dom0,
    },
};

static char xen_cmdline[sizeof(xen_commandline_t)];

/* The string answers are built here (the largest is capabilities, 1 KiB,
 * too big for the stack), then copied out whole. */
static char version_buf[sizeof(xen_capabilities_info_t)];

/*@ requires s == \null || valid_read_string(s);
    requires s == \null || \separated(xen_cmdline + (0 .. 1023), s + (0 .. strlen(s)));
    assigns xen_cmdline[0 .. sizeof(xen_cmdline) - 1];
*/
void
xen_version_set_cmdline(const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;

    n = MIN(n, sizeof(xen_cmdline) - 1);
    memcpy(xen_cmdline, s != NULL ? s : "", n);
    memset(xen_cmdline + n, 0, sizeof(xen_cmdline) - n);
}

/*
 * Guest copies of one typed object: 0 or -EFAULT.  Trusted contracts
 * (proofs/README.md, Assumed): copy_{from,to}_guest go through `void *`,
 * which WP's typed model does not follow; a copy in writes exactly the
 * object, a copy out reads exactly its bytes and writes nothing of the
 * hypervisor's.  The size copied is the object's own, so a guest always
 * gets a whole field of the ABI's size.
 */
/*@ requires \valid_read(src + (0 .. len - 1));
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_write_chars(uint64_t va, const char *src, size_t len)
{
    return copy_to_guest(va, src, len);
}

/*@ requires \valid_read(src);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_write_compile_info(uint64_t va, const struct xen_compile_info *src)
{
    return copy_to_guest(va, src, sizeof(*src));
}

/*@ requires \valid_read(src);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_write_platform(uint64_t va, const struct xen_platform_parameters *src)
{
    return copy_to_guest(va, src, sizeof(*src));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_features(struct xen_feature_info *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid_read(src);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_write_features(uint64_t va, const struct xen_feature_info *src)
{
    return copy_to_guest(va, src, sizeof(*src));
}

/*@ requires \valid_read(src + (0 .. 15));
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_write_handle(uint64_t va, const uint8_t *src)
{
    return copy_to_guest(va, src, sizeof(xen_domain_handle_t));
}

/* Fill a fixed-size field with s (len bytes, no NUL among them),
 * truncated to size - 1, NUL padded: the field always ends in a NUL. */
/*@ requires 1 <= size && \valid(buf + (0 .. size - 1));
    requires \valid_read(s + (0 .. len - 1));
    requires \separated(buf + (0 .. size - 1), s + (0 .. len - 1));
    assigns buf[0 .. size - 1];
    ensures copied: \forall integer i; 0 <= i < size - 1 && i < len ==>
        buf[i] == s[i];
    ensures padded: \forall integer i; len <= i < size ==> buf[i] == 0;
    ensures nul: buf[size - 1] == 0;
*/
static void
str_fill(char *buf, size_t size, const char *s, size_t len)
{
    size_t n = MIN(len, size - 1);

    /*@ loop invariant 0 <= i <= size;
        loop invariant \forall integer j; 0 <= j < i && j < n ==> buf[j] == s[j];
        loop invariant \forall integer j; n <= j < i ==> buf[j] == 0;
        loop assigns i, buf[0 .. size - 1];
        loop variant size - i;
    */
    for (size_t i = 0; i < size; i++)
        buf[i] = i < n ? s[i] : '\0';
}

/* str_fill of a string literal (its length without the NUL). */
#define STR_FILL(buf, size, lit) str_fill((buf), (size), (lit), sizeof(lit) - 1)

/* s (len bytes) as a whole field of size bytes, through buf. */
/*@ requires 1 <= size <= sizeof(version_buf);
    requires \valid_read(s + (0 .. len - 1));
    requires \separated(version_buf + (0 .. size - 1), s + (0 .. len - 1));
    assigns version_buf[0 .. size - 1];
    ensures \result == 0 || \result == -EFAULT;
    ensures nul: version_buf[size - 1] == 0;
*/
static long
put_string(uint64_t arg, const char *s, size_t len, size_t size)
{
    str_fill(version_buf, size, s, len);
    return guest_write_chars(arg, version_buf, size) ? -EFAULT : 0;
}

#define PUT_STRING(arg, lit, size) put_string((arg), (lit), sizeof(lit) - 1, (size))

/*@ assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static long
version_compile_info(uint64_t arg)
{
    struct xen_compile_info info;

    STR_FILL(info.compiler, sizeof(info.compiler), "gcc " __VERSION__);
    STR_FILL(info.compile_by, sizeof(info.compile_by), "xenolith");
    STR_FILL(info.compile_domain, sizeof(info.compile_domain), "xenolith");
    STR_FILL(info.compile_date, sizeof(info.compile_date), "unknown");
    return guest_write_compile_info(arg, &info) ? -EFAULT : 0;
}

/* The guest's submap index is checked against XENFEAT_NR_SUBMAPS before it
 * indexes xen_features (and clamped for speculation). */
/*@ requires \valid_read(d);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT || \result == -EINVAL;
*/
static long
version_get_features(const struct domain *d, uint64_t arg)
{
    struct xen_feature_info fi;

    if (guest_read_features(&fi, arg))
        return -EFAULT;
    if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
        return -EINVAL;
    /*@ assert bounded: fi.submap_idx < XENFEAT_NR_SUBMAPS; */
    fi.submap = xen_features[array_index_nospec(fi.submap_idx,
                                                XENFEAT_NR_SUBMAPS)].all;
    if (d->is_privileged)
        fi.submap |= xen_features[fi.submap_idx].dom0;
    if (fi.submap_idx == 0)
        fi.submap |= arch_domain_features(d);
    return guest_write_features(arg, &fi) ? -EFAULT : 0;
}

/*@ assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static long
version_platform_parameters(uint64_t arg)
{
    struct xen_platform_parameters pp = { .virt_start = HYPERVISOR_VIRT_START };

    return guest_write_platform(arg, &pp) ? -EFAULT : 0;
}

/*@ assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static long
version_guest_handle(uint64_t arg)
{
    xen_domain_handle_t h = { 0 };      /* no toolstack UUIDs yet */

    return guest_write_handle(arg, h) ? -EFAULT : 0;
}

/*@ requires \valid_read(current) && \valid_read(current->domain);
    assigns version_buf[0 .. sizeof(version_buf) - 1];
    ensures version: cmd == XENVER_version ==> \result == 0x40011;
    ensures pagesize: cmd == XENVER_pagesize ==> \result == 4096;
    ensures privileged: (cmd == XENVER_commandline || cmd == XENVER_build_id) ==>
        (\result == -EPERM <==> !current->domain->is_privileged);
    ensures unknown: (cmd < 0 || cmd > XENVER_build_id) ==> \result == -ENOSYS;
    ensures errors: \result >= 0 || \result == -EFAULT || \result == -EINVAL ||
        \result == -EPERM || \result == -ENODATA || \result == -ENOSYS;
*/
long
do_xen_version(int cmd, uint64_t arg)
{
    const struct domain *d = current->domain;

    switch (cmd) {
    case XENVER_version:
        return (XENOLITH_MAJOR << 16) | XENOLITH_MINOR;
    case XENVER_extraversion:
        return PUT_STRING(arg, XENOLITH_EXTRA, XEN_EXTRAVERSION_LEN);
    case XENVER_compile_info:
        return version_compile_info(arg);
    case XENVER_capabilities:
        return PUT_STRING(arg, XENOLITH_CAPS, XEN_CAPABILITIES_INFO_LEN);
    case XENVER_changeset:
        return PUT_STRING(arg, "unavailable", XEN_CHANGESET_INFO_LEN);
    case XENVER_platform_parameters:
        return version_platform_parameters(arg);
    case XENVER_get_features:
        return version_get_features(d, arg);
    case XENVER_pagesize:
        return (long)PAGE_SIZE;
    case XENVER_guest_handle:
        return version_guest_handle(arg);
    case XENVER_commandline:
        if (!d->is_privileged)
            return -EPERM;
        return guest_write_chars(arg, xen_cmdline, sizeof(xen_cmdline)) ? -EFAULT : 0;
    case XENVER_build_id:
        return d->is_privileged ? -ENODATA : -EPERM;
    default:
        return -ENOSYS;
    }
}
