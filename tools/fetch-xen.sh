#!/bin/sh
# tools/fetch-xen.sh - fetch Debian's Xen 4.17 hypervisor as the reference
# that xenolith's PV test kernels must also pass on (make xen-compare).
#
# Downloads the package with `apt-get download` (no install), unpacks it
# with `dpkg-deb -x` into build/xen/, and gunzips the hypervisor image to
# build/xen/xen.  Running it again when build/xen/xen exists does nothing.
#
# Usage: tools/fetch-xen.sh [BUILD_DIR]     (default: build)
set -eu

PKG=xen-hypervisor-4.17-amd64
BUILD=${1:-build}
OUT=$BUILD/xen

if [ -s "$OUT/xen" ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
    echo "fetch-xen: needs apt-get and dpkg-deb (a Debian or Ubuntu host)" >&2
    exit 1
fi

mkdir -p "$OUT/pkg"
ROOT_DIR=$(cd "$OUT" && pwd)

# apt-get download works without root when the package lists are present;
# only refreshing the lists needs root.
deb=$(ls "$ROOT_DIR"/${PKG}_*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
    if ! apt-cache show "$PKG" >/dev/null 2>&1; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "fetch-xen: apt does not know $PKG and refreshing the lists needs root:" >&2
            echo "    sudo apt-get update && tools/fetch-xen.sh $BUILD" >&2
            exit 1
        fi
        echo "fetch-xen: apt-get update"
        apt-get update -q >/dev/null || {
            echo "fetch-xen: apt-get update failed (offline?)" >&2; exit 1; }
    fi
    echo "fetch-xen: apt-get download $PKG"
    # _apt cannot write into a root-owned directory outside /var/cache;
    # apt then downloads as root and warns, which is harmless.
    if ! (cd "$ROOT_DIR" && apt-get download -q "$PKG" 2>&1 | grep -v '^W: Download is performed unsandboxed'); then
        :
    fi
    deb=$(ls "$ROOT_DIR"/${PKG}_*.deb 2>/dev/null | head -n 1 || true)
    if [ -z "$deb" ]; then
        echo "fetch-xen: could not download $PKG (offline, or no deb.debian.org bookworm source?)" >&2
        exit 1
    fi
fi

dpkg-deb -x "$deb" "$ROOT_DIR/pkg"
gz=$(ls "$ROOT_DIR"/pkg/boot/xen-4.17*-amd64.gz 2>/dev/null | head -n 1 || true)
if [ -z "$gz" ]; then
    echo "fetch-xen: no boot/xen-4.17*-amd64.gz inside $deb" >&2
    exit 1
fi
gunzip -c "$gz" > "$OUT/xen.tmp"
mv "$OUT/xen.tmp" "$OUT/xen"
echo "fetch-xen: $OUT/xen from $(basename "$deb")"
