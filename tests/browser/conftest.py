"""A real browser for the tests in this folder: the machine's Chromium or Chrome (find_browser.py)
driven by Playwright, offline. Without one they are skipped, saying what to install; `make test`
installs Debian's chromium with apt-get where it may.
"""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from digits import config

SCREENSHOTS_DIR = config.PROJ_ROOT / "build" / "browser"
SERVER_START_SECONDS = 90


def chromium_path():
    """The machine's browser, or a skip that says what to install."""
    from .find_browser import INSTALL_BY_HAND, find_browser

    return find_browser() or pytest.skip(INSTALL_BY_HAND)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(root_dir, scratch):
    """A JupyterLab server on 127.0.0.1 serving `root_dir`, with a token and its own settings and
    workspaces under `scratch`; yields its base URL and token, and stops it however the test ends."""
    settings = scratch / "settings"
    for plugin, values in {
        "@jupyterlab/apputils-extension/notification": '{"fetchNews": "false", "checkForUpdates": false}',
        # Every cell in the page, so a test can find a cell far down the notebook.
        "@jupyterlab/notebook-extension/tracker": '{"windowingMode": "none"}',
    }.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(values)
    port, token = free_port(), secrets.token_hex(16)
    environment = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
                       JUPYTERLAB_WORKSPACES_DIR=str(scratch / "workspaces"), JUPYTER_RUNTIME_DIR=str(scratch / "runtime"))
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root_dir}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(scratch / "jupyterlab.log", "w")
    server = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {server.returncode}; its log: {scratch / 'jupyterlab.log'}")
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within {SERVER_START_SECONDS} s; "
                                f"its log: {scratch / 'jupyterlab.log'}")
                time.sleep(0.3)
        yield url, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
