/*
 * libguest/hvm/hvm.h - what an HVM or PVH test guest built on libhvm can use.
 *
 * Where it runs: guest only (HVM/PVH, ring 0), in 32-bit protected mode
 * (compiled -m32) or in 64-bit long mode (compiled -m64).  Paging is off or
 * identity-mapped, so a pointer is also the guest-physical address.
 *
 * Start-up: an entry stub (pvh_head.S for PVH ELF images, boot_head.S for
 * flat boot-sector images at 0x7c00) records the entry registers in
 * hvm_entry, sets up a stack and calls hvm_main() (test.c), which
 *   1. finds Xen's CPUID leaves and, if present, writes the guest-physical
 *      address of hypercall_page to the MSR named by leaf base+2 (EBX); the
 *      hypervisor fills the page with one 32-byte stub per hypercall;
 *   2. installs the IDT (traps.c);
 *   3. runs the HVM_TESTs in link order and prints PASS/FAIL lines, then
 *      "RESULT: N passed, M failed";
 *   4. ends the domain with SCHEDOP_shutdown (reboot if all passed, crash
 *      otherwise, as libguest's PV framework does), falling back to the
 *      QEMU isa-debug-exit port and then to `cli; hlt` (see hvm_shutdown).
 *
 * Console: console_io(CONSOLEIO_write) once the hypercall page exists,
 * before that (or with no Xen leaves at all) port 0xe9 and the 16550 UART
 * at 0x3f8.  A line goes to exactly one of the two, so a runner never sees
 * a PASS line twice.
 *
 * Hypercalls: `call hypercall_page + nr * 32`, arguments in
 * %ebx %ecx %edx %esi %edi (32-bit) or %rdi %rsi %rdx %r10 %r8 (64-bit),
 * result in %eax/%rax.  A 32-bit guest talks Xen's *compat* ABI: every
 * `unsigned long`/xen_pfn_t/xen_ulong_t in a structure is 4 bytes, so the
 * few structures whose layout differs are defined here with `unsigned
 * long` (struct hvm_add_to_physmap) rather than taken from spec/public,
 * whose layouts are the 64-bit ones.
 */
#ifndef LIBGUEST_HVM_H
#define LIBGUEST_HVM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "public/xen.h"
#include "public/sched.h"
#include "public/version.h"
#include "public/event_channel.h"
#include "public/hvm_op.h"
#include "public/hvm_params.h"
#include "public/hvm_start_info.h"
#include "public/vcpu.h"
#include "public/memory.h"
#include "public/elfnote.h"
#include "../klib.h"
#include "../testcore.h"

#define HVM_PAGE_SIZE 4096u
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __page_aligned __attribute__((aligned(4096)))
#define __noreturn __attribute__((noreturn))

/* Xen errno values (xen/include/public/errno.h). */
#define XEN_EPERM    1
#define XEN_ENOENT   2
#define XEN_ESRCH    3
#define XEN_EFAULT  14
#define XEN_EINVAL  22
#define XEN_ENOSYS  38
#define XEN_EOPNOTSUPP 95

/* Xen's CPUID leaves (xen/include/public/arch-x86/cpuid.h). */
#define XEN_CPUID_FIRST_LEAF   0x40000000u
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558u   /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4du   /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566eu   /* "nVMM" */
/* leaf base+4 (HVM specific) EAX flags and the domid valid bit */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT  (1u << 0)
#define XEN_HVM_CPUID_X2APIC_VIRT       (1u << 1)
#define XEN_HVM_CPUID_IOMMU_MAPPINGS    (1u << 2)
#define XEN_HVM_CPUID_VCPU_ID_PRESENT   (1u << 3)
#define XEN_HVM_CPUID_DOMID_PRESENT     (1u << 4)

/* The vector libhvm asks event upcalls on (Linux uses the same one). */
#define HVM_UPCALL_VECTOR 0xf3

/* ---- what the entry stub saw, recorded before anything else ran ---- */
struct hvm_entry_state {
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp;
    uint32_t eflags, cr0, cr4, efer_lo, efer_hi;
    uint16_t cs, ds, es, ss, fs, gs, tr, ldtr;
    uint16_t gdt_limit, idt_limit;
    uint32_t gdt_base, idt_base;
    uint32_t mode;          /* HVM_MODE_* the image was built for */
};
extern struct hvm_entry_state hvm_entry;

#define HVM_MODE_PVH32   1  /* PVH entry, stays in 32-bit protected mode */
#define HVM_MODE_PVH64   2  /* PVH entry, then long mode                 */
#define HVM_MODE_BOOT32  3  /* boot sector, protected mode, no paging    */
#define HVM_MODE_BOOTPAE 4  /* boot sector, protected mode, PAE paging   */
#define HVM_MODE_BOOT64  5  /* boot sector, long mode                    */

