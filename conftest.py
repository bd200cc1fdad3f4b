"""Test-wide settings, for tests/ and the lessons nbval runs: self-checks run by the tests record no attempts."""

from __future__ import annotations

import os

os.environ["O2O_PROGRESS"] = "off"  # set before any kernel starts, so the lessons' kernels inherit it
