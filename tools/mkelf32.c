/*
 * mkelf32 - wrap the hypervisor's flat image in a 32-bit ELF container.
 *
 * Where it runs: build host.
 *
 * QEMU's -kernel refuses 64-bit ELF files for Multiboot, and GRUB loads a
 * Multiboot ELF by its physical addresses.  The hypervisor is linked in the
 * upper half, so objcopy cannot simply relabel it as ELF32.  Instead this
 * writes an ELF32 header and one PT_LOAD program header whose virtual and
 * physical addresses are both the load address, followed by the flat
 * image (objcopy -O binary of the 64-bit link, .bss included as zeros).
 *
 * usage: mkelf32 IMAGE.bin OUT.elf LOAD_PADDR ENTRY_PADDR
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA_OFFSET 0x1000u

struct elf32_ehdr {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf32_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static uint32_t parse_u32(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 0);

    if (*s == '\0' || *end != '\0' || v > 0xffffffffull) {
        fprintf(stderr, "mkelf32: '%s' is not a 32-bit number\n", s);
        exit(1);
    }
    return (uint32_t)v;
}

int main(int argc, char **argv)
{
    struct elf32_ehdr eh;
    struct elf32_phdr ph;
    static unsigned char pad[DATA_OFFSET];
    FILE *in, *out;
    unsigned char *buf;
    long size;

    if (argc != 5) {
        fprintf(stderr, "usage: mkelf32 IMAGE.bin OUT.elf LOAD_PADDR ENTRY_PADDR\n");
        return 2;
    }
    in = fopen(argv[1], "rb");
    if (!in)
        die(argv[1]);
    if (fseek(in, 0, SEEK_END) || (size = ftell(in)) <= 0 || fseek(in, 0, SEEK_SET))
        die("mkelf32: sizing input");
    buf = malloc((size_t)size);
    if (!buf || fread(buf, 1, (size_t)size, in) != (size_t)size)
        die("mkelf32: reading input");
    fclose(in);

    memset(&eh, 0, sizeof(eh));
    memcpy(eh.ident, "\177ELF", 4);
    eh.ident[4] = 1;                    /* ELFCLASS32 */
    eh.ident[5] = 1;                    /* little endian */
    eh.ident[6] = 1;                    /* EV_CURRENT */
    eh.type = 2;                        /* ET_EXEC */
    eh.machine = 3;                     /* EM_386 */
    eh.version = 1;
    eh.entry = parse_u32(argv[4]);
    eh.phoff = sizeof(eh);
    eh.ehsize = sizeof(eh);
    eh.phentsize = sizeof(ph);
    eh.phnum = 1;

    memset(&ph, 0, sizeof(ph));
    ph.type = 1;                        /* PT_LOAD */
    ph.offset = DATA_OFFSET;
    ph.vaddr = ph.paddr = parse_u32(argv[3]);
    ph.filesz = ph.memsz = (uint32_t)size;
    ph.flags = 7;                       /* RWX */
    ph.align = 0x1000;

    out = fopen(argv[2], "wb");
    if (!out)
        die(argv[2]);
    if (fwrite(&eh, sizeof(eh), 1, out) != 1 || fwrite(&ph, sizeof(ph), 1, out) != 1 ||
        fwrite(pad, 1, DATA_OFFSET - sizeof(eh) - sizeof(ph), out) != DATA_OFFSET - sizeof(eh) - sizeof(ph) ||
        fwrite(buf, 1, (size_t)size, out) != (size_t)size || fclose(out))
        die("mkelf32: writing output");
    free(buf);
    return 0;
}
