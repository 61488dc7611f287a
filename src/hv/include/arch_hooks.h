/*
 * arch_hooks.h - the hooks the portable core calls into its platform.
 *
 * Environment: declared for hosted and hypervisor; implemented twice, by the
 * bare-metal x86 code (src/hv/arch/x86) and by the hosted platform (sim/).
 *
 * The portable core (src/hv/common) never includes an architecture header.
 * Everything it needs from the machine goes through the functions below, so
 * the same C is booted, unit-tested, fuzzed and proved.  Keep this list short
 * and each hook's contract precise; later issues add hooks here (TLB flush,
 * guest copy, upcall) with the same discipline.
 */
#ifndef ARCH_HOOKS_H
#define ARCH_HOOKS_H

#include <stddef.h>
#include <stdint.h>

/* Write len raw bytes to the console (serial, debug port, capture buffer).
 * No formatting, no prefixing: printk has already done that.  Must not call
 * printk or panic. */
void arch_console_write(const char *s, size_t len);

/* Where the hypervisor can access machine frame mfn (direct map).  The
 * mapping of one frame is PAGE_SIZE bytes, page aligned. */
void *arch_mfn_to_virt(uint64_t mfn);

/* Inverse of arch_mfn_to_virt for any address inside the direct map. */
uint64_t arch_virt_to_mfn(const void *va);

/* Called by panic() after the message is out: stop the machine for good.
 * The hosted platform may instead unwind to a test that expected the panic. */
__attribute__((noreturn)) void arch_panic_halt(void);

#endif /* ARCH_HOOKS_H */
