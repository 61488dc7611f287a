/*
 * sim_oracle.h - invariant oracles over the whole simulated machine, shared
 * by the unit tests (tests/unit/pv_fixture.c) and the fuzzers (fuzz/).
 *
 * Environment: hosted only.
 *
 * Each check recomputes what must hold from first principles and compares
 * it with the core's own bookkeeping.  It returns NULL when everything
 * holds, or a static message naming the first violated rule, the frame or
 * port, and the oracle's source line.  Nothing is changed.
 *
 * sim_pv_check(held, nheld): DESIGN.md section 4 for page types.
 *   - every general / type reference count equals the references that
 *     exist: PGC_allocated, pins, vCPU base pointers, page-table entries of
 *     validated tables (linear entries included), plus held[mfn] extra
 *     references the caller took itself (held may be NULL), plus the
 *     permanent writable type reference of each shared_info frame;
 *   - no writable L1 mapping of a frame that is not PGT_writable_page (so
 *     no writable mapping of a page table), no superpages;
 *   - a domain maps, pins and points its base pointers only at frames it
 *     owns; every owner is a live domain; page lists agree with owners
 *     and tot_pages <= max_pages;
 *   - linear page-table counts (XSA-240 rule) as pv_mm.h describes.
 * The hypervisor L4 slots must hold SIM_XEN_L4E(slot) (sim_pv.c).
 *
 * sim_evtchn_check(): event channels of every live domain.
 *   - an interdomain port names a live domain whose port names it back
 *     (symmetry);
 *   - a free port is all zero (closed ports are free);
 *   - a VIRQ port is the one its vCPU's virq_to_port names, and every
 *     virq_to_port entry names such a port; notify vCPUs exist.
 */
#ifndef XL_SIM_ORACLE_H
#define XL_SIM_ORACLE_H

#include <stddef.h>

const char *sim_pv_check(const unsigned int *held, size_t nheld);
const char *sim_evtchn_check(void);

#endif /* XL_SIM_ORACLE_H */
