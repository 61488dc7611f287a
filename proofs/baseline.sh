#!/bin/sh
# baseline.sh OUTDIR MODULE... - record the proved goal counts of the last
# run as proofs/baselines/MODULE.json, for modules whose every goal was
# proved.  Run by hand (make proofs-baseline) and commit the files: a
# baseline only ever moves by a reviewed commit.
out=$1; shift
for m in "$@"; do
    r=$(cat "$out/$m.result" 2>/dev/null)
    v=$(python3 -c 'import json,sys; g=json.load(open(sys.argv[1]))["wp:global"]["wp:main"]; print(g.get("valid",0), g.get("total",0))' "$out/$m.json" 2>/dev/null)
    valid=${v% *} total=${v#* }
    if [ -z "$v" ] || [ "$valid" != "$total" ]; then
        echo "baseline: $m not fully proved ($r): left as is"
    else
        printf '{ "module": "%s", "proved": %s, "total": %s }\n' "$m" "$valid" "$total" \
            > "proofs/baselines/$m.json"
        echo "baseline: $m $valid/$total"
    fi
done
