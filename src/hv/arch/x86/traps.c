/*
 * traps.c - exceptions and interrupts taken in the hypervisor.
 *
 * Where it runs: hypervisor only.
 *
 * Interrupts (vector >= 32) go to their handler.  Any exception in the
 * hypervisor is a hypervisor bug: it is reported in full (vector and name,
 * decoded error code, every register, CR0/2/3/4, a stack trace with symbol
 * names) and the machine stops through panic().  Guest exceptions will be
 * routed elsewhere before they get here (PV and HVM issues).
 */
#include <stdint.h>
#include <lib.h>
#include <symbols.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/regs.h>
#include <asm/time.h>
#include <asm/uaccess.h>
#include <asm/pv.h>
#include <domain.h>

extern const uint64_t xl_symtab_nr;
extern const uint64_t xl_symtab_addrs[];
extern const uint32_t xl_symtab_name_offs[];
extern const char xl_symtab_names[];

static const char *const exception_names[32] = {
    [0] = "#DE divide error", [1] = "#DB debug", [2] = "NMI",
    [3] = "#BP breakpoint", [4] = "#OF overflow", [5] = "#BR bound range",
    [6] = "#UD invalid opcode", [7] = "#NM device not available",
    [8] = "#DF double fault", [9] = "coprocessor segment overrun",
    [10] = "#TS invalid TSS", [11] = "#NP segment not present",
    [12] = "#SS stack fault", [13] = "#GP general protection",
    [14] = "#PF page fault", [16] = "#MF x87 floating point",
    [17] = "#AC alignment check", [18] = "#MC machine check",
    [19] = "#XM SIMD floating point", [20] = "#VE virtualization",
    [21] = "#CP control protection", [29] = "#VC VMM communication",
    [30] = "#SX security",
};

static const char *
lookup(uint64_t addr, uint64_t *off)
{
    struct symtab t = {
        .nr = xl_symtab_nr, .addrs = xl_symtab_addrs,
        .name_offs = xl_symtab_name_offs, .names = xl_symtab_names,
    };

    if (addr < XEN_VIRT_START || addr >= XEN_VIRT_START + XEN_VIRT_SIZE)
        return NULL;
    return symbols_lookup(&t, addr, off);
}

static void
print_addr(const char *prefix, uint64_t addr)
{
    uint64_t off = 0;
    const char *name = lookup(addr, &off);

    if (name)
        printk(XENLOG_ERR "%s[<%016lx>] %s+%#lx\n", prefix, (unsigned long)addr,
               name, (unsigned long)off);
    else
        printk(XENLOG_ERR "%s[<%016lx>] ?\n", prefix, (unsigned long)addr);
}

/* Walk the frame-pointer chain, staying inside the stack that holds rsp. */
void
show_stack_trace(uint64_t rip, uint64_t rbp, uint64_t rsp)
{
    uint64_t lo, hi;

    printk(XENLOG_ERR "Stack trace:\n");
    print_addr("  ", rip);
    if (!stack_bounds(rsp, &lo, &hi))
        return;
    for (unsigned int depth = 0; depth < 32; depth++) {
        const uint64_t *frame = (const uint64_t *)rbp;

        if (rbp < lo || rbp + 16 > hi || (rbp & 7))
            break;
        if (frame[1] == 0)
            break;
        print_addr("  ", frame[1]);
        rbp = frame[0];
    }
}

void
show_registers(const struct cpu_regs *r)
{
    printk(XENLOG_ERR "RIP: %04lx:%016lx  RFLAGS: %016lx\n",
           (unsigned long)r->cs, (unsigned long)r->rip, (unsigned long)r->rflags);
    printk(XENLOG_ERR "CR0: %016lx  CR2: %016lx\n",
           (unsigned long)read_cr0(), (unsigned long)read_cr2());
    printk(XENLOG_ERR "CR3: %016lx  CR4: %016lx\n",
           (unsigned long)read_cr3(), (unsigned long)read_cr4());
    printk(XENLOG_ERR "RAX: %016lx  RBX: %016lx  RCX: %016lx\n",
           (unsigned long)r->rax, (unsigned long)r->rbx, (unsigned long)r->rcx);
    printk(XENLOG_ERR "RDX: %016lx  RSI: %016lx  RDI: %016lx\n",
           (unsigned long)r->rdx, (unsigned long)r->rsi, (unsigned long)r->rdi);
    printk(XENLOG_ERR "RBP: %016lx  RSP: %016lx  SS:  %04lx\n",
           (unsigned long)r->rbp, (unsigned long)r->rsp, (unsigned long)r->ss);
    printk(XENLOG_ERR "R8:  %016lx  R9:  %016lx  R10: %016lx\n",
           (unsigned long)r->r8, (unsigned long)r->r9, (unsigned long)r->r10);
    printk(XENLOG_ERR "R11: %016lx  R12: %016lx  R13: %016lx\n",
           (unsigned long)r->r11, (unsigned long)r->r12, (unsigned long)r->r13);
    printk(XENLOG_ERR "R14: %016lx  R15: %016lx\n",
           (unsigned long)r->r14, (unsigned long)r->r15);
}

