#!/bin/sh
# eva_alarms.sh LOG [MAX] - list EVA's run-time-error alarms in LOG ("...
# assert <guard>;" messages), leaving out its statuses of ACSL contracts
# ("got status") except the driver's own assertions named xl_* (a reachable
# panic, a failed world set-up, a frame outside the model machine: those
# count as alarms when not proved valid), and exit 1 if there are more than MAX (default 0).  MAX
# is the number proofs/README.md (EVA) explains for that run.
python3 - "$1" "${2:-0}" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
limit = int(sys.argv[2])
msgs = re.findall(r"\[eva:alarm\] (.*?)(?=\n\[|\Z)", text, re.S)
def alarm(m):
    if "got status" not in m:
        return True
    return re.search(r"(assertion|precondition) 'xl_", m) is not None and \
        "got status valid" not in m
alarms = [" ".join(m.split()) for m in msgs if alarm(m)]
for a in alarms:
    print("  " + a)
print("eva: %s: %d run-time-error alarms (documented: %d), %d contract "
      "statuses left to WP" % (sys.argv[1].rsplit("/", 1)[-1], len(alarms),
                               limit, len(msgs) - len(alarms)))
sys.exit(1 if len(alarms) > limit else 0)
PY
