"""`get_file`: Keras's ``keras.utils.get_file``, a file from a URL kept in Keras's cache.

The same arguments, cache folder (``$KERAS_HOME`` or ``~/.keras``, then ``datasets``), names
and return values as Keras 3.15's, so a Keras program's data download runs unchanged and finds
the files Keras already fetched. Where we differ, on the safe side:

- The download goes to a temporary name beside its target and is renamed there only once it
  is whole and matches ``file_hash``: an interrupted or corrupted download never sits in the
  cache under the file's name (Keras writes the target as it goes, and a crash leaves it).
- An archive is extracted into a temporary folder, renamed when done, and refused whole
  (``ValueError`` naming the member) when a member would land outside its folder, is a link
  or a device file (Keras skips such members with a warning and extracts the rest); tar
  archives are read with Python's ``"data"`` filter.

Example:
    >>> import os, tempfile
    >>> from pathlib import Path
    >>> folder = tempfile.mkdtemp()
    >>> source = Path(folder, "series.csv")
    >>> _ = source.write_text("1,2,3\\n")
    >>> path = get_file(origin=source.as_uri(), cache_dir=folder)  # doctest: +ELLIPSIS
    Downloading data from file:///...series.csv
    >>> os.path.relpath(path, folder), Path(path).read_text()
    ('datasets/series.csv', '1,2,3\\n')
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

__all__ = ["get_file"]

_CHUNK = 1 << 16


def get_file(
    fname: str | os.PathLike[str] | None = None,
    origin: str | None = None,
    untar: bool = False,
    md5_hash: str | None = None,
    file_hash: str | None = None,
    cache_subdir: str = "datasets",
    hash_algorithm: str = "auto",
    extract: bool = False,
    archive_format: str | list[str] | None = "auto",
    cache_dir: str | os.PathLike[str] | None = None,
    force_download: bool = False,
) -> str:
    """The path of the file at URL ``origin``, downloaded unless the cache has it (and, with
    ``file_hash``, it matches); with ``extract`` (or Keras 2's ``untar``), the folder the
    archive (tar, tar.gz, tar.bz2 or zip) was extracted into.

    Args:
        fname: the file's name in the cache (default: the URL's last part); for an archive to
            extract, the folder's name when it has no extension. Not a path.
        origin: the URL (``https://``, ``http://``, ``file://``).
        untar, md5_hash: Keras 2's spellings of ``extract=True`` and an md5 ``file_hash``.
        file_hash: the file's sha256 or md5 hex digest, checked after a download and on a
            cached file (a cached file that does not match is downloaded again).
        cache_subdir: the folder under ``cache_dir`` (an absolute path: that folder).
        hash_algorithm: ``"sha256"``, ``"md5"`` or ``"auto"`` (sha256 for a 64-digit hash).
        archive_format: ``"auto"`` (tar, then zip), ``"tar"``, ``"zip"``, a list, or None.
        cache_dir: default ``$KERAS_HOME`` or ``~/.keras`` (a temporary folder's ``.keras``
            when that cannot be written), as Keras's.
        force_download: download even when the cache has the file.

    Raises:
        ValueError: no ``origin``, a ``fname`` that is a path, a download that does not match
            ``file_hash`` (nothing is kept), or an archive with a member that would leave its
            folder (nothing is extracted).
        OSError: the URL cannot be fetched (its status or reason named).
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    folder = _cache_folder(cache_dir, cache_subdir)
    given = os.fspath(fname) if fname is not None else None
    name = given or os.path.basename(urllib.parse.urlsplit(origin).path)
    if not name:
        raise ValueError(f"Can't parse the file name from the origin provided: '{origin}'; give fname.")
    if os.sep in name or (os.altsep and os.altsep in name):
        raise ValueError(
            "fname is a file name, not a path; give the folder as cache_dir (or cache_subdir). "
            f"Received: fname={name}"
        )
    extracting = extract or untar
    if not extracting:
        target, extraction = folder / name, None
    elif given and "." in name:  # Keras's names: data.tar.gz -> data_extracted
        target, extraction = folder / name, folder / f"{name[: name.find('.')]}_extracted"
    else:
        target, extraction = folder / f"{name}_archive", folder / name
    if force_download or not target.exists() or not _matches(target, file_hash, hash_algorithm):
        _download(origin, target, file_hash, hash_algorithm)
    if extraction is None:
        return str(target)
    _extract(target, extraction, "tar" if untar else archive_format)
    return str(extraction)


def _cache_folder(cache_dir: Any, cache_subdir: str) -> Path:
    if cache_dir is None:
        cache_dir = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    base = Path(os.path.expanduser(os.fspath(cache_dir)))
    if base.exists() and not os.access(base, os.W_OK):
        base = Path(tempfile.gettempdir(), ".keras")
    folder = base / cache_subdir
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _hasher(algorithm: str, file_hash: str | None) -> Any:
    if algorithm == "sha256" or (algorithm == "auto" and file_hash is not None and len(file_hash) == 64):
        return hashlib.sha256()
    if algorithm in ("md5", "auto"):
        return hashlib.md5()
    raise ValueError(f"hash_algorithm must be 'sha256', 'md5' or 'auto'. Received: {algorithm!r}")


def _matches(path: Path, file_hash: str | None, algorithm: str) -> bool:
    """Whether the file at ``path`` has ``file_hash`` (any file does when none is given)."""
    if file_hash is None:
        return True
    hasher = _hasher(algorithm, file_hash)
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(_CHUNK), b""):
            hasher.update(chunk)
    return hasher.hexdigest() == str(file_hash)


