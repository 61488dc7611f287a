#!/usr/bin/env python3
"""gen_elf32.py - ELF32 seeds of fuzz_elf, from the committed ELF64 ones.

Usage: python3 fuzz/gen_elf32.py   (from the repository root)

The loader takes ELF32 for PVH kernels only.  Each seed re-encodes an ELF64
seed's headers as ELF32 in place, as tests/unit/test_elf_loader.c's
fx_to_elf32() does: the 52-byte header and 32-byte program headers fit in
the room of the 64-bit ones, the data stays at its offsets, no sections.
Names bad-* are refused (test_fuzz_corpus checks that), the others accepted.
"""
import os
import struct

SEEDS = {                       # name: (ELF64 seed, e_machine)
    "pvh32.elf": ("pvh.elf", 3),                    # EM_386 PVH kernel
    "bad-elf32-x86_64.elf": ("pvh.elf", 62),        # 32-bit, EM_X86_64
    "bad-elf32-pv.elf": ("pv64.elf", 3),            # 32-bit, no PHYS32_ENTRY
}


def to_elf32(img, machine):
    (e_type, _, e_version, e_entry, e_phoff, _, e_flags, _, e_phentsize,
     e_phnum, _, _, _) = struct.unpack_from("<HHIQQQIHHHHHH", img, 16)
    assert e_phentsize == 56
    end = e_phoff + 56 * e_phnum
    phdrs = [struct.unpack_from("<IIQQQQQQ", img, e_phoff + 56 * i)
             for i in range(e_phnum)]
    out = bytearray(img)
    out[:end] = bytes(end)
    out[:16] = img[:16]
    out[4] = 1                                      # ELFCLASS32
    struct.pack_into("<HHIIIIIHHHHHH", out, 16, e_type, machine, e_version,
                     e_entry & 0xffffffff, 52, 0, e_flags, 52, 32, e_phnum,
                     40, 0, 0)
    for i, (p_type, p_flags, off, va, pa, filesz, memsz, align) in enumerate(phdrs):
        struct.pack_into("<IIIIIIII", out, 52 + 32 * i, p_type, off,
                         va & 0xffffffff, pa & 0xffffffff, filesz, memsz,
                         p_flags, align)
    return bytes(out)


def main():
    cdir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "elf")
    for name, (src, machine) in SEEDS.items():
        with open(os.path.join(cdir, src), "rb") as f:
            img = f.read()
        with open(os.path.join(cdir, name), "wb") as f:
            f.write(to_elf32(img, machine))
    print("wrote %d ELF32 seeds to %s" % (len(SEEDS), cdir))


if __name__ == "__main__":
    main()
