/*
 * spec/public/xen.h - the core of the Xen guest ABI, x86-64 only.
 *
 * Where it runs: hypervisor, guests (src/libguest) and hosted tests alike.
 * It depends on <stdint.h> alone and declares no functions.
 *
 * This is xenolith's own spelling of the facts found in Xen's
 * xen/include/public/xen.h together with arch-x86/xen.h and
 * arch-x86/xen-x86_64.h: hypercall numbers, virtual IRQs, the mmu_update /
 * mmuext_op requests, reserved domain ids, start_info, shared_info and
 * vcpu_info, the PV trap table, the register frame of the iret hypercall,
 * segment-base selectors and the full vcpu_guest_context.  Every number and
 * every layout must match Xen bit for bit, because unmodified Xen guests are
 * compiled against Xen's headers; the _Static_asserts below pin them.
 *
 * Conventions (see spec/public/README.md):
 *  - C "unsigned long" in Xen's headers is uint64_t here, "int" is int32_t,
 *    "unsigned int" is uint32_t; domid_t stays 16 bits.
 *  - A guest pointer inside a struct (Xen's XEN_GUEST_HANDLE) is a plain
 *    uint64_t holding the guest-virtual address (PV) or guest-physical
 *    address (where Xen says so).  XEN_GUEST_HANDLE(type) below expands to
 *    uint64_t and only documents what the address points at.
 *
 * Hypercall calling convention (PV64 and HVM/PVH in 64-bit mode): the
 * hypercall number goes in %rax, arguments 1..5 in %rdi, %rsi, %rdx, %r10,
 * %r8; the result comes back in %rax (0 or positive on success, a negative
 * Xen errno on failure).  Guests enter through the hypercall page: the stub
 * for hypercall N sits at offset N * 32.
 */
#ifndef XENOLITH_PUBLIC_XEN_H
#define XENOLITH_PUBLIC_XEN_H

#include <stdint.h>

/* ------------------------------------------------------------------ */
/* Layout pinning helpers (compile-time only; need no <stddef.h>).     */

