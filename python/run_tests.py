#!/usr/bin/env python3
"""Runs the package's tests (stdlib unittest) and ends with `Python tests: N passed, N failed, N skipped`; with
CVMBENCH_PYTHON_RESULTS set, also writes `passed failed skipped` to that file for CI to add up. The device is the
simulated one unless CVMBENCH_TEST_DEVICE names a GPU."""
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
suite = unittest.defaultTestLoader.discover(os.path.join(here, "tests"), top_level_dir=here)
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
skipped = len(result.skipped)
passed = result.testsRun - failed - skipped - len(result.expectedFailures)
print(f"Python tests: {passed} passed, {failed} failed, {skipped} skipped")
if os.environ.get("CVMBENCH_PYTHON_RESULTS"):
    with open(os.environ["CVMBENCH_PYTHON_RESULTS"], "w") as results:
        results.write(f"{passed} {failed} {skipped}\n")
sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)
