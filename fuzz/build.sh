#!/bin/bash -eu
# build.sh - OSS-Fuzz / ClusterFuzzLite build script for xenolith's fuzzers.
#
# Run from the repository root by the fuzzing service's builder with the
# usual environment: $CC, $CFLAGS (sanitizer and coverage flags of the
# chosen engine), $CXX and $CXXFLAGS for the link (the engines' libraries
# are C++, so OSS-Fuzz links C projects with $CXX), $LIB_FUZZING_ENGINE
# (-fsanitize=fuzzer, or an AFL++/honggfuzz driver library), $OUT.
# Each harness is one source (fuzz/fuzz_<h>.c) linked with the portable core,
# the hosted platform (sim/) and the xenstore core, all compiled with the
# same flags; seeds go to $OUT/fuzz_<h>_seed_corpus.zip and dictionaries to
# $OUT/fuzz_<h>.dict.
# Local try (what make fuzz-oss does, into build/oss-fuzz):
#   CC=clang CFLAGS="-g -O1 -fsanitize=address,undefined \
#   -fsanitize=fuzzer-no-link" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
#   OUT=/tmp/out fuzz/build.sh
: "${CC:=clang}" "${CFLAGS:=}" "${CXX:=clang++}" "${CXXFLAGS:=$CFLAGS}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}" "${OUT:=build/oss-fuzz}"
set -eu                 # also when run as "bash build.sh"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)     # the seed zips are written from another directory
work=${WORK:-$(mktemp -d)}
inc="-std=gnu11 -Isrc/hv/include -Isim -Ispec -Ifuzz -Wno-unused-function"
mkdir -p "$OUT" "$work/obj"
objs=()
for src in src/hv/common/*.c sim/*.c src/dom0/xs_core.c; do
	o="$work/obj/$(echo "$src" | tr / _).o"
	# shellcheck disable=SC2086
	$CC $CFLAGS $inc -c "$src" -o "$o"
	objs+=("$o")
done
for src in fuzz/fuzz_*.c; do
	h=$(basename "$src" .c)
	# shellcheck disable=SC2086
	$CC $CFLAGS $inc -c "$src" -o "$work/obj/$h.o"
	# shellcheck disable=SC2086
	$CXX $CXXFLAGS "$work/obj/$h.o" "${objs[@]}" $LIB_FUZZING_ENGINE -o "$OUT/$h"
	name=${h#fuzz_}
	if [ -d "fuzz/corpus/$name" ]; then
		(cd "fuzz/corpus/$name" && zip -q -r "$OUT/${h}_seed_corpus.zip" .)
	fi
	if [ -f "fuzz/dict/$name.dict" ]; then
		cp "fuzz/dict/$name.dict" "$OUT/$h.dict"
	fi
done
