/*
 * dom0/xl.h - the toolstack's calls into the hypervisor: thin wrappers of
 * domctl and sysctl (spec/domctl.md, spec/public/xl_domctl.h).
 *
 * Where it runs: guest only (dom0, the only domain allowed to call them).
 *
 * Every function returns 0 (or a domid) on success and a negative Xen
 * errno on failure, exactly what the hypervisor returned; out-parameters
 * are written only on success.  xl_strerror() names an errno for humans.
 */
#ifndef DOM0_XL_H
#define DOM0_XL_H

#include <stdint.h>
#include "public/xl_domctl.h"

#define XL_MAX_DOMAINS 64       /* ids 0..63 (spec/domctl.md §1 step 6) */

long xl_create(uint32_t type, uint32_t vcpus, uint64_t pages);
/* out (may be NULL): the build's out fields, the domU's rings. */
long xl_build(domid_t dom, const void *image, uint64_t size, const char *cmdline,
              struct xl_domctl_build *out);
long xl_destroy(domid_t dom);
long xl_pause(domid_t dom);
long xl_unpause(domid_t dom);
long xl_info(domid_t dom, struct xl_domctl_getdomaininfo *out);
long xl_sched_get(domid_t dom, uint32_t *weight, uint32_t *cap);
long xl_sched_set(domid_t dom, uint32_t weight, uint32_t cap);
long xl_physinfo(struct xl_sysctl_physinfo *out);
/* Up to max records, ids >= first; the number written, or -errno. */
long xl_list(domid_t first, struct xl_domctl_getdomaininfo *buf, uint32_t max);
/* Console ring bytes from *index on; bytes read (0: nothing new). */
long xl_readconsole(uint64_t *index, char *buf, uint32_t size);
const char *xl_strerror(long rc);

#endif /* DOM0_XL_H */
