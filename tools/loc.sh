#!/bin/sh
# loc.sh - lines of code per folder (non-blank, non-comment-only lines are
# not separated: this counts physical lines of source files, as `wc -l`).
cd "$(dirname "$0")/.." || exit 1
printf '%-28s %8s %8s\n' folder files lines
for d in src/hv/arch/x86 src/hv/arch/x86/boot src/hv/arch/x86/include/asm src/hv/arch/x86/pv src/hv/arch/x86/hvm src/hv/common src/hv/include \
         src/hv/lib src/hv/lib/include src/dom0 src/libguest spec/public sim fuzz proofs labs tests/unit tests/guests \
         tests/system tools; do
    [ -d "$d" ] || continue
    files=$(find "$d" -maxdepth 1 -type f \( -name '*.[chS]' -o -name '*.py' -o -name '*.sh' -o -name '*.mk' -o -name '*.lds.S' \) | wc -l)
    lines=$(find "$d" -maxdepth 1 -type f \( -name '*.[chS]' -o -name '*.py' -o -name '*.sh' -o -name '*.mk' \) -exec cat {} + 2>/dev/null | wc -l)
    printf '%-28s %8s %8s\n' "$d" "$files" "$lines"
done
