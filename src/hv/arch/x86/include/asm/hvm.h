/*
 * asm/hvm.h - hardware-assisted guests (HVM and PVH) behind one table of
 * operations.
 *
 * Where it runs: hypervisor only.
 *
 * Generic HVM code (hvm/hvm.c, hvm/emulate.c, hvm/vdev.c, hvm/p2m.c) never
 * names SVM or VMX.  A backend (hvm/svm.c, hvm/vmx.c) fills struct
 * hvm_function_table: it enters the guest, and when the guest exits it
 * translates its own exit code into a struct hvm_exit with a generic
 * reason; the generic code handles the exit with a switch of small
 * handlers and tells the backend what to change (registers, RIP, an event
 * to inject) through the calls below.  Adding a third backend touches no
 * generic file.
 *
 * Guest physical memory is described by the p2m (guest frame -> machine
 * frame, owned by the domain); the backend only decides how a p2m entry
 * looks in its nested table (NPT entries are ordinary x86-64 entries, EPT
 * entries have their own bits).
 */
#ifndef ASM_X86_HVM_H
#define ASM_X86_HVM_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;
struct domain;

/* General registers the backend saves around guest entry (RAX, RSP, RIP
 * and RFLAGS live in the backend's control block, reached with the
 * get/set calls). */
struct hvm_gprs {
    uint64_t rbx, rcx, rdx, rsi, rdi, rbp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rax;               /* VMX only (SVM keeps RAX in the VMCB) */
};
_Static_assert(__builtin_offsetof(struct hvm_gprs, rax) == 0x70, "svm_entry.S/vmx_entry.S offsets");

enum hvm_reg { HVM_RAX, HVM_RSP, HVM_RIP, HVM_RFLAGS, HVM_CR0, HVM_CR2, HVM_CR3,
               HVM_CR4, HVM_EFER, HVM_CS_BASE, HVM_CS_ATTR, HVM_SS_ATTR, HVM_DS_BASE,
               HVM_ES_BASE, HVM_CPL, HVM_NR_REGS };

enum hvm_exit_reason {
    HVM_EXIT_NONE,
    HVM_EXIT_CPUID,
    HVM_EXIT_MSR_READ,
    HVM_EXIT_MSR_WRITE,
    HVM_EXIT_IO,            /* io.* below */
    HVM_EXIT_HLT,
    HVM_EXIT_HYPERCALL,     /* VMMCALL / VMCALL */
    HVM_EXIT_NESTED_FAULT,  /* NPT/EPT violation: gpa, qual (access bits) */
    HVM_EXIT_EXCEPTION,     /* vector, error code */
    HVM_EXIT_INTR,          /* a physical interrupt for the hypervisor */
    HVM_EXIT_VINTR,         /* the guest can take an interrupt now */
    HVM_EXIT_TRIPLE_FAULT,
    HVM_EXIT_INVD,
    HVM_EXIT_PAUSE,
    HVM_EXIT_FORBIDDEN,     /* VMRUN/VMCALL-family etc. in the guest: #UD */
    HVM_EXIT_INVALID,       /* entry failed: bad guest state */
    HVM_EXIT_OTHER,         /* anything else: crash the domain, with the code */
    HVM_EXIT_NR
};

struct hvm_exit {
    enum hvm_exit_reason reason;
    uint64_t raw_code;          /* the backend's own exit code (for traces) */
    uint64_t qual;              /* backend-specific qualification */
    uint64_t gpa;               /* nested faults */
    uint64_t next_rip;          /* 0 when the backend does not know it */
    struct {
        uint16_t port;
        uint8_t size;           /* 1, 2, 4 */
        bool in, string, rep;
    } io;
    uint32_t vector;            /* exceptions */
    uint32_t error_code;
};

#define HVM_PERM_R 1u
#define HVM_PERM_W 2u
#define HVM_PERM_X 4u

