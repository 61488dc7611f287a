#!/usr/bin/env python3
"""tools/demo.py - a scripted, non-interactive toolstack session (`make demo`).

Boots xenolith under QEMU with dom0 (build/dom0/dom0.elf) and its ramdisk
(build/dom0/ramdisk.cpio: hello, pvh, ticker, autostart), types commands
into dom0's shell through a QEMU pipe chardev on COM1, and checks what
each one printed.  Every step is a named check; the run ends with
"demo: N passed, M failed" (also written to --summary) and exit status 0
only when every step did what it should.  A watchdog ends the run after
--timeout seconds (default 60); the steps not reached count as failed.

Where it runs: the host (python3, stdlib only).

Console facts used: the hypervisor prefixes each console line with the
writing domain, "(d0) " for dom0's shell and "(dN) " for domain N; the
shell's prompt is "xl> "; typed bytes are echoed on dom0's line, so the
checks match the commands' output, never their echo.  QEMU reads the pipe
only while the UART can take a byte, so a whole line can be written at
once without loss (dom0's input ring holds 128 bytes; lines are shorter).
While `console <dom>` is attached, the domU's console ring comes out
through dom0, so its lines are "(d0) " lines too, and no prompt comes back
until Ctrl-] (0x1d).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

PROMPT = "(d0) xl> "
LIST_ROW = re.compile(r"^\(d0\) (\S+)\s+(\d+)\s+(pv|pvh|hvm)\s+([-rbpscd]{6})\s+(\d+)\s+(\d+)\s+[\d.]+\s*$",
                      re.M)


class Console:
    """COM1 of a QEMU run: everything it printed so far, and a keyboard."""

    def __init__(self, workdir):
        self.pipe = os.path.join(workdir, "com1")
        os.mkfifo(self.pipe + ".in")
        os.mkfifo(self.pipe + ".out")
        # O_RDWR: neither side blocks in open().
        self.fd_in = os.open(self.pipe + ".in", os.O_RDWR)
        self.fd_out = os.open(self.pipe + ".out", os.O_RDWR)
        self.text = ""
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        while not self.closed:
            try:
                data = os.read(self.fd_out, 65536)
            except OSError:
                return
            with self.lock:
                self.text += data.decode("utf-8", "replace").replace("\r", "")

    def snapshot(self):
        with self.lock:
            return self.text

    def type(self, s, gap=0.01):
        for ch in s:
            os.write(self.fd_in, ch.encode())
            time.sleep(gap)

    def close(self):
        self.closed = True
        for fd in (self.fd_in, self.fd_out):
            try:
                os.close(fd)
            except OSError:
                pass


class Demo:
    def __init__(self, console, deadline, verbose):
        self.con, self.deadline, self.verbose = console, deadline, verbose
        self.passed, self.failed = [], []

    # -- waiting --

    def wait_for(self, regex, start, timeout=10.0):
        """The first match of regex in the output from `start` on, or None."""
        rx = re.compile(regex, re.M)
        end = min(time.monotonic() + timeout, self.deadline)
        while True:
            m = rx.search(self.con.snapshot(), start)
            if m or time.monotonic() >= end:
                return m
            time.sleep(0.05)

    def command(self, line, timeout=10.0):
        """Type line, wait for its output up to the next prompt: the output
        (dom0's lines and any domU lines in between), or None."""
        start = len(self.con.snapshot())
        self.con.type(line + "\r")
        echo = self.wait_for(echo_regex(line), start, timeout)
        if not echo:
            return None
        nxt = self.wait_for(re.escape(PROMPT), echo.end(), timeout)
        if not nxt:
            return None
        return self.con.snapshot()[echo.end():nxt.start()]

    # -- verdicts --

    def check(self, name, ok, why=""):
        if time.monotonic() >= self.deadline and not ok:
            why = (why + "; " if why else "") + "watchdog expired"
        (self.passed if ok else self.failed).append(name)
        print("  %-4s %s%s" % ("ok" if ok else "FAIL", name, "" if ok else ": " + why), flush=True)
        return ok

    def expect(self, name, line, regex, timeout=10.0):
        out = self.command(line, timeout)
        if out is None:
            return self.check(name, False, "`%s` gave no prompt back" % line), None
        ok = re.search(regex, out, re.M) is not None
        if self.verbose or not ok:
            print("    `%s` printed:\n%s" % (line, indent(out)))
        return self.check(name, ok, "no /%s/ in its output" % regex), out


def echo_regex(line):
    """dom0's echo of a typed line, which other domains' lines may cut:
    the hypervisor ends dom0's line, prints theirs, and goes on with a new
    "(d0) " prefix."""
    cut = r"(?:\n(?:\(d\d+\)[^\n]*\n)*\(d0\) )?"
    echo = line.replace("\x7f", "\b \b")
    return cut.join(re.escape(c) for c in echo) + r"\n"


def indent(text):
    return "\n".join("      | " + l for l in text.rstrip("\n").split("\n"))


def list_rows(out):
    """{id: (name, kind, state, mem, vcpus)} of a `list` output."""
    return {int(m.group(2)): (m.group(1), m.group(3), m.group(4), int(m.group(5)), int(m.group(6)))
            for m in LIST_ROW.finditer(out or "")}


def steps(d):
    con = d.con
    # 1. Boot: dom0's shell comes up after running autostart.
    # (a domU's lines may come between the last boot line and the prompt)
    m = d.wait_for(r"type `help` for the commands\n(?:.*\n)*?" + re.escape(PROMPT), 0, 40)
    if not d.check("boot: dom0 shell prompt", m is not None, "no prompt within 40 s"):
        return
    boot = con.snapshot()
    d.check("autostart: created hello (d1) and pvh (d2)",
            re.search(r"^\(d0\) created domain 1: hello, pv", boot, re.M) and
            re.search(r"^\(d0\) created domain 2: pvh, pvh", boot, re.M),
            "no 'created domain' lines for both autostart entries")
    d.check("autostart: d1 (PV) printed on its console",
            d.wait_for(r"^\(d1\) .*hello from a domU: 4096 pages", 0, 10) is not None)
    d.check("autostart: d2 (PVH) printed on its console",
            d.wait_for(r"^\(d2\) RESULT: \d+ passed, 0 failed", 0, 30) is not None,
            "no '(d2) RESULT: N passed, 0 failed' (PVH needs SVM: -cpu max)")

    # 2. list shows dom0 and both autostarted domUs.
    ok, out = d.expect("list: header", "list", r"Name\s+ID\s+Kind\s+State")
    rows = list_rows(out)
    d.check("list: Domain-0, hello (1, pv), pvh (2, pvh)",
            rows.get(0, ("",))[0] == "Domain-0" and rows.get(1, ("", ""))[:2] == ("hello", "pv")
            and rows.get(2, ("", ""))[:2] == ("pvh", "pvh"), "rows: %r" % rows)

    # 2b. dom0's xenstore: what the toolstack wrote for each domU, and `xs`.
    xs_steps(d)

    # 3. Line editing: backspace erases.
    d.expect("line editing: backspace", "lsx\x7f", r"^\(d0\)\s+\d+\s+hello$")

    # 4. create from the ramdisk.
    ok, out = d.expect("create hello memory=16", "create hello memory=16",
                       r"created domain (\d+): hello, pv, 16 MiB")
    new = int(re.search(r"created domain (\d+)", out).group(1)) if ok else None
    if new is not None:
        d.check("create: d%d printed on its console" % new,
                d.wait_for(r"^\(d%d\) .*hello from a domU: 4096 pages" % new, 0, 10) is not None)
    if new is not None:
        console_steps(d, new)
    console_pvh(d)
    d.expect("create: unknown image says what to do", "create nosuch",
             r"no such image 'nosuch': `ls` lists the ramdisk")

    # 5. pause / unpause a domain that keeps running (the ticker).
    ok, out = d.expect("create ticker", "create ticker memory=8", r"created domain (\d+): ticker")
    if ok:
        t = int(re.search(r"created domain (\d+)", out).group(1))
        tick = r"^\(d%d\) ticker: tick (\d+)" % t
        d.check("ticker d%d ticks" % t, d.wait_for(tick, 0, 10) is not None)
        ok, out = d.expect("pause %d" % t, "pause %d" % t, r"paused domain %d" % t)
        if ok:
            after = len(con.snapshot())
            time.sleep(1.5)
            d.check("paused: no ticks for 1.5 s", not re.search(tick, con.snapshot()[after:], re.M),
                    "d%d printed while paused" % t)
            ok, out = d.expect("list: d%d paused" % t, "list", r"ticker\s+%d\s+pv\s+--p---" % t)
        d.expect("pause twice says so", "pause %d" % t, r"already paused")
        start = len(con.snapshot())
        d.expect("unpause %d" % t, "unpause %d" % t, r"unpaused domain %d" % t)
        d.check("unpaused: ticks again", d.wait_for(tick, start, 5) is not None)
        ok, out = d.expect("destroy a running domain (%d)" % t, "destroy ticker",
                           r"destroyed domain %d" % t)
        if ok:
            after = len(con.snapshot())
            time.sleep(1.0)
            d.check("destroyed: no more ticks", not re.search(tick, con.snapshot()[after:], re.M))

    # 6. Scheduler parameters.
    d.expect("sched 1 weight=512", "sched 1 weight=512", r"domain 1: credit scheduler weight=512\b")
    d.expect("sched 1 shows 512", "sched 1", r"domain 1: credit scheduler weight=512\b")
    d.expect("sched: bad weight refused", "sched 1 weight=0", r"failed")

    # 7. destroy, and list no longer shows it.
    if new is not None:
        d.expect("destroy %d" % new, "destroy %d" % new, r"destroyed domain %d" % new)
        ok, out = d.expect("list after destroy", "list", r"Domain-0")
        d.check("list: d%d gone" % new, ok and new not in list_rows(out), "rows: %r" % list_rows(out))
    if new is not None:
        d.expect("xs: d%d's store directory gone with it" % new,
                 "xs read /local/domain/%d/name" % new, r"xs read /local/domain/%d/name: ENOENT" % new)
    d.expect("destroy 0 refused", "destroy 0", r"control domain")

    # 8. The rest of the shell.
    d.expect("dmesg: hypervisor lines", "dmesg", r"xenolith \d+\.\d+[\s\S]*domain 2 shut down")
    d.expect("info: physinfo", "info", r"free_memory\s+: \d+ MiB")
    d.expect("ls: the ramdisk", "ls", r"\d+\s+ticker$")
    d.expect("console: dom0's own", "console 0", r"its lines are the \(d0\) ones")
    d.expect("console: an unknown domain", "console 42", r"no console that dom0 serves")
    d.expect("help", "help", r"create <image>[\s\S]*xs write <path> <value>")
    d.expect("unknown command", "frobnicate", r"unknown command 'frobnicate': `help`")


def xs_steps(d):
    """The store dom0 serves: the nodes the build wrote, write/read/rm."""
    d.expect("xs read: d1's name", "xs read /local/domain/1/name", r"^\(d0\) hello$")
    d.expect("xs read: d2 (PVH) has its directory too", "xs read /local/domain/2/domid",
             r"^\(d0\) 2$")
    d.expect("xs ls: d1's console nodes", "xs ls /local/domain/1/console",
             r"ring-ref = \"\d+\"[\s\S]*port = \"\d+\"[\s\S]*type = \"xenconsoled\"")
    d.expect("xs write: a value with blanks", "xs write /local/domain/1/data/note from dom0", r"")
    d.expect("xs read: it is there", "xs read /local/domain/1/data/note", r"^\(d0\) from dom0$")
    d.expect("xs rm", "xs rm /local/domain/1/data/note", r"")
    d.expect("xs read: gone", "xs read /local/domain/1/data/note",
             r"xs read /local/domain/1/data/note: ENOENT")
    d.expect("xs: usage", "xs frob", r"usage: xs ls \[path\]")


def console_steps(d, dom):
    """Attach to hello's console ring, talk to it, come back with Ctrl-]."""
    con = d.con
    start = len(con.snapshot())
    con.type("console %d\r" % dom)
    head = d.wait_for(r"^\(d0\) \[console of domain %d \(hello\); Ctrl-\] returns" % dom, start)
    if not d.check("console %d: attached" % dom, head is not None, "no '[console of domain' line"):
        return
    d.check("console %d: replays what it wrote (its ring, through dom0)" % dom,
            d.wait_for(r"^\(d0\) .*hello from a domU: 4096 pages[\s\S]*RESULT: 3 passed, 0 failed",
                       head.end()) is not None)
    prompt = d.wait_for(r"hello> ", head.end())
    d.check("console %d: the domU's prompt" % dom, prompt is not None, "no 'hello> '")
    at = len(con.snapshot())
    con.type("hi there\r", gap=0.05)
    d.check("console %d: typed line echoed back by the domU" % dom,
            d.wait_for(r"hi there\n\(d0\) hello: you said \"hi there\" \(8 bytes\)",
                       at) is not None, "no 'you said \"hi there\"'")
    at = len(con.snapshot())
    time.sleep(0.3)
    d.check("console %d: no shell prompt while attached" % dom,
            PROMPT not in con.snapshot()[at:], "xl> came back")
    at = len(con.snapshot())
    con.type("\x1d")
    d.check("Ctrl-]: back to the shell prompt", d.wait_for(re.escape(PROMPT), at) is not None)
    d.expect("after Ctrl-]: the shell runs commands", "list", r"hello\s+%d\s+pv" % dom)


def console_pvh(d):
    """The PVH demo domU (d2) wrote its test lines on its own ring."""
    con = d.con
    start = len(con.snapshot())
    con.type("console 2\r")
    head = d.wait_for(r"^\(d0\) \[console of domain 2 \(pvh\)", start)
    d.check("console 2 (PVH): its ring's lines through dom0",
            head is not None and
            d.wait_for(r"^\(d0\) RESULT: \d+ passed, 0 failed", head.end()) is not None,
            "no '(d0) RESULT' after attaching")
    at = len(con.snapshot())
    con.type("\x1d")
    d.check("console 2: Ctrl-] returns", d.wait_for(re.escape(PROMPT), at) is not None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--summary", help="write 'demo: N passed, M failed' here")
    ap.add_argument("--timeout", type=float, default=60.0, help="watchdog, seconds")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()

    b = args.build
    files = [os.path.join(b, "xenolith"), os.path.join(b, "dom0", "dom0.elf"),
             os.path.join(b, "dom0", "ramdisk.cpio")]
    missing = [f for f in files if not os.path.isfile(f)]
    exe = shutil.which("qemu-system-x86_64")
    outdir = os.path.join(b, "demo")
    os.makedirs(outdir, exist_ok=True)
    log = os.path.join(outdir, "serial.log")
    workdir = tempfile.mkdtemp(prefix="xenolith-demo-")
    con = Console(workdir)
    d = Demo(con, time.monotonic() + args.timeout, args.verbose)
    proc = None
    if missing or not exe:
        d.check("prerequisites", False, "missing: %s" % ", ".join(missing or ["qemu-system-x86_64"]))
    else:
        cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max", "-m", "256", "-no-reboot",
               "-display", "none", "-monitor", "none", "-nic", "none",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-chardev", "pipe,id=com1,path=%s" % con.pipe, "-serial", "chardev:com1",
               "-kernel", files[0], "-append", "console=com1", "-initrd", "%s,%s" % tuple(files[1:])]
        print("demo: " + " ".join(cmd), flush=True)
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            steps(d)
        finally:
            proc.kill()
            proc.wait()
    con.close()
    with open(log, "w") as f:
        f.write(con.snapshot())
    shutil.rmtree(workdir, ignore_errors=True)

    line = "demo: %d passed, %d failed" % (len(d.passed), len(d.failed))
    if d.failed:
        print("failed: %s\nserial log: %s" % (", ".join(d.failed), log))
    print(line)
    if args.summary:
        with open(args.summary, "w") as f:
            f.write(line + "\n")
    return 1 if d.failed or not d.passed else 0


if __name__ == "__main__":
    sys.exit(main())
