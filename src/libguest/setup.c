/*
 * libguest/setup.c - from the PV entry to guest_main: start_info,
 * shared_info, frame and page-table helpers, shutdown.
 *
 * Where it runs: guest only.
 */
#include "guest.h"

start_info_t *start_info;
shared_info_t *shared_info;
uint64_t *p2m;

static char shared_info_page[PAGE_SIZE] __page_aligned_bss;

#define POOL_PAGES 32
static char page_pool[POOL_PAGES][PAGE_SIZE] __page_aligned_bss;
static unsigned int pool_used;

long
hypercall_raw(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
              uint64_t a4, uint64_t a5)
{
    register uint64_t r1 __asm__("rdi") = a1;
    register uint64_t r2 __asm__("rsi") = a2;
    register uint64_t r3 __asm__("rdx") = a3;
    register uint64_t r4 __asm__("r10") = a4;
    register uint64_t r5 __asm__("r8") = a5;
    long ret;

    if (nr >= XEN_NR_HYPERCALL_STUBS)
        return -XEN_ENOSYS;
    __asm__ volatile ("call *%[stub]"
                      : "=a" (ret), "+r" (r1), "+r" (r2), "+r" (r3), "+r" (r4), "+r" (r5)
                      : [stub] "r" (hypercall_page + nr * XEN_HYPERCALL_STUB_SIZE)
                      : "memory", "r9");
    return ret;
}

void
guest_shutdown(unsigned int reason)
{
    struct sched_shutdown sd = { .reason = reason };

    for (;;)
        HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
}

void *
page_alloc(void)
{
    if (pool_used >= POOL_PAGES) {
        printk("libguest: page pool exhausted\n");
        guest_shutdown(SHUTDOWN_crash);
    }
    return page_pool[pool_used++];
}

uint64_t
rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile ("rdtsc" : "=a" (lo), "=d" (hi));
    return ((uint64_t)hi << 32) | lo;
}

uint64_t
guest_system_time(void)
{
    volatile vcpu_time_info_t *t = &shared_info->vcpu_info[0].time;
    uint32_t ver;
    uint64_t delta, now;

    do {
        ver = t->version;
        __asm__ volatile ("" ::: "memory");
        delta = rdtsc() - t->tsc_timestamp;
        if (t->tsc_shift < 0)
            delta >>= -t->tsc_shift;
        else
            delta <<= t->tsc_shift;
        now = t->system_time + (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
        __asm__ volatile ("" ::: "memory");
    } while ((ver & 1) || ver != t->version);
    return now;
}

long
page_set_writable(void *va, int writable)
{
    uint64_t pte = (guest_va_to_mfn(va) << PAGE_SHIFT) | _PAGE_PRESENT |
                   _PAGE_ACCESSED | (writable ? _PAGE_RW | _PAGE_DIRTY : 0);

    return HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)va, pte, UVMF_INVLPG);
}

/* Virtual address of a page-table frame, if it lies in the initial
 * mapping (where every libguest page table lives). */
static uint64_t *
table_va(uint64_t mfn)
{
    uint64_t pfn = guest_mfn_to_pfn(mfn);

    if (pfn >= start_info->nr_pages)
        return NULL;
    return guest_pfn_to_va(pfn);
}

uint64_t
pt_entry_maddr(uint64_t va, int level)
{
    uint64_t *table = (uint64_t *)start_info->pt_base;
    int lvl;

    for (lvl = 4; lvl >= 1; lvl--) {
        unsigned int idx = (va >> (PAGE_SHIFT + 9 * (lvl - 1))) & 511;
        uint64_t e;

        if (lvl == level)
            return (guest_va_to_mfn(table) << PAGE_SHIFT) + idx * 8;
        e = table[idx];
        if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
            return 0;
        table = table_va((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
        if (!table)
            return 0;
    }
    return 0;
}

uint64_t
pt_entry_read(uint64_t va, int level)
{
    uint64_t ma = pt_entry_maddr(va, level);
    uint64_t *table;

    if (!ma)
        return 0;
    table = table_va(ma >> PAGE_SHIFT);
    return table ? table[(ma & (PAGE_SIZE - 1)) / 8] : 0;
}

static void
map_shared_info(void)
{
    uint64_t pte = start_info->shared_info | _PAGE_PRESENT | _PAGE_RW |
                   _PAGE_ACCESSED | _PAGE_DIRTY;
    long rc;

    rc = HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)shared_info_page,
                                      pte, UVMF_INVLPG);
    if (rc) {
        printk("libguest: mapping shared_info failed: %ld\n", rc);
        guest_shutdown(SHUTDOWN_crash);
    }
    shared_info = (shared_info_t *)shared_info_page;
}

void
guest_start(start_info_t *si)
{
    start_info = si;
    p2m = (uint64_t *)si->mfn_list;
    map_shared_info();
    console_ring_init();
    guest_main();
    guest_shutdown(SHUTDOWN_crash);
}
