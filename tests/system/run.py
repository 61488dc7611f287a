#!/usr/bin/env python3
"""xenolith system test runner (python3, stdlib only).

Boots the hypervisor under QEMU (-kernel or GRUB ISO) and Bochs (GRUB ISO,
AMD `ryzen` or Intel `corei7_skylake_x`), captures COM1 into a log and checks
it against the cases in tests/system/tests.py.

  tests/system/run.py                 run everything
  tests/system/run.py -k boot         cases whose "test@backend" contains "boot"
  tests/system/run.py --backend qemu-kernel,qemu-cdrom -j 2
  tests/system/run.py --list
  tests/system/run.py --bochs-interactive [--cpu corei7_skylake_x] --iso X.iso

The authoritative result of a run is the serial line `test-exit: status N`
(the hypervisor prints it, then writes N to port 0xf4 - QEMU's isa-debug-exit
exits with 2N+1 - and "Shutdown" to port 0x8900, which ends Bochs).
"""

import argparse
import concurrent.futures
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BANNER_RE = re.compile(r"xenolith \d+\.\d+")
STATUS_RE = re.compile(r"test-exit: status (\d+)")
QEMU_TIMEOUT = 60
BOCHS_TIMEOUT = 300
# After `test-exit` appears, how long the emulator may take to end by itself.
EXIT_GRACE = 15
TAIL_LINES = 30

# Typed keys start once the hypervisor says its console takes them.
KEYS_AFTER = r"console takes debug keys"

BACKENDS = ("qemu-kernel", "qemu-cdrom", "bochs-ryzen", "bochs-skylake")

# --------------------------------------------------------------------------
# QEMU
#
# Measured (QEMU 7.2, Debian 12): `-nographic` turns on SeaBIOS' serial
# console, which writes ANSI escapes and "SeaBIOS (version ...)" into COM1
# before the kernel does; `-display none` without -nographic keeps COM1
# clean.  `-nic none` skips the iPXE option ROM.  QEMU -kernel passes the
# command line as "PATH ARGS" (boot_loader_name "qemu"); GRUB 2 passes only
# "ARGS" (boot_loader_name "GRUB 2.06-...").  A triple fault with -no-reboot
# ends QEMU with exit code 0 and no test-exit line.
# --------------------------------------------------------------------------

QEMU_BASE = [
    "qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m", "256",
    "-no-reboot", "-display", "none", "-monitor", "none", "-nic", "none",
    "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
]


def qemu_command(backend, serial_log, kernel, cmdline, modules, iso, pipe=None):
    if pipe:
        # Typed input: COM1 on a pipe chardev (PIPE.in / PIPE.out FIFOs),
        # still logged to the serial file.
        cmd = QEMU_BASE + ["-chardev", "pipe,id=com1,path=%s,logfile=%s" % (pipe, serial_log),
                           "-serial", "chardev:com1"]
    else:
        cmd = QEMU_BASE + ["-serial", "file:" + serial_log]
    if backend == "qemu-kernel":
        cmd += ["-kernel", kernel, "-append", cmdline]
        if modules:
            # QEMU's -initrd takes "FILE ARGS,FILE ARGS" for multiboot; a ','
            # inside a module's own arguments would have to be doubled.
            parts = []
            for path, args in modules:
                parts.append((path + (" " + args if args else "")).replace(",", ",,"))
            cmd += ["-initrd", ",".join(parts)]
    else:
        cmd += ["-cdrom", iso, "-boot", "d"]
    return cmd


