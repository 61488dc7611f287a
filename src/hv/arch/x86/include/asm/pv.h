/*
 * asm/pv.h - per-vCPU and per-domain state of PV (paravirtualized) guests.
 *
 * Where it runs: hypervisor only.
 *
 * A PV64 guest runs entirely in ring 3: its kernel and its user processes.
 * What keeps them apart is that the hypervisor tracks which of the two is
 * running (kernel_mode) and gives each its own L4 page table (the vCPU's
 * guest_table and guest_table_user); the hypervisor itself is protected by
 * the U/S bit, since every hypervisor mapping is supervisor-only.
 *
 * Guest registers live in the struct cpu_regs frame at the top of the
 * hypervisor stack (guest_regs()) while the hypervisor runs on the guest's
 * behalf: exceptions, interrupts and SYSCALL all build that frame there.
 * One physical CPU, one frame: a context switch (later) copies frames.
 */
#ifndef ASM_X86_PV_H
#define ASM_X86_PV_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/regs.h>
#include "public/xen.h"
#include "public/elfnote.h"

#define PV_SYSCALL_VECTOR   0x100   /* struct cpu_regs.vector for SYSCALL */
#define PV_SYSCALL32_VECTOR 0x101   /* 32-bit SYSCALL: meaningless for PV64 */

/* XENFEAT_* bits a PV kernel may require (FEATURES "!name"). */
#define PV_FEATURES_PROVIDED ((1u << XENFEAT_dom0) | (1u << XENFEAT_pae_pgdir_above_4gb) | \
                              (1u << XENFEAT_mmu_pt_update_preserve_ad))

/* trap_info.flags: bits 0-1 the DPL a software interrupt needs; bit 2
 * "interrupt gate": events are masked on delivery. */
#define TI_DPL(f)       ((f) & 3)
#define TI_MASK_EVENTS  4

struct pv_callback {
    uint64_t address;               /* 0: not registered */
    bool mask_events;               /* CALLBACKF_mask_events */
};

struct hvm_vcpu;
struct hvm_domain;

struct arch_vcpu {
    uint8_t fpu[512] __attribute__((aligned(16)));   /* FXSAVE area while off the CPU */
    struct hvm_vcpu *hvm;           /* HVM/PVH vCPUs only (asm/hvm.h) */
    struct cpu_regs regs;           /* guest registers while it is not on the CPU */
    bool kernel_mode;               /* guest kernel (true) or guest user */
    struct trap_info traps[256];    /* the virtual IDT (set_trap_table) */
    uint64_t kernel_ss, kernel_sp;  /* stack_switch: kernel stack for bounces from user */
    struct pv_callback event, failsafe, syscall;
    uint64_t fs_base, gs_base_kernel, gs_base_user;
    uint64_t ldt_base;              /* MMUEXT_SET_LDT: the guest's address, */
    unsigned int ldt_ents;          /* its size, and the checked copy the */
    uint64_t *ldt;                  /* CPU uses (NULL: none; descriptor.c) */
    uint64_t gdt_frames[14];        /* set_gdt: frames typed seg_desc */
    unsigned int gdt_nr_frames, gdt_ents;
    bool fpu_ts;                    /* guest set CR0.TS with fpu_taskswitch */
    unsigned int iopl;              /* PHYSDEVOP_set_iopl (recorded only) */
    uint64_t exits;                 /* entries into the hypervisor */
};

struct arch_domain {
    struct hvm_domain *hvm;         /* HVM/PVH domains only (asm/hvm.h) */
    unsigned int kind;              /* XL_DOMCTL_TYPE_* of a domU (0: dom0) */
    uint64_t *p2m;                  /* hypervisor view of the guest's P2M list */
    uint64_t nr_pages;
    uint64_t start_info_va;
    uint64_t hypercall_page_va;
};

struct vcpu;
struct domain;

struct cpu_regs *guest_regs(void);
void pv_syscall(struct cpu_regs *regs);
void pv_trap(struct cpu_regs *regs);
void pv_exit_to_guest(struct cpu_regs *regs);
__attribute__((noreturn)) void pv_run_vcpu(struct vcpu *v);
void pv_toggle_guest_mode(struct vcpu *v);
void pv_syscall_init(void);
int pv_write_hypercall_page(void *page);
struct domain_rings;
/* rings: NULL for dom0; for a domU the builder places the console and
 * store pages after start_info and announces them there (domctl.h). */
int dom0_build_pv(struct domain *d, const void *image, size_t size,
                  const void *ramdisk, size_t ramdisk_size, const char *cmdline,
                  struct domain_rings *rings);
int pv_domain_init(struct domain *d);
void pv_domain_free(struct domain *d);
void pv_load_gdt(struct vcpu *v);
void pv_load_ldt(struct vcpu *v);

/* context.c */
void context_init(void);
void vcpu_fpu_init(struct vcpu *v);
bool need_resched(struct vcpu *v);
__attribute__((noreturn)) void schedule(void);
void pv_release_descriptors(struct vcpu *v);
long do_set_gdt(uint64_t frame_list, unsigned int entries);
long do_update_descriptor(uint64_t maddr, uint64_t desc);

#endif /* ASM_X86_PV_H */
