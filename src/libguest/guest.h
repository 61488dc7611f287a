/*
 * libguest/guest.h - what a PV64 guest kernel built on libguest can use.
 *
 * Where it runs: guest only (PV64 kernel in ring 3).
 *
 * A kernel provides `void guest_main(void)`; head.S enters guest_start(),
 * which keeps start_info, maps shared_info, and calls guest_main.  Nothing
 * here allocates: the library owns a few static pages (shared_info
 * mapping, a scratch pool) and hands them out through the helpers below.
 *
 * Address facts a guest relies on (Xen's PV64 builder, matched by
 * xenolith's): the image, start_info, p2m list, bootstrap page tables and
 * boot stack are mapped contiguously from VIRT_BASE, so for any address v
 * in that initial mapping the pseudo-physical frame is
 * (v - VIRT_BASE) >> 12 (guest_va_to_pfn).  The bootstrap page tables are
 * mapped read-only; machine frames go back to pfns through the read-only
 * M2P table at MACH2PHYS_VIRT_START.
 */
#ifndef LIBGUEST_GUEST_H
#define LIBGUEST_GUEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "hypercall.h"
#include "klib.h"

#define GUEST_VIRT_BASE  0xffffffff80000000UL
#define PAGE_SIZE        4096UL
#define PAGE_SHIFT       12

/* Page-table entry bits (architectural). */
#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_PWT      0x008UL
#define _PAGE_PCD      0x010UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_PSE      0x080UL
#define _PAGE_GLOBAL   0x100UL
#define _PAGE_NX       (1UL << 63)
#define PTE_ADDR_MASK  0x000ffffffffff000UL

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __aligned(n)  __attribute__((aligned(n)))
#define __noreturn    __attribute__((noreturn))
#define __page_aligned_bss __attribute__((section(".bss.page_aligned"), aligned(4096)))
#define __page_aligned_data __attribute__((section(".data.page_aligned"), aligned(4096)))

/* Xen errno values (xen/include/public/errno.h). */
#define XEN_EPERM    1
#define XEN_ENOENT   2
#define XEN_ESRCH    3
#define XEN_EINTR    4
#define XEN_EIO      5
#define XEN_E2BIG    7
#define XEN_EBADF    9
#define XEN_EAGAIN  11
#define XEN_ENOMEM  12
#define XEN_EACCES  13
#define XEN_EFAULT  14
#define XEN_EBUSY   16
#define XEN_EEXIST  17
#define XEN_EXDEV   18
#define XEN_ENODEV  19
#define XEN_EINVAL  22
#define XEN_ENOSPC  28
#define XEN_ERANGE  34
#define XEN_ENOSYS  38
#define XEN_ETIME   62
#define XEN_EOPNOTSUPP 95

/* Registers at entry, saved by head.S before anything else ran. */
struct entry_regs {
    uint64_t rsp, rsi, rflags, rax, rbx, rcx, rdx, rdi, rbp, cs, ss, ds;
};
extern struct entry_regs entry_regs;
extern char _image_start[], _image_end[];
extern char boot_stack[], boot_stack_top[];
static inline void *boot_stack_top_addr(void) { return boot_stack_top; }

extern start_info_t *start_info;
extern shared_info_t *shared_info;   /* mapped by guest_start */
extern uint64_t *p2m;                /* start_info->mfn_list */
#define M2P ((const uint64_t *)MACH2PHYS_VIRT_START)

/* The kernel's own code. */
void guest_main(void);
void guest_start(start_info_t *si);

/* Formatting, console and strings: klib.h (shared with libhvm); the
 * console here is console.c, over start_info's ring or console_io.
 * guest_start calls console_ring_init. */
/* A backend (dom0's console.c) serves the ring: it notified the ring's
 * port before this domain first ran. */
int  console_backend_connected(void);
uint32_t console_port(void);            /* the ring's event channel, or 0 */

/* Ending the domain. */
__noreturn void guest_shutdown(unsigned int reason);

/* Frames and page tables. */
static inline uint64_t guest_va_to_pfn(const void *va)
{ return ((uint64_t)(uintptr_t)va - GUEST_VIRT_BASE) >> PAGE_SHIFT; }
static inline void *guest_pfn_to_va(uint64_t pfn)
{ return (void *)(GUEST_VIRT_BASE + (pfn << PAGE_SHIFT)); }
static inline uint64_t guest_va_to_mfn(const void *va)
{ return p2m[guest_va_to_pfn(va)]; }
static inline uint64_t guest_mfn_to_pfn(uint64_t mfn) { return M2P[mfn]; }

/* Machine address of the L1 (level 1) .. L4 (level 4) entry that maps va
 * in the current kernel page tables, or 0 if a level is missing or a
 * table lies outside the initial mapping. */
uint64_t pt_entry_maddr(uint64_t va, int level);
/* Current contents of that entry (0 if absent). */
uint64_t pt_entry_read(uint64_t va, int level);
/* Remap one page of the initial mapping read-only or read-write. */
long     page_set_writable(void *va, int writable);

/* A pool of spare page-aligned, zeroed, writable pages in .bss. */
void    *page_alloc(void);

uint64_t rdtsc(void);
/* Xen system time (ns since boot) from vcpu_info[0].time. */
uint64_t guest_system_time(void);

#endif /* LIBGUEST_GUEST_H */