/* PVH: the hvm_start_info the entry got in %ebx (NULL for boot images). */
extern const struct hvm_start_info *hvm_start_info;
const char *hvm_mode_name(void);

/* ---- Xen detection and the hypercall page (lib.c) ---- */
extern char hypercall_page[4096];
extern uint32_t xen_cpuid_base;        /* 0 when no Xen leaves were found */
extern int hypercall_page_ready;
uint32_t xen_cpuid_find(void);
int  hypercall_page_init(void);

/* ---- CPU helpers ---- */
struct cpuid_regs { uint32_t eax, ebx, ecx, edx; };

static inline struct cpuid_regs
cpuid_count(uint32_t leaf, uint32_t sub)
{
    struct cpuid_regs r;
    __asm__ volatile ("cpuid" : "=a" (r.eax), "=b" (r.ebx), "=c" (r.ecx), "=d" (r.edx)
                      : "a" (leaf), "c" (sub));
    return r;
}
static inline struct cpuid_regs cpuid(uint32_t leaf) { return cpuid_count(leaf, 0); }

static inline uint64_t
rdmsr(uint32_t idx)
{
    uint32_t lo, hi;
    __asm__ volatile ("rdmsr" : "=a" (lo), "=d" (hi) : "c" (idx));
    return ((uint64_t)hi << 32) | lo;
}
static inline void
wrmsr(uint32_t idx, uint64_t v)
{
    __asm__ volatile ("wrmsr" : : "c" (idx), "a" ((uint32_t)v), "d" ((uint32_t)(v >> 32))
                      : "memory");
}
static inline uint64_t
rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile ("rdtsc" : "=a" (lo), "=d" (hi));
    return ((uint64_t)hi << 32) | lo;
}
static inline void outb(uint16_t port, uint8_t v)
{ __asm__ volatile ("outb %0, %1" : : "a" (v), "Nd" (port)); }
static inline uint8_t inb(uint16_t port)
{ uint8_t v; __asm__ volatile ("inb %1, %0" : "=a" (v) : "Nd" (port)); return v; }
static inline void outw(uint16_t port, uint16_t v)
{ __asm__ volatile ("outw %0, %1" : : "a" (v), "Nd" (port)); }
static inline unsigned long read_cr0(void)
{ unsigned long v; __asm__ volatile ("mov %%cr0, %0" : "=r" (v)); return v; }
static inline unsigned long read_cr3(void)
{ unsigned long v; __asm__ volatile ("mov %%cr3, %0" : "=r" (v)); return v; }
static inline unsigned long read_cr4(void)
{ unsigned long v; __asm__ volatile ("mov %%cr4, %0" : "=r" (v)); return v; }
static inline void irq_enable(void) { __asm__ volatile ("sti" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile ("cli" ::: "memory"); }
static inline void cpu_relax(void) { __asm__ volatile ("pause" ::: "memory"); }

/* ---- hypercalls (lib.c); any number, chosen at run time ---- */
long hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
               unsigned long a3, unsigned long a4, unsigned long a5);
/* The same with VMMCALL (amd = 1) or VMCALL (amd = 0) executed inline,
 * not through the page: what a guest that skipped the page would do. */
long hypercall_insn(int amd, unsigned long nr, unsigned long a1,
                    unsigned long a2, unsigned long a3);

#define HC(nr, a1, a2, a3) \
    hypercall((nr), (unsigned long)(a1), (unsigned long)(a2), (unsigned long)(a3), 0, 0)
#define HYPERVISOR_xen_version(cmd, arg)  HC(__HYPERVISOR_xen_version, cmd, arg, 0)
#define HYPERVISOR_console_io(cmd, n, buf) HC(__HYPERVISOR_console_io, cmd, n, buf)
#define HYPERVISOR_sched_op(cmd, arg)     HC(__HYPERVISOR_sched_op, cmd, arg, 0)
#define HYPERVISOR_hvm_op(cmd, arg)       HC(__HYPERVISOR_hvm_op, cmd, arg, 0)
#define HYPERVISOR_memory_op(cmd, arg)    HC(__HYPERVISOR_memory_op, cmd, arg, 0)
#define HYPERVISOR_event_channel_op(cmd, arg) HC(__HYPERVISOR_event_channel_op, cmd, arg, 0)
#define HYPERVISOR_vcpu_op(cmd, vcpu, arg) HC(__HYPERVISOR_vcpu_op, cmd, vcpu, arg)
#define HYPERVISOR_set_timer_op(ns) \
    hypercall(__HYPERVISOR_set_timer_op, (unsigned long)(uint64_t)(ns), \
              sizeof(long) == 4 ? (unsigned long)((uint64_t)(ns) >> 32) : 0, 0, 0, 0)

/* memory_op(XENMEM_add_to_physmap) in the guest's own word size (compat
 * layout when 32-bit: 16 bytes, idx at 8, gpfn at 12). */
