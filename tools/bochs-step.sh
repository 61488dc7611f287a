#!/usr/bin/env bash
# bochs-step.sh - boot an HVM guest under Bochs and stop at every VM exit.
#
# usage: tools/bochs-step.sh CPU_MODEL [EXITS] [GUEST]
#   CPU_MODEL  ryzen (AMD SVM) or corei7_skylake_x (Intel VMX)
#   EXITS      how many VM exits to stop at and print (default 12)
#   GUEST      a flat boot-sector image for dom0=hvm
#              (default build/system/realmode_smoke.bin)
#
# Bochs' built-in debugger runs a command script (-rc): it loads
# xenolith's symbols (ldsym), sets the VM-exit breakpoint (vmexitbp) and,
# at each exit, prints the registers and the hypervisor code about to
# handle the exit; under SVM it also prints the VMCB's exit code and
# exit information (RAX holds the VMCB's physical address right after
# VMRUN) and the guest RIP.  After EXITS exits the run continues to the
# end.  The transcript goes to build/bochs-step-CPU.log and the serial
# log to build/bochs-step-CPU.serial; the script fails if no exit was
# caught or the guest did not finish.
set -euo pipefail
cd "$(dirname "$0")/.."

cpu=${1:?usage: bochs-step.sh CPU_MODEL [EXITS] [GUEST]}
exits=${2:-12}
guest=${3:-build/system/realmode_smoke.bin}
out=build/bochs-step-$cpu
mkdir -p build
[ -f "$guest" ] || { echo "bochs-step: $guest not found (make it first)"; exit 1; }

tools/mkiso.sh "$out.iso" build/xenolith "console=com1 dom0=hvm dom0_mem=16M test_exit" "$guest" >/dev/null
nm -n build/xenolith-syms | awk '$2 ~ /^[tT]$/ { print $1, $3 }' > "$out.sym"
python3 - "$cpu" "$out" <<'PY'
import os, sys
sys.path.insert(0, "tests/system")
import run
cpu, out = sys.argv[1], sys.argv[2]
with open(out + ".bochsrc", "w") as f:
    f.write(run.bochs_config(cpu, os.path.abspath(out + ".iso"), os.path.abspath(out + ".serial"),
                             os.path.abspath(out + ".bochs.log")))
PY
{
    echo "ldsym global \"$PWD/$out.sym\""
    echo "vmexitbp"
    for _ in $(seq "$exits"); do
        echo "c"
        echo "r"
        echo "u /4"
        if [ "$cpu" = ryzen ]; then
            echo "xp /3gx rax+0x70"     # VMCB: exit code, exit info 1 and 2
            echo "xp /1gx rax+0x578"    # VMCB: guest RIP
        fi
    done
    echo "vmexitbp"                     # off again: run to the end
    echo "c"
    echo "quit"
} > "$out.rc"
: > "$out.serial"
timeout 300 bochs -q -f "$out.bochsrc" -rc "$out.rc" < /dev/null > "$out.log" 2>&1 || true
caught=$(grep -c "Caught VMEXIT breakpoint" "$out.log" || true)
echo "bochs-step ($cpu): stopped at $caught VM exits; transcript $out.log, serial $out.serial"
grep -m 3 -A 1 "Caught VMEXIT breakpoint" "$out.log" | sed 's/^/  /' || true
if [ "$caught" -lt 1 ] || ! grep -q "test-exit: status 0" "$out.serial"; then
    echo "bochs-step ($cpu): FAILED (no VM exit caught, or the guest did not finish)"
    exit 1
fi
