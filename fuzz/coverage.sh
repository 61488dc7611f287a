#!/bin/sh
# coverage.sh COVDIR OUTDIR MIN_LINES MIN_BRANCHES "TEST_BINS" "HARNESSES"
# Line and branch coverage (gcov/lcov) of the core from the unit tests and
# the replay of every committed fuzz input, built with --coverage in COVDIR.
# HTML report in OUTDIR/index.html.  Fails when src/hv/common/ is under
# MIN_LINES % of lines or MIN_BRANCHES % of branches (parsed from lcov
# --summary: lcov 1.16 enforces no threshold itself), and likewise when
# src/dom0/xs_core.c (the xenstore core) is.
covdir=$1; out=$2; min_l=$3; min_b=$4; tests=$5; harnesses=$6
rc="--rc lcov_branch_coverage=1"
find "$covdir" -name '*.gcda' -delete
for t in $tests; do "$t" >/dev/null 2>&1 || echo "coverage: $t failed"; done
for h in $harnesses; do
	dirs=""
	for d in fuzz/corpus/$h fuzz/crashes/$h fuzz/planted/$h; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	# shellcheck disable=SC2086
	"$covdir/fuzz_$h" $dirs | tail -1
done
mkdir -p "$out"
# shellcheck disable=SC2086
lcov $rc --quiet --capture --directory "$covdir" --output-file "$out/all.info" &&
lcov $rc --quiet --extract "$out/all.info" "$(pwd)/src/hv/common/*" \
	--output-file "$out/core.info" &&
genhtml $rc --quiet --branch-coverage --output-directory "$out" "$out/core.info" ||
	{ echo "coverage: lcov failed"; exit 1; }
lcov $rc --summary "$out/core.info" 2>&1 | tee "$out/summary.txt"
pct() { sed -n "s/^ *$1\.*: \([0-9.]*\)%.*/\1/p" "$out/summary.txt"; }
l=$(pct lines); b=$(pct branches)
echo "coverage: src/hv/common lines $l% (min $min_l), branches $b% (min $min_b); report $out/index.html"
ok=1
awk -v l="$l" -v b="$b" -v ml="$min_l" -v mb="$min_b" \
	'BEGIN { exit !(l != "" && b != "" && l + 0 >= ml && b + 0 >= mb) }' || ok=0
# dom0's xenstore core (src/dom0/xs_core.c) is portable code tested the
# same way: its own line, the same thresholds.
lcov $rc --quiet --extract "$out/all.info" "$(pwd)/src/dom0/xs_core.c" \
	--output-file "$out/xs_core.info" &&
lcov $rc --summary "$out/xs_core.info" > "$out/xs_core-summary.txt" 2>&1 ||
	{ echo "coverage: lcov failed (xs_core)"; exit 1; }
xpct() { sed -n "s/^ *$1\.*: \([0-9.]*\)%.*/\1/p" "$out/xs_core-summary.txt"; }
xl=$(xpct lines); xb=$(xpct branches)
echo "coverage: src/dom0/xs_core.c lines $xl% (min $min_l), branches $xb% (min $min_b)"
awk -v l="$xl" -v b="$xb" -v ml="$min_l" -v mb="$min_b" \
	'BEGIN { exit !(l != "" && b != "" && l + 0 >= ml && b + 0 >= mb) }' || ok=0
[ "$ok" = 1 ] || { echo "coverage: BELOW THRESHOLD"; exit 1; }
