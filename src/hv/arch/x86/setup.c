/*
 * setup.c - start_xen(): from head.S to a running hypervisor.
 *
 * Where it runs: hypervisor only, once, on the boot CPU.
 *
 * Order matters and each step says what it needs:
 *   serial, then descriptors (so any fault from here on is reported),
 *   multiboot (needs the boot tables' direct map of the first GiB),
 *   command line, CPU detection (NX decides the page-table flags),
 *   memory map, final page tables, frame table and frame allocator, heap,
 *   LAPIC timer, then the test mode or the debug-key console.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmdline.h>
#include <lib.h>
#include <memmap.h>
#include <mm.h>
#include <xmalloc.h>
#include <xl_errno.h>
#include <console.h>
#include <domain.h>
#include <event.h>
#include <hypercall.h>
#include <xtime.h>
#include <asm/pv.h>
#include <asm/hvm.h>
#include <sched_credit.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/multiboot.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <asm/shutdown.h>
#include <asm/time.h>

#define XENOLITH_VERSION "0.1"

extern char _start[], _end[];
void keyhandler_loop(void);
void start_xen(uint32_t magic, uint32_t mbi_pa);

static struct boot_info boot_info;

/* ---- boot options ---- */

static bool opt_test_exit;
static char opt_test_fault[8];
static unsigned long opt_com1_baud = 115200;
struct dom0_mem_opt { uint64_t min, max, amount; } opt_dom0_mem;

static int
parse_console(const char *v)
{
    const char *p = v;

    if (!v || !*v)
        return -EINVAL;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);

        if (len == 4 && !strncmp(p, "com1", 4))
            ;
        else if ((len == 3 && !strncmp(p, "vga", 3)) || (len == 4 && !strncmp(p, "none", 4)))
            printk(XENLOG_WARNING "console: '%.*s' is not supported; the console stays on com1\n",
                   (int)len, p);
        else
            return -EINVAL;
        p += len + (end ? 1 : 0);
    }
    return 0;
}

static int
parse_loglvl(const char *v)
{
    char lvl[16];
    size_t n = 0;
    int l;

    if (!v)
        return -EINVAL;
    while (v[n] && v[n] != '/' && n + 1 < sizeof(lvl)) {
        lvl[n] = v[n];
        n++;
    }
    lvl[n] = '\0';
    l = printk_parse_loglvl(lvl);
    if (l < -1)
        return -EINVAL;
    printk_set_loglvl(l);
    return 0;
}

