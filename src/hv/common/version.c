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

void
xen_version_set_cmdline(const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;

    n = MIN(n, sizeof(xen_cmdline) - 1);
    memcpy(xen_cmdline, s != NULL ? s : "", n);
    memset(xen_cmdline + n, 0, sizeof(xen_cmdline) - n);
}

/* Fill a fixed-size field with s, truncated, NUL padded. */
static void
str_fill(char *buf, size_t size, const char *s)
{
    size_t n = MIN(strlen(s), size - 1);

    memset(buf, 0, size);
    memcpy(buf, s, n);
}

static long
put_string(uint64_t arg, const char *s, size_t size, char *buf)
{
    str_fill(buf, size, s);
    return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

static long
version_compile_info(uint64_t arg)
{
    struct xen_compile_info info;

    str_fill(info.compiler, sizeof(info.compiler), "gcc " __VERSION__);
    str_fill(info.compile_by, sizeof(info.compile_by), "xenolith");
    str_fill(info.compile_domain, sizeof(info.compile_domain), "xenolith");
    str_fill(info.compile_date, sizeof(info.compile_date), "unknown");
    return copy_to_guest(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long
version_get_features(const struct domain *d, uint64_t arg)
{
    struct xen_feature_info fi;

    if (copy_from_guest(&fi, arg, sizeof(fi)))
        return -EFAULT;
    if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
        return -EINVAL;
    fi.submap = xen_features[array_index_nospec(fi.submap_idx,
                                                XENFEAT_NR_SUBMAPS)].all;
    if (d->is_privileged)
        fi.submap |= xen_features[fi.submap_idx].dom0;
    if (fi.submap_idx == 0)
        fi.submap |= arch_domain_features(d);
    return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

static long
version_platform_parameters(uint64_t arg)
{
    struct xen_platform_parameters pp = { .virt_start = HYPERVISOR_VIRT_START };

    return copy_to_guest(arg, &pp, sizeof(pp)) ? -EFAULT : 0;
}

static long
version_guest_handle(uint64_t arg)
{
    xen_domain_handle_t h;

    memset(h, 0, sizeof(h));     /* no toolstack UUIDs yet */
    return copy_to_guest(arg, h, sizeof(h)) ? -EFAULT : 0;
}

long
do_xen_version(int cmd, uint64_t arg)
{
    const struct domain *d = current->domain;
    static char buf[sizeof(xen_capabilities_info_t)];

    switch (cmd) {
    case XENVER_version:
        return (XENOLITH_MAJOR << 16) | XENOLITH_MINOR;
    case XENVER_extraversion:
        return put_string(arg, XENOLITH_EXTRA, XEN_EXTRAVERSION_LEN, buf);
    case XENVER_compile_info:
        return version_compile_info(arg);
    case XENVER_capabilities:
        return put_string(arg, XENOLITH_CAPS, XEN_CAPABILITIES_INFO_LEN, buf);
    case XENVER_changeset:
        return put_string(arg, "unavailable", XEN_CHANGESET_INFO_LEN, buf);
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
        return copy_to_guest(arg, xen_cmdline, sizeof(xen_cmdline)) ? -EFAULT : 0;
    case XENVER_build_id:
        return d->is_privileged ? -ENODATA : -EPERM;
    default:
        return -ENOSYS;
    }
}
