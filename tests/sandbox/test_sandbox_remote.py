"""``RemoteSandbox``: a sandbox running in another process, used over HTTP (``--sandbox-url``)."""

from __future__ import annotations

import pytest

from meg_inqom_desktop.sandbox import SandboxHandle
from meg_inqom_desktop.sandbox.remote import RemoteSandbox
from meg_inqom_desktop.sandbox.server import SandboxError
from meg_inqom_desktop.ui.application import parse_args


def test_remote_sandbox_knows_the_demo_firm_and_gives_tokens(sandbox: SandboxHandle) -> None:
    remote = RemoteSandbox(sandbox.base_url + "/")
    assert (remote.meg_url, remote.inqom_url) == (sandbox.meg_url, sandbox.inqom_url)
    assert remote.demo_dossiers() == sandbox.demo_dossiers()
    assert [d[2] for d in remote.demo_dossiers()].count(False) == 2  # no licence, switched off
    tokens = remote.issue_tokens("inqom")
    assert tokens["token_type"] == "Bearer" and tokens["refresh_token"]
    remote.stop()  # does not stop the other process's server
    assert RemoteSandbox(sandbox.base_url).summary()["meg_companies"]


def test_remote_sandbox_refuses_what_is_not_a_running_loopback_sandbox() -> None:
    with pytest.raises(SandboxError, match=r"127\.0\.0\.1"):
        RemoteSandbox("http://192.0.2.10:8765")
    with pytest.raises(SandboxError, match="illisible"):
        RemoteSandbox("127.0.0.1:8765")
    with pytest.raises(SandboxError, match="aucun bac à sable ne répond"):
        RemoteSandbox("http://127.0.0.1:9").summary()


def test_desktop_app_takes_sandbox_url() -> None:
    args = parse_args(["--sandbox-url", "http://127.0.0.1:8765", "--data-dir", "/tmp/x"])
    assert (args.sandbox_url, args.sandbox) == ("http://127.0.0.1:8765", False)
