"""Atomic file writes: a reader sees the old file or the complete new one, never a half."""

import contextlib
import os
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_path(destination):
    """Yield a temporary path beside `destination`; rename it into place only on success.

    The temporary name keeps the destination's suffix, so writers that infer the format
    from the extension (Keras' `.keras`) still work.
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{destination.stem}.", suffix=f".partial{destination.suffix}", dir=destination.parent
    )
    os.close(handle)
    temporary = Path(temporary)
    try:
        yield temporary
        # mkstemp creates owner-only files; published files should be readable like any other.
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)


def write_text_atomically(destination, text):
    """Write `text` to `destination` atomically."""
    with atomic_path(destination) as temporary:
        temporary.write_text(text)