struct hvm_add_to_physmap {
    domid_t domid;
    uint16_t size;
    uint32_t space;          /* XENMAPSPACE_* */
    unsigned long idx;
    unsigned long gpfn;
};

long hvm_param_get(uint32_t index, uint64_t *value);
long hvm_param_set(uint32_t index, uint64_t value);

/*
 * shared_info as the guest's word size sees it: vcpu_info[] is 64 bytes
 * per vCPU in both layouts; the event bitmaps are 8 * sizeof(long) words
 * of sizeof(long) bytes; the wallclock follows them.  Xen picks the
 * 32-bit layout for an HVM domain whose last HVM_PARAM_CALLBACK_IRQ write
 * came from a 32-bit mode (hvm_latch_shinfo_size).
 */
#define SHINFO_WORDS       (8 * sizeof(unsigned long))
#define SHINFO_PENDING(s)  ((volatile unsigned long *)((char *)(s) + 2048))
#define SHINFO_MASK(s)     (SHINFO_PENDING(s) + SHINFO_WORDS)
#define SHINFO_WC(s)       ((volatile uint32_t *)(SHINFO_MASK(s) + SHINFO_WORDS))
struct hvm_vcpu_info {               /* vcpu_info, word-size neutral part */
    volatile uint8_t pending, mask;
    uint8_t _pad[2];
    volatile unsigned long pending_sel;   /* 4 or 8 bytes, at 4 or 8 */
};

/* ---- console (lib.c), formatting and strings (../klib.h) ----
 * A domU's PV console ring (HVM_PARAM_CONSOLE_PFN, set by the toolstack's
 * build; dom0 has none): console_ring_init (hvm_main calls it) finds it,
 * then console_write/printk go there and console_read takes typed bytes.
 * console_io_write is the hypervisor's console ("(dN) ..." on the serial)
 * or, before the hypercall page, the UART. */
/* The two hardware channels on their own (hvm_realmode-style probes). */
void e9_write(const char *s, size_t len);
void uart_write(const char *s, size_t len);

__noreturn void hvm_shutdown(unsigned int reason);

/* ---- traps (traps.c, idt.S) ---- */
struct hvm_trap_frame {
#ifdef __x86_64__
    unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
    unsigned long rdi, rsi, rbp, rbx, rdx, rcx, rax;
#else
    unsigned long edi, esi, ebp, esp_, ebx, edx, ecx, eax;
#endif
    unsigned long vector, error_code;
    unsigned long ip, cs, flags;
};
void traps_init(void);
void idt_load_empty(void);              /* for the triple-fault guest */
extern volatile unsigned long trap_resume;   /* where a caught trap resumes */
extern volatile unsigned int trap_count;
extern volatile unsigned long last_trap_vector, last_trap_error, last_trap_ip;
extern volatile unsigned int upcall_count;
/* Called from the upcall vector with the frame (weak default: count it). */
void hvm_upcall(struct hvm_trap_frame *f);

/*
 * Run `insn` expecting a trap it may raise: on a trap the IDT handler
 * resumes at the local label 9 and counts it.  Value: traps taken (0/1).
 * The inputs are asm operands; eax/ecx/edx are clobbered (rdmsr-style).
 */
#define EXPECT_TRAP(insn, ...) ({                                       \
        unsigned int _before = trap_count;                              \
        __asm__ volatile ("movl $9f, %%eax\n\t"                         \
                          "mov %%" HVM_AX ", trap_resume\n\t"            \
                          insn "\n"                                     \
                          "9:\n\t"                                      \
                          "movl $0, trap_resume"                       \
                          : : __VA_ARGS__ : "eax", "ecx", "edx", "memory"); \
        trap_count - _before; })
#ifdef __x86_64__
#define HVM_AX "rax"
#else
#define HVM_AX "eax"
#endif

/* ---- the test framework (test.c over ../testcore.h: test_fail,
 * test_note, CHECK, CHECK_RC, CHECK_EQ, test_expect) ---- */
#define HVM_TEST(n) TEST_CASE_IN(".hvm_tests", n)
/* Optional set-up before the first test (weak default does nothing). */
void test_setup(void);

/*
 * Lines a runner (tools/hvm-compare.py) treats specially:
 *   "EXPECT-CRASH <what>"  the guest is about to do something that should
 *                          end the domain (triple fault, MMIO with no
 *                          device): no RESULT line is expected after it;
 *   "EXPECT-SPIN <what>"   the guest now loops forever with interrupts
 *                          off; the hypervisor must stay alive (see
 *                          tests/guests/hvm/adv_spin.c for the contract);
 *   "BENCH <name> <value>" a measured figure.
 */
void test_finish_early(void);   /* print RESULT now (before a fatal act) */

#endif /* LIBGUEST_HVM_H */
