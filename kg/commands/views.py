"""``kg`` commands: views."""

from __future__ import annotations

from kg.cli import app  # noqa: F401  (commands register on this app)
