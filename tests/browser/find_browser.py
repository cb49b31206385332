"""Find a Chromium or Chrome for the browser tests, wherever the machine keeps one.

Run as a script (`make chromium` does), it prints the browser's path, or says what to install and
exits with 1. The tests drive whatever it finds through Playwright's `executable_path`: Playwright's
own download (`playwright install`) needs a host these machines cannot reach.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

NAMES_ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
MACOS_APPLICATIONS = ("Google Chrome.app/Contents/MacOS/Google Chrome", "Chromium.app/Contents/MacOS/Chromium")
INSTALL_BY_HAND = ("no Chromium or Chrome found for the browser tests (tests/browser/): install one "
                   "(Debian: sudo apt-get install chromium; Ubuntu: sudo snap install chromium; macOS: "
                   "brew install --cask chromium or Google Chrome), or name it with CHROMIUM=/path/to/browser; "
                   "every other test runs without it")


def candidates(environ=os.environ):
    """Where a browser may be, in order: $CHROMIUM, the PATH, macOS's Applications folders."""
    if environ.get("CHROMIUM"):
        yield environ["CHROMIUM"]
    for name in NAMES_ON_PATH:
        if found := shutil.which(name, path=environ.get("PATH")):
            yield found
    for folder in (Path("/Applications"), Path.home() / "Applications"):
        for application in MACOS_APPLICATIONS:
            yield str(folder / application)


def runs(path):
    """Whether `path` is a browser that starts: Ubuntu's `chromium-browser` may be a shim that only
    tells you to install a snap."""
    try:
        answer = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return answer.returncode == 0 and ("Chromium" in answer.stdout or "Chrome" in answer.stdout)


def find_browser(environ=os.environ):
    """The first candidate that runs, or None."""
    return next((path for path in candidates(environ) if runs(path)), None)


if __name__ == "__main__":
    found = find_browser()
    print(found or INSTALL_BY_HAND, file=sys.stdout if found else sys.stderr)
    sys.exit(0 if found else 1)
