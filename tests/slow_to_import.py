"""A module that takes three seconds to import, as a task's module can in a
worker just started on a busy machine (tests/test_sandbox.py)."""

import time

time.sleep(3)


def answer() -> int:
    return 42
