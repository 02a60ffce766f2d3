#!/usr/bin/env python3
"""run_all - what `make test` runs: build, host unit tests, QEMU tests.

  1. make host-tests; run every $BUILD/host/test_* (cmocka): its
     "[  PASSED  ] N test(s)." and "[  FAILED  ] M test(s)" lines count.
  2. make all uboot-disks host-tools (fsck, for the crash test); run the
     QEMU cases of test/qemu_tests.py, two at a time (each counts its
     checks: see scripts/gradelib.py).
  3. Print the sum as the last line, exactly "N passed, M failed", and
     exit 1 if anything failed (a build failure or a crashed test binary
     counts as one failure) or nothing passed.

  run_all.py [--no-build] [--no-host] [--no-qemu] [-j 1|2] [-v] [NAME...]
NAME... are shell globs selecting QEMU cases (e.g. 'boot-*').
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "scripts"))
sys.path.insert(0, HERE)
import gradelib  # noqa: E402
import qemu_tests  # noqa: E402

HOST_TEST_TIMEOUT = 300
# QEMU cases not started this many seconds into the QEMU tests fail
# unrun, so a hanging kernel cannot hold CI for hours (TEST_BUDGET=secs).
QEMU_BUDGET = int(os.environ.get("TEST_BUDGET", "900"))


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def add(self, passed, failed):
        self.passed += passed
        self.failed += failed


def section(title):
    print("== %s" % title)
    sys.stdout.flush()


def build_step(tally, targets, jobs):
    """make targets; False (and one failure) if it failed."""
    t0 = time.monotonic()
    log = os.path.join(gradelib.LOG_DIR, "build-%s.log" % "-".join(targets))
    try:
        gradelib.build(*targets, jobs=jobs, log_path=log)
    except gradelib.TestFailure as e:
        print("  FAIL  make %s\n%s" % (" ".join(targets), indent(str(e))))
        tally.add(0, 1)
        return False
    print("  ok    make %-18s %5.1fs" % (" ".join(targets), time.monotonic() - t0))
    return True


def indent(text, prefix="        | "):
    return "\n".join(prefix + l for l in text.split("\n"))


def parse_cmocka(out):
    """(passed, failed) from cmocka's summary lines, or None."""
    p = re.search(r"^\[  PASSED  \] (\d+) test", out, re.M)
    f = re.search(r"^\[  FAILED  \] (\d+) test", out, re.M)
    if not p and not f:
        return None
    return int(p.group(1)) if p else 0, int(f.group(1)) if f else 0


def run_host_test(path):
    """Run one cmocka binary: (passed, failed, notes)."""
    try:
        r = subprocess.run([path], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=HOST_TEST_TIMEOUT)
        out, status = r.stdout.decode("utf-8", "replace"), r.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        return 0, 1, ["timed out after %ds" % HOST_TEST_TIMEOUT, gradelib.tail(out)]
    counts = parse_cmocka(out)
    if counts is None:
        return 0, 1, ["no cmocka summary (status %d)" % status, gradelib.tail(out, 25)]
    passed, failed = counts
    notes = re.findall(r"^\[  FAILED  \] (?!\d+ test).*$", out, re.M)
    notes += re.findall(r"^\[  ERROR   \].*$", out, re.M)
    if status != 0 and failed == 0:
        failed = 1   # crashed (a sanitizer, say) after its last summary
        notes += ["exit status %d" % status, gradelib.tail(out, 25)]
    return passed, failed, notes


def host_tests(tally):
    bins = sorted(glob.glob(os.path.join(gradelib.BUILD, "host", "test_*")))
    if not bins:
        print("  (no host test binaries in %s/host)" % os.path.relpath(gradelib.BUILD))
    for path in bins:
        t0 = time.monotonic()
        passed, failed, notes = run_host_test(path)
        tally.add(passed, failed)
        print("  %-4s  %-24s %3d passed, %d failed  %5.1fs" % (
            "ok" if failed == 0 else "FAIL", os.path.basename(path), passed, failed,
            time.monotonic() - t0))
        if failed:
            print(indent("\n".join(notes)))
        sys.stdout.flush()


def run_qemu_tests(tally, names, jobs, verbose):
    cases = gradelib.select(qemu_tests.CASES, names)
    if names and not cases:
        print("  no QEMU case matches %s" % " ".join(names))
        tally.add(0, 1)
        return
    for case, out in gradelib.run_cases(cases, jobs, verbose, budget=QEMU_BUDGET):
        if out.skipped:
            tally.skipped += 1
        tally.add(out.passed, out.failed)


def main():
    ap = argparse.ArgumentParser(description="Build and run every test.")
    ap.add_argument("names", nargs="*", help="QEMU cases to run (shell globs; default all)")
    ap.add_argument("--no-build", action="store_true", help="use what is built")
    ap.add_argument("--no-host", action="store_true", help="skip the host unit tests")
    ap.add_argument("--no-qemu", action="store_true", help="skip the QEMU tests")
    ap.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="QEMUs at once, 1 or 2 (default: 2 if 2 cores)")
    ap.add_argument("-v", "--verbose", action="store_true", help="show consoles (with -j1)")
    args = ap.parse_args()
    gradelib.install_cleanup()
    tally = Tally()
    t0 = time.monotonic()
    make_jobs = os.cpu_count() or 1

    if not args.no_host:
        section("host unit tests")
        if args.no_build or build_step(tally, ["host-tests"], make_jobs):
            host_tests(tally)
    if not args.no_qemu:
        section("QEMU tests")
        if args.no_build or build_step(tally, ["all", "uboot-disks", "host-tools"], make_jobs):
            run_qemu_tests(tally, args.names, args.jobs, args.verbose)

    print("== done in %.0fs%s" % (time.monotonic() - t0,
                                  ", %d skipped" % tally.skipped if tally.skipped else ""))
    print("%d passed, %d failed" % (tally.passed, tally.failed))
    return 0 if tally.failed == 0 and tally.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
