"""Each case of a PDF bench in a fresh process, so its memory peak and warm-up are its own."""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measured_in_child(script, *arguments):
    """Run the bench `script` again as `script --child ARGUMENTS…` and return the figures it prints
    as JSON on its last line."""
    child = subprocess.run(
        [sys.executable, script, "--child", *map(str, arguments)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])