struct hvm_function_table {
    const char *name;
    int (*cpu_up)(void);                        /* enable on this CPU */
    int (*vcpu_init)(struct vcpu *v);
    void (*vcpu_destroy)(struct vcpu *v);
    /* Initial state: real mode at CS:IP (0:rip), or 32-bit flat protected
     * mode, paging off (PVH entry). */
    void (*set_initial_state)(struct vcpu *v, bool protected_mode, uint64_t rip);
    void (*set_nested_root)(struct vcpu *v, uint64_t root_maddr);
    /* Run until the next exit; fill *e. */
    void (*run)(struct vcpu *v, struct hvm_exit *e);
    uint64_t (*get_reg)(struct vcpu *v, enum hvm_reg r);
    void (*set_reg)(struct vcpu *v, enum hvm_reg r, uint64_t val);
    /* Queue an event for the next entry: an external interrupt, or an
     * exception with an optional error code. */
    void (*inject_irq)(struct vcpu *v, uint8_t vector);
    void (*inject_exception)(struct vcpu *v, uint8_t vector, bool has_ec, uint32_t ec);
    bool (*event_pending)(struct vcpu *v);      /* an injection is queued */
    bool (*interrupts_enabled)(struct vcpu *v); /* IF set, no shadow */
    void (*request_irq_window)(struct vcpu *v, bool on);
    /* Drop v's cached guest-physical translations before it next runs. */
    void (*flush_nested_tlb)(struct vcpu *v);
    /* How a p2m leaf/non-leaf entry looks in this backend's nested table. */
    uint64_t (*p2m_entry)(uint64_t maddr, unsigned int perms, bool leaf);
    const uint8_t *hypercall_insn;              /* VMMCALL or VMCALL, 3 bytes */
};

/* Exit trace: the last HVM_TRACE_LEN exits of a vCPU. */
#define HVM_TRACE_LEN 64
struct hvm_trace_entry {
    uint64_t raw_code, qual, rip, cycles;
    uint8_t reason;
};

struct hvm_vcpu {
    struct hvm_gprs gprs;
    void *backend;                              /* VMCB / VMCS state */
    uint64_t guest_efer;                        /* as the guest sees it */
    uint64_t hypercall_msr_page;                /* gfn last written, or 0 */
    bool blocked_in_hlt;
    /* Emulated devices of this vCPU's domain (dom0 only for now). */
    uint8_t pending_vector;                     /* 0: none */
    uint64_t exit_counts[HVM_EXIT_NR];
    struct hvm_trace_entry trace[HVM_TRACE_LEN];
    unsigned int trace_head;
    uint64_t entry_tsc;
};

struct hvm_domain {
    uint64_t nr_gfns;
    uint64_t *p2m;                              /* gfn -> mfn (0: none) */
    uint64_t nested_root;                       /* maddr of the nested L4 */
    uint64_t params[64];                        /* HVM_PARAM_* */
    uint64_t shared_info_gfn;                   /* ~0: not mapped */
    bool pvh;
};

extern const struct hvm_function_table *hvm_funcs;
extern const struct hvm_function_table svm_function_table;
extern const struct hvm_function_table vmx_function_table;

bool hvm_available(void);
void hvm_init(void);
int hvm_domain_init(struct domain *d, uint64_t nr_pages);
void hvm_domain_free(struct domain *d);
bool is_hvm_domain(const struct domain *d);
struct hvm_vcpu *hvm_vcpu(const struct vcpu *v);
struct hvm_domain *hvm_domain(const struct domain *d);
__attribute__((noreturn)) void hvm_run_vcpu(struct vcpu *v);
struct domain_rings;
/* rings: NULL for dom0; a domU's rings are placed, zeroed and announced
 * (HVM params) by the builder (domctl.h). */
int hvm_build_realmode(struct domain *d, const void *image, size_t size,
                       struct domain_rings *rings);
int hvm_build_pvh(struct domain *d, const void *image, size_t size,
                  const void *rd, size_t rd_size, const char *cmdline,
                  struct domain_rings *rings);
void hvm_dump_exits(void);
void hvm_poll_halted(void);

/* p2m.c */
int p2m_init(struct domain *d, uint64_t nr_gfns);
void p2m_teardown(struct domain *d);
int p2m_set(struct domain *d, uint64_t gfn, uint64_t mfn, unsigned int perms);
uint64_t p2m_lookup(const struct domain *d, uint64_t gfn);     /* mfn or ~0 */
void *gfn_to_virt(const struct domain *d, uint64_t gfn);       /* NULL if none */
int hvm_copy_from_gpa(struct domain *d, void *dst, uint64_t gpa, size_t len);
int hvm_copy_to_gpa(struct domain *d, uint64_t gpa, const void *src, size_t len);

/* emulate.c: guest virtual addresses; the length of the exiting insn */
unsigned int hvm_insn_length(struct vcpu *v);
size_t hvm_copy_from_guest_virt(struct vcpu *v, void *dst, uint64_t gva, size_t len);
size_t hvm_copy_to_guest_virt(struct vcpu *v, uint64_t gva, const void *src, size_t len);

/* vdev.c: port I/O devices; true when handled */
bool vdev_io(struct vcpu *v, uint16_t port, uint8_t size, bool in, uint32_t *val);
void vdev_tick(struct vcpu *v);
int vdev_pending_irq(struct vcpu *v);          /* vector, or -1 */
void vdev_ack_irq(struct vcpu *v, int vector);

#endif /* ASM_X86_HVM_H */
