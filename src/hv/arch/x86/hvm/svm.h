/*
 * hvm/svm.h - the AMD SVM virtual machine control block (VMCB).
 *
 * Where it runs: hypervisor only (svm.c).
 *
 * Offsets and bit numbers are the AMD64 Architecture Programmer's Manual,
 * volume 2, appendix B (layout of the VMCB) and chapter 15; the static
 * assertions pin them.
 */
#ifndef HVM_SVM_H
#define HVM_SVM_H

#include <stddef.h>
#include <stdint.h>

struct __attribute__((packed)) vmcb_seg {
    uint16_t sel, attr;         /* attr: descriptor bits 40-47 and 52-55 */
    uint32_t limit;
    uint64_t base;
};

struct __attribute__((packed)) vmcb {
    /* control area */
    uint32_t intercept_cr;              /* 0x000: reads 0-15, writes 16-31 */
    uint32_t intercept_dr;              /* 0x004 */
    uint32_t intercept_exceptions;      /* 0x008 */
    uint32_t intercept_misc1;           /* 0x00c */
    uint32_t intercept_misc2;           /* 0x010 */
    uint32_t intercept_misc3;           /* 0x014 */
    uint8_t  res0[0x03c - 0x018];
    uint16_t pause_filter_thresh;       /* 0x03c */
    uint16_t pause_filter_count;        /* 0x03e */
    uint64_t iopm_base_pa;              /* 0x040 */
    uint64_t msrpm_base_pa;             /* 0x048 */
    uint64_t tsc_offset;                /* 0x050 */
    uint32_t asid;                      /* 0x058 */
    uint8_t  tlb_control;               /* 0x05c */
    uint8_t  res1[3];
    uint64_t vintr;                     /* 0x060: V_TPR, V_IRQ, ... vector */
    uint64_t interrupt_shadow;          /* 0x068 */
    uint64_t exitcode;                  /* 0x070 */
    uint64_t exitinfo1;                 /* 0x078 */
    uint64_t exitinfo2;                 /* 0x080 */
    uint64_t exitintinfo;               /* 0x088 */
    uint64_t np_enable;                 /* 0x090 */
    uint8_t  res2[0x0a8 - 0x098];
    uint64_t eventinj;                  /* 0x0a8 */
    uint64_t n_cr3;                     /* 0x0b0 */
    uint64_t lbr_virt;                  /* 0x0b8 */
    uint32_t clean_bits;                /* 0x0c0 */
    uint32_t res3;
    uint64_t next_rip;                  /* 0x0c8 */
    uint8_t  insn_len;                  /* 0x0d0 */
    uint8_t  insn_bytes[15];
    uint8_t  res4[0x400 - 0x0e0];
    /* state save area */
    struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;   /* 0x400 */
    uint8_t  res5[0x4cb - 0x4a0];
    uint8_t  cpl;                       /* 0x4cb */
    uint32_t res6;
    uint64_t efer;                      /* 0x4d0 */
    uint8_t  res7[0x548 - 0x4d8];
    uint64_t cr4;                       /* 0x548 */
    uint64_t cr3;                       /* 0x550 */
    uint64_t cr0;                       /* 0x558 */
    uint64_t dr7;                       /* 0x560 */
    uint64_t dr6;                       /* 0x568 */
    uint64_t rflags;                    /* 0x570 */
    uint64_t rip;                       /* 0x578 */
    uint8_t  res8[0x5d8 - 0x580];
    uint64_t rsp;                       /* 0x5d8 */
    uint8_t  res9[0x5f8 - 0x5e0];
    uint64_t rax;                       /* 0x5f8 */
    uint64_t star, lstar, cstar, sfmask, kernel_gs_base;    /* 0x600 */
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;       /* 0x628 */
    uint64_t cr2;                       /* 0x640 */
    uint8_t  res10[0x668 - 0x648];
    uint64_t g_pat;                     /* 0x668 */
    uint8_t  res11[0x1000 - 0x670];
};

