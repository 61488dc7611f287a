#!/bin/sh
# eva_alarms.sh LOG - list EVA's run-time-error alarms in LOG ("... assert
# <guard>;" messages), leaving out its statuses of ACSL contracts ("got
# status"), and exit 1 if there is any alarm.
python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
msgs = re.findall(r"\[eva:alarm\] (.*?)(?=\n\[|\Z)", text, re.S)
alarms = [" ".join(m.split()) for m in msgs if "got status" not in m]
for a in alarms:
    print("  " + a)
print("eva: %d run-time-error alarms, %d contract statuses left to WP" %
      (len(alarms), len(msgs) - len(alarms)))
sys.exit(1 if alarms else 0)
PY