def _download(origin: str, target: Path, file_hash: str | None, algorithm: str) -> None:
    """Fetch ``origin`` into a temporary file beside ``target``; checked, then renamed."""
    print(f"Downloading data from {origin}")
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            try:
                with urllib.request.urlopen(origin) as response:
                    shutil.copyfileobj(response, file, _CHUNK)
            except urllib.error.HTTPError as error:
                raise OSError(f"URL fetch failure on {origin}: {error.code} -- {error.reason}") from None
            except urllib.error.URLError as error:
                raise OSError(f"URL fetch failure on {origin}: {error.reason}") from None
        if not _matches(Path(temporary), file_hash, algorithm):
            raise ValueError(
                f"Incomplete or corrupted file detected at {origin}: its {algorithm} hash does not "
                f"match the provided value of {file_hash}. Nothing was kept."
            )
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def _extract(archive: Path, folder: Path, archive_format: str | list[str] | None) -> None:
    """Extract ``archive`` into ``folder`` (replacing it) through a temporary folder."""
    formats = ["tar", "zip"] if archive_format == "auto" else archive_format or []
    for kind in [formats] if isinstance(formats, str) else formats:
        if kind not in ("tar", "zip"):
            raise ValueError(
                f"archive_format must be 'auto', 'tar', 'zip', a list of them or None. Received: {kind!r}"
            )
        if not (tarfile.is_tarfile(archive) if kind == "tar" else zipfile.is_zipfile(archive)):
            continue
        with tarfile.open(archive) if kind == "tar" else zipfile.ZipFile(archive) as opened:
            if isinstance(opened, tarfile.TarFile):
                members = [(m.name, m.isfile() or m.isdir()) for m in opened.getmembers()]
            else:
                members = [(info.filename, not _zip_link(info)) for info in opened.infolist()]
            for member, plain in members:
                _check_member(archive, member, plain)
            staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
            try:
                if isinstance(opened, tarfile.TarFile):
                    opened.extractall(staging, filter="data")
                else:
                    opened.extractall(staging)
                if folder.is_dir():
                    shutil.rmtree(folder)
                elif folder.exists():
                    raise ValueError(f"{folder} is a file, not a folder to extract {archive.name} into")
                os.replace(staging, folder)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        return
    raise ValueError(
        f"{archive}: not an archive of the formats asked for ({archive_format!r}); nothing extracted"
    )


def _zip_link(info: zipfile.ZipInfo) -> bool:
    return (info.external_attr >> 16) & 0o170000 == 0o120000  # a symbolic link's mode


def _check_member(archive: Path, name: str, plain: bool) -> None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not plain or not parts or parts[0] == "/" or ".." in parts or ":" in parts[0]:
        raise ValueError(
            f"{archive}: member {name!r} is a link, a device or a path outside the archive's folder; "
            "nothing was extracted."
        )
