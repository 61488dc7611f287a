/*
 * asm/multiboot.h - what the Multiboot1 loader hands over, as start_xen
 * keeps it.
 *
 * Where it runs: hypervisor only.  multiboot_parse() copies everything it
 * needs out of the loader's structures (which live in memory that is later
 * handed to the frame allocator) into struct boot_info.
 */
#ifndef ASM_X86_MULTIBOOT_H
#define ASM_X86_MULTIBOOT_H

#include <stdint.h>
#include <memmap.h>

#define MAX_BOOT_MODULES    8
#define BOOT_CMDLINE_MAX    1024
#define MODULE_CMDLINE_MAX  256

struct boot_module {
    uint64_t start, end;                 /* physical, [start, end) */
    char cmdline[MODULE_CMDLINE_MAX];
};

struct boot_info {
    char cmdline[BOOT_CMDLINE_MAX];      /* without the image name */
    char loader[64];
    struct memmap memmap;
    unsigned int nr_modules;
    struct boot_module modules[MAX_BOOT_MODULES];
    uint64_t mbi_start, mbi_end;
};

/* Returns 0, or a negative errno with a message already printed. */
int multiboot_parse(uint32_t magic, uint32_t mbi_pa, struct boot_info *bi);

#endif /* ASM_X86_MULTIBOOT_H */