# --------------------------------------------------------------------------
# Bochs
#
# Facts measured with Debian 12's bochs 2.7+dfsg-4 (and a tiny multiboot
# kernel booted from a GRUB ISO made by tools/mkiso.sh):
#  * CPU models: `bochs --help cpu` lists both `ryzen` and `corei7_skylake_x`
#    (and others).  Both boot a GRUB ISO to the kernel and back out in
#    ~1.3 s wall time (BIOS + GRUB + kernel, clock: sync=none).
#  * Display libraries in the package: only `rfb` (built into package bochs)
#    and `x` (package bochs-x); `nogui`, `term`, `sdl` are "not available".
#    `x` needs $DISPLAY.  `rfb` with default options waits 30 s for a VNC
#    client and then EXITS ("timeout! no client present") without running
#    the guest; `display_library: rfb, options="timeout=0"` starts at once.
#    Several such Bochs instances run side by side without a port clash.
#  * The debugger is built in: without `-rc FILE` (a file holding `c`) Bochs
#    stops at the `<bochs:1>` prompt before the first instruction.  stdin
#    must be /dev/null (or the prompt would read from the terminal).
#  * The guest's write of "Shutdown" to port 0x8900 raises a panic
#    ("Shutdown port: shutdown requested"); with `panic: action=fatal` Bochs
#    exits at once with exit code 1.  The exit code means nothing.
#  * `com1: mode=file` is written through while running (a log can be
#    polled), but Bochs models the UART: an 8250/16550 left at its reset LCR
#    (5 data bits) turns text into garbage (QEMU ignores this), and the
#    transmitter must be drained (LSR bit 6, TEMT) before writing to 0x8900
#    or the last characters are lost.
#  * The speaker plugin spews ALSA errors on a machine without sound:
#    `speaker: enabled=0`.
# --------------------------------------------------------------------------

BOCHS_CPU = {"bochs-ryzen": "ryzen", "bochs-skylake": "corei7_skylake_x"}


def bochs_config(cpu, iso, serial_log, bochs_log, display='rfb, options="timeout=0"'):
    return "\n".join([
        "megs: 256",
        "cpu: model=%s, count=1, ips=50000000, reset_on_triple_fault=0" % cpu,
        "romimage: file=/usr/share/bochs/BIOS-bochs-latest",
        "vgaromimage: file=/usr/share/vgabios/vgabios.bin",
        "ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14",
        "ata0-master: type=cdrom, path=%s, status=inserted" % iso,
        "boot: cdrom",
        "com1: enabled=1, mode=file, dev=%s" % serial_log,
        "display_library: %s" % display,
        "log: %s" % bochs_log,
        "panic: action=fatal",
        "error: action=report",
        "info: action=ignore",
        "debug: action=ignore",
        "clock: sync=none, time0=1",
        "mouse: enabled=0",
        "speaker: enabled=0",
        "",
    ])


def bochs_command(backend, workdir, serial_log, iso):
    rc = os.path.join(workdir, "bochsrc")
    cmds = os.path.join(workdir, "bochs-cmds")
    with open(rc, "w") as f:
        f.write(bochs_config(BOCHS_CPU[backend], iso, serial_log,
                             os.path.join(workdir, "bochs.log")))
    with open(cmds, "w") as f:
        f.write("c\n")
    return ["bochs", "-q", "-f", rc, "-rc", cmds]


# --------------------------------------------------------------------------
# Running one emulator
# --------------------------------------------------------------------------

class RunResult:
    def __init__(self):
        self.log = ""           # serial text
        self.status = None      # N of `test-exit: status N`
        self.rc = None          # emulator exit code
        self.timed_out = False
        self.wall = 0.0
        self.banner_time = None
        self.error = None       # setup failure (missing tool, ISO build...)
        self.emu_output = ""    # emulator stdout+stderr (tail)
        self.backend = None
        self.serial_path = None
        self.stopped = False    # killed on purpose after the case's stop_after


def kill_group(proc):
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=3)
            return
        except subprocess.TimeoutExpired:
            pass


def read_text(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return ""
    return data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def make_iso(iso, kernel, cmdline, modules):
    args = [os.path.join(ROOT, "tools", "mkiso.sh"), iso, kernel, cmdline]
    args += [p + (":" + a if a else "") for p, a in modules]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, universal_newlines=True)
    if p.returncode != 0:
        raise RuntimeError("mkiso.sh failed: " + p.stdout.strip()[-500:])


