#!/usr/bin/env bash
# deps.sh [--check] [--list]
#
# Installs the Debian 12 packages xenolith needs (`make deps`; `make check`
# and `make run` call it first).  Quiet and quick (one dpkg-query) when all
# are present, so a fresh machine is always detected; no stamp file.
#   --check   only report missing packages; exit 1 if any
#   --list    print the package list
# As root: `apt-get update` once, then `apt-get install -y
# --no-install-recommends`.  Not root: prints the exact command, exits 1.
#
# Why each package (names checked with apt-cache policy on Debian 12):
#   gcc make binutils             hypervisor and hosted builds
#   clang lld llvm                libFuzzer harnesses, llvm-cov/llvm-symbolizer
#   libclang-rt-14-dev            clang-14 -fsanitize=fuzzer,address,undefined
#   libcmocka-dev                 hosted unit tests
#   python3                       system test runner, tools
#   cpio                          dom0's ramdisk (a cpio newc archive of domU images)
#   qemu-system-x86               QEMU 7.2 (seabios, ipxe-qemu, qemu-system-data
#                                 come as Depends)
#   bochs bochsbios vgabios       Bochs 2.7 with built-in debugger; the headless
#                                 `rfb` display plugin is in package bochs itself
#   bochs-x                       bochs Depends on one GUI package (bochs-wx |
#                                 bochs-gui); bochs-x is the smallest that also
#                                 gives `make bochs-run` a window under $DISPLAY
#   grub-pc-bin grub-common       GRUB i386-pc modules, grub-mkimage
#   xorriso mtools                ISO 9660 writer (mtools: only for EFI images)
#   lcov                          coverage reports
#   frama-c-base why3 cvc4 z3     proofs
#   afl++                         fuzzing
# --no-install-recommends is safe: everything used above is a Depends (checked
# with apt-cache depends: only bximage, qemu-utils, ovmf, qemu-block-extra,
# qemu-system-gui and documentation are Recommends).
set -euo pipefail

PACKAGES=(
    gcc make binutils
    clang lld llvm libclang-rt-14-dev
    libcmocka-dev python3 cpio
    qemu-system-x86
    bochs bochsbios vgabios bochs-x
    grub-pc-bin grub-common xorriso mtools
    lcov
    frama-c-base why3 cvc4 z3
    afl++
)

mode=install
case "${1:-}" in
    --check) mode=check ;;
    --list) printf '%s\n' "${PACKAGES[@]}"; exit 0 ;;
    "") ;;
    *) echo "usage: $0 [--check|--list]" >&2; exit 2 ;;
esac

missing() {
    local status
    # dpkg-query prints nothing usable for a package it has never seen.
    status=$(dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null || true)
    local p
    for p in "${PACKAGES[@]}"; do
        if ! printf '%s\n' "$status" | grep -q -x -F -e "$p	ii " ; then
            echo "$p"
        fi
    done
}

if ! command -v dpkg-query >/dev/null; then
    echo "deps: this is not a Debian-like system (no dpkg-query); install by hand: ${PACKAGES[*]}" >&2
    exit 1
fi

mapfile -t need < <(missing)
if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi

if [ "$mode" = check ]; then
    echo "deps: missing: ${need[*]}"
    exit 1
fi

cmd=(apt-get install -y --no-install-recommends "${need[@]}")
if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing packages: ${need[*]}" >&2
    echo "deps: run as root:  apt-get update && ${cmd[*]}" >&2
    exit 1
fi

echo "deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
log=${TMPDIR:-/tmp}/xl-deps-apt.log
apt-get update -q >"$log" 2>&1 || {
    tail -n 20 "$log" >&2
    echo "deps: apt-get update failed" >&2
    exit 1
}
"${cmd[@]}" -q -o Dpkg::Use-Pty=0 >>"$log" 2>&1 || {
    tail -n 40 "$log" >&2
    echo "deps: apt-get install failed (full log: $log)" >&2
    exit 1
}

mapfile -t still < <(missing)
if [ ${#still[@]} -ne 0 ]; then
    echo "deps: still missing after install: ${still[*]}" >&2
    exit 1
fi
echo "deps: done"
