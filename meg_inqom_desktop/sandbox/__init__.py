"""Embedded MEG and Inqom emulators on 127.0.0.1, seeded demo firm, fault injection."""