_Static_assert(offsetof(struct vmcb, iopm_base_pa) == 0x40, "VMCB layout");
_Static_assert(offsetof(struct vmcb, exitcode) == 0x70, "VMCB layout");
_Static_assert(offsetof(struct vmcb, eventinj) == 0xa8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, n_cr3) == 0xb0, "VMCB layout");
_Static_assert(offsetof(struct vmcb, next_rip) == 0xc8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, es) == 0x400, "VMCB layout");
_Static_assert(offsetof(struct vmcb, tr) == 0x490, "VMCB layout");
_Static_assert(offsetof(struct vmcb, cpl) == 0x4cb, "VMCB layout");
_Static_assert(offsetof(struct vmcb, efer) == 0x4d0, "VMCB layout");
_Static_assert(offsetof(struct vmcb, cr4) == 0x548, "VMCB layout");
_Static_assert(offsetof(struct vmcb, rip) == 0x578, "VMCB layout");
_Static_assert(offsetof(struct vmcb, rsp) == 0x5d8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, rax) == 0x5f8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, cr2) == 0x640, "VMCB layout");
_Static_assert(offsetof(struct vmcb, g_pat) == 0x668, "VMCB layout");
_Static_assert(sizeof(struct vmcb) == 0x1000, "VMCB is one page");

/* intercept_misc1 */
#define SVM_INTR        (1u << 0)
#define SVM_NMI         (1u << 1)
#define SVM_VINTR       (1u << 4)
#define SVM_CPUID       (1u << 18)
#define SVM_INVD        (1u << 22)
#define SVM_HLT         (1u << 24)
#define SVM_IOIO        (1u << 27)
#define SVM_MSR         (1u << 28)
#define SVM_SHUTDOWN    (1u << 31)
/* intercept_misc2 */
#define SVM_VMRUN       (1u << 0)
#define SVM_VMMCALL     (1u << 1)
#define SVM_VMLOAD      (1u << 2)
#define SVM_VMSAVE      (1u << 3)
#define SVM_STGI        (1u << 4)
#define SVM_CLGI        (1u << 5)
#define SVM_SKINIT      (1u << 6)
#define SVM_XSETBV      (1u << 13)

/* exit codes */
#define SVM_EXIT_EXCP_BASE  0x40
#define SVM_EXIT_INTR       0x60
#define SVM_EXIT_NMI        0x61
#define SVM_EXIT_VINTR      0x64
#define SVM_EXIT_CPUID      0x72
#define SVM_EXIT_INVD       0x76
#define SVM_EXIT_PAUSE      0x77
#define SVM_EXIT_HLT        0x78
#define SVM_EXIT_IOIO       0x7b
#define SVM_EXIT_MSR        0x7c
#define SVM_EXIT_SHUTDOWN   0x7f
#define SVM_EXIT_VMRUN      0x80
#define SVM_EXIT_VMMCALL    0x81
#define SVM_EXIT_VMLOAD     0x82
#define SVM_EXIT_VMSAVE     0x83
#define SVM_EXIT_STGI       0x84
#define SVM_EXIT_CLGI       0x85
#define SVM_EXIT_SKINIT     0x86
#define SVM_EXIT_XSETBV     0x8d
#define SVM_EXIT_NPF        0x400
#define SVM_EXIT_INVALID    (~0ULL)

/* eventinj / exitintinfo */
#define SVM_EVT_VALID       (1ULL << 31)
#define SVM_EVT_EV          (1ULL << 11)
#define SVM_EVT_TYPE_INTR   (0ULL << 8)
#define SVM_EVT_TYPE_EXCP   (3ULL << 8)

/* vintr */
#define SVM_V_IRQ           (1ULL << 8)
#define SVM_V_IGN_TPR       (1ULL << 20)

#define MSR_VM_CR           0xc0010114
#define MSR_VM_HSAVE_PA     0xc0010117
#define VM_CR_SVMDIS        (1ULL << 4)

#endif /* HVM_SVM_H */
