#!/usr/bin/env python3
"""gradelib - boot the kernel in QEMU, talk to it over its console, grade.

Python 3 standard library only. test/run_all.py (make test),
test/grade_lab.py (make grade) and make bench use it; course staff import
it for their own grading scripts (docs/testing.md has a worked example).

The pieces, bottom up:

  Qemu         one QEMU process started through scripts/run-qemu.sh (or
               `make qemu`) with the knobs as arguments. start(); then
               wait_for(regex) moves a cursor through the console output;
               run(command) types a command after the `$ ` prompt and
               returns what it printed up to the next prompt; poweroff();
               kill(). Every wait raises TestFailure, with the reason,
               when it times out, QEMU exits or the kernel panics.
  Outcome      what a case produced: counts of passed and failed checks,
               a skip reason, notes, the log file.
  BootCase     boot with `selftest`; check the banner, the selftest lines,
               no panic, then power off.
  ProgramCase  boot to the prompt, run one command, count its
               `PASS name` / `FAIL name: reason` lines.
  FunctionCase boot to the prompt and call your function with the Qemu.
  run_cases    run cases one or two at a time; one result line per case.
  Grader       points per case, a `Score: X/Y` line.

The console text is kept with carriage returns removed. Every run writes
its raw console output to $BUILD/test-logs/NAME.log. Processes: QEMU runs
in its own process group, killed (TERM, then KILL) when the case ends, on
a timeout, and at interpreter exit or SIGINT/SIGTERM/SIGHUP; on Linux it
also gets SIGKILL if the harness itself dies.

Run directly, it boots once and runs commands at the prompt:
  python3 scripts/gradelib.py [--cpus N --mem 128M ...] [--grep RE] CMD...
"""

import argparse
import atexit
import codecs
import concurrent.futures
import fnmatch
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
LOG_DIR = os.path.join(BUILD, "test-logs")

# Timeouts are multiplied by this (TEST_TIMEOUT_SCALE=3 on a slow machine).
TIME_SCALE = float(os.environ.get("TEST_TIMEOUT_SCALE", "1") or 1)

# What the kernel prints (see kernel/main.c, kernel/selftest.c).
# The prompt starts a line, or ends the output so far (after a program
# whose last line has no newline).
PROMPT = r"(?m)^\$ |\$ \Z"
BANNER = r"(?m)^kernel: (\d+) harts, (\d+) MiB RAM, booted on hart (\d+)$"
SELFTEST_SUMMARY = r"(?m)^selftest: (\d+) passed, (\d+) failed"
PASS_LINE = r"(?m)^PASS (\S+)"
FAIL_LINE = r"(?m)^FAIL (\S+?):? (.*)$"
PANIC = r"(?m)^(panic: .*|kernel trap on hart .*)$"
PANIC_RX = re.compile(PANIC)
PANIC_LINE_RX = re.compile(PANIC + r"\n")      # the line is complete


class TestFailure(Exception):
    """A check failed; the message says which and why."""


# ---------------------------------------------------------------------------
# Process bookkeeping: every live QEMU, so that exit and signals kill them.

_live = set()
_live_lock = threading.Lock()
_stopping = threading.Event()     # a signal came: start no more QEMUs
_cleanup_installed = False


def _kill_all_live():
    with _live_lock:
        running = list(_live)
    for q in running:
        q.kill()


def _on_signal(signum, frame):
    _stopping.set()
    _kill_all_live()
    raise SystemExit(128 + signum)


def install_cleanup():
    """Kill every QEMU at exit and on SIGINT/SIGTERM/SIGHUP (those only
    when called from the main thread). Safe to call more than once."""
    global _cleanup_installed
    if _cleanup_installed:
        return
    _cleanup_installed = True
    atexit.register(_kill_all_live)
    if threading.current_thread() is threading.main_thread():
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, _on_signal)


try:                      # loaded here: the child of a fork must not dlopen
    import ctypes
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (ImportError, OSError, AttributeError):
    _prctl = None
PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """In the child before exec: SIGKILL when the harness dies (Linux)."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def build(*targets, jobs=None, quiet=True, log_path=None):
    """Run make for targets in the tree's top folder; raise TestFailure
    with the tail of the output if it fails. Returns the output."""
    env = dict(os.environ)
    # Take the parent make's jobserver out: its file descriptors do not
    # reach this child, and make would warn about it.
    flags = [f for f in env.get("MAKEFLAGS", "").split()
             if not re.match(r"--jobserver-(auth|fds)=|-j\d*$", f)]
    env["MAKEFLAGS"] = " ".join(flags)
    cmd = ["make", "-j%d" % (jobs or os.cpu_count() or 1)] + list(targets)
    if quiet:
        cmd.insert(1, "--no-print-directory")
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode("utf-8", "replace")
    if log_path:
        _write_file(log_path, out)
    if p.returncode != 0:
        raise TestFailure("%s failed (status %d):\n%s"
                          % (" ".join(cmd), p.returncode, tail(out, 40)))
    return out


def _write_file(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def tail(text, lines=15):
    """The last lines of text, for failure reports."""
    return "\n".join(text.rstrip("\n").split("\n")[-lines:])


# ---------------------------------------------------------------------------
# One QEMU.

class Qemu:
    """One run of the kernel in QEMU, driven over its console.

    Knobs (as in `make qemu`; the environment's knobs are NOT used, so a
    test boots the same machine whatever the caller's shell exports):
      cpus=3 mem="128M" machine="virt" boot="direct" append="" extra=""
      keepfs=False (True boots $BUILD/fs.img itself: at most one QEMU)
      fs_image=None (another image instead of $BUILD/fs.img: copied, or
      booted itself with keepfs)
    runner="script" runs scripts/run-qemu.sh (build first: see build());
    runner="make" runs `make qemu`, which builds, but then the exit status
    is make's, not QEMU's. echo=True copies the console to stdout.
    """

    def __init__(self, name="qemu", cpus=3, mem="128M", machine="virt",
                 boot="direct", append="", extra="", keepfs=False,
                 runner="script", echo=False, log_path=None, fs_image=None):
        self.name = name
        self.machine = machine
        self.knobs = {"CPUS": str(cpus), "MEM": str(mem), "MACHINE": machine,
                      "BOOT": boot, "APPEND": append, "QEMUEXTRA": extra,
                      "KEEPFS": "1" if keepfs else ""}
        self.fs_image = fs_image
        self.runner = runner
        self.echo = echo
        self.log_path = log_path or os.path.join(LOG_DIR, name + ".log")
        self.proc = None
        self.cursor = 0          # wait_for searches from here
        self.at_prompt = False   # the last wait consumed a prompt
        self._text = ""
        self._eof = False
        self._cond = threading.Condition()
        self._tmpdir = None
        self._reader = None
        self._log = None

    # -- life cycle ---------------------------------------------------------
    def start(self):
        """Start QEMU; returns self."""
        if _stopping.is_set():
            raise TestFailure("interrupted")
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        os.makedirs(BUILD, exist_ok=True)
        self._tmpdir = tempfile.mkdtemp(prefix="run-%s-" % self.name, dir=BUILD)
        env = dict(os.environ, **self.knobs)
        env["FS_RUN"] = os.path.join(self._tmpdir, "fs-run.img")
        env["BUILD"] = os.path.relpath(BUILD, ROOT)
        if self.fs_image:
            env["FS_IMAGE"] = os.path.abspath(self.fs_image)
        if self.runner == "make":
            cmd = ["make", "--no-print-directory", "-s", "qemu"]
        else:
            cmd = ["sh", "scripts/run-qemu.sh"]
        self._log = open(self.log_path, "wb")
        self._log.write(("# %s: %s %s\n" % (self.name, " ".join(
            "%s=%r" % kv for kv in self.knobs.items() if kv[1]), " ".join(cmd))).encode())
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=_die_with_parent)
        with _live_lock:
            _live.add(self)
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        return self

    def _read_loop(self):
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        fd = self.proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if not data:
                break
            self._log.write(data)
            self._log.flush()
            text = decoder.decode(data).replace("\r", "")
            if self.echo:
                sys.stdout.write(text)
                sys.stdout.flush()
            with self._cond:
                self._text += text
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def kill(self):
        """Stop QEMU (its whole process group) and clean up. Idempotent."""
        p = self.proc
        if p is not None and p.returncode is None:
            # Until we reap the group leader (only this object does), its
            # process group id cannot pass to anyone else's processes.
            for sig, grace in ((signal.SIGTERM, 3), (signal.SIGKILL, 5)):
                if not self._signal_group(sig) or self._leader_exited(grace):
                    break
            self._signal_group(signal.SIGKILL)   # helpers left in the group
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                pass
        if self._reader is not None:
            self._reader.join(5)
        with _live_lock:
            _live.discard(self)
        for f in (p and p.stdin, p and p.stdout, self._log):
            try:
                if f:
                    f.close()
            except OSError:
                pass
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def crash(self):
        """Pull the plug: SIGKILL QEMU at once (no SIGTERM, so QEMU
        finishes nothing), then clean up as kill() does."""
        if self.proc is not None and self.proc.returncode is None:
            self._signal_group(signal.SIGKILL)
        self.kill()

    def _signal_group(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
            return True
        except ProcessLookupError:
            return False

    def _leader_exited(self, timeout):
        """Wait up to timeout for the leader to exit, without reaping it."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if os.waitid(os.P_PID, self.proc.pid,
                             os.WEXITED | os.WNOHANG | os.WNOWAIT):
                    return True
            except ChildProcessError:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()
        return False

    # -- output -------------------------------------------------------------
    @property
    def output(self):
        """All console output so far (no carriage returns)."""
        with self._cond:
            return self._text

    @property
    def status(self):
        """QEMU's exit status, or None while it runs."""
        return None if self.proc is None else self.proc.poll()

    def wait_for(self, pattern, timeout=30, since=None, what=None):
        """Wait until regex pattern matches the output after the cursor
        (or after offset since: 0 = the whole output); move the cursor past
        the match and return the re.Match (whose .string is the output).
        Raises TestFailure on timeout, on QEMU's exit, or when a panic
        line appears first."""
        rx = re.compile(pattern, re.M)
        what = what or "/%s/" % pattern
        start = self.cursor if since is None else since
        deadline = time.monotonic() + timeout * TIME_SCALE
        with self._cond:
            while True:
                m = rx.search(self._text, start)
                if m:
                    self.cursor = max(self.cursor, m.end())
                    self.at_prompt = False
                    return m
                # A panic counts once its line is complete (or QEMU is gone).
                bad = (PANIC_RX if self._eof else PANIC_LINE_RX).search(self._text, start)
                if bad:
                    raise TestFailure("waiting for %s: %s" % (what, bad.group(1)))
                if self._eof:
                    self.proc.wait()
                    raise TestFailure("QEMU exited (status %s) while waiting for %s"
                                      % (self.proc.returncode, what))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TestFailure("timed out after %ds waiting for %s"
                                      % (timeout * TIME_SCALE, what))
                self._cond.wait(min(left, 1.0))

    def wait_prompt(self, timeout=60):
        """Wait for the shell's `$ ` prompt after the cursor."""
        if not self.at_prompt:
            self.wait_for(PROMPT, timeout, what="the shell prompt")
            self.at_prompt = True

    # -- input --------------------------------------------------------------
    def send(self, text):
        """Type text on the console as is."""
        self.at_prompt = False
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise TestFailure("QEMU is gone: cannot type %r" % text)

    def send_line(self, line):
        self.send(line + "\n")

    def run(self, command, timeout=60):
        """Wait for the prompt, type command, wait for the next prompt;
        return what the command printed in between (without the echoed
        command line and the prompt)."""
        self.wait_prompt()
        self.send_line(command)
        self.wait_for(re.escape(command) + r"\n", 10, what="the echo of %r" % command)
        begin = self.cursor
        m = self.wait_for(PROMPT, timeout, what="the prompt after %r" % command)
        self.at_prompt = True
        return m.string[begin:m.start()]

    def wait_exit(self, timeout=30):
        """Wait for QEMU to exit by itself; return its status."""
        try:
            return self.proc.wait(timeout * TIME_SCALE)
        except subprocess.TimeoutExpired:
            raise TestFailure("QEMU still running %ds later" % (timeout * TIME_SCALE))

    def poweroff(self, timeout=20):
        """Run `poweroff` at the prompt; return QEMU's exit status (virt
        exits 0). On machines with no SBI reset (sifive_u, icicle) QEMU
        keeps running: kill it and return None."""
        self.wait_prompt()
        self.send_line("poweroff")
        if self.machine != "virt":
            time.sleep(1)
            self.kill()
            return None
        return self.wait_exit(timeout)


