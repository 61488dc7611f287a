#!/bin/sh
# planted.sh FUZZDIR SECONDS [ROUNDS] - show that the oracles bite: each
# planted bug (core built with -DXL_PLANT_BUG=n, see fuzz/README.md) must
# be found by each engine within SECONDS, in every one of ROUNDS runs
# (default 1; round r fixes the engines' random seed to r: afl-fuzz -s r,
# libFuzzer -seed=r).  PLANT_BUGS / PLANT_ENGINES narrow the runs.
#
# Seeds, per bug: committed seeds of the bug's subsystem that hold the
# ingredients of the trigger but not the trigger (each is first replayed
# through the planted build and must pass there: a seed that already
# crashes it would make a test that cannot fail):
#   bug 1  boot.bin          the toolstack gives each domain frames; no
#                            table exists yet
#   bug 2  mmuext-misc.bin   tables built, pinned, loaded, flushed; nothing
#                            is ever unpinned
#   bug 3  evtchn-local.bin  ports in every local state and a port offered
#                            to d0 that is never bound across domains
# (One seed set for all three does not work for AFL++: a seed rich in new
# edges, such as boot.bin, keeps the first havoc stage busy for the whole
# minute while the other seed is never picked.)
#
# Every find is replayed: the planted replay build must fail on it and the
# real core's replay build must pass (else it is a real bug: reported, and
# the exit status is 1).  Finds are written to build/fuzz/planted/<h>/
# (bug<n>-<engine>-r<round>.bin); committed reproducers in fuzz/planted/
# are never touched.  Prints per run the seconds and executions to the
# first crash and the oracle that fired, then min/median/max per bug and
# engine; the table is also in build/fuzz-planted.txt.  Exit 1 if any run
# missed.
dir=$1; secs=$2; rounds=${3:-1}
bugs=${PLANT_BUGS:-1 2 3}; engines=${PLANT_ENGINES:-afl libfuzzer}
h=hypercall
found=build/fuzz/planted/$h
table=build/fuzz-planted.txt
seeds_of() {
	case $1 in 1) echo boot ;; 2) echo mmuext-misc ;; 3) echo evtchn-local ;; esac
}
dict=fuzz/dict/$h.dict
mkdir -p "$found"
: >"$table"
say() { echo "$*" | tee -a "$table"; }
now() { date +%s.%N; }
# min/median/max of the arguments (999999: a miss, or not known); the
# median of an even count is the lower middle one.
stats() {
	for x in "$@"; do echo "$x"; done | sort -g | awk '
		function f(v) { return v == 999999 ? "-" : v ~ /\./ ? sprintf("%.2f", v) : v }
		{ v[NR] = $1 }
		END { printf "%s/%s/%s\n", f(v[1]), f(v[int((NR + 1) / 2)]), f(v[NR]) }'
}

# The seeds of each bug: copied, and checked not to trigger it.
for n in $bugs; do
	seed=build/fuzz/out/planted-seed-$n
	rm -rf "$seed"; mkdir -p "$seed"
	for s in $(seeds_of "$n"); do cp "fuzz/corpus/$h/$s.bin" "$seed/" || exit 2; done
	if ! "$dir/replay-p$n/fuzz_$h" "$seed" >"$seed.log" 2>&1; then
		cat "$seed.log"
		echo "planted.sh: a seed of bug $n already triggers it"; exit 2
	fi
done

missed=0; real=0
say "$(printf '%-4s %-10s %-5s %-9s %-9s %s' bug engine round seconds execs oracle)"
for n in $bugs; do
	for engine in $engines; do
		times=""; counts=""
		for r in $(seq 1 "$rounds"); do
			out=build/fuzz/out/planted-$engine-$n-r$r
			rm -rf "$out"; mkdir -p "$out/corpus"
			seed=build/fuzz/out/planted-seed-$n
			t0=$(now)
			if [ "$engine" = afl ]; then
				AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
				AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_BENCH_UNTIL_CRASH=1 \
					afl-fuzz -s "$r" -i "$seed" -o "$out" -V "$secs" \
					-x "$dict" -- "$dir/afl-p$n/fuzz_$h" \
					>"$out/log" 2>&1
				crash=$(ls "$out"/default/crashes/id:* 2>/dev/null | head -1)
				execs=$(echo "$crash" | sed -n 's/.*,execs:\([0-9]*\).*/\1/p')
			else
				"$dir/lf-p$n/fuzz_$h" -seed="$r" -max_total_time="$secs" \
					-print_final_stats=1 -dict="$dict" \
					-artifact_prefix="$out/" "$out/corpus" "$seed" \
					>"$out/log" 2>&1
				crash=$(ls "$out"/crash-* "$out"/leak-* 2>/dev/null | head -1)
				execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log")
			fi
			t=$(echo "$(now) - $t0" | bc)
			if [ -z "$crash" ]; then
				say "$(printf '%-4s %-10s %-5s %-9s %-9s %s' "$n" "$engine" "$r" "> $secs" - MISSED)"
				missed=$((missed + 1)); times="$times 999999"
				counts="$counts 999999"; continue
			fi
			keep=$found/bug$n-$engine-r$r.bin
			cp "$crash" "$keep"
			why=$("$dir/replay-p$n/fuzz_$h" "$keep" 2>&1 | tr -d '\000' |
				grep -a -m1 -oE 'op [0-9]+: .*|Panic: .*|ERROR: [A-Za-z]+: [a-z-]+' |
				cut -c1-60)
			if "$dir/replay-p$n/fuzz_$h" "$keep" >/dev/null 2>&1; then
				why="NOT REPRODUCIBLE by replay-p$n"; real=$((real + 1))
			elif ! "$dir/replay/fuzz_$h" "$keep" >/dev/null 2>&1; then
				why="REAL BUG: fails on the real core too"; real=$((real + 1))
			fi
			times="$times $t"; counts="$counts ${execs:-999999}"
			say "$(printf '%-4s %-10s %-5s %-9.2f %-9s %s' "$n" "$engine" "$r" "$t" "${execs:-?}" "$why")"
		done
		say "     bug $n $engine: $rounds rounds (min/median/max): seconds $(stats $times), executions $(stats $counts)"
	done
done
if [ "$real" -ne 0 ]; then
	say "fuzz-planted: $real finds not explained by the planted bug (see above)"; exit 1
fi
[ "$missed" -eq 0 ] && say "fuzz-planted: every planted bug found by every engine in every round" ||
	{ say "fuzz-planted: $missed runs missed"; exit 1; }
