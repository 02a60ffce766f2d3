#!/usr/bin/env python3
"""grade_lab - the lab-style graded set that `make grade` runs.

An example of a grading script built on scripts/gradelib.py: each line
gives a case and its points; the last line printed is `Score: X/Y`.
Course staff copy this file and change the cases and points per lab.

  grade_lab.py [--no-build] [-v] [-j 1|2] [NAME...]
"""

import os
import re
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "scripts"))
from gradelib import Grader, TestFailure, expect  # noqa: E402

g = Grader("lab grading")

# Booting: the banner and the kernel's own tests, on 1 and 4 harts.
g.boot("boot-1cpu", 5, cpus=1, harts=1)
g.boot("boot-4cpu", 5, cpus=4, harts=4)


# The shell: a command's output comes back, and so does a pipeline's.
@g.test(10, cpus=2)
def shell_echo(q):
    expect(q.run("echo hello world"), r"^hello world$")
    out = q.run("echo one two three | wc")
    if not re.search(r"\b1\s+3\s+14\b", out):
        raise TestFailure("echo one two three | wc printed %r, expected 1 3 14" % out)


# Test programs: points in proportion to their PASS lines.
g.program("proctest", 20, partial=True, cpus=2)
g.program("pipetest", 15, partial=True, cpus=2)
g.program("forktest", 10, partial=True, cpus=2)
g.program("badargs", 15, partial=True, cpus=2)
g.program("cowtest", 20, partial=True, cpus=2)

if __name__ == "__main__":
    g.main()
