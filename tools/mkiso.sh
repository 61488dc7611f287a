#!/usr/bin/env bash
# mkiso.sh OUT.iso KERNEL "CMDLINE" [MODULE[:CMDLINE]...]
#
# Builds a BIOS (i386-pc, El Torito no-emulation) GRUB ISO that boots KERNEL
# with the multiboot command line CMDLINE, followed by the given boot modules
# in order (the first is dom0's kernel, the second its ramdisk).  A module's
# own command line follows a ':' (MODULE:CMDLINE); every file is put in /boot/.
#
# Design choices (measured on Debian 12, GRUB 2.06, xorriso 1.5.4):
#  * Built with grub-mkimage + xorriso directly rather than grub-mkrescue:
#    grub-mkrescue stamps the current time into the volume date *and* into
#    the "search --fs-uuid" of the embedded core image, so its ISOs are never
#    byte-identical.  Here: SOURCE_DATE_EPOCH (default 1) pins every date, and
#    the same inputs give the same image.  ~0.15 s, ~0.6 MB + your files
#    (grub-mkrescue with all modules/fonts/themes: ~1 s, ~5 MB).
#  * All GRUB modules the config needs are linked into the core image, so no
#    .mod files are on the ISO, only GRUB's *.lst indexes.  CD boot only (no
#    hybrid MBR for USB sticks); root is the boot CD.
#  * GRUB's terminal stays on the VGA console.  GRUB on the serial port
#    (serial --unit=0; terminal_output serial) writes ANSI escapes and a screen
#    clear into COM1 ahead of the kernel's first line, i.e. into the log that
#    the system tests read.  MKISO_SERIAL=1 puts GRUB on COM1 too (by hand).
#  * timeout=0: no menu delay.
#  * Command lines: GRUB 2 hands the kernel and each module only the ARGS after
#    the path ("console=com1"), while QEMU -kernel/-initrd hands over
#    "PATH ARGS" ("kernel console=com1").  The multiboot boot_loader_name tells
#    them apart ("GRUB 2.06-..." vs "qemu"), as Xen does.
set -euo pipefail

usage() { echo "usage: $0 OUT.iso KERNEL \"CMDLINE\" [MODULE[:CMDLINE]...]" >&2; exit 2; }
[ $# -ge 3 ] || usage

out=$1 kernel=$2 cmdline=$3
shift 3

grubdir=${GRUB_PC_DIR:-/usr/lib/grub/i386-pc}
for tool in grub-mkimage xorriso; do
    command -v "$tool" >/dev/null || { echo "$0: $tool not found (run: make deps)" >&2; exit 1; }
done
[ -f "$grubdir/moddep.lst" ] || { echo "$0: $grubdir missing (package grub-pc-bin; run: make deps)" >&2; exit 1; }
[ -f "$kernel" ] || { echo "$0: kernel '$kernel' not found" >&2; exit 1; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/xl-iso.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/xl-iso-log.XXXXXX")
trap 'rm -rf "$stage" "$log" "${tmp_out:-}"' EXIT
mkdir -p "$stage/boot/grub/i386-pc"
cp "$grubdir"/*.lst "$stage/boot/grub/i386-pc/"

cp "$kernel" "$stage/boot/xenolith"

cfg=$stage/boot/grub/grub.cfg
{
    echo "set timeout=0"
    echo "set default=0"
    if [ "${MKISO_SERIAL:-0}" = 1 ]; then
        echo "serial --unit=0 --speed=115200"
        echo "terminal_input serial console"
        echo "terminal_output serial console"
    fi
    echo "menuentry 'xenolith' {"
    printf '    multiboot /boot/xenolith%s\n' "${cmdline:+ $cmdline}"
    declare -A seen=([xenolith]=1)
    for spec in "$@"; do
        path=${spec%%:*}
        mcmd=""
        [ "$path" != "$spec" ] && mcmd=${spec#*:}
        [ -f "$path" ] || { echo "$0: module '$path' not found" >&2; exit 1; }
        name=$(basename "$path")
        [ -z "${seen[$name]:-}" ] || { echo "$0: two modules named '$name'" >&2; exit 1; }
        seen[$name]=1
        cp "$path" "$stage/boot/$name"
        printf '    module /boot/%s%s\n' "$name" "${mcmd:+ $mcmd}"
    done
    echo "    boot"
    echo "}"
} > "$cfg"

grub-mkimage -d "$grubdir" -O i386-pc-eltorito -p /boot/grub \
    -o "$stage/boot/grub/i386-pc/eltorito.img" \
    biosdisk iso9660 multiboot normal configfile serial terminal echo test

# Deterministic dates everywhere in the image (xorriso honours SOURCE_DATE_EPOCH
# for the volume dates and UUID; the file dates come from the staged mtimes).
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1}
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$(dirname "$out")"
tmp_out="$out.tmp.$$"
if ! xorriso -as mkisofs -quiet -R -V XENOLITH -o "$tmp_out" \
        -b boot/grub/i386-pc/eltorito.img -no-emul-boot \
        -boot-load-size 4 -boot-info-table "$stage" >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
mv -f "$tmp_out" "$out"
tmp_out=
