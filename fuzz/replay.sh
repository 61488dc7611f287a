#!/bin/sh
# replay.sh SUMMARY BINDIR HARNESS... - replay every committed input of each
# harness through its replay build BINDIR/fuzz_<h>: the seed corpus
# fuzz/corpus/<h>/, the reproducers of real bugs fuzz/crashes/<h>/ and of
# planted bugs fuzz/planted/<h>/ (all must pass on the real core).  Each
# planted reproducer, named bug<n>-<what>.bin, must also FAIL on the
# planted replay build BINDIR-p<n>/fuzz_<h>: the oracles still catch bug n
# (counted as one more check).
# Writes "fuzz: N passed, M failed" (N checks passed) to SUMMARY;
# exit status 1 if any check failed or a binary could not run.
summary=$1; bindir=$2; shift 2
passed=0; failed=0; caught=0
log=$(mktemp) || exit 1
for h in "$@"; do
	dirs=""
	for d in fuzz/corpus/$h fuzz/crashes/$h fuzz/planted/$h; do
		[ -d "$d" ] && dirs="$dirs $d"
	done
	[ -n "$dirs" ] || continue
	# shellcheck disable=SC2086
	"$bindir/fuzz_$h" $dirs >"$log" 2>&1
	grep '^FAIL' "$log"
	line=$(grep -E "^fuzz_$h: [0-9]+ passed, [0-9]+ failed" "$log")
	if [ -z "$line" ]; then
		cat "$log"; failed=$((failed + 1)); continue
	fi
	echo "  $line"
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
	q=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	passed=$((passed + p)); failed=$((failed + q))
	for f in fuzz/planted/"$h"/*; do
		[ -f "$f" ] || continue
		n=$(basename "$f" | sed -n 's/^bug\([0-9]\)-.*/\1/p')
		if [ -z "$n" ] || [ ! -x "$bindir-p$n/fuzz_$h" ]; then
			echo "FAIL $f (not bug<n>-*, or no planted build $bindir-p$n)"
			failed=$((failed + 1)); continue
		fi
		if "$bindir-p$n/fuzz_$h" "$f" >"$log" 2>&1; then
			echo "FAIL $f (planted bug $n not caught: passes on $bindir-p$n)"
			failed=$((failed + 1))
		else
			passed=$((passed + 1)); caught=$((caught + 1))
		fi
	done
done
[ "$caught" -eq 0 ] || echo "  planted: $caught reproducers caught by their planted builds" 
rm -f "$log"
mkdir -p "$(dirname "$summary")"
echo "fuzz: $passed passed, $failed failed" | tee "$summary"
[ "$failed" -eq 0 ]
