#!/bin/sh
# summary.sh OUTDIR MODULE... - the one line of `make proofs`:
# "proofs: N passed, M failed" over the modules' .result files (a missing
# result counts as a failure).  Exit 1 if any module failed.
out=$1; shift
pass=0 fail=0
for m in "$@"; do
    if grep -q "^$m: PASS" "$out/$m.result" 2>/dev/null; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        [ -f "$out/$m.result" ] || echo "$m: FAIL (no result)" >&2
    fi
done
echo "proofs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
