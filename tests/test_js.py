"""The unit tests of the pages' JavaScript (tests/js/), run by Node's own test runner: nothing to download."""

import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_the_javascript_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("REQUIRE_NODE") == "1":
            pytest.fail("node not found (REQUIRE_NODE=1)")
        pytest.skip("!!! JAVASCRIPT UNIT TESTS SKIPPED: node is not installed")
    run = subprocess.run(
        [node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
