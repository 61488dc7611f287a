/*
 * arch_sim.c - arch hooks for the hosted platform (see sim.h).
 *
 * Environment: hosted only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch_hooks.h>
#include <lib.h>
#include <mm.h>
#include <sim.h>

#define SIM_PAGE 4096ULL

jmp_buf *sim_panic_jmp;

static char *console_buf;
static size_t console_len, console_cap;
static unsigned char *machine_base;
static uint64_t machine_frames;
static int verbose = -1;          /* XL_SIM_VERBOSE set? -1: not read yet */

static void
console_grow(size_t need)
{
    size_t cap = console_cap != 0 ? console_cap : 4096;
    char *p;

    while (cap < need)
        cap *= 2;
    if (cap == console_cap)
        return;
    p = realloc(console_buf, cap);
    if (p == NULL)
        abort();
    console_buf = p;
    console_cap = cap;
}

void
arch_console_write(const char *s, size_t len)
{
    console_grow(console_len + len + 1);
    memcpy(console_buf + console_len, s, len);
    console_len += len;
    console_buf[console_len] = '\0';
    if (verbose < 0)
        verbose = getenv("XL_SIM_VERBOSE") != NULL;
    if (verbose)
        fwrite(s, 1, len, stderr);
}

const char *
sim_console_text(void)
{
    return console_buf != NULL ? console_buf : "";
}

size_t
sim_console_len(void)
{
    return console_len;
}

void
sim_console_clear(void)
{
    console_len = 0;
    if (console_buf != NULL)
        console_buf[0] = '\0';
}

void
sim_machine_fini(void)
{
    free(machine_base);
    machine_base = NULL;
    machine_frames = 0;
}

void
sim_machine_init(uint64_t nr_frames)
{
    void *p = NULL;

    sim_machine_fini();
    if (nr_frames == 0)
        return;
    if (nr_frames > SIZE_MAX / SIM_PAGE ||
        posix_memalign(&p, SIM_PAGE, nr_frames * SIM_PAGE) != 0) {
        fprintf(stderr, "sim: cannot allocate %llu frames\n",
                (unsigned long long)nr_frames);
        abort();
    }
    memset(p, 0, nr_frames * SIM_PAGE);
    machine_base = p;
    machine_frames = nr_frames;
}

uint64_t
sim_machine_frames(void)
{
    return machine_frames;
}

void *
arch_mfn_to_virt(uint64_t mfn)
{
    if (mfn >= machine_frames)
        panic("sim: mfn %#llx outside the machine (%llu frames)",
              (unsigned long long)mfn, (unsigned long long)machine_frames);
    return machine_base + mfn * SIM_PAGE;
}

uint64_t
arch_virt_to_mfn(const void *va)
{
    uintptr_t a = (uintptr_t)va, base = (uintptr_t)machine_base;

    if (machine_base == NULL || a < base ||
        a - base >= machine_frames * SIM_PAGE)
        panic("sim: %p is not machine memory", va);
    return (a - base) / SIM_PAGE;
}

void
arch_panic_halt(void)
{
    if (sim_panic_jmp != NULL)
        longjmp(*sim_panic_jmp, 1);
    /* All of it: a guest's console bytes may hold a NUL. */
    fprintf(stderr, "sim: unexpected panic; console so far:\n");
    fwrite(sim_console_text(), 1, sim_console_len(), stderr);
    fputc('\n', stderr);
    abort();
}