#define XEN_ABI_OFFSETOF(type, member) __builtin_offsetof(type, member)
#define XEN_ABI_SIZE(type, n) \
    _Static_assert(sizeof(type) == (n), "ABI size of " #type)
#define XEN_ABI_OFFSET(type, member, n) \
    _Static_assert(XEN_ABI_OFFSETOF(type, member) == (n), \
                   "ABI offset of " #type "." #member)

/* ------------------------------------------------------------------ */
/* Basic types.                                                        */

/* A guest address stored in a struct; the argument names the pointee. */
#define XEN_GUEST_HANDLE(type) uint64_t
/* Store a pointer into a handle field (guest side). */
#define xen_set_guest_handle(field, ptr) \
    ((field) = (uint64_t)(uintptr_t)(ptr))

typedef uint64_t xen_ulong_t;   /* Xen's natural word on x86-64          */
typedef uint64_t xen_pfn_t;     /* a frame number (machine or guest)     */
typedef uint64_t xen_callback_t;/* a guest-virtual code address          */
typedef uint16_t domid_t;
typedef uint8_t  xen_domain_handle_t[16];   /* toolstack UUID */

#define XEN_PAGE_SHIFT 12
#define XEN_PAGE_SIZE  (1UL << XEN_PAGE_SHIFT)

/* ------------------------------------------------------------------ */
/* Hypercall numbers.                                                  */

#define __HYPERVISOR_set_trap_table                  0
#define __HYPERVISOR_mmu_update                      1
#define __HYPERVISOR_set_gdt                         2
#define __HYPERVISOR_stack_switch                    3
#define __HYPERVISOR_set_callbacks                   4
#define __HYPERVISOR_fpu_taskswitch                  5
#define __HYPERVISOR_sched_op_compat                 6  /* old sched_op    */
#define __HYPERVISOR_platform_op                     7  /* was dom0_op     */
#define __HYPERVISOR_set_debugreg                    8
#define __HYPERVISOR_get_debugreg                    9
#define __HYPERVISOR_update_descriptor              10
/* 11 is unused */
#define __HYPERVISOR_memory_op                      12
#define __HYPERVISOR_multicall                      13
#define __HYPERVISOR_update_va_mapping              14
#define __HYPERVISOR_set_timer_op                   15
#define __HYPERVISOR_event_channel_op_compat        16
#define __HYPERVISOR_xen_version                    17
#define __HYPERVISOR_console_io                     18
#define __HYPERVISOR_physdev_op_compat              19
#define __HYPERVISOR_grant_table_op                 20
#define __HYPERVISOR_vm_assist                      21
#define __HYPERVISOR_update_va_mapping_otherdomain  22
#define __HYPERVISOR_iret                           23  /* x86 only        */
#define __HYPERVISOR_vcpu_op                        24
#define __HYPERVISOR_set_segment_base               25  /* x86-64 only     */
#define __HYPERVISOR_mmuext_op                      26
#define __HYPERVISOR_xsm_op                         27
#define __HYPERVISOR_nmi_op                         28
#define __HYPERVISOR_sched_op                       29
#define __HYPERVISOR_callback_op                    30
#define __HYPERVISOR_xenoprof_op                    31
#define __HYPERVISOR_event_channel_op               32
#define __HYPERVISOR_physdev_op                     33
#define __HYPERVISOR_hvm_op                         34
#define __HYPERVISOR_sysctl                         35
#define __HYPERVISOR_domctl                         36
#define __HYPERVISOR_kexec_op                       37
#define __HYPERVISOR_tmem_op                        38
#define __HYPERVISOR_argo_op                        39
#define __HYPERVISOR_xenpmu_op                      40
#define __HYPERVISOR_dm_op                          41
#define __HYPERVISOR_hypfs_op                       42
#define __HYPERVISOR_arch_0                         48
#define __HYPERVISOR_arch_1                         49
#define __HYPERVISOR_arch_2                         50
#define __HYPERVISOR_arch_3                         51
#define __HYPERVISOR_arch_4                         52
#define __HYPERVISOR_arch_5                         53
#define __HYPERVISOR_arch_6                         54
#define __HYPERVISOR_arch_7                         55

/* The hypercall page holds one 32-byte stub per number below this bound. */
#define XEN_HYPERCALL_STUB_SIZE  32
#define XEN_NR_HYPERCALL_STUBS   (4096 / XEN_HYPERCALL_STUB_SIZE)

/* ------------------------------------------------------------------ */
/* Virtual IRQs, bound with EVTCHNOP_bind_virq.                        */
/* "per vCPU" VIRQs bind once per vCPU; "global" ones once per domain. */

#define VIRQ_TIMER        0   /* per vCPU: timer tick / timeout expired    */
#define VIRQ_DEBUG        1   /* per vCPU: dump debug state                */
#define VIRQ_CONSOLE      2   /* global: input on the hypervisor console   */
#define VIRQ_DOM_EXC      3   /* global: some domain changed state         */
#define VIRQ_TBUF         4   /* global: trace buffer data                 */
#define VIRQ_DEBUGGER     6   /* global: a domain paused for a debugger    */
#define VIRQ_XENOPROF     7   /* per vCPU: profiling sample                */
#define VIRQ_CON_RING     8   /* global: hypervisor console ring data      */
#define VIRQ_PCPU_STATE   9   /* global: physical CPU state changed        */
#define VIRQ_MEM_EVENT   10   /* global: memory event                      */
#define VIRQ_ARGO        11   /* Argo message notification                 */
#define VIRQ_ENOMEM      12   /* global: hypervisor heap low               */
#define VIRQ_XENPMU      13   /* per vCPU: PMU interrupt                   */
#define VIRQ_ARCH_0      16
#define VIRQ_ARCH_1      17
#define VIRQ_ARCH_2      18
#define VIRQ_ARCH_3      19
#define VIRQ_ARCH_4      20
#define VIRQ_ARCH_5      21
#define VIRQ_ARCH_6      22
#define VIRQ_ARCH_7      23
#define NR_VIRQS         24

/* ------------------------------------------------------------------ */
/* mmu_update: HYPERVISOR_mmu_update(reqs, count, done_out, foreigndom) */
/*
 * The low two bits of mmu_update.ptr select the command; the rest is the
 * machine address of the entry to change (page-table entry or M2P slot).
 * foreigndom[15:0] names the owner of the data frames being mapped
 * (DOMID_SELF for the caller); foreigndom[31:16], if non-zero, is one more
 * than the domain owning the page tables being written.
 */
#define MMU_NORMAL_PT_UPDATE       0  /* validated *ptr = val               */
#define MMU_MACHPHYS_UPDATE        1  /* M2P[ptr >> PAGE_SHIFT] = val       */
#define MMU_PT_UPDATE_PRESERVE_AD  2  /* as 0, keeping the old A/D bits     */

struct mmu_update {
    uint64_t ptr;   /* machine address of the entry | MMU_* command */
    uint64_t val;   /* new contents                                  */
};
typedef struct mmu_update mmu_update_t;

/* ------------------------------------------------------------------ */
/* mmuext_op: HYPERVISOR_mmuext_op(ops, count, done_out, foreigndom)    */

#define MMUEXT_PIN_L1_TABLE        0   /* arg1.mfn                         */
#define MMUEXT_PIN_L2_TABLE        1
#define MMUEXT_PIN_L3_TABLE        2
#define MMUEXT_PIN_L4_TABLE        3
#define MMUEXT_UNPIN_TABLE         4   /* arg1.mfn                         */
#define MMUEXT_NEW_BASEPTR         5   /* arg1.mfn: new kernel CR3         */
#define MMUEXT_TLB_FLUSH_LOCAL     6
#define MMUEXT_INVLPG_LOCAL        7   /* arg1.linear_addr                 */
#define MMUEXT_TLB_FLUSH_MULTI     8   /* arg2.vcpumask                    */
#define MMUEXT_INVLPG_MULTI        9   /* arg1.linear_addr, arg2.vcpumask  */
#define MMUEXT_TLB_FLUSH_ALL      10
#define MMUEXT_INVLPG_ALL         11   /* arg1.linear_addr                 */
#define MMUEXT_FLUSH_CACHE        12
#define MMUEXT_SET_LDT            13   /* arg1.linear_addr, arg2.nr_ents   */
/* 14 is unused */
#define MMUEXT_NEW_USER_BASEPTR   15   /* arg1.mfn: user-mode CR3 (x86-64) */
#define MMUEXT_CLEAR_PAGE         16   /* arg1.mfn                         */
#define MMUEXT_COPY_PAGE          17   /* arg1.mfn <- arg2.src_mfn         */
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER         19
#define MMUEXT_UNMARK_SUPER       20

struct mmuext_op {
    uint32_t cmd;                                /* MMUEXT_*              */
    uint32_t _pad0;                              /* implicit in Xen       */
    union {
        xen_pfn_t mfn;
        uint64_t  linear_addr;
    } arg1;
    union {
        uint32_t nr_ents;
        XEN_GUEST_HANDLE(const void) vcpumask;   /* bitmap of vCPUs       */
        xen_pfn_t src_mfn;
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;

/* update_va_mapping(va, pte, flags): flags are a flush type OR a scope.
 * With UVMF_MULTI the flags word also carries a pointer to a vCPU bitmap. */
#define UVMF_NONE            (0UL << 0)
#define UVMF_TLB_FLUSH       (1UL << 0)
#define UVMF_INVLPG          (2UL << 0)
#define UVMF_FLUSHTYPE_MASK  (3UL << 0)
#define UVMF_MULTI           (0UL << 2)
#define UVMF_LOCAL           (0UL << 2)
#define UVMF_ALL             (1UL << 2)

/* console_io(cmd, count, buffer) */
#define CONSOLEIO_write  0
#define CONSOLEIO_read   1

/* vm_assist(cmd, type) */
#define VMASST_CMD_enable                 0
#define VMASST_CMD_disable                1
#define VMASST_TYPE_4gb_segments          0
#define VMASST_TYPE_4gb_segments_notify   1
#define VMASST_TYPE_writable_pagetables   2
#define VMASST_TYPE_pae_extended_cr3      3
#define VMASST_TYPE_architectural_iopl    4
#define VMASST_TYPE_runstate_update_flag  5
#define VMASST_TYPE_m2p_strict           32
#define VMASST_TYPE_mode_switch_no_ibpb  33

/* ------------------------------------------------------------------ */
/* Reserved domain ids.  Ids at or above DOMID_FIRST_RESERVED never     */
/* name an ordinary domain.                                            */

#define DOMID_FIRST_RESERVED  0x7FF0U
#define DOMID_SELF            0x7FF0U  /* "the caller"                     */
#define DOMID_IO              0x7FF1U  /* owner of I/O (MMIO) frames       */
#define DOMID_XEN             0x7FF2U  /* owner of hypervisor frames       */
#define DOMID_COW             0x7FF3U  /* owner of shared (CoW) frames     */
#define DOMID_INVALID         0x7FF4U
#define DOMID_IDLE            0x7FFFU

/* ------------------------------------------------------------------ */
/* multicall: HYPERVISOR_multicall(entries, nr).                       */

struct multicall_entry {
    xen_ulong_t op;       /* hypercall number                          */
    xen_ulong_t result;   /* written back: that hypercall's %rax        */
    xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;

/* ------------------------------------------------------------------ */
/* x86-64 virtual address layout and flat selectors.                   */

/* The hypervisor owns this slice of every PV64 address space. */
#define HYPERVISOR_VIRT_START  0xFFFF800000000000UL
#define HYPERVISOR_VIRT_END    0xFFFF880000000000UL
/* The read-only machine-to-phys table, 8 bytes per machine frame. */
#define MACH2PHYS_VIRT_START   0xFFFF800000000000UL
#define MACH2PHYS_VIRT_END     0xFFFF804000000000UL
#define MACH2PHYS_NR_ENTRIES   ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

/* GDT slots from this one up belong to the hypervisor (pages 14, 15). */
#define FIRST_RESERVED_GDT_PAGE   14
#define FIRST_RESERVED_GDT_BYTE   (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY  (FIRST_RESERVED_GDT_BYTE / 8)

/* Flat ring-3 selectors in the reserved GDT area (a PV64 kernel runs in
 * ring 3 too, so kernel and user share them). */
#define FLAT_RING3_CS32  0xe023  /* GDT entry 260 */
#define FLAT_RING3_CS64  0xe033  /* GDT entry 261 */
#define FLAT_RING3_DS32  0xe02b  /* GDT entry 262 */
#define FLAT_RING3_DS64  0x0000  /* null selector */
#define FLAT_RING3_SS32  0xe02b
#define FLAT_RING3_SS64  0xe02b

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64

#define FLAT_USER_DS64   FLAT_RING3_DS64
#define FLAT_USER_DS32   FLAT_RING3_DS32
#define FLAT_USER_DS     FLAT_USER_DS64
#define FLAT_USER_CS64   FLAT_RING3_CS64
#define FLAT_USER_CS32   FLAT_RING3_CS32
#define FLAT_USER_CS     FLAT_USER_CS64
#define FLAT_USER_SS64   FLAT_RING3_SS64
#define FLAT_USER_SS32   FLAT_RING3_SS32
#define FLAT_USER_SS     FLAT_USER_SS64

/* set_segment_base(which, base) */
#define SEGBASE_FS           0
#define SEGBASE_GS_USER      1
#define SEGBASE_GS_KERNEL    2
#define SEGBASE_GS_USER_SEL  3   /* load user %gs selector from base[15:0] */

#define xen_pfn_to_cr3(pfn)  ((uint64_t)(pfn) << 12)
#define xen_cr3_to_pfn(cr3)  ((uint64_t)(cr3) >> 12)

/* Prefix that makes a PV guest's CPUID trap to the hypervisor (ud2; "xen"). */
#define XEN_EMULATE_PREFIX_BYTES 0x0f, 0x0b, 0x78, 0x65, 0x6e

/* ------------------------------------------------------------------ */
/* Exception vectors (architectural; Xen's TRAP_* names).              */

#define TRAP_divide_error      0
#define TRAP_debug             1
#define TRAP_nmi               2
#define TRAP_int3              3
#define TRAP_overflow          4
#define TRAP_bounds            5
#define TRAP_invalid_op        6
#define TRAP_no_device         7
#define TRAP_double_fault      8
#define TRAP_copro_seg         9
#define TRAP_invalid_tss      10
#define TRAP_no_segment       11
#define TRAP_stack_error      12
#define TRAP_gp_fault         13
#define TRAP_page_fault       14
#define TRAP_spurious_int     15
#define TRAP_copro_error      16
#define TRAP_alignment_check  17
#define TRAP_machine_check    18
#define TRAP_simd_error       19
#define TRAP_virtualisation   20
#define TRAP_control_prot     21

/* ------------------------------------------------------------------ */
/* set_trap_table(traps): an array ended by an entry with address 0.   */
/*
 * flags[1:0] is the DPL a software INT needs to reach the handler (on
 * x86-64 1 and 2 both mean "guest kernel only", 3 means anyone, 0 nobody);
 * flags bit 2 set means "mask events on entry", like an interrupt gate.
 */
#define TI_GET_DPL(ti)       ((ti)->flags & 3)
#define TI_GET_IF(ti)        ((ti)->flags & 4)
#define TI_SET_DPL(ti, dpl)  ((ti)->flags |= (dpl))
#define TI_SET_IF(ti, on)    ((ti)->flags |= ((!!(on)) << 2))

struct trap_info {
    uint8_t  vector;
    uint8_t  flags;
    uint16_t cs;
    uint32_t _pad0;        /* implicit in Xen */
    uint64_t address;      /* handler, guest-virtual */
};
typedef struct trap_info trap_info_t;

/* ------------------------------------------------------------------ */
/* Guest register frame (also the layout of user_regs in the context). */

struct cpu_user_regs {
    uint64_t r15;
    uint64_t r14;
    uint64_t r13;
    uint64_t r12;
    uint64_t rbp;
    uint64_t rbx;
    uint64_t r11;
    uint64_t r10;
    uint64_t r9;
    uint64_t r8;
    uint64_t rax;
    uint64_t rcx;
    uint64_t rdx;
    uint64_t rsi;
    uint64_t rdi;
    uint32_t error_code;         /* hypervisor-private                 */
    uint32_t entry_vector;       /* hypervisor-private                 */
    uint64_t rip;
    uint16_t cs, _pad0[1];
    uint8_t  saved_upcall_mask;  /* event mask at the time of the trap */
    uint8_t  _pad1[3];
    uint64_t rflags;             /* IF mirrors !saved_upcall_mask      */
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];       /* non-zero wins over fs_base         */
    uint16_t gs, _pad6[3];       /* non-zero wins over gs_base_user    */
};
typedef struct cpu_user_regs cpu_user_regs_t;

/*
 * HYPERVISOR_iret takes no arguments: the frame below sits on the guest
 * kernel stack at %rsp.  If flags has VGCF_in_syscall the return goes back
 * SYSRET-style (rax, rip, rflags, rsp restored; r11, rcx, cs, ss dropped);
 * otherwise rax, r11, rcx, cs:rip, rflags and ss:rsp are all restored.
 * A saved CS with RPL 0..2 returns to guest kernel mode, RPL 3 to user.
 */
#define _VGCF_in_syscall  8
#define VGCF_in_syscall   (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL   VGCF_in_syscall

struct iret_context {
    uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/* ------------------------------------------------------------------ */
/* Full vCPU context (VCPUOP_initialise for PV, domctl get/set).       */

#define VGCF_I387_VALID                 (1 << 0)
#define VGCF_IN_KERNEL                  (1 << 2)
#define _VGCF_i387_valid                0
#define VGCF_i387_valid                 (1 << _VGCF_i387_valid)
#define _VGCF_in_kernel                 2
#define VGCF_in_kernel                  (1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events  3
#define VGCF_failsafe_disables_events   (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events   4
#define VGCF_syscall_disables_events    (1 << _VGCF_syscall_disables_events)
#define _VGCF_online                    5
#define VGCF_online                     (1 << _VGCF_online)

struct vcpu_guest_context {
    struct { char x[512]; } fpu_ctxt;   /* FXSAVE image, first for alignment */
    uint64_t flags;                      /* VGCF_*                           */
    struct cpu_user_regs user_regs;
    struct trap_info trap_ctxt[256];     /* the virtual IDT                  */
    uint64_t ldt_base, ldt_ents;
    uint64_t gdt_frames[16], gdt_ents;
    uint64_t kernel_ss, kernel_sp;       /* stack for guest-kernel entry     */
    uint64_t ctrlreg[8];                 /* ctrlreg[1] = user page table     */
    uint64_t debugreg[8];
    uint64_t event_callback_eip;
    uint64_t failsafe_callback_eip;
    uint64_t syscall_callback_eip;
    uint64_t vm_assist;                  /* bitmap of VMASST_TYPE_*          */
    uint64_t fs_base;
    uint64_t gs_base_kernel;
    uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;

/* ------------------------------------------------------------------ */
/* Shared info page and per-vCPU info.                                 */

#define XEN_LEGACY_MAX_VCPUS  32   /* vcpu_info slots inside shared_info */

/*
 * System time, per vCPU.  The hypervisor makes version odd, updates the
 * rest, then makes it even again; a reader retries while version is odd
 * or changed under it.  Now (ns since boot) =
 *   system_time + (((tsc - tsc_timestamp) << tsc_shift) * tsc_to_system_mul >> 32)
 * where a negative tsc_shift means a right shift.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time;
    uint32_t tsc_to_system_mul;
    int8_t   tsc_shift;
    int8_t   pad1[3];
};
typedef struct vcpu_time_info vcpu_time_info_t;

struct arch_vcpu_info {
    uint64_t cr2;   /* faulting address of the last #PF bounced to the guest */
    uint64_t pad;
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/*
 * The hypervisor sets evtchn_upcall_pending (and the selector bit of the
 * word holding a newly pending port) and then upcalls, unless
 * evtchn_upcall_mask is non-zero.  The guest clears pending before it
 * scans, so a new event cannot be lost between scan and clear.
 */
struct vcpu_info {
    uint8_t  evtchn_upcall_pending;
    uint8_t  evtchn_upcall_mask;      /* PV: the guest's virtual IF (inverted) */
    uint8_t  _pad0[6];                /* implicit in Xen                    */
    xen_ulong_t evtchn_pending_sel;   /* one bit per word of evtchn_pending */
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

struct arch_shared_info {
    uint64_t  max_pfn;                     /* valid entries in the p2m     */
    xen_pfn_t pfn_to_mfn_frame_list_list;  /* 3-level p2m tree root (PV)   */
    uint64_t  nmi_reason;
    uint64_t  p2m_cr3;                     /* linear p2m: address space    */
    uint64_t  p2m_vaddr;                   /* linear p2m: virtual address  */
    uint64_t  p2m_generation;              /* odd while being changed      */
};
typedef struct arch_shared_info arch_shared_info_t;

/* 2-level event channels: one bit per port in pending and mask. */
#define EVTCHN_2L_NR_CHANNELS  (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)
#define NR_EVENT_CHANNELS      EVTCHN_2L_NR_CHANNELS

/*
 * One page shared by hypervisor and guest.  Xen does not promise the size
 * stays fixed; guests must only rely on it fitting in a page.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;   /* wallclock, same versioning as vcpu_time_info */
    uint32_t wc_sec;       /* seconds since the epoch at system time 0     */
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;    /* upper 32 bits of the seconds                 */
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/* ------------------------------------------------------------------ */
/* start_info: a page handed to a PV kernel in %rsi at entry.          */
/*
 * The PV domain builder maps, in one contiguous run from the kernel's
 * virtual base: kernel image, initrd (mod_start/mod_len), the p2m list
 * (mfn_list, nr_pages entries), this page, xenstore and console rings
 * (domU only), the bootstrap page tables (pt_base, read-only), and the
 * boot stack; then at least 512 KiB of mapped slack.
 */
#define XEN_START_INFO_MAGIC "xen-3.0-x86_64"   /* prefix of magic[] */
#define MAX_GUEST_CMDLINE 1024

struct start_info {
    /* Valid on first boot and on resume. */
    char        magic[32];      /* "xen-<version>-<platform>", NUL-padded  */
    uint64_t    nr_pages;
    uint64_t    shared_info;    /* machine address of the shared_info page */
    uint32_t    flags;          /* SIF_*                                   */
    uint32_t    _pad0;          /* implicit in Xen                         */
    xen_pfn_t   store_mfn;      /* xenstore ring frame                     */
    uint32_t    store_evtchn;
    uint32_t    _pad1;          /* implicit in Xen                         */
    union {
        struct {
            xen_pfn_t mfn;      /* console ring frame                      */
            uint32_t  evtchn;
            uint32_t  _pad;
        } domU;
        struct {
            uint32_t info_off;  /* offset of dom0_vga_console_info here    */
            uint32_t info_size;
        } dom0;
    } console;
    /* Valid on first boot only. */
    uint64_t    pt_base;        /* virtual address of the top page table   */
    uint64_t    nr_pt_frames;
    uint64_t    mfn_list;       /* virtual address of the p2m array        */
    uint64_t    mod_start;      /* initrd: virtual address, or PFN if SIF_MOD_START_PFN */
    uint64_t    mod_len;
    int8_t      cmd_line[MAX_GUEST_CMDLINE];
    uint64_t    first_p2m_pfn;  /* where XEN_ELFNOTE_INIT_P2M put the p2m  */
    uint64_t    nr_p2m_frames;
};
typedef struct start_info start_info_t;

#define SIF_PRIVILEGED       (1 << 0)   /* domain may use privileged ops    */
#define SIF_INITDOMAIN       (1 << 1)   /* this is the initial domain       */
#define SIF_MULTIBOOT_MOD    (1 << 2)   /* mod_start is a multiboot package */
#define SIF_MOD_START_PFN    (1 << 3)   /* mod_start is a PFN               */
#define SIF_VIRT_P2M_4TOOLS  (1 << 4)   /* tools understand a linear p2m    */
#define SIF_PM_MASK          (0xFF << 8)

/* Module descriptor inside a SIF_MULTIBOOT_MOD package. */
struct xen_multiboot_mod_list {
    uint32_t mod_start;   /* offsets from the package start */
    uint32_t mod_end;     /* inclusive */
    uint32_t cmdline;
    uint32_t pad;
};

/* ------------------------------------------------------------------ */
/* Layout pins (x86-64).                                               */

XEN_ABI_SIZE(struct mmu_update, 16);
XEN_ABI_OFFSET(struct mmu_update, val, 8);

XEN_ABI_SIZE(struct mmuext_op, 24);
XEN_ABI_OFFSET(struct mmuext_op, arg1, 8);
XEN_ABI_OFFSET(struct mmuext_op, arg2, 16);

XEN_ABI_SIZE(struct multicall_entry, 64);
XEN_ABI_OFFSET(struct multicall_entry, result, 8);
XEN_ABI_OFFSET(struct multicall_entry, args, 16);

XEN_ABI_SIZE(struct trap_info, 16);
XEN_ABI_OFFSET(struct trap_info, cs, 2);
XEN_ABI_OFFSET(struct trap_info, address, 8);

XEN_ABI_SIZE(struct cpu_user_regs, 200);
XEN_ABI_OFFSET(struct cpu_user_regs, rax, 80);
XEN_ABI_OFFSET(struct cpu_user_regs, rdi, 112);
XEN_ABI_OFFSET(struct cpu_user_regs, error_code, 120);
XEN_ABI_OFFSET(struct cpu_user_regs, entry_vector, 124);
XEN_ABI_OFFSET(struct cpu_user_regs, rip, 128);
XEN_ABI_OFFSET(struct cpu_user_regs, cs, 136);
XEN_ABI_OFFSET(struct cpu_user_regs, saved_upcall_mask, 140);
XEN_ABI_OFFSET(struct cpu_user_regs, rflags, 144);
XEN_ABI_OFFSET(struct cpu_user_regs, rsp, 152);
XEN_ABI_OFFSET(struct cpu_user_regs, ss, 160);
XEN_ABI_OFFSET(struct cpu_user_regs, gs, 192);

XEN_ABI_SIZE(struct iret_context, 72);
XEN_ABI_OFFSET(struct iret_context, flags, 24);
XEN_ABI_OFFSET(struct iret_context, rip, 32);
XEN_ABI_OFFSET(struct iret_context, ss, 64);

XEN_ABI_SIZE(struct vcpu_guest_context, 5168);
XEN_ABI_OFFSET(struct vcpu_guest_context, flags, 512);
XEN_ABI_OFFSET(struct vcpu_guest_context, user_regs, 520);
XEN_ABI_OFFSET(struct vcpu_guest_context, trap_ctxt, 720);
XEN_ABI_OFFSET(struct vcpu_guest_context, ldt_base, 4816);
XEN_ABI_OFFSET(struct vcpu_guest_context, gdt_frames, 4832);
XEN_ABI_OFFSET(struct vcpu_guest_context, kernel_ss, 4968);
XEN_ABI_OFFSET(struct vcpu_guest_context, ctrlreg, 4984);
XEN_ABI_OFFSET(struct vcpu_guest_context, debugreg, 5048);
XEN_ABI_OFFSET(struct vcpu_guest_context, event_callback_eip, 5112);
XEN_ABI_OFFSET(struct vcpu_guest_context, vm_assist, 5136);
XEN_ABI_OFFSET(struct vcpu_guest_context, fs_base, 5144);
XEN_ABI_OFFSET(struct vcpu_guest_context, gs_base_user, 5160);

XEN_ABI_SIZE(struct vcpu_time_info, 32);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_timestamp, 8);
XEN_ABI_OFFSET(struct vcpu_time_info, system_time, 16);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_shift, 28);

XEN_ABI_SIZE(struct arch_vcpu_info, 16);

XEN_ABI_SIZE(struct vcpu_info, 64);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_upcall_mask, 1);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
XEN_ABI_OFFSET(struct vcpu_info, arch, 16);
XEN_ABI_OFFSET(struct vcpu_info, time, 32);

XEN_ABI_SIZE(struct arch_shared_info, 48);

XEN_ABI_SIZE(struct shared_info, 3136);
XEN_ABI_OFFSET(struct shared_info, evtchn_pending, 2048);
XEN_ABI_OFFSET(struct shared_info, evtchn_mask, 2560);
XEN_ABI_OFFSET(struct shared_info, wc_version, 3072);
XEN_ABI_OFFSET(struct shared_info, wc_sec, 3076);
XEN_ABI_OFFSET(struct shared_info, wc_nsec, 3080);
XEN_ABI_OFFSET(struct shared_info, wc_sec_hi, 3084);
XEN_ABI_OFFSET(struct shared_info, arch, 3088);
_Static_assert(sizeof(struct shared_info) <= 4096, "shared_info fits a page");

XEN_ABI_SIZE(struct start_info, 1168);
XEN_ABI_OFFSET(struct start_info, nr_pages, 32);
XEN_ABI_OFFSET(struct start_info, shared_info, 40);
XEN_ABI_OFFSET(struct start_info, flags, 48);
XEN_ABI_OFFSET(struct start_info, store_mfn, 56);
XEN_ABI_OFFSET(struct start_info, store_evtchn, 64);
XEN_ABI_OFFSET(struct start_info, console.domU.mfn, 72);
XEN_ABI_OFFSET(struct start_info, console.domU.evtchn, 80);
XEN_ABI_OFFSET(struct start_info, pt_base, 88);
XEN_ABI_OFFSET(struct start_info, nr_pt_frames, 96);
XEN_ABI_OFFSET(struct start_info, mfn_list, 104);
XEN_ABI_OFFSET(struct start_info, mod_start, 112);
XEN_ABI_OFFSET(struct start_info, mod_len, 120);
XEN_ABI_OFFSET(struct start_info, cmd_line, 128);
XEN_ABI_OFFSET(struct start_info, first_p2m_pfn, 1152);
XEN_ABI_OFFSET(struct start_info, nr_p2m_frames, 1160);

XEN_ABI_SIZE(struct xen_multiboot_mod_list, 16);

#endif /* XENOLITH_PUBLIC_XEN_H */