class Typist:
    """Types `keys` into COM1 once `after` appears in the log, one key every
    `gap` seconds (the hypervisor polls its UART from the idle loop)."""

    def __init__(self, workdir, keys, after, gap=0.4):
        self.pipe = os.path.join(workdir, "com1")
        self.keys, self.after, self.gap = keys, re.compile(after, re.M), gap
        os.mkfifo(self.pipe + ".in")
        os.mkfifo(self.pipe + ".out")
        # O_RDWR: neither side blocks in open(); we drain .out ourselves.
        self.fd_in = os.open(self.pipe + ".in", os.O_RDWR | os.O_NONBLOCK)
        self.fd_out = os.open(self.pipe + ".out", os.O_RDWR | os.O_NONBLOCK)
        self.next_at = None
        self.sent = 0

    def poll(self, text, now):
        try:
            while os.read(self.fd_out, 65536):
                pass
        except BlockingIOError:
            pass
        if self.sent >= len(self.keys):
            return
        if self.next_at is None:
            if not self.after.search(text):
                return
            self.next_at = now + self.gap
        if now >= self.next_at:
            os.write(self.fd_in, self.keys[self.sent].encode())
            self.sent += 1
            self.next_at = now + self.gap

    def close(self):
        os.close(self.fd_in)
        os.close(self.fd_out)


def run_emulator(backend, kernel, cmdline, modules, timeout, workdir, interact=None):
    res = RunResult()
    res.backend = backend
    serial = os.path.join(workdir, "serial.log")
    res.serial_path = serial
    iso = os.path.join(workdir, "boot.iso")
    try:
        if not os.path.isfile(kernel):
            raise RuntimeError("kernel %s not found (build it first: make)" % kernel)
        for mpath, _ in modules:
            if not os.path.isfile(mpath):
                raise RuntimeError("module %s not found" % mpath)
        exe = "bochs" if backend.startswith("bochs") else "qemu-system-x86_64"
        if shutil.which(exe) is None:
            raise RuntimeError("%s not installed (run: make deps)" % exe)
        if backend != "qemu-kernel":
            make_iso(iso, kernel, cmdline, modules)
        typist = None
        if interact and interact.get("keys"):
            if not backend.startswith("qemu"):
                raise RuntimeError("typed keys are supported on QEMU backends only")
            typist = Typist(workdir, interact["keys"], interact["keys_after"],
                            interact.get("key_gap", 0.4))
        stop_re = re.compile(interact["stop_after"], re.M) if interact and interact.get("stop_after") else None
        if backend.startswith("qemu"):
            cmd = qemu_command(backend, serial, kernel, cmdline, modules, iso,
                               typist.pipe if typist else None)
        else:
            cmd = bochs_command(backend, workdir, serial, iso)
    except (RuntimeError, OSError) as e:
        res.error = str(e)
        return res

    with open(os.path.join(workdir, "command"), "w") as f:
        f.write(" ".join(cmd) + "\n")
    emu_out_path = os.path.join(workdir, "emulator.out")
    start = time.monotonic()
    with open(emu_out_path, "wb") as emu_out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=emu_out,
                                stderr=subprocess.STDOUT, cwd=workdir,
                                start_new_session=True)
        exit_seen_at = None
        stop_seen_at = None
        size = 0
        text = ""
        try:
            while True:
                try:
                    proc.wait(timeout=0.02)
                    break
                except subprocess.TimeoutExpired:
                    pass
                now = time.monotonic()
                try:
                    cur = os.path.getsize(serial)
                except OSError:
                    cur = 0
                if cur != size:
                    size = cur
                    text = read_text(serial)
                    if res.banner_time is None and BANNER_RE.search(text):
                        res.banner_time = now - start
                    if exit_seen_at is None and STATUS_RE.search(text):
                        exit_seen_at = now
                    if stop_re and stop_seen_at is None and stop_re.search(text):
                        stop_seen_at = now
                if typist:
                    typist.poll(text, now)
                if stop_seen_at is not None and now - stop_seen_at > 1.0:
                    res.stopped = True      # the case said: stop here
                    kill_group(proc)
                    break
                if now - start > timeout:
                    res.timed_out = True
                    kill_group(proc)
                    break
                if exit_seen_at is not None and now - exit_seen_at > EXIT_GRACE:
                    # Reported its status but did not end the emulator.
                    res.error = ("test-exit line seen but the emulator did not "
                                 "exit within %d s (port 0xf4 / 0x8900 write missing?)"
                                 % EXIT_GRACE)
                    kill_group(proc)
                    break
        finally:
            if typist:
                typist.close()
            if proc.poll() is None:
                kill_group(proc)
            else:
                # The leader is gone; sweep anything it left in its group.
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
    res.wall = time.monotonic() - start
    res.rc = proc.returncode
    res.log = read_text(serial)
    if res.banner_time is None and BANNER_RE.search(res.log):
        res.banner_time = res.wall
    m = STATUS_RE.search(res.log)
    if m:
        res.status = int(m.group(1))
    res.emu_output = read_text(emu_out_path)[-4000:]
    return res


