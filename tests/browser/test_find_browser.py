"""find_browser: a browser is found where people keep one, and a shim that cannot start is passed over."""

import os

from .find_browser import candidates, find_browser


def fake_program(folder, name, version_line, status=0):
    path = folder / name
    path.write_text(f"#!/bin/sh\necho '{version_line}'\nexit {status}\n")
    path.chmod(0o755)
    return path


def test_a_browser_on_the_path_is_found_past_a_shim(tmp_path):
    # Ubuntu's chromium-browser can be a script that only says to install a snap.
    fake_program(tmp_path, "chromium-browser", "Command 'chromium-browser' requires the chromium snap", status=1)
    chrome = fake_program(tmp_path, "google-chrome", "Google Chrome 150.0.1")
    assert find_browser({"PATH": str(tmp_path)}) == str(chrome)


def test_chromium_named_in_the_environment_comes_first(tmp_path):
    fake_program(tmp_path, "chromium", "Chromium 156.0")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    named = fake_program(elsewhere, "my-browser", "Chromium 149.0")
    environ = {"PATH": str(tmp_path), "CHROMIUM": str(named)}
    assert next(candidates(environ)) == str(named) and find_browser(environ) == str(named)


def test_no_browser_is_none(tmp_path):
    fake_program(tmp_path, "chromium", "not a browser", status=0)
    assert find_browser({"PATH": str(tmp_path)}) is None or os.path.isdir("/Applications")
