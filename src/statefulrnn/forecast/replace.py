"""Writing a model folder, in place of an older one, so that no crash loses both and nothing
but a model folder's own files is ever deleted.

``fit`` builds the new folder beside the target, as ``.NAME.new-PID``. When it is complete, an
existing ``NAME`` is renamed ``.NAME.old-PID``, the new folder renamed ``NAME``, and the old
folder's files deleted one by one (by name: only the files a model folder holds). A folder that
holds anything else, or a target that is a symbolic link, is refused before anything is
written. A run killed at any point leaves the old folder, the new one, or both under those
names; the next ``fit`` or ``stream`` of the same folder finds the leftovers of runs that are no
longer running (`recover`): an old folder comes back when ``NAME`` is missing (the swap was cut
between its renames) and is deleted otherwise, an unfinished new folder is deleted.

Example:
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as top:
    ...     target = Path(top, "model")
    ...     with building(target, replace=False) as folder:
    ...         _ = (folder / "forecast.json").write_text("{}")
    ...     with building(target, replace=True) as folder:
    ...         _ = (folder / "forecast.json").write_text("{}")
    ...     sorted(os.listdir(top)), os.listdir(target)
    (['model'], ['forecast.json'])
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..io._atomic import sync_folder
from .errors import ForecastInputError
from .folder import FILES, INFO

# A folder's own files: its files, and the temporary files killed runs can leave: those of
# atomic writes (io/_atomic.py names them .NAME.<hex>.tmp) and of stream --save-state.
_NAMES = "|".join(re.escape(name) for name in FILES)
_PENDING = re.compile(rf"\.(?:{_NAMES})\.new-(\d+)")  # folder.save_state's
_OWN = re.compile(rf"(?:{_NAMES})|\.(?:{_NAMES})\.[0-9a-f]+\.tmp|{_PENDING.pattern}")
_SHOWN = 5  # foreign files named in a message


@contextlib.contextmanager
def building(target: Path, replace: bool) -> Iterator[Path]:
    """A new folder to fill; it becomes ``target`` when the block ends without error (and is
    deleted when it raises).

    Raises:
        ForecastInputError: as `check_target`, checked again before the swap.
    """
    check_target(target, replace)
    target = Path(os.path.abspath(target))
    new = _beside(target, "new")
    target.parent.mkdir(parents=True, exist_ok=True)
    new.mkdir()
    try:
        yield new
        _check(target, replace)  # again: the folder may have changed while the model trained
        for entry in os.scandir(new):  # on disk before the swap makes them the model
            with open(entry.path, "rb") as file:
                os.fsync(file.fileno())
        sync_folder(os.fspath(new))
        if os.path.lexists(target):
            old = _beside(target, "old")
            os.rename(target, old)
            sync_folder(os.fspath(target.parent))
            try:
                os.rename(new, target)
            except BaseException:
                os.rename(old, target)
                raise
            sync_folder(os.fspath(target.parent))
            remove_model_folder(old)
        else:
            os.rename(new, target)
            sync_folder(os.fspath(target.parent))
    finally:
        shutil.rmtree(new, ignore_errors=True)


def check_target(target: Path, replace: bool) -> None:
    """Recover the leftovers of killed runs (`recover`), then refuse a ``target`` that `building`
    could not write: a symbolic link, or something that exists (unless ``replace``) and is not a
    model folder holding only its own files.

    Raises:
        ForecastInputError: naming the target, what is wrong and what to do.
    """
    recover(target)
    _check(Path(os.path.abspath(target)), replace)


def recover(target: Path) -> None:
    """Restore or delete what runs killed while writing ``target`` left beside it, and the
    temporary files killed runs left in it. Leftovers of runs still running are left alone.

    Raises:
        ForecastInputError: an old folder to delete holds files that are not a model's.
    """
    target = Path(os.path.abspath(target))
    leftover = re.compile(rf"\.{re.escape(target.name)}\.(new|old)-(\d+)")
    try:
        entries = sorted(os.scandir(target.parent), key=lambda entry: entry.name)
    except OSError:  # no such folder, or not one this user may list: nothing to recover
        return
    for entry in entries:
        match = leftover.fullmatch(entry.name)
        if not match or _running(int(match[2])):
            continue
        kind, path = match[1], Path(entry.path)
        if kind == "new":
            shutil.rmtree(path, ignore_errors=True)
        elif not os.path.lexists(target):
            os.rename(path, target)  # killed between the swap's two renames: the old folder returns
        else:
            remove_model_folder(path)
    if target.is_dir() and not target.is_symlink():
        for entry in os.scandir(target):
            match = _PENDING.fullmatch(entry.name)
            if match and entry.is_file(follow_symlinks=False) and not _running(int(match[1])):
                os.unlink(entry.path)


def remove_model_folder(folder: Path) -> None:
    """Delete a model folder's own files, then the folder.

    Raises:
        ForecastInputError: it holds anything else (that is left, with the folder).
    """
    for entry in os.scandir(folder):
        if _OWN.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            os.unlink(entry.path)
    try:
        os.rmdir(folder)
    except OSError:
        raise ForecastInputError(
            f"{os.fspath(folder)!r} was left in place: it holds {_names(_foreign(folder))}, which "
            f"forecast fit did not write."
        ) from None


def _check(target: Path, replace: bool) -> None:
    shown = repr(os.fspath(target))
    if not target.name:
        raise ForecastInputError(f"--out {shown} is a file system's root; name a model folder.")
    if target.is_symlink():
        raise ForecastInputError(
            f"--out {shown} is a symbolic link (to {os.readlink(target)!r}); give the path of the model "
            f"folder itself: a link is never written through or replaced."
        )
    if target.parent.exists() and not target.parent.is_dir():
        raise ForecastInputError(
            f"--out {shown} is inside {os.fspath(target.parent)!r}, which is not a folder."
        )
    if not os.path.lexists(target):
        return
    if not replace:
        raise ForecastInputError(f"{shown} exists; pass --replace to write over it.")
    if not target.is_dir() or not (target / INFO).is_file():
        raise ForecastInputError(f"{shown} exists and is not a forecast model folder; it is left as it is.")
    foreign = _foreign(target)
    if foreign:
        raise ForecastInputError(
            f"{shown} holds {_names(foreign)}, which forecast fit did not write; --replace deletes a "
            f"model folder that holds only its own files: move them out, or choose another --out."
        )


def _foreign(folder: Path) -> list[str]:
    return sorted(
        entry.name
        for entry in os.scandir(folder)
        if not (_OWN.fullmatch(entry.name) and entry.is_file(follow_symlinks=False))
    )


def _names(names: list[str]) -> str:
    more = f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
    return ", ".join(repr(name) for name in names[:_SHOWN]) + more


def _beside(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}.{kind}-{os.getpid()}")


def _running(pid: int) -> bool:
    """Whether another process ``pid`` exists (this process's own leftovers are a killed run's
    whose number it now has: it makes none before recovering)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except (OSError, OverflowError):
        return False
    return True


__all__ = ["building", "check_target", "recover", "remove_model_folder"]
