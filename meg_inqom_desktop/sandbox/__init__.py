"""Embedded MEG and Inqom emulators on 127.0.0.1, seeded demo firm, fault injection.

Use ``start_sandbox()`` (tests, demo mode) or ``meg-inqom sandbox`` (foreground).
"""

from __future__ import annotations

from meg_inqom_desktop.sandbox.server import SandboxHandle, check_loopback, start_sandbox

__all__ = ["SandboxHandle", "check_loopback", "start_sandbox"]
