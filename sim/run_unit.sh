#!/bin/sh
# run_unit.sh SUMMARY BIN... - run cmocka test binaries, count test cases.
#
# Each binary's output (stdout and stderr) is printed as it is.  Counting
# uses cmocka's standard output: "[==========] Running N test(s)." gives the
# cases a group planned, "[       OK ]" lines the ones that passed; every
# planned case that did not pass failed -- which also counts the cases a
# crashing binary (ASan/UBSan abort, signal) never reached.  A binary that
# exits non-zero without a failed case, or plans nothing, adds one failure.
# A binary that runs longer than UNIT_TIMEOUT seconds (default 120) is
# stopped, reported, and run once more.
# Writes "unit: N passed, M failed" to SUMMARY; exit status 1 if M > 0.
summary=$1; shift
limit=${UNIT_TIMEOUT:-120}     # seconds per binary (the slowest takes ~10)
passed=0; failed=0
log=$(mktemp) || exit 1
for bin in "$@"; do
	echo "=== $bin"
	CMOCKA_MESSAGE_OUTPUT=STDOUT timeout -k 5 "$limit" "$bin" >"$log" 2>&1
	rc=$?
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		# Seen once: LeakSanitizer's exit-time tracer died and the binary
		# waited on it forever.  A hang is reported and run once more; a
		# second hang fails the binary.
		cat "$log"
		echo "=== $bin did not finish in $limit s (status $rc): running it once more"
		CMOCKA_MESSAGE_OUTPUT=STDOUT timeout -k 5 "$limit" "$bin" >"$log" 2>&1
		rc=$?
	fi
	cat "$log"
	planned=$(sed -n 's/^\[==========\] Running \([0-9][0-9]*\) test(s)\..*/\1/p' "$log" |
		awk '{ s += $1 } END { print s + 0 }')
	ok=$(grep -c '^\[       OK \]' "$log")
	bad=$((planned - ok))
	if [ "$rc" -ne 0 ] && [ "$bad" -le 0 ]; then
		bad=1
		echo "=== $bin exited with status $rc"
	fi
	passed=$((passed + ok)); failed=$((failed + bad))
done
rm -f "$log"
mkdir -p "$(dirname "$summary")"
echo "unit: $passed passed, $failed failed" | tee "$summary"
[ "$failed" -eq 0 ]
