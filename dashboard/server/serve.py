"""``python -m dashboard serve``: start Streamlit on the app with the right settings."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from dashboard import roles
from dashboard.map.vendor import ensure_vendor_assets

APP = Path(__file__).resolve().parent.parent / "app.py"



def free_port() -> int:
    """A loopback port nobody listens on now (for a server, a cluster member, a test database)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def streamlit_command(port: int, address: str = "localhost") -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port), "--server.address", address, "--server.headless", "true",
        "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--global.developmentMode", "false",
        "--server.maxUploadSize", "20",
        # Streamlit runs a full garbage collection after every script run by default. Under ten
        # viewers that was a third of the server's CPU (py-spy); Python's own collector suffices.
        "--runner.postScriptGC", "false",
        # Readers get the viewer's menu (print, settings), not the developer's "Deploy" button,
        # which Streamlit shows to anyone on localhost.
        "--client.toolbarMode", "viewer",
        # An error the page did not foresee (a forged widget message Streamlit itself cannot decode) shows
        # its sender only its type: the message and the stack trace, with the server's paths, go to the log.
        "--client.showErrorDetails", "type",
    ]


def serve(port: int = 8501, offline: bool = False, address: str = "localhost") -> int:
    """Run the dashboard in the foreground until interrupted."""
    ensure_vendor_assets()
    env = dict(os.environ)
    if offline:
        env["ATLAS_OFFLINE"] = "1"
    print(f"Frontera Atlas on http://{address}:{port}/" + (" (offline)" if offline else ""), flush=True)
    token = roles.local_token(env, roles.read_secrets(roles.secrets_files()))
    if token:  # no editor sign-in configured: this link makes its opener an editor (as Jupyter's does)
        env[roles.LOCAL_TOKEN_ENV] = token
        if not env.get(roles.LINK_PRINTED_ENV):  # under `cluster` the link is nginx's, printed once, never logged
            print(f"Editor sign-in (keep it to yourself): {roles.local_link(address, port, token)}", flush=True)
    else:
        env.pop(roles.LOCAL_TOKEN_ENV, None)
    command = streamlit_command(port, address)
    if os.name == "posix":
        # Become Streamlit: a signal to this process (Ctrl-C, a supervisor's SIGTERM) then
        # reaches the server itself, and no orphaned server outlives its parent.
        os.execve(command[0], command, env)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0
