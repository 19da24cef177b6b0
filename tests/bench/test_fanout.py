"""The fan-out benchmark reports the dispatcher's own memory, not the memory of what started it."""

import os
import sys

from bench.fanout import run_measured

GROW_TO_40_MB = "b = bytearray(40 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); import time; time.sleep(0.3)"


def test_a_small_child_of_a_large_parent_reports_its_own_peak():
    # Linux hands a forked child's exec the parent's high-water mark in ru_maxrss; the measurement
    # must not take it, or every command run from the benchmark would weigh what the benchmark holds.
    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])
    finished = run_measured([sys.executable, "-c", "import time; time.sleep(0.3)"], dict(os.environ), timeout=30)
    del ballast
    assert finished.returncode == 0
    assert 0 < finished.peak_rss_mb < 100


def test_a_child_that_grows_reports_the_growth():
    finished = run_measured([sys.executable, "-c", GROW_TO_40_MB], dict(os.environ), timeout=30)
    assert finished.returncode == 0
    assert finished.peak_rss_mb >= 40
