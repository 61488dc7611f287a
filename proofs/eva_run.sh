#!/bin/sh
# eva_run.sh OUT RUN - one EVA run (proofs/README.md, EVA): runs 1-2
# over eva_driver.c ($EVA_SRCS, $EVA_OPTS), runs 3 and up over
# eva_hypercalls.c and the core ($EVA_HC_SRCS, $EVA_HC_OPTS).  Log
# OUT/eva-RUN.log; exit 1 if Frama-C fails or eva_alarms.sh counts more
# alarms than the run's entry in $EVA_MAX ("1:0 2:1 ...": README explains
# them).
out=$1 r=$2
max=$(echo "$EVA_MAX" | tr ' ' '\n' | sed -n "s/^$r://p")
case $r in
1|2) srcs=$EVA_SRCS opts=$EVA_OPTS inc= ;;
*) srcs=$EVA_HC_SRCS opts=$EVA_HC_OPTS inc="-include string.h" ;;
esac
echo "  EVA     run $r"
start=$(date +%s)
# shellcheck disable=SC2086
if ! frama-c -cpp-extra-args="-include proofs/prelude.h -include proofs/eva_atomics.h $inc -Isrc/hv/include -Ispec -Iproofs -DXL_EVA_RUN=$r" \
        $opts $srcs -then -report -report-classify > "$out/eva-$r.log" 2>&1; then
    tail -20 "$out/eva-$r.log"
    echo "eva: run $r: Frama-C failed"
    exit 1
fi
echo "eva: run $r: $(( $(date +%s) - start )) s wall"
sh proofs/eva_alarms.sh "$out/eva-$r.log" "$max"