# ---------------------------------------------------------------------------
# Checks on console text.

def count_results(text):
    """The PASS and FAIL lines in text: ([names], [(name, reason)])."""
    passed = re.findall(PASS_LINE, text)
    failed = re.findall(FAIL_LINE, text)
    return passed, failed


def expect(text, pattern, what=None):
    """Raise TestFailure unless regex pattern matches text; return the match."""
    m = re.search(pattern, text, re.M)
    if not m:
        raise TestFailure("expected %s in:\n%s" % (what or "/%s/" % pattern, tail(text)))
    return m


def expect_no_panic(text):
    m = re.search(PANIC, text)
    if m:
        raise TestFailure(m.group(0))


# ---------------------------------------------------------------------------
# Cases.

class Outcome:
    """What one case produced. passed/failed count checks: 1/0 or 0/1 for
    a boot, the PASS/FAIL lines for a program. skipped = reason or None."""

    def __init__(self, passed=0, failed=0, skipped=None, notes=None):
        self.passed = passed
        self.failed = failed
        self.skipped = skipped
        self.notes = list(notes or [])
        self.seconds = 0.0
        self.log_path = None
        self.console_tail = ""

    @property
    def ok(self):
        return self.failed == 0 and (self.passed > 0 or self.skipped is not None)


class Case:
    """A named test on one QEMU. Subclasses define check(q) -> Outcome."""

    boot_timeout = 60

    def __init__(self, name, timeout=60, **knobs):
        self.name = name
        self.timeout = timeout
        self.knobs = knobs

    def skip_reason(self):
        """A reason to skip without booting, or None."""
        return None

    def run(self, echo=False):
        """Boot, check, always kill QEMU; never raises TestFailure."""
        t0 = time.monotonic()
        reason = self.skip_reason()
        if reason:
            return Outcome(skipped=reason)
        q = Qemu(self.name, echo=echo, **self.knobs)
        try:
            q.start()
            out = self.check(q)
        except TestFailure as e:
            out = Outcome(failed=1, notes=[str(e)])
        finally:
            q.kill()
        out.seconds = time.monotonic() - t0
        out.log_path = q.log_path
        if not out.ok:
            out.console_tail = tail(q.output, 20)
        return out

    def check(self, q):
        raise NotImplementedError


