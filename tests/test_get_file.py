"""`keras.utils.get_file`: Keras's names, cache and return values, with downloads that never
leave a partial or unverified file in the cache and archives that are refused whole when a
member would leave their folder. Served by a local HTTP server: no network needed."""

from __future__ import annotations

import hashlib
import http.server
import io
import tarfile
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import statefulrnn as keras


class _Server:
    def __init__(self, folder: Path) -> None:
        self.requests: list[str] = []
        served = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, directory=str(folder), **kwargs)

            def do_GET(self) -> None:
                served.requests.append(self.path)
                super().do_GET()

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[_Server]:
    (tmp_path / "site").mkdir()
    served = _Server(tmp_path / "site")
    yield served
    served.httpd.shutdown()


def _site(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / "site" / name).write_bytes(data)


def _cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_a_file_is_downloaded_once_into_keras_cache_layout(tmp_path: Path, server: _Server) -> None:
    _site(tmp_path, "series.csv", b"1,2,3\n")
    path = keras.utils.get_file(origin=f"{server.url}/series.csv", cache_dir=_cache(tmp_path))
    assert Path(path) == _cache(tmp_path) / "datasets" / "series.csv"
    assert Path(path).read_bytes() == b"1,2,3\n"
    again = keras.utils.get_file("series.csv", f"{server.url}/series.csv", cache_dir=_cache(tmp_path))
    assert again == path and server.requests == ["/series.csv"]  # the cache served the second
    keras.utils.get_file(
        "series.csv", f"{server.url}/series.csv", cache_dir=_cache(tmp_path), force_download=True
    )
    assert len(server.requests) == 2


def test_keras_home_is_the_default_cache(tmp_path: Path, server: _Server, monkeypatch) -> None:
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "home"))
    _site(tmp_path, "a.txt", b"a")
    path = keras.utils.get_file("b.txt", f"{server.url}/a.txt", cache_subdir="mine")
    assert Path(path) == tmp_path / "home" / "mine" / "b.txt"


def test_a_hash_is_checked_and_a_mismatch_keeps_nothing(tmp_path: Path, server: _Server) -> None:
    data = b"weather" * 100
    _site(tmp_path, "w.csv", data)
    url, cache = f"{server.url}/w.csv", _cache(tmp_path)
    with pytest.raises(ValueError, match="hash does not match"):
        keras.utils.get_file(origin=url, cache_dir=cache, file_hash="0" * 64)
    assert list((cache / "datasets").iterdir()) == []  # no partial or unverified file
    sha256, md5 = hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest()
    assert Path(keras.utils.get_file(origin=url, cache_dir=cache, file_hash=sha256)).read_bytes() == data
    assert keras.utils.get_file(origin=url, cache_dir=cache, md5_hash=md5)  # Keras 2's argument
    assert len(server.requests) == 2
    (cache / "datasets" / "w.csv").write_bytes(b"stale")  # a cached file that no longer matches
    keras.utils.get_file(origin=url, cache_dir=cache, file_hash=sha256)
    assert (cache / "datasets" / "w.csv").read_bytes() == data and len(server.requests) == 3


def test_a_failed_fetch_names_the_url_and_keeps_nothing(tmp_path: Path, server: _Server) -> None:
    with pytest.raises(OSError, match=r"URL fetch failure on .*/missing.csv: 404"):
        keras.utils.get_file(origin=f"{server.url}/missing.csv", cache_dir=_cache(tmp_path))
    assert list((_cache(tmp_path) / "datasets").iterdir()) == []


def test_names_keras_refuses_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="origin"):
        keras.utils.get_file("x.csv", cache_dir=tmp_path)
    with pytest.raises(ValueError, match="not a path"):
        keras.utils.get_file("a/x.csv", "http://127.0.0.1:9/x.csv", cache_dir=tmp_path)
    with pytest.raises(ValueError, match="file name"):
        keras.utils.get_file(origin="http://127.0.0.1:9/", cache_dir=tmp_path)


def _tar_gz(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["tar.gz", "zip"])
def test_archives_extract_where_keras_puts_them(tmp_path: Path, server: _Server, kind: str) -> None:
    _site(tmp_path, f"data.{kind}", (_tar_gz if kind == "tar.gz" else _zip)({"jena/climate.csv": b"t\n1\n"}))
    url, cache = f"{server.url}/data.{kind}", _cache(tmp_path)
    named = keras.utils.get_file(f"data.{kind}", url, extract=True, cache_dir=cache)
    assert Path(named) == cache / "datasets" / "data_extracted"  # Keras 3's names
    assert (Path(named) / "jena" / "climate.csv").read_bytes() == b"t\n1\n"
    other = tmp_path / "other"
    unnamed = keras.utils.get_file(origin=url, extract=True, cache_dir=other)
    assert Path(unnamed) == other / "datasets" / f"data.{kind}"
    assert (other / "datasets" / f"data.{kind}_archive").is_file()
    folder = keras.utils.get_file("climate", url, extract=True, cache_dir=cache)
    assert Path(folder) == cache / "datasets" / "climate"
    assert Path(folder, "jena", "climate.csv").is_file()
    with pytest.raises(ValueError, match="is a file, not a folder"):
        keras.utils.get_file(origin=url, extract=True, cache_dir=cache)  # data.<kind> is the archive


@pytest.mark.parametrize("member", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt"])
@pytest.mark.parametrize("kind", ["tar.gz", "zip"])
def test_an_archive_reaching_outside_its_folder_is_refused_whole(
    tmp_path: Path, server: _Server, member: str, kind: str
) -> None:
    _site(tmp_path, f"bad.{kind}", (_tar_gz if kind == "tar.gz" else _zip)({"good.txt": b"g", member: b"x"}))
    cache = _cache(tmp_path)
    with pytest.raises(ValueError, match="nothing was extracted"):
        keras.utils.get_file(f"bad.{kind}", f"{server.url}/bad.{kind}", extract=True, cache_dir=cache)
    assert not (cache / "datasets" / "bad_extracted").exists()
    assert not (tmp_path / "evil.txt").exists() and not (cache / "evil.txt").exists()


def test_a_link_in_a_tar_is_refused(tmp_path: Path, server: _Server) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        link = tarfile.TarInfo("passwd")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)
    _site(tmp_path, "link.tar", buffer.getvalue())
    with pytest.raises(ValueError, match="'passwd' is a link"):
        keras.utils.get_file("link.tar", f"{server.url}/link.tar", extract=True, cache_dir=_cache(tmp_path))
