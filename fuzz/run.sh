#!/bin/sh
# run.sh ENGINE HARNESS BINARY SECONDS - one fuzzing campaign.
#   ENGINE afl: afl-fuzz (persistent build), -V SECONDS, seeds fuzz/corpus/H,
#     dictionary fuzz/dict/H.dict if present; output build/fuzz/out/afl-H.
#   ENGINE libfuzzer: -max_total_time=SECONDS over a scratch copy of the
#     seeds (the committed corpus is never rewritten).
# Prints execs/s and edges; any crash is copied to fuzz/crashes/H/ and the
# exit status is 1 (afl-fuzz itself exits 0 even when it saved crashes).
engine=$1; h=$2; bin=$3; secs=$4
out=build/fuzz/out/$engine-$h
crashes=fuzz/crashes/$h
dict=fuzz/dict/$h.dict
rm -rf "$out"; mkdir -p "$out" "$crashes"
case $engine in
afl)
	dictarg=""; [ -f "$dict" ] && dictarg="-x $dict"
	# shellcheck disable=SC2086
	AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
	AFL_NO_AFFINITY=1 AFL_QUIET=1 ${AFL_EXTRA_ENV:-} \
		afl-fuzz -i "fuzz/corpus/$h" -o "$out" -V "$secs" $dictarg -- "$bin" \
		>"$out/afl.log" 2>&1
	st=$out/default/fuzzer_stats
	if [ ! -f "$st" ]; then
		tail -20 "$out/afl.log"; echo "afl $h: afl-fuzz did not run"; exit 1
	fi
	val() { sed -n "s/^$1 *: *//p" "$st"; }
	echo "afl $h: $(val execs_done) execs, $(val execs_per_sec) execs/s," \
		"edges $(val edges_found)/$(val total_edges), corpus $(val corpus_count)," \
		"crashes $(val saved_crashes), hangs $(val saved_hangs)"
	n=0
	for f in "$out"/default/crashes/id:*; do
		[ -f "$f" ] || continue
		n=$((n + 1)); cp "$f" "$crashes/afl-$(basename "$f" | cut -c1-9 | tr : -)-$(date +%s)"
	done
	[ "$n" -eq 0 ] || { echo "afl $h: $n CRASHES, copied to $crashes/"; exit 1; }
	;;
libfuzzer)
	dictarg=""; [ -f "$dict" ] && dictarg="-dict=$dict"
	mkdir -p "$out/corpus"
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -print_final_stats=1 $dictarg \
		-artifact_prefix="$crashes/lf-" "$out/corpus" "fuzz/corpus/$h" \
		>"$out/lf.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/lf.log")
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/lf.log")
	cov=$(grep -E '#[0-9]+' "$out/lf.log" | tail -1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/\1 edges, \2 features/p')
	echo "libfuzzer $h: $execs execs, $eps execs/s, $cov"
	if [ "$rc" -ne 0 ]; then
		grep -E 'ERROR|SUMMARY|oracle|fuzz_' "$out/lf.log" | head -5
		echo "libfuzzer $h: CRASH (exit $rc), reproducer in $crashes/"; exit 1
	fi
	;;
*)
	echo "run.sh: unknown engine $engine"; exit 2 ;;
esac