# --------------------------------------------------------------------------
# Checking a log against a case
# --------------------------------------------------------------------------

def check(case, backend, res, default_reject):
    """Return None if the case passes on this run, else a reason."""
    if res.error and res.status is None:
        return res.error
    if res.timed_out:
        return "timeout after %.0f s (%s)" % (
            res.wall, "banner seen" if res.banner_time is not None else "no banner")
    free_form = "rc" in case or case.get("stop_after")
    if res.status is None and not free_form:
        why = "no 'test-exit: status N' line; emulator exit code %s" % res.rc
        if backend.startswith("qemu") and res.rc == 0:
            why += " (QEMU ends with 0 on a triple fault under -no-reboot)"
        m = re.search(r"Bochs is exiting with the following message:\n(.*)", res.emu_output)
        if m:
            why += "; bochs: " + m.group(1).strip()
        return why
    if res.error:
        return res.error
    if "rc" in case and not res.stopped and res.rc != case["rc"]:
        return "emulator exit code %s, expected %s" % (res.rc, case["rc"])
    if case.get("stop_after") and not res.stopped:
        return "never reached /%s/ (emulator exit code %s)" % (case["stop_after"], res.rc)
    if res.status is not None and backend.startswith("qemu") and res.rc != res.status * 2 + 1:
        return ("serial says status %d but QEMU exit code is %s (expected %d "
                "from isa-debug-exit)" % (res.status, res.rc, res.status * 2 + 1))
    text = res.log
    pos, prev = 0, None
    for rx in case.get("expect", []):
        m = re.compile(rx, re.M).search(text, pos)
        if not m:
            where = "" if prev is None else " after /%s/" % prev
            return "missing /%s/%s" % (rx, where)
        pos, prev = m.end(), rx
    for rx in case.get("expect_anywhere", []):
        if not re.search(rx, text, re.M):
            return "missing /%s/" % rx
    rejects = list(case.get("reject", []))
    if case.get("default_reject", True):
        rejects += default_reject
    for rx in rejects:
        m = re.search(rx, text, re.M)
        if m:
            line = text[text.rfind("\n", 0, m.start()) + 1:].split("\n", 1)[0]
            return "unexpected /%s/: %s" % (rx, line.strip())
    want = case.get("status", None if free_form else 0)
    if want is not None and res.status != want:
        return "test-exit status %d, expected %d" % (res.status, want)
    return None


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def load_cases(path):
    spec = importlib.util.spec_from_file_location("xl_system_tests", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.TESTS, getattr(mod, "DEFAULT_REJECT", [])


def parse_modules(specs):
    out = []
    for s in specs or []:
        path, _, args = s.partition(":")
        if not os.path.isabs(path):
            path = os.path.join(ROOT, path)
        out.append((path, args))
    return out


def fmt_t(t):
    return "-" if t is None else "%.2fs" % t


def bochs_interactive(args):
    """Boot an ISO under Bochs for a person: debugger prompt on the terminal,
    COM1 appended to a file (tail -f it), the screen on $DISPLAY (X) if set,
    else on VNC port 5900 (rfb)."""
    iso = os.path.abspath(args.iso)
    if not os.path.isfile(iso):
        sys.exit("no ISO %s (make iso)" % iso)
    outdir = os.path.join(ROOT, "build")
    os.makedirs(outdir, exist_ok=True)
    serial = os.path.join(outdir, "bochs-com1.log")
    rc = os.path.join(outdir, "bochsrc-interactive")
    display = "x" if os.environ.get("DISPLAY") else 'rfb, options="timeout=0"'
    with open(rc, "w") as f:
        f.write(bochs_config(args.cpu, iso, serial,
                             os.path.join(outdir, "bochs-interactive.log"), display))
    open(serial, "w").close()
    print("bochs: cpu %s, display %s, COM1 -> %s (tail -f it)" % (args.cpu, display, serial))
    print("bochs: at <bochs:1> type 'c' to run, 'vmexitbp' to stop at VM exits, Ctrl-C to break")
    tail = None
    if sys.stdout.isatty():
        tail = subprocess.Popen(["tail", "-f", serial])
    try:
        subprocess.call(["bochs", "-q", "-f", rc])
        return 0    # Bochs' exit code means nothing (1 after a "Shutdown")
    finally:
        if tail:
            tail.terminate()


def main():
    ap = argparse.ArgumentParser(description="xenolith system tests")
    ap.add_argument("-k", dest="select", action="append", default=[],
                    help="run only test@backend names containing this (repeatable)")
    ap.add_argument("--backend", action="append", default=[],
                    help="comma-separated backends: " + ", ".join(BACKENDS))
    ap.add_argument("--list", action="store_true", help="list test@backend and exit")
    ap.add_argument("-j", type=int, default=int(os.environ.get("XL_SYSTEM_JOBS", "2")),
                    help="parallel emulator runs (default 2)")
    ap.add_argument("--bochs-jobs", type=int, default=1,
                    help="of which at most this many Bochs at once (default 1)")
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build", "xenolith"))
    ap.add_argument("--tests", default=os.path.join(ROOT, "tests", "system", "tests.py"))
    ap.add_argument("--qemu-timeout", type=float, default=QEMU_TIMEOUT)
    ap.add_argument("--bochs-timeout", type=float, default=BOCHS_TIMEOUT)
    ap.add_argument("--logs", default=os.path.join(ROOT, "build", "test-logs"))
    ap.add_argument("--summary", default=os.path.join(ROOT, "build", "system-summary.txt"))
    ap.add_argument("--keep-logs", action="store_true", help="keep logs of passing runs too")
    ap.add_argument("--bochs-interactive", action="store_true",
                    help="boot --iso under Bochs for a person and exit")
    ap.add_argument("--cpu", default="ryzen", help="Bochs CPU model for --bochs-interactive")
    ap.add_argument("--iso", default=os.path.join(ROOT, "build", "xenolith.iso"))
    args = ap.parse_args()

    if args.bochs_interactive:
        return bochs_interactive(args)

    cases, default_reject = load_cases(args.tests)
    backends = set()
    for b in args.backend:
        backends.update(x for x in b.split(",") if x)
    bad = backends - set(BACKENDS)
    if bad:
        ap.error("unknown backend(s): " + ", ".join(sorted(bad)))

    names = set()
    jobs = []   # (case, backend)
    for c in cases:
        if c["name"] in names:
            sys.exit("duplicate test name %s" % c["name"])
        names.add(c["name"])
        for b in c["backends"]:
            if b not in BACKENDS:
                sys.exit("test %s: unknown backend %s" % (c["name"], b))
            full = "%s@%s" % (c["name"], b)
            if backends and b not in backends:
                continue
            if args.select and not any(s in full for s in args.select):
                continue
            jobs.append((c, b))

    if args.list:
        for c, b in jobs:
            print("%s@%s" % (c["name"], b))
        return 0

    kernel = os.path.abspath(args.kernel)
    os.makedirs(args.logs, exist_ok=True)

    # One emulator run per distinct (backend, cmdline, modules, timeout).
    runs = {}
    for c, b in jobs:
        mods = tuple(parse_modules(c.get("modules")))
        to = c.get("timeout") or (args.bochs_timeout if b.startswith("bochs") else args.qemu_timeout)
        inter = (c.get("keys", ""), c.get("keys_after", KEYS_AFTER), c.get("stop_after", ""),
                 c.get("key_gap", 0.4))
        key = (b, c["cmdline"], mods, to, inter)
        runs.setdefault(key, []).append(c)

    bochs_sem = threading.Semaphore(max(1, args.bochs_jobs))
    out_lock = threading.Lock()
    results = []    # (name, backend, ok, wall, banner)
    tmproot = tempfile.mkdtemp(prefix="xl-system-")

    def execute(key):
        b, cmdline, mods, to, inter = key
        workdir = tempfile.mkdtemp(prefix=b + "-", dir=tmproot)
        interact = dict(keys=inter[0], keys_after=inter[1], stop_after=inter[2], key_gap=inter[3])
        if b.startswith("bochs"):
            with bochs_sem:
                return key, run_emulator(b, kernel, cmdline, list(mods), to, workdir, interact)
        return key, run_emulator(b, kernel, cmdline, list(mods), to, workdir, interact)

    def report(key, res):
        b = key[0]
        for c in runs[key]:
            name = "%s@%s" % (c["name"], b)
            reason = check(c, b, res, default_reject)
            ok = reason is None
            logfile = os.path.join(args.logs, name + ".log")
            with out_lock:
                results.append((c["name"], b, ok, res.wall, res.banner_time))
                if not ok or args.keep_logs:
                    with open(logfile, "w") as f:
                        f.write(res.log)
                    if res.emu_output:
                        with open(os.path.join(args.logs, name + ".emulator.txt"), "w") as f:
                            f.write(res.emu_output)
                elif os.path.exists(logfile):
                    os.unlink(logfile)
                if ok:
                    print("PASS %s (%.1fs, banner %s)" % (name, res.wall, fmt_t(res.banner_time)),
                          flush=True)
                else:
                    print("FAIL %s: %s" % (name, reason), flush=True)
                    lines = res.log.rstrip("\n").split("\n") if res.log else []
                    if lines:
                        print("  --- last %d lines of %s ---" % (min(TAIL_LINES, len(lines)),
                                                             os.path.relpath(logfile, ROOT)))
                        for line in lines[-TAIL_LINES:]:
                            print("  | " + line)
                    elif res.error is None:
                        print("  (serial log empty)")
                        tail = res.emu_output.strip().split("\n")[-5:]
                        for line in tail:
                            if line.strip():
                                print("  emulator: " + line)
                    sys.stdout.flush()

    # QEMU first so quick answers arrive early; Bochs runs take the rest.
    keys = sorted(runs, key=lambda k: (k[0].startswith("bochs"), k[0]))
    t0 = time.monotonic()
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as ex:
            futs = [ex.submit(execute, k) for k in keys]
            for f in concurrent.futures.as_completed(futs):
                key, res = f.result()
                report(key, res)
    finally:
        shutil.rmtree(tmproot, ignore_errors=True)
    total = time.monotonic() - t0

    passed = sum(1 for r in results if r[2])
    failed = len(results) - passed

    # Boot-to-banner table: one row per emulator run.
    seen = set()
    rows = []
    for key in keys:
        b, cmdline = key[0], key[1]
        names_ = [c["name"] for c in runs[key]]
        r = next((r for r in results if r[1] == b and r[0] == names_[0]), None)
        if r and key not in seen:
            seen.add(key)
            rows.append((b, ",".join(names_), r[3], r[4]))
    if rows:
        print()
        print("boot-to-banner (emulator start -> banner on COM1), total run time:")
        print("  %-14s %-10s %-9s %s" % ("backend", "banner", "run", "tests"))
        for b, n, wall, banner in rows:
            print("  %-14s %-10s %-9s %s" % (b, fmt_t(banner), "%.2fs" % wall, n))
        print("  (%d emulator runs in %.1fs)" % (len(rows), total))

    line = "system: %d passed, %d failed" % (passed, failed)
    print(line)
    os.makedirs(os.path.dirname(args.summary), exist_ok=True)
    with open(args.summary, "w") as f:
        f.write(line + "\n")
        for b, n, wall, banner in rows:
            f.write("banner %s %s run %.2fs tests %s\n" % (b, fmt_t(banner), wall, n))
    if not results:
        print("system: no test selected", file=sys.stderr)
        return 1
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