/* Xen's syntax: dom0_mem=[min:<size>,][max:<size>,][<size>] */
static int
parse_dom0_mem(const char *v)
{
    const char *p = v;

    if (!v || !*v)
        return -EINVAL;
    while (*p) {
        uint64_t *dst = &opt_dom0_mem.amount;
        const char *end;

        if (!strncmp(p, "min:", 4)) {
            dst = &opt_dom0_mem.min;
            p += 4;
        } else if (!strncmp(p, "max:", 4)) {
            dst = &opt_dom0_mem.max;
            p += 4;
        }
        if (parse_size(p, &end, dst) || (*end && *end != ','))
            return -EINVAL;
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* dom0=pv (default) | pvh (Xen's) | hvm (xenolith's: a boot-sector image) */
enum dom0_kind { DOM0_PV, DOM0_PVH, DOM0_HVM };
static enum dom0_kind opt_dom0_kind = DOM0_PV;

static int
parse_dom0(const char *v)
{
    if (!v)
        return -EINVAL;
    if (!strcmp(v, "pv"))
        opt_dom0_kind = DOM0_PV;
    else if (!strcmp(v, "pvh"))
        opt_dom0_kind = DOM0_PVH;
    else if (!strcmp(v, "hvm"))
        opt_dom0_kind = DOM0_HVM;
    else
        return -EINVAL;
    return 0;
}

static int
parse_sched(const char *v)
{
    return v ? sched_select(v) : -EINVAL;
}

static int
parse_com1(const char *v)
{
    unsigned long baud = 0;

    if (!v)
        return -EINVAL;
    for (; *v >= '0' && *v <= '9'; v++)
        baud = baud * 10 + (unsigned long)(*v - '0');
    if (baud < 50 || baud > 115200 || (*v && *v != ',' && *v != '/'))
        return -EINVAL;
    opt_com1_baud = baud;
    return 0;
}

static const struct kernel_param params[] = {
    { .name = "console",    .type = PARAM_CUSTOM, .custom = parse_console },
    { .name = "com1",       .type = PARAM_CUSTOM, .custom = parse_com1 },
    { .name = "loglvl",     .type = PARAM_CUSTOM, .custom = parse_loglvl },
    { .name = "noreboot",   .type = PARAM_BOOL,   .var = &opt_noreboot },
    { .name = "dom0_mem",   .type = PARAM_CUSTOM, .custom = parse_dom0_mem },
    { .name = "dom0",       .type = PARAM_CUSTOM, .custom = parse_dom0 },
    { .name = "sched",      .type = PARAM_CUSTOM, .custom = parse_sched },
    { .name = "test_exit",  .type = PARAM_BOOL,   .var = &opt_test_exit },
    { .name = "test_fault", .type = PARAM_STRING, .var = opt_test_fault,
      .len = sizeof(opt_test_fault) },
};

/* ---- memory ---- */

static uint64_t
ram_end_of(const struct memmap *m)
{
    uint64_t end = 0;

    for (unsigned int i = 0; i < m->nr; i++)
        if (m->e[i].type == MEM_RAM && m->e[i].end > end)
            end = m->e[i].end;
    return end;
}

static void
reserve_boot_ranges(struct boot_info *bi)
{
    struct memmap *m = &bi->memmap;

    memmap_sanitize(m);
    /* Low 1 MiB stays with the BIOS (and later with real-mode trampolines). */
    memmap_carve(m, 0, 1ULL << 20, MEM_RESERVED);
    memmap_carve(m, (uint64_t)_start - XEN_VIRT_START, (uint64_t)_end - XEN_VIRT_START,
                 MEM_HYPERVISOR);
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        if (bi->modules[i].end > bi->modules[i].start)
            memmap_carve(m, ROUNDDOWN(bi->modules[i].start, PAGE_SIZE),
                         ROUNDUP(bi->modules[i].end, PAGE_SIZE), MEM_MODULE);
}

static void
print_modules(const struct boot_info *bi)
{
    static const char *const role[] = { "dom0 kernel", "dom0 ramdisk" };

    if (!bi->nr_modules) {
        printk("Boot modules: none (no dom0 kernel given)\n");
        return;
    }
    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *bm = &bi->modules[i];

        printk("Boot module %u: [%016lx, %016lx) %lu KiB, %s, '%s'\n", i,
               (unsigned long)bm->start, (unsigned long)bm->end,
               (unsigned long)((bm->end - bm->start + 1023) >> 10),
               i < 2 ? role[i] : "unused", bm->cmdline);
    }
}

static void
frames_init(struct memmap *m, uint64_t ram_end)
{
    uint64_t nr_frames = ram_end >> PAGE_SHIFT;
    uint64_t bytes = ROUNDUP(nr_frames * sizeof(struct page_info), PAGE_SIZE);
    uint64_t ft = memmap_alloc(m, bytes, PAGE_SIZE, ram_end, MEM_BOOTALLOC);

    if (!ft)
        panic("no room for the frame table (%lu KiB)", (unsigned long)(bytes >> 10));
    frametable_init(maddr_to_virt(ft), nr_frames);
    for (unsigned int i = 0; i < m->nr; i++) {
        uint64_t s = ROUNDUP(m->e[i].start, PAGE_SIZE) >> PAGE_SHIFT;
        uint64_t e = ROUNDDOWN(m->e[i].end, PAGE_SIZE) >> PAGE_SHIFT;

        if (m->e[i].type == MEM_RAM && e > s)
            frames_free_range(s, e);
    }
    paging_use_frame_allocator();
    printk("Frame table: %lu frames (%lu KiB of page_info at %#lx), %lu frames free (%lu MiB)\n",
           (unsigned long)nr_frames, (unsigned long)(bytes >> 10), (unsigned long)ft,
           (unsigned long)frames_free_count(),
           (unsigned long)(frames_free_count() >> (20 - PAGE_SHIFT)));
}

static void
heap_selftest(void)
{
    struct heap_stats st;
    void *small = xmalloc_bytes(100), *big = xzalloc_bytes(3 * PAGE_SIZE);

    if (!small || !big)
        panic("heap: cannot allocate at boot");
    xfree(small);
    xfree(big);
    heap_get_stats(&st);
    printk("Heap: ready (%lu bytes in use after self-test)\n", (unsigned long)st.bytes_in_use);
}

/* ---- dom0 ---- */

#define DOM0_DEFAULT_MEM    (128ULL << 20)
#define HYPERVISOR_RESERVE  (16ULL << 20)   /* kept free for the hypervisor */

static uint64_t
dom0_pages(void)
{
    uint64_t avail = frames_free_count() << PAGE_SHIFT;
    uint64_t want = opt_dom0_mem.amount ? opt_dom0_mem.amount : DOM0_DEFAULT_MEM;

    if (opt_dom0_mem.max && want > opt_dom0_mem.max)
        want = opt_dom0_mem.max;
    if (want < opt_dom0_mem.min)
        want = opt_dom0_mem.min;
    if (avail > HYPERVISOR_RESERVE && want > avail - HYPERVISOR_RESERVE) {
        printk(XENLOG_WARNING "dom0_mem: only %lu MiB can be given to dom0\n",
               (unsigned long)((avail - HYPERVISOR_RESERVE) >> 20));
        want = avail - HYPERVISOR_RESERVE;
    }
    return want >> PAGE_SHIFT;
}

static __attribute__((noreturn)) void
start_dom0_hvm(const struct boot_info *bi, struct domain *d)
{
    const struct boot_module *k = &bi->modules[0];
    const struct boot_module *rd = bi->nr_modules > 1 ? &bi->modules[1] : NULL;
    int rc;

    if (!hvm_available())
        panic("dom0=%s needs hardware virtualization (SVM+NPT or VMX+EPT); this CPU has none usable",
              opt_dom0_kind == DOM0_PVH ? "pvh" : "hvm");
    if ((rc = hvm_domain_init(d, d->max_pages)))
        panic("cannot give dom0 its guest memory (error %d)", rc);
    if (opt_dom0_kind == DOM0_PVH)
        rc = hvm_build_pvh(d, maddr_to_virt(k->start), k->end - k->start,
                           rd ? maddr_to_virt(rd->start) : NULL, rd ? rd->end - rd->start : 0,
                           k->cmdline, NULL);
    else
        rc = hvm_build_realmode(d, maddr_to_virt(k->start), k->end - k->start, NULL);
    if (rc)
        panic("could not build dom0 from boot module 0 (error %d, see above)", rc);
    xen_version_set_cmdline(bi->cmdline);
    console_endboot();
    update_domain_wallclock_time(d);
    sched_wake(d->vcpu[0]);
    schedule();
}

static __attribute__((noreturn)) void
start_dom0(const struct boot_info *bi)
{
    const struct boot_module *k = &bi->modules[0];
    const struct boot_module *rd = bi->nr_modules > 1 ? &bi->modules[1] : NULL;
    struct domain *d = domain_create(0, true, 1, dom0_pages());
    int rc;

    if (!d || pv_domain_init(d))
        panic("cannot create dom0: out of memory");
    xl_snprintf(d->name, sizeof(d->name), "Domain-0");
    if (opt_dom0_kind != DOM0_PV)
        start_dom0_hvm(bi, d);
    rc = dom0_build_pv(d, maddr_to_virt(k->start), k->end - k->start,
                       rd ? maddr_to_virt(rd->start) : NULL, rd ? rd->end - rd->start : 0,
                       k->cmdline, NULL);
    if (rc)
        panic("could not build dom0 from boot module 0 (error %d, see above)", rc);
    xen_version_set_cmdline(bi->cmdline);
    printk("dom0: starting at %016lx\n", (unsigned long)d->vcpu[0]->arch->regs.rip);
    console_endboot();
    update_domain_wallclock_time(d);
    sched_wake(d->vcpu[0]);
    schedule();
}

/* ---- test mode ---- */

static __attribute__((noinline)) void
test_provoke_fault(const char *kind)
{
    volatile uint64_t zero = 0;

    printk("test: provoking '%s' now\n", kind);
    if (!strcmp(kind, "pf"))
        *(volatile uint64_t *)0xdead0000UL = 1;
    else if (!strcmp(kind, "ud"))
        __asm__ volatile ("ud2");
    else if (!strcmp(kind, "gp"))
        *(volatile uint64_t *)0x8000000000000000UL = 1;    /* non-canonical */
    else if (!strcmp(kind, "de"))     /* in asm: gcc folds 1 / x into x == 1 */
        __asm__ volatile ("divq %2" : "+a" (zero) : "d" (0UL), "r" (zero));
    else if (!strcmp(kind, "bp"))
        __asm__ volatile ("int3");
    printk(XENLOG_ERR "test: '%s' did not fault\n", kind);
    machine_test_exit(2);
}

static bool
test_fault_valid(const char *k)
{
    return !strcmp(k, "pf") || !strcmp(k, "ud") || !strcmp(k, "gp") ||
           !strcmp(k, "de") || !strcmp(k, "bp");
}

/* ---- the boot sequence ---- */

void
start_xen(uint32_t magic, uint32_t mbi_pa)
{
    struct boot_info *bi = &boot_info;
    uint64_t ram_end;

    serial_init(COM1_BASE, 115200);
    printk("\n");
    printk("xenolith " XENOLITH_VERSION " (x86_64): a teaching hypervisor for Xen guests\n");
    desc_init();

    if (multiboot_parse(magic, mbi_pa, bi))
        panic("cannot continue without valid Multiboot information");
    printk("Boot loader: %s\n", bi->loader);
    printk("Command line: %s\n", bi->cmdline);
    if (cmdline_parse(bi->cmdline, params, ARRAY_SIZE(params)))
        printk(XENLOG_WARNING "cmdline: some options were not understood (see above)\n");
    if (opt_com1_baud != 115200)
        serial_init(COM1_BASE, (unsigned int)opt_com1_baud);
    if (opt_test_fault[0] && !test_fault_valid(opt_test_fault)) {
        printk(XENLOG_WARNING "cmdline: bad value '%s' for 'test_fault' (pf, ud, gp, de, bp)\n",
               opt_test_fault);
        opt_test_fault[0] = '\0';
    }
    test_mode = opt_test_exit || opt_test_fault[0];
    if (opt_dom0_mem.amount || opt_dom0_mem.min || opt_dom0_mem.max)
        printk("dom0_mem: %lu MiB (min %lu MiB, max %lu MiB; 0 = not set)\n",
               (unsigned long)(opt_dom0_mem.amount >> 20), (unsigned long)(opt_dom0_mem.min >> 20),
               (unsigned long)(opt_dom0_mem.max >> 20));

    cpu_detect();
    cpu_print();

    reserve_boot_ranges(bi);
    printk("Memory map:\n");
    memmap_print(&bi->memmap);
    printk("RAM: %lu MiB usable\n", (unsigned long)(memmap_total(&bi->memmap, MEM_RAM) >> 20));
    print_modules(bi);
    ram_end = ram_end_of(&bi->memmap);
    paging_init(&bi->memmap, ram_end);
    frames_init(&bi->memmap, ram_end);
    heap_init();
    heap_selftest();

    time_init();
    printk("Boot complete in %lu ms.\n", (unsigned long)uptime_ms());
    m2p_init();
    pv_syscall_init();
    context_init();
    hvm_init();
    printk("Scheduler: %s\n", sched_name());

    if (opt_test_fault[0])
        test_provoke_fault(opt_test_fault);
    if (bi->nr_modules)
        start_dom0(bi);
    if (opt_test_exit)
        machine_test_exit(0);
    keyhandler_loop();
}