static void
describe_error_code(const struct cpu_regs *r, char *buf, size_t size)
{
    uint64_t ec = r->error_code;

    if (r->vector == 14)
        xl_snprintf(buf, size, " [%s, %s, %s%s%s]",
                    ec & 1 ? "protection violation" : "not present",
                    ec & 2 ? "write" : "read", ec & 4 ? "user" : "supervisor",
                    ec & 8 ? ", reserved bit" : "", ec & 16 ? ", instruction fetch" : "");
    else if (ec && (r->vector == 10 || r->vector == 11 || r->vector == 12 || r->vector == 13))
        xl_snprintf(buf, size, " [selector %#lx%s%s]", (unsigned long)(ec & ~7UL),
                    ec & 2 ? ", IDT" : (ec & 4 ? ", LDT" : ", GDT"),
                    ec & 1 ? ", external" : "");
    else
        buf[0] = '\0';
}

static __attribute__((noreturn)) void
fatal_trap(const struct cpu_regs *r)
{
    const char *name = r->vector < 32 ? exception_names[r->vector] : NULL;
    char ecdesc[96];

    describe_error_code(r, ecdesc, sizeof(ecdesc));
    printk(XENLOG_ERR "----[ FATAL TRAP in the hypervisor ]----\n");
    printk(XENLOG_ERR "FATAL TRAP: vector %lu (%s), error code %#06lx%s\n",
           (unsigned long)r->vector, name ? name : "reserved",
           (unsigned long)r->error_code, ecdesc);
    if (r->vector == 14)
        printk(XENLOG_ERR "Faulting address (CR2): %#lx\n", (unsigned long)read_cr2());
    print_addr("RIP is ", r->rip);
    show_registers(r);
    show_stack_trace(r->rip, r->rbp, r->rsp);
    panic("FATAL TRAP: vector %lu (%s) at %#lx", (unsigned long)r->vector,
          name ? name : "reserved", (unsigned long)r->rip);
}

static void
do_irq(const struct cpu_regs *r)
{
    switch (r->vector) {
    case LAPIC_TIMER_VECTOR:
        timer_interrupt();
        lapic_eoi();
        break;
    case SPURIOUS_VECTOR:
        break;
    case PIC_VECTOR_BASE + 7:
    case PIC_VECTOR_BASE + 15:
        break;      /* spurious IRQs of the (masked) 8259s */
    default:
        printk(XENLOG_WARNING "traps: unexpected interrupt, vector %lu\n",
               (unsigned long)r->vector);
        lapic_eoi();
        break;
    }
}

/*
 * Every exception, interrupt and SYSCALL comes here (entry.S).  Guest
 * frames (CPL 3) go to the PV code and leave through pv_exit_to_guest();
 * hypervisor frames are interrupts, copy fixups, or fatal.
 */
void
do_trap(struct cpu_regs *r)
{
    bool from_guest = (r->cs & 3) == 3;
    uint64_t fixup;

    if (r->vector == PV_SYSCALL_VECTOR)
        pv_syscall(r);
    else if (r->vector == PV_SYSCALL32_VECTOR)
        domain_crash(current->domain, "32-bit SYSCALL from a 64-bit PV guest");
    else if (r->vector >= 32)
        do_irq(r);
    else if (from_guest)
        pv_trap(r);
    else if ((r->vector == 14 || r->vector == 13) && (fixup = search_ex_table(r->rip)))
        r->rip = fixup;     /* a guest-memory copy that faulted */
    else
        fatal_trap(r);
    if (from_guest)
        pv_exit_to_guest(r);
}
