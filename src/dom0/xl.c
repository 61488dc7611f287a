/*
 * dom0/xl.c - domctl / sysctl wrappers (see xl.h).
 *
 * Where it runs: guest only (dom0).
 */
#include "guest.h"
#include "xl.h"

static long
domctl(struct xl_domctl *d)
{
    d->interface_version = XL_DOMCTL_INTERFACE_VERSION;
    return hypercall_raw(__HYPERVISOR_domctl, (uint64_t)(uintptr_t)d, 0, 0, 0, 0);
}

static long
sysctl(struct xl_sysctl *s)
{
    s->interface_version = XL_SYSCTL_INTERFACE_VERSION;
    return hypercall_raw(__HYPERVISOR_sysctl, (uint64_t)(uintptr_t)s, 0, 0, 0, 0);
}

static long
simple(uint32_t cmd, domid_t dom)
{
    struct xl_domctl d = { .cmd = cmd, .domain = dom };

    return domctl(&d);
}

long
xl_create(uint32_t type, uint32_t vcpus, uint64_t pages)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_createdomain, .domain = DOMID_INVALID };
    long rc;

    d.u.createdomain.type = type;
    d.u.createdomain.max_vcpus = vcpus;
    d.u.createdomain.max_pages = pages;
    rc = domctl(&d);
    return rc ? rc : d.domain;
}

long
xl_build(domid_t dom, const void *image, uint64_t size, const char *cmdline,
         struct xl_domctl_build *out)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_build, .domain = dom };
    long rc;

    d.u.build.image = (uint64_t)(uintptr_t)image;
    d.u.build.image_size = size;
    d.u.build.cmdline = (uint64_t)(uintptr_t)cmdline;
    d.u.build.cmdline_len = (uint32_t)strlen(cmdline);
    rc = domctl(&d);
    if (!rc && out)
        *out = d.u.build;
    return rc;
}

long
xl_destroy(domid_t dom)
{
    return simple(XL_DOMCTL_destroydomain, dom);
}

long
xl_pause(domid_t dom)
{
    return simple(XL_DOMCTL_pausedomain, dom);
}

long
xl_unpause(domid_t dom)
{
    return simple(XL_DOMCTL_unpausedomain, dom);
}

long
xl_info(domid_t dom, struct xl_domctl_getdomaininfo *out)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_getdomaininfo, .domain = dom };
    long rc = domctl(&d);

    if (!rc)
        *out = d.u.getdomaininfo;
    return rc;
}

static long
sched_op(domid_t dom, uint32_t cmd, uint32_t *weight, uint32_t *cap)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_scheduler_op, .domain = dom };
    long rc;

    d.u.scheduler_op.sched_id = XL_SCHEDULER_CREDIT;
    d.u.scheduler_op.cmd = cmd;
    d.u.scheduler_op.weight = *weight;
    d.u.scheduler_op.cap = *cap;
    rc = domctl(&d);
    if (!rc) {
        *weight = d.u.scheduler_op.weight;
        *cap = d.u.scheduler_op.cap;
    }
    return rc;
}

long
xl_sched_get(domid_t dom, uint32_t *weight, uint32_t *cap)
{
    *weight = *cap = 0;
    return sched_op(dom, XL_DOMCTL_SCHEDOP_getinfo, weight, cap);
}

long
xl_sched_set(domid_t dom, uint32_t weight, uint32_t cap)
{
    return sched_op(dom, XL_DOMCTL_SCHEDOP_putinfo, &weight, &cap);
}

long
xl_physinfo(struct xl_sysctl_physinfo *out)
{
    struct xl_sysctl s = { .cmd = XL_SYSCTL_physinfo };
    long rc = sysctl(&s);

    if (!rc)
        *out = s.u.physinfo;
    return rc;
}

long
xl_list(domid_t first, struct xl_domctl_getdomaininfo *buf, uint32_t max)
{
    struct xl_sysctl s = { .cmd = XL_SYSCTL_getdomaininfolist };
    long rc;

    s.u.getdomaininfolist.first_domain = first;
    s.u.getdomaininfolist.max_domains = max;
    s.u.getdomaininfolist.buffer = (uint64_t)(uintptr_t)buf;
    rc = sysctl(&s);
    return rc ? rc : (long)s.u.getdomaininfolist.num_domains;
}

long
xl_readconsole(uint64_t *index, char *buf, uint32_t size)
{
    struct xl_sysctl s = { .cmd = XL_SYSCTL_readconsole };
    long rc;

    s.u.readconsole.buffer = (uint64_t)(uintptr_t)buf;
    s.u.readconsole.index = *index;
    s.u.readconsole.count = size;
    rc = sysctl(&s);
    if (rc)
        return rc;
    *index = s.u.readconsole.index;
    return s.u.readconsole.count;
}

const char *
xl_strerror(long rc)
{
    switch (-rc) {
    case XEN_EPERM:      return "not permitted";
    case XEN_ESRCH:      return "no such domain";
    case XEN_E2BIG:      return "too big";
    case XEN_ENOMEM:     return "out of memory";
    case XEN_EACCES:     return "interface version refused";
    case XEN_EFAULT:     return "bad address";
    case XEN_EBUSY:      return "busy (already in that state)";
    case XEN_EEXIST:     return "exists";
    case XEN_EINVAL:     return "invalid argument or state";
    case XEN_ENOSPC:     return "no free domain id";
    case XEN_ENOSYS:     return "not implemented by the hypervisor";
    case 8:              return "not a loadable image (ENOEXEC)";
    case XEN_EOPNOTSUPP: return "not supported on this machine";
    default:             return "error";
    }
}
