"""Where IATI files come from: files, folders (recursively) and .zip archives.

Archives are read member by member without extracting anything to disk. A member whose
path is absolute or climbs out of the archive ("..", zip-slip) makes the whole archive
rejected, before anything in it is read.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from kakehashi.iati.services.parser import Problem, Source, file_source

XML_SUFFIXES = (".xml",)


def _unsafe_member(name: str) -> bool:
    normalised = name.replace("\\", "/")
    path = PurePosixPath(normalised)
    return (
        normalised.startswith("/")
        or (len(normalised) > 1 and normalised[1] == ":")
        or ".." in path.parts
    )


def zip_sources(path: Path) -> Iterator[Source | Problem]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        yield Problem(str(path), None, "", f"not a readable .zip archive: {error}")
        return
    with archive:
        members = archive.infolist()
        unsafe = [m.filename for m in members if _unsafe_member(m.filename)]
        if unsafe:
            yield Problem(
                str(path),
                None,
                "",
                f"archive rejected: member {unsafe[0]!r} has a path outside the archive folder",
            )
            return
        for member in sorted(members, key=lambda m: m.filename):
            if member.is_dir() or not member.filename.lower().endswith(XML_SUFFIXES):
                continue
            yield Source(
                name=f"{path}!{member.filename}",
                open=lambda member=member: _open_member(path, archive, member),
                size=member.file_size,
            )


def _open_member(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo):
    """A member's bytes, even once the archive is closed (the importer looks at the next
    source while it still reads the last member, and may have to read that again)."""
    if archive.fp is None:
        return zipfile.ZipFile(path).open(member)  # it stays open as long as the member
    return archive.open(member)


def iter_sources(paths: Iterable) -> Iterator[Source | Problem]:
    """Every IATI file under `paths`, as a Source; a Problem for what cannot be read at all."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    child = Path(folder) / name
                    if name.lower().endswith(XML_SUFFIXES):
                        yield file_source(child)
                    elif name.lower().endswith(".zip"):
                        yield from zip_sources(child)
        elif not path.exists():
            yield Problem(str(path), None, "", "no such file or folder")
        elif path.suffix.lower() == ".zip":
            yield from zip_sources(path)
        else:
            yield file_source(path)


def total_size(paths: Iterable) -> int:
    size = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            size += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        elif path.exists():
            size += path.stat().st_size
    return size
