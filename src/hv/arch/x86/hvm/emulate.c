/*
 * hvm/emulate.c - what the hypervisor needs to understand of a running
 * HVM guest: its address translation and the length of the instruction
 * that exited.
 *
 * Where it runs: hypervisor only.  Generic (no SVM/VMX).
 *
 * Guest virtual -> guest physical follows the guest's own paging mode:
 * off (linear = physical), 32-bit two-level (4 KiB and 4 MiB pages), PAE
 * three-level, or long-mode four-level (2 MiB and 1 GiB pages); every
 * table the walk touches is read through the p2m, so a guest can make the
 * hypervisor read only its own memory.  A missing or (for writes)
 * read-only translation ends the copy, as a page fault ends the bare-metal
 * copy for PV guests.
 *
 * Instruction lengths matter when the CPU does not report the next RIP
 * (QEMU's SVM has no NRIPS).  Only the instructions whose exits the
 * hypervisor completes are decoded: legacy and REX prefixes, then the
 * opcode.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <domain.h>
#include <lib.h>
#include <asm/hvm.h>
#include <asm/page.h>
#include <asm/processor.h>

#define GPTE_P      (1ULL << 0)
#define GPTE_RW     (1ULL << 1)
#define GPTE_PS     (1ULL << 7)
#define GPTE_ADDR   0x000ffffffffff000ULL

static bool
read_gpte(struct domain *d, uint64_t gpa, unsigned int size, uint64_t *e)
{
    *e = 0;
    return hvm_copy_from_gpa(d, e, gpa, size) == 0;
}

/* Translate a linear address; returns false when not mapped (or not
 * writable, for a write). */
static bool
guest_translate(struct vcpu *v, uint64_t la, bool write, uint64_t *gpa)
{
    struct domain *d = v->domain;
    uint64_t cr0 = hvm_funcs->get_reg(v, HVM_CR0), cr3 = hvm_funcs->get_reg(v, HVM_CR3);
    uint64_t cr4 = hvm_funcs->get_reg(v, HVM_CR4), efer = hvm_funcs->get_reg(v, HVM_EFER);
    uint64_t e, base;
    int levels, shift;

    if (!(cr0 & X86_CR0_PG)) {
        *gpa = (efer & EFER_LMA) ? la : (la & 0xffffffffULL);
        return true;
    }
    if (!(cr4 & X86_CR4_PAE)) {                 /* 32-bit paging */
        la &= 0xffffffffULL;
        if (!read_gpte(d, (cr3 & 0xfffff000ULL) + ((la >> 22) & 0x3ff) * 4, 4, &e) || !(e & GPTE_P))
            return false;
        if (write && !(e & GPTE_RW))
            return false;
        if ((e & GPTE_PS) && (cr4 & (1UL << 4))) {      /* CR4.PSE: 4 MiB page */
            *gpa = (e & 0xffc00000ULL) | (la & 0x3fffff);
            return true;
        }
        if (!read_gpte(d, (e & 0xfffff000ULL) + ((la >> 12) & 0x3ff) * 4, 4, &e) || !(e & GPTE_P))
            return false;
        if (write && !(e & GPTE_RW))
            return false;
        *gpa = (e & 0xfffff000ULL) | (la & 0xfff);
        return true;
    }
    if (efer & EFER_LMA) {
        if ((uint64_t)((int64_t)(la << 16) >> 16) != la)
            return false;                       /* non-canonical: #GP, not a translation */
        levels = 4;
        base = cr3 & GPTE_ADDR;
    } else {                                     /* PAE: the PDPT first */
        la &= 0xffffffffULL;
        if (!read_gpte(d, (cr3 & 0xffffffe0ULL) + (la >> 30) * 8, 8, &e) || !(e & GPTE_P))
            return false;
        levels = 2;
        base = e & GPTE_ADDR;
    }
    for (shift = 12 + 9 * (levels - 1); shift >= 12; shift -= 9) {
        if (!read_gpte(d, base + ((la >> shift) & 511) * 8, 8, &e) || !(e & GPTE_P))
            return false;
        if (write && !(e & GPTE_RW))
            return false;
        if (shift > 12 && (e & GPTE_PS)) {
            uint64_t size = 1ULL << shift;

            *gpa = (e & GPTE_ADDR & ~(size - 1)) | (la & (size - 1));
            return true;
        }
        base = e & GPTE_ADDR;
    }
    *gpa = base | (la & 0xfff);
    return true;
}

