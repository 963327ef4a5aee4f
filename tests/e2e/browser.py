"""Where Chromium is, and how the browser tests start it (Debian's build, never a download)."""

import os
import shutil

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium_path():
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    return next((path for path in candidates if path and os.path.exists(path)), None)