class BootCase(Case):
    """Boot with `selftest` on the command line and check: the banner
    (harts and MiB RAM when given), a selftest summary with no failure
    whose count matches the PASS lines, every regex in expect, no panic
    before the end. The end is the shell prompt (then poweroff, which must
    exit QEMU with 0 on virt) or a match of end_ok, a regex the caller
    accepts in its place."""

    def __init__(self, name, harts=None, mib=None, expect=(), end_ok=None,
                 timeout=60, append="", **knobs):
        super().__init__(name, timeout, append=("selftest " + append).strip(), **knobs)
        self.harts = harts
        self.mib = mib
        self.expect = list(expect)
        self.end_ok = end_ok

    def check(self, q):
        banner = q.wait_for(BANNER, self.timeout, since=0, what="the banner")
        harts, mib = int(banner.group(1)), int(banner.group(2))
        if self.harts is not None and harts != self.harts:
            raise TestFailure("banner says %d harts, expected %d" % (harts, self.harts))
        if self.mib is not None and mib != self.mib:
            raise TestFailure("banner says %d MiB RAM, expected %d" % (mib, self.mib))
        summary = q.wait_for(SELFTEST_SUMMARY, 10, since=0, what="the selftest summary")
        end_rx = PROMPT + ("|" + self.end_ok if self.end_ok else "")
        end = q.wait_for(end_rx, self.timeout, what="the shell prompt")
        text = end.string[:end.start()]
        self._check_selftests(text, summary)
        expect_no_panic(text)
        for rx in self.expect:
            expect(text, rx)
        if re.match(PROMPT, end.group(0)):
            q.at_prompt = True
            status = q.poweroff()
            if status not in (0, None):
                raise TestFailure("poweroff: QEMU exited with status %d" % status)
        return Outcome(passed=1)

    @staticmethod
    def _check_selftests(text, summary):
        """No FAIL line up to the end (other boot-time tests, such as the
        block layer's, print PASS/FAIL lines outside the summary's count),
        and at least as many PASS lines before the summary as it counts."""
        npass, nfail = int(summary.group(1)), int(summary.group(2))
        passed = re.findall(PASS_LINE, text[:summary.start()])
        failed = re.findall(FAIL_LINE, text)
        if failed or nfail:
            raise TestFailure("selftest: %d failed: %s" % (max(nfail, len(failed)), "; ".join(
                "%s: %s" % f for f in failed)))
        if npass == 0 or len(passed) < npass:
            raise TestFailure("selftest: summary says %d passed, saw %d PASS lines"
                              % (npass, len(passed)))