/*
 * Hypercall buffers: the first page (NULL; the IVT in real mode) is never
 * one.  Xen 4.17 refuses it too for a PVH dom0, whose low memory is not
 * ordinary RAM there; the test kernels measured that (-EFAULT).
 */
static size_t
guest_virt_copy(struct vcpu *v, uint64_t gva, void *buf, size_t len, bool write)
{
    size_t done = 0;

    if (len && gva < PAGE_SIZE)
        return len;

    while (done < len) {
        uint64_t gpa;
        size_t chunk = PAGE_SIZE - ((gva + done) & (PAGE_SIZE - 1));

        if (chunk > len - done)
            chunk = len - done;
        if (!guest_translate(v, gva + done, write, &gpa))
            break;
        if (write ? hvm_copy_to_gpa(v->domain, gpa, (char *)buf + done, chunk)
                  : hvm_copy_from_gpa(v->domain, (char *)buf + done, gpa, chunk))
            break;
        done += chunk;
    }
    return len - done;
}

size_t
hvm_copy_from_guest_virt(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
    return guest_virt_copy(v, gva, dst, len, false);
}

size_t
hvm_copy_to_guest_virt(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
    return guest_virt_copy(v, gva, (void *)src, len, true);
}

static bool
is_legacy_prefix(uint8_t b)
{
    switch (b) {
    case 0x66: case 0x67: case 0xf2: case 0xf3: case 0xf0:
    case 0x2e: case 0x36: case 0x3e: case 0x26: case 0x64: case 0x65:
        return true;
    default:
        return false;
    }
}

/*
 * Length of the instruction at the guest's CS:RIP, for the exits the
 * hypervisor completes (CPUID, RDMSR, WRMSR, HLT, VMMCALL/VMCALL, INVD,
 * PAUSE and the SVM/VMX instructions); 0 when it is none of those or the
 * bytes cannot be read.
 */
unsigned int
hvm_insn_length(struct vcpu *v)
{
    uint8_t b[15];
    uint64_t la = hvm_funcs->get_reg(v, HVM_CS_BASE) + hvm_funcs->get_reg(v, HVM_RIP);
    bool long_mode = (hvm_funcs->get_reg(v, HVM_EFER) & EFER_LMA) &&
                     (hvm_funcs->get_reg(v, HVM_CS_ATTR) & (1u << 9));
    unsigned int n = 0;

    if (!long_mode && !(hvm_funcs->get_reg(v, HVM_CS_ATTR) & (1u << 10)))
        la &= 0xffffffffULL;
    memset(b, 0, sizeof(b));
    hvm_copy_from_guest_virt(v, b, la, sizeof(b));     /* a short read leaves zeros */
    while (n < 14 && (is_legacy_prefix(b[n]) || (long_mode && (b[n] & 0xf0) == 0x40)))
        n++;
    switch (b[n]) {
    case 0xf4:                      /* hlt */
    case 0x90:                      /* pause (f3 90) */
        return n + 1;
    case 0x0f:
        switch (b[n + 1]) {
        case 0xa2: case 0x30: case 0x32: case 0x08: case 0x09:   /* cpuid, wrmsr, rdmsr, invd, wbinvd */
            return n + 2;
        case 0x01:                  /* vmmcall, vmcall, vmrun..., xsetbv: 0f 01 /r */
            return n + 3;
        default:
            return 0;
        }
    default:
        return 0;
    }
}
