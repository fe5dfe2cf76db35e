"""``python -m dashboard serve``: start Streamlit on the app with the right settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dashboard.assets import ensure_vendor_assets

APP = Path(__file__).resolve().parent / "app.py"


def streamlit_command(port: int, address: str = "localhost") -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port), "--server.address", address, "--server.headless", "true",
        "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--global.developmentMode", "false",
        "--server.maxUploadSize", "20",
    ]


def serve(port: int = 8501, offline: bool = False, address: str = "localhost") -> int:
    """Run the dashboard in the foreground until interrupted."""
    ensure_vendor_assets()
    env = dict(os.environ)
    if offline:
        env["ATLAS_OFFLINE"] = "1"
    print(f"Frontera Atlas on http://{address}:{port}/" + (" (offline)" if offline else ""), flush=True)
    try:
        return subprocess.call(streamlit_command(port, address), env=env)
    except KeyboardInterrupt:
        return 0