class ProgramCase(Case):
    """Boot to the prompt, run command, count its PASS/FAIL lines (each is
    one check), then power off. Fails also when the command prints fewer
    than min_pass PASS lines, does not return to the prompt in time, or
    the kernel panics. Skipped when the program is not built
    ($BUILD/user/bin/NAME), or, while the boot shows skip_if (a regex),
    instead of a prompt."""

    def __init__(self, command, name=None, timeout=300, min_pass=1,
                 skip_if=None, **knobs):
        super().__init__(name or command.split()[0], timeout, **knobs)
        self.command = command
        self.min_pass = min_pass
        self.skip_if = skip_if

    def skip_reason(self):
        prog = self.command.split()[0]
        if not os.path.exists(os.path.join(BUILD, "user", "bin", prog)):
            return "%s is not built (%s/user/bin/%s)" % (prog, os.path.relpath(BUILD, ROOT), prog)
        return None

    def check(self, q):
        try:
            q.wait_prompt(self.boot_timeout)
        except TestFailure:
            if self.skip_if and re.search(self.skip_if, q.output, re.M):
                return Outcome(skipped="no shell yet: " + re.search(
                    self.skip_if, q.output, re.M).group(0))
            raise
        try:
            text = q.run(self.command, self.timeout)
        except TestFailure as e:   # hung, panicked or QEMU died
            passed, failed = count_results(q.output[q.cursor:])
            return Outcome(passed=len(passed), failed=len(failed) + 1,
                           notes=[str(e)] + ["FAIL %s: %s" % f for f in failed])
        out = self._count(text)
        if q.poweroff() not in (0, None):
            out.failed += 1
            out.notes.append("poweroff: QEMU exited with status %d" % q.status)
        return out

    def _count(self, text):
        passed, failed = count_results(text)
        out = Outcome(passed=len(passed), failed=len(failed),
                      notes=["FAIL %s: %s" % f for f in failed])
        if len(passed) < self.min_pass:
            out.failed += 1
            out.notes.append("%d PASS lines, expected at least %d"
                             % (len(passed), self.min_pass))
        m = re.search(PANIC, text)
        if m:
            out.failed += 1
            out.notes.append(m.group(0))
        return out


class FunctionCase(Case):
    """Boot to the prompt and call func(q); pass unless it raises
    TestFailure. Then power off if QEMU still runs."""

    def __init__(self, func, name=None, timeout=60, **knobs):
        super().__init__(name or func.__name__, timeout, **knobs)
        self.func = func

    def check(self, q):
        q.wait_prompt(self.boot_timeout)
        self.func(q)
        if q.status is None and q.at_prompt:
            q.poweroff()
        return Outcome(passed=1)


# ---------------------------------------------------------------------------
# Running cases.

def select(cases, patterns):
    """The cases whose name matches one of the shell globs (all if none)."""
    if not patterns:
        return list(cases)
    return [c for c in cases if any(fnmatch.fnmatch(c.name, p) for p in patterns)]


def format_outcome(case, out):
    """One result line, plus indented notes and the console's tail."""
    if out.skipped:
        return "  skip  %-24s %s" % (case.name, out.skipped)
    head = "  %-4s  %-24s %3d passed, %d failed  %5.1fs" % (
        "ok" if out.ok else "FAIL", case.name, out.passed, out.failed, out.seconds)
    if out.ok:
        return head
    lines = [head] + ["        " + l for n in out.notes for l in n.split("\n")]
    lines.append("        log: %s; its end:" % os.path.relpath(out.log_path, ROOT))
    lines += ["        | " + l for l in out.console_tail.split("\n")]
    return "\n".join(lines)


def run_cases(cases, jobs=1, echo=False, report=print, fmt=format_outcome,
              budget=None):
    """Run cases, at most jobs (1 or 2) at a time; report(fmt(case,
    outcome)) as each finishes; return [(case, Outcome)] in the cases'
    order. echo shows the consoles (with jobs=1 only). A case not started
    within budget seconds fails without running."""
    install_cleanup()
    jobs = max(1, min(jobs, 2))
    lock = threading.Lock()
    deadline = time.monotonic() + budget if budget else None

    def one(case):
        if deadline and time.monotonic() > deadline:
            out = Outcome(failed=1, notes=["not run: over the %ds time budget" % budget])
            out.log_path = os.path.join(LOG_DIR, case.name + ".log")
        else:
            out = case.run(echo=echo and jobs == 1)
        with lock:
            report(fmt(case, out))
            sys.stdout.flush()
        return out

    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        outs = list(pool.map(one, cases))
    return list(zip(cases, outs))


