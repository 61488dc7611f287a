#!/bin/sh
# summary.sh - add up the per-layer summaries of `make check` into the one
# closing line `check: N passed, M failed`.  A missing summary file means
# that layer did not run to the end: it counts as one failure.
# usage: summary.sh SUMMARY_FILE...
passed=0
failed=0
for f in "$@"; do
    line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$f" 2>/dev/null | tail -n 1)
    if [ -z "$line" ]; then
        echo "summary: $f is missing: that layer did not finish"
        failed=$((failed + 1))
        continue
    fi
    echo "  $line"
    p=$(echo "$line" | sed -E 's/^[a-z-]+: ([0-9]+) passed.*/\1/')
    q=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    passed=$((passed + p))
    failed=$((failed + q))
done
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
