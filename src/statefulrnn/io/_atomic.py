"""Atomic file writes, shared by the weights and model files.

The data goes to a temporary file in the target's folder, is synced to disk, then renamed over
the target: a reader (or a crash) sees the old file or the new one, never half of one.

Example:
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "data.bin")
    ...     write_atomically(path, b"abc")
    ...     (open(path, "rb").read(), os.listdir(folder))
    (b'abc', ['data.bin'])
"""

from __future__ import annotations

import contextlib
import os
import secrets


def write_atomically(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a failure at any point leaves the old file (if any)
    as it was and no temporary file behind. Missing folders on the way are made, as Keras's
    HDF5 saving and ``ModelCheckpoint`` make theirs (``model.save("models/m.h5")``), and
    removed again if the write fails."""
    folder = os.path.dirname(os.path.abspath(path))
    made = _missing_folders(folder)
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{secrets.token_hex(6)}.tmp")
    try:
        # 0o666 less the umask, as a plain open() would give: the file keeps ordinary permissions.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(temporary, flags, 0o666), "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        for made_folder in reversed(made):  # innermost first; only if still empty
            with contextlib.suppress(OSError):
                os.rmdir(made_folder)
        raise
    sync_folder(folder)


def _missing_folders(folder: str) -> list[str]:
    """The folders from the outermost missing ancestor of ``folder`` down to it (none if it exists)."""
    missing = []
    while not os.path.isdir(folder):
        missing.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return missing[::-1]


def sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); best effort, as some file systems refuse."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