# ---------------------------------------------------------------------------
# Grading.

class Grader:
    """Points for cases, and a score line.

        g = Grader("lab 3")
        g.boot("boots", 10, cpus=1)                  # a BootCase
        g.program("cowtest", 20, partial=True)       # a ProgramCase
        @g.test(10, cpus=2)                          # a FunctionCase
        def echo_works(q):
            expect(q.run("echo hello"), r"^hello$")
        g.main()

    A case earns its points when it passes, or with partial=True the
    fraction passed/(passed+failed) of its checks. main() builds (unless
    --no-build), runs, prints `Score: X/Y` and exits 0 only with full
    marks.
    """

    def __init__(self, title="grade"):
        self.title = title
        self.items = []

    def add(self, case, points, partial=False):
        self.items.append((case, points, partial))
        return case

    def boot(self, name, points, **kw):
        return self.add(BootCase(name, **kw), points)

    def program(self, command, points, partial=False, **kw):
        return self.add(ProgramCase(command, **kw), points, partial)

    def test(self, points, name=None, **kw):
        def register(func):
            self.add(FunctionCase(func, name, **kw), points)
            return func
        return register

    @staticmethod
    def score(out, points, partial):
        if out.skipped:
            return 0
        if partial and out.passed + out.failed:
            return points * out.passed / (out.passed + out.failed)
        return points if out.ok else 0

    def main(self, argv=None):
        ap = argparse.ArgumentParser(description=self.title)
        ap.add_argument("names", nargs="*", help="run only these cases (shell globs)")
        ap.add_argument("--no-build", action="store_true", help="do not run make first")
        ap.add_argument("-v", "--verbose", action="store_true", help="show the console")
        ap.add_argument("-j", "--jobs", type=int, default=1, help="QEMUs at once (1-2)")
        args = ap.parse_args(argv)
        install_cleanup()
        if not args.no_build:
            try:
                build("all")
            except TestFailure as e:
                print(e)
                print("Score: 0/%g" % sum(p for _, p, _ in self.items))
                sys.exit(1)
        by_case = {id(c): (p, part) for c, p, part in self.items}
        chosen = select([c for c, _, _ in self.items], args.names)
        total = got = 0
        def fmt(case, out):
            points, partial = by_case[id(case)]
            line = format_outcome(case, out).split("\n")
            line[0] += "  %g/%g" % (round(self.score(out, points, partial), 1), points)
            return "\n".join(line)

        for case, out in run_cases(chosen, args.jobs, args.verbose, fmt=fmt):
            points, partial = by_case[id(case)]
            total += points
            got += self.score(out, points, partial)
        print("Score: %g/%g" % (round(got, 1), total))
        sys.exit(0 if got == total else 1)


# ---------------------------------------------------------------------------
# Command line: boot once, run commands at the prompt.

def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Boot the kernel in QEMU, run each COMMAND at the shell "
        "prompt, print its output, power off.")
    ap.add_argument("commands", nargs="+", metavar="COMMAND")
    ap.add_argument("--cpus", default=3)
    ap.add_argument("--mem", default="128M")
    ap.add_argument("--machine", default="virt")
    ap.add_argument("--boot", default="direct")
    ap.add_argument("--append", default="")
    ap.add_argument("--extra", default="", help="QEMUEXTRA")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per command")
    ap.add_argument("--grep", help="print only the output lines matching this regex")
    ap.add_argument("--expect", help="fail unless some output line matches this regex")
    ap.add_argument("--no-build", action="store_true", help="do not run make first")
    ap.add_argument("-v", "--verbose", action="store_true", help="show the whole console")
    args = ap.parse_args(argv)
    install_cleanup()
    try:
        if not args.no_build:
            build("all")
        with Qemu("cli", cpus=args.cpus, mem=args.mem, machine=args.machine,
                  boot=args.boot, append=args.append, extra=args.extra,
                  echo=args.verbose) as q:
            text = ""
            for cmd in args.commands:
                out = q.run(cmd, args.timeout)
                _print_output(out, args.grep, args.verbose)
                text += out
            q.poweroff()
        if args.expect:
            expect(text, args.expect, "a line matching /%s/" % args.expect)
    except TestFailure as e:
        print("gradelib: %s" % e, file=sys.stderr)
        return 1
    return 0


def _print_output(text, grep, verbose):
    if verbose:
        return
    for line in text.rstrip("\n").split("\n"):
        if not grep or re.search(grep, line):
            print(line)


if __name__ == "__main__":
    sys.exit(main())
