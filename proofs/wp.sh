#!/bin/sh
# wp.sh - prove one module with Frama-C WP + RTE and judge the result.
#
# Environment: build host (make proofs); proofs only.
#
# usage: wp.sh MODULE OUTDIR "SRC..." "FUNCTION..." ["PROPERTY..."] ["OPTION..."] ["CPPFLAG..."]
# (an empty FUNCTION list proves everything in SRC..., lemmas included; a
# PROPERTY list restricts the goals to those named properties, -wp-prop,
# so RTE and every other property of the functions are NOT proved: the
# README says so for each such module; a name with a leading '-' instead
# removes only that property, every other goal stays; OPTION... are extra
# WP options of the module, e.g. -wp-split: more, smaller goals, never fewer;
# CPPFLAG... are extra preprocessor flags, e.g. -DXL_PROOFS_NO_MASKS: the
# module is proved without prelude.h's mask axioms and lemmas)
#
# Runs frama-c -wp -wp-rte on SRC..., restricted to the listed functions
# (their contracts, their RTE guards, their loop annotations; every callee's
# contract is assumed), cvc4 first and z3 second, with the why3
# configuration OUTDIR/why3.conf and no proof cache.  Writes
#   OUTDIR/MODULE.log     the Frama-C output
#   OUTDIR/MODULE.json    -wp-report-json
#   OUTDIR/MODULE.result  one line: "MODULE: PASS|FAIL valid/total (baseline B) reason"
# and exits 1 on FAIL.  Frama-C exits 0 even with unproved goals, so the
# verdict comes from the JSON report: FAIL when valid < total, when valid is
# below the committed baseline proofs/baselines/MODULE.json, when the
# report is missing, or when Frama-C itself failed (parse error, ...).
set -u
mod=$1 out=$2 srcs=$3 fcts=$4 props=${5:-} opts=${6:-} cppflags=${7:-}
: "${WP_TIMEOUT:=20}"
: "${WP_PAR:=$(nproc)}"
log=$out/$mod.log json=$out/$mod.json res=$out/$mod.result
base=proofs/baselines/$mod.json
rm -f "$json" "$res"
mkdir -p "$out"

fct_list=$(echo $fcts | tr ' ' ',')
# No function list: every goal of the sources (lemmas are only proved so).
fct_opt=${fct_list:+-wp-fct $fct_list}
prop_list=$(echo $props | tr ' ' ',')
# '=' so that a list starting with a removal (-name) is not read as an option
prop_opt=${prop_list:+-wp-prop=$prop_list}
start=$(date +%s)
# shellcheck disable=SC2086
WHY3CONFIG=$out/why3.conf frama-c \
    -cpp-extra-args="-include proofs/prelude.h -Isrc/hv/include -Ispec -Iproofs${cppflags:+ $cppflags}" \
    -machdep x86_64 -c11 \
    -wp -wp-rte $fct_opt $prop_opt $opts \
    -wp-prover cvc4,z3 -wp-timeout "$WP_TIMEOUT" -wp-par "$WP_PAR" \
    -wp-cache none -wp-session "$out/$mod.session" \
    -wp-report-json "$json" \
    $srcs > "$log" 2>&1
rc=$?
secs=$(( $(date +%s) - start ))

python3 - "$mod" "$json" "$base" "$rc" "$secs" "$log" > "$res" <<'PY'
import json, sys, re
mod, jpath, bpath, rc, secs, logp = sys.argv[1:7]
def verdict(ok, v, t, b, why):
    print("%s: %s %s/%s goals (baseline %s) %ss%s" %
          (mod, "PASS" if ok else "FAIL", v, t, b, secs, why and " - " + why))
    sys.exit(0)
try:
    base = json.load(open(bpath))["proved"]
except Exception:
    base = None
log = open(logp, errors="replace").read()
if rc != "0" or re.search(r"User Error|Plug-in .* aborted|fatal error", log):
    verdict(False, "?", "?", base, "frama-c failed, see " + logp)
try:
    main = json.load(open(jpath))["wp:global"]["wp:main"]
except Exception:
    verdict(False, "?", "?", base, "no report " + jpath)
total, valid = main.get("total", 0), main.get("valid", 0)
if total == 0:
    verdict(False, valid, total, base, "no goals: functions not found?")
if base is None:
    verdict(False, valid, total, base, "no committed baseline " + bpath)
if valid < base:
    verdict(False, valid, total, base, "proved count fell below the baseline")
if valid < total:
    bad = [g for f in json.load(open(jpath)).get("wp:functions", {}).values()
             for g, s in f.items() if s.get("wp:main", {}).get("valid", 0) < s.get("wp:main", {}).get("total", 0)]
    verdict(False, valid, total, base, "unproved: " + " ".join(sorted(bad)[:8]))
verdict(True, valid, total, base, "")
PY
cat "$res"
grep -q "^$mod: PASS" "$res"
