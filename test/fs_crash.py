#!/usr/bin/env python3
"""fs_crash - pull the plug on the kernel in the middle of file-system
work, again and again, and check that nothing acknowledged is lost.

One run keeps one image (a sparse copy of $BUILD/fs.img) through a chain
of boots on virt (KEEPFS, its own FS_IMAGE). Boot i:
  1. the kernel mounts the image, recovering its log (and freeing
     orphans) after the previous kill;
  2. `fscrash verify` checks every file the workloads of rounds i-1 and
     i-2 acknowledged (an "fscrash: rR wW synced K" or "journal LEN" line
     on the console, printed after fsync returned): present, exact size,
     every byte right; unacknowledged files that survived hold a prefix of
     their bytes, no garbage (user/test/fscrash.c);
  3. `fscrash sync`, then fsck on the image as the kernel left it: clean,
     with no warning (the log was installed and orphans freed at mount);
  4. `fscrash work i SEED` starts (three processes writing, fsyncing,
     renaming, appending, removing files and directories; two of them
     acknowledge what they fsync'd, the third keeps writing to a file it
     unlinked while open, leaving an orphan); after a random delay QEMU
     is killed with SIGKILL;
  5. fsck --replay on a copy of the image (the log replayed as the kernel
     will): clean; orphan warnings are fine there.
After the last kill one more boot verifies, powers off cleanly (which
syncs) and fsck must find the image clean with no warning.

Each kill that passes is one passed check. In `make test` (qemu_tests.py)
two chains of 10 kills each, with different seeds, run as the cases
fs-crash-a and fs-crash-b. By hand:

  python3 test/fs_crash.py [--kills 20] [--seed 1] [--cpus 2] [--min 0.2] [--max 4]

needs `make all` first (fscrash in the image). A failing chain keeps its
image ($BUILD/crash-NAME.img) and each boot's console
($BUILD/test-logs/NAME-BOOT.log).
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from gradelib import (BUILD, LOG_DIR, Case, Outcome, Qemu, TestFailure,  # noqa: E402
                      expect_no_panic, tail)

FSCK = os.path.join(BUILD, "host", "fsck")
FSCRASH = os.path.join(BUILD, "user", "bin", "fscrash")
ACK = re.compile(r"^(fscrash: r(\d+) w(\d+) (synced|journal) (\d+)) ck([0-9a-f]{8})$", re.M)
ACKERS = 2      # fscrash's workers that acknowledge (ACKERS in fscrash.c)


def fnv(text):
    h = 2166136261
    for b in text.encode():
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


def fsck(image, replay=False):
    cmd = [FSCK] + (["--replay"] if replay else []) + [image]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout.strip()


def sparse_copy(src, dst):
    subprocess.run(["cp", "--sparse=always", src, dst], check=True)


class Chain:
    """One image through kills+1 boots (see the module's docstring)."""

    def __init__(self, name, kills, seed, cpus=2, min_delay=0.2, max_delay=4.0,
                 boot_timeout=60, verify_timeout=180, report=None):
        self.name = name
        self.kills = kills
        self.seed = seed
        self.cpus = cpus
        self.min_delay = min_delay
        self.max_delay = max_delay
        self.boot_timeout = boot_timeout
        self.verify_timeout = verify_timeout
        self.report = report or (lambda line: None)
        self.image = os.path.join(BUILD, "crash-%s.img" % name)
        self.acks = {}          # (round, worker) -> [last file, journal bytes]
        self.passed = 0
        self.notes = []
        self.last_log = None
        self.last_console = ""

    # -- one boot --------------------------------------------------------
    def boot(self, i):
        q = Qemu("%s-%d" % (self.name, i), cpus=self.cpus, keepfs=True, fs_image=self.image)
        self.last_log = q.log_path
        q.start()
        return q

    def verify(self, q, i):
        rounds = [r for r in (i - 2, i - 1) if r >= 0]
        args = ["%d:%d:%d:%d" % ((r, w) + tuple(self.acks.get((r, w), (-1, 0))))
                for r in rounds for w in range(ACKERS)]
        if not args:
            return
        out = q.run("fscrash verify " + " ".join(args), self.verify_timeout)
        fails = re.findall(r"^FAIL (\S+): (.*)$", out, re.M)
        passes = re.findall(r"^PASS crash_verify", out, re.M)
        if fails or len(passes) != len(args):
            raise TestFailure("boot %d: after the kill: %s" % (i, "; ".join(
                "%s: %s" % f for f in fails) or "verify printed %d PASS lines of %d:\n%s"
                % (len(passes), len(args), out)))

    def sync_and_fsck(self, q, i):
        out = q.run("fscrash sync", 60)
        if "fscrash: sync done" not in out:
            raise TestFailure("boot %d: fscrash sync: %s" % (i, out.strip()))
        rc, text = fsck(self.image)
        if rc != 0 or "warning" in text:
            raise TestFailure("boot %d: fsck after the kernel's recovery: %s"
                              % (i, text.replace("\n", "; ")))

    def work_and_kill(self, q, i, delay):
        for key in [k for k in self.acks if k[0] <= i - 2]:
            del self.acks[key]          # fscrash work i removes those rounds
        start = q.cursor
        q.send_line("fscrash work %d %d" % (i, self.seed * 1000 + i))
        q.wait_for(r"^fscrash: r%d started" % i, 30)
        time.sleep(delay)
        q.crash()
        text = q.output[start:]
        expect_no_panic(text)
        m = re.search(r"^fscrash: (?:a worker failed|\S+ \S+: ).*$", text, re.M)
        if m:
            raise TestFailure("round %d: the workload failed: %s" % (i, m.group(0)))
        self.churning = len(re.findall(r"^fscrash: r%d w\d+ churning$" % i, text, re.M))
        acked = 0
        for m in ACK.finditer(text):
            if fnv(m.group(1)) != int(m.group(6), 16) or int(m.group(2)) != i:
                continue        # garbled or cut by the kill
            entry = self.acks.setdefault((i, int(m.group(3))), [-1, 0])
            slot = 0 if m.group(4) == "synced" else 1
            entry[slot] = max(entry[slot], int(m.group(5)))
            acked += 1
        return acked

    def fsck_replay(self, i):
        copy = self.image + ".replay"
        sparse_copy(self.image, copy)
        try:
            rc, text = fsck(copy, replay=True)
        finally:
            os.unlink(copy)
        if rc != 0:
            raise TestFailure("round %d: fsck --replay after the kill: %s"
                              % (i, text.replace("\n", "; ")))

    # -- the chain -------------------------------------------------------
    def run(self):
        """Passed kills; raises TestFailure at the first problem."""
        rng = random.Random(self.seed)
        sparse_copy(os.path.join(BUILD, "fs.img"), self.image)
        recoveries = 0
        for i in range(self.kills + 1):
            q = self.boot(i)
            try:
                q.wait_prompt(self.boot_timeout)
                if re.search(r"^fs: \S+: recovering \d+ logged blocks", q.output, re.M):
                    recoveries += 1
                self.verify(q, i)
                self.sync_and_fsck(q, i)
                if i == self.kills:
                    status = q.poweroff()
                    if status not in (0, None):
                        raise TestFailure("poweroff: QEMU exited with status %d" % status)
                    break
                delay = rng.uniform(self.min_delay, self.max_delay)
                acked = self.work_and_kill(q, i, delay)
            finally:
                self.last_console = q.output
                q.kill()
            self.fsck_replay(i)
            self.passed += 1
            self.report("PASS %s_kill%d (after %.2fs, %d acknowledgements, %d of %d ackers churning)"
                        % (self.name, i, delay, acked, self.churning, ACKERS))
        rc, text = fsck(self.image)
        if rc != 0 or "warning" in text:
            raise TestFailure("fsck after the final poweroff: " + text.replace("\n", "; "))
        self.notes.append("%d kills; the log was replayed at %d of the boots after them"
                          % (self.kills, recoveries))
        os.unlink(self.image)
        return self.passed


class CrashCase(Case):
    """A Chain as a case of `make test`: one passed check per kill."""

    def __init__(self, name, kills=10, seed=1, cpus=2, timeout=600, **kw):
        super().__init__(name, timeout)
        self.kills = kills
        self.seed = seed
        self.cpus = cpus
        self.kw = kw

    def skip_reason(self):
        if not os.path.exists(FSCRASH):
            return "fscrash is not built (%s)" % os.path.relpath(FSCRASH)
        return None

    def run(self, echo=False):
        t0 = time.monotonic()
        reason = self.skip_reason()
        if reason:
            return Outcome(skipped=reason)
        chain = Chain(self.name, self.kills, self.seed, self.cpus, **self.kw)
        try:
            chain.run()
            out = Outcome(passed=chain.passed, notes=chain.notes)
        except TestFailure as e:
            out = Outcome(passed=chain.passed, failed=1, notes=[str(e)])
        except Exception as e:  # noqa: BLE001 - a case never raises
            out = Outcome(passed=chain.passed, failed=1, notes=["%s: %s" % (type(e).__name__, e)])
        out.seconds = time.monotonic() - t0
        out.log_path = chain.last_log or os.path.join(LOG_DIR, self.name + ".log")
        if not out.ok:
            out.console_tail = tail(chain.last_console, 20)
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--min", type=float, default=0.2, help="shortest delay before a kill (s)")
    ap.add_argument("--max", type=float, default=4.0, help="longest delay before a kill (s)")
    args = ap.parse_args()
    chain = Chain("fs-crash", args.kills, args.seed, args.cpus, args.min, args.max,
                  report=lambda line: (print(line), sys.stdout.flush()))
    try:
        chain.run()
        print("\n".join(chain.notes))
        failed = 0
    except TestFailure as e:
        print("FAIL fs-crash: %s\n  log: %s; its end:\n%s" % (
            e, chain.last_log, tail(chain.last_console, 20)))
        failed = 1
    print("fs_crash: %d passed, %d failed" % (chain.passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
