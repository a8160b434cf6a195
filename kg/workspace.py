"""A workspace folder: cached extractions and the embedded RDF store.

Layout::

    WORKSPACE/
      sources.json          path -> {sha256, name} of every document built so far
      extractions/FP/SHA.json  one extraction per document content (gold JSON + provenance),
                            FP the fingerprint of the extractor that made it
      store -> store.ID/    the pyoxigraph store of the resolved graph (a symbolic link)
      store.ID.readers      a lock file per store generation: each reader holds it shared
      store.new/            a store being built (gone when the build ends)
      .lock                 held by the one process that writes the workspace
      version.json          the schema version (kg.schema.SCHEMA_VERSION) of the graph in the
                            store; none in a workspace written before versions were recorded
      corrections.tsv       analysts' corrections, applied again by every build (kg.corrections)
      alignment.json        {"meaning": true} when the take-ups use the meaning signal
                            (kg build --meaning; kg.pipeline.take_up_meaning)

Writes are crash-safe: JSON files are written to a temporary name and renamed; the store
is built in ``store.new``, renamed to ``store.ID`` and published by replacing the link
``store`` in one atomic rename, so a reader always sees a whole graph, never has to repair
anything, and an interrupted build leaves the previous workspace intact (the next writer
clears what it left). A workspace whose ``store`` is still a folder (made by an earlier
version) is moved to the link form by the next build.

A reader never opens through the link: :meth:`Workspace.open_store` resolves it to one
generation ``store.ID``, holds that generation's ``store.ID.readers`` file with a shared
``flock`` and opens the folder itself; the lock is held as long as the returned
:class:`ReadStore` lives. A build retires an earlier generation only when it gets that file
exclusively without waiting (:func:`_retire`); one still being read is left for a later
build, so the files under a reader never change or vanish.

Nothing here needs the whole corpus in memory: :meth:`Workspace.iter_extractions` loads one
extraction at a time, and :meth:`Workspace.write_store_quads` streams quads from any
iterable into the new store (``kg.pipeline`` resolves the graph document by document and
feeds it that way). The workspace stores; it does not resolve: the whole networkx graph of
a workspace is ``kg.pipeline.workspace_graph``.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import uuid
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import pyoxigraph

from kg.models import Extraction
from kg.schema import SCHEMA_VERSION

DEFAULT_WORKSPACE = "kg-workspace"


def code_and_tables(code: list[Path]) -> list[Path]:
    """The files of ``code`` and the data tables (``kg/data``) they name.

    >>> pkg = Path(__file__).parent
    >>> [f.name for f in code_and_tables([pkg / "extract" / "targets.py"])]
    ['targets.py', 'target_words.tsv']
    """
    code = sorted(f for f in code if f.is_file())
    texts = [f.read_bytes() for f in code]
    data = [d for d in sorted((Path(__file__).parent / "data").glob("*")) if d.is_file() and any(d.name.encode() in t for t in texts)]
    return code + data


@lru_cache(maxsize=1)
def fingerprint_files() -> list[Path]:
    """The code that turns files into extractions and the data tables that code names: a
    table only the commands, views or alignment read (messages.tsv) leaves the cache alone.

    >>> names = [f.name for f in fingerprint_files()]
    >>> "role_words.tsv" in names, "decode.py" in names, "messages.tsv" in names
    (True, True, False)
    """
    pkg = Path(__file__).parent
    return code_and_tables([*pkg.glob("ingest/*.py"), *pkg.glob("extract/*.py"), pkg / "models.py", pkg / "reference.py"])


def fingerprint(files: list[Path]) -> str:
    """A short hash of the names and contents of ``files``."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """The :func:`fingerprint` of :func:`fingerprint_files`: extractions are kept under it, so
    a change of the extraction's code or tables makes the next build read every document again."""
    return fingerprint(fingerprint_files())


class WorkspaceError(Exception):
    pass


def extractions_folder(root: str | Path) -> Path:
    """The folder of the workspace at ``root`` that holds what this extractor made (its
    extractions, and what is derived from them only): a new extractor starts a new folder."""
    return Path(root) / "extractions" / extractor_fingerprint()


def extraction_path(root: str | Path, sha256: str) -> Path:
    """Where the workspace at ``root`` keeps the extraction of a content (also usable from
    worker processes that have no :class:`Workspace`)."""
    return extractions_folder(root) / f"{sha256}.json"


def load_extraction_data(root: str | Path, sha256: str) -> dict[str, Any]:
    """The kept extraction of a content as its JSON data (:func:`extraction_path`), before
    it is made into an :class:`Extraction`."""
    data: dict[str, Any] = json.loads(extraction_path(root, sha256).read_text(encoding="utf-8"))
    return data


#: the name an extraction is written under until :func:`publish_extractions` moves it into place
PENDING_PREFIX = ".pending-"


def save_extraction(root: str | Path, extraction: Extraction, *, durable: bool = True) -> dict[str, Any]:
    """Keep ``extraction`` in the workspace at ``root``: written beside its place, flushed to
    disk and moved into place (``durable``); else written under a pending name, without
    waiting for the disk, for :func:`publish_extractions` to make durable and move into place
    with others (a pending file is never read as an extraction; pruning removes one left
    by a build that stopped). Returns what was written, before its JSON text."""
    path = extraction_path(root, extraction.sha256)
    gold = extraction.to_gold()
    data = json.dumps(gold, ensure_ascii=False)
    if durable:
        _atomic_write(path, data)
        return gold
    path.parent.mkdir(parents=True, exist_ok=True)
    path.with_name(PENDING_PREFIX + path.name).write_text(data, encoding="utf-8")
    return gold


def publish_extractions(root: str | Path, shas: Iterable[str]) -> None:
    """Make the pending extractions of ``shas`` (:func:`save_extraction` with ``durable``
    false) durable — one flush of the file system for all of them, where each file's own
    flush cost a few milliseconds of a worker's time — then move them into place."""
    paths = [extraction_path(root, sha) for sha in shas]
    if not paths:
        return
    os.sync()
    for path in paths:
        os.replace(path.with_name(PENDING_PREFIX + path.name), path)
    _fsync_dir(paths[0].parent)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems that cannot
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_output(path: Path, *, prefix: str = ".tmp-", durable: bool = True, make_folder: bool = True) -> Iterator[IO[bytes]]:
    """A file to write ``path`` through: a temporary file beside it (named ``prefix``…),
    flushed to the disk (``durable``; else a crash may lose or tear it) and moved into place
    only when everything was written; an error or an interruption leaves ``path`` as it was
    and no partial file. Its folder is made first unless the caller made it (``make_folder``
    false: a writer of many files in one folder makes it once)."""
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _atomic_write(path: Path, data: str) -> None:
    with atomic_output(path) as fh:
        fh.write(data.encode("utf-8"))


class Workspace:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.sources_file = self.root / "sources.json"
        self.extractions_dir = self.root / "extractions"
        self.store_dir = self.root / "store"
        self._lock_fd: int | None = None
        self._lock_depth = 0
        #: told (one line) when a writer has to wait for another one to end
        self.on_wait: Callable[[str], None] = lambda message: print(message, file=sys.stderr, flush=True)

    def check_folder(self) -> None:
        """A workspace path that names something other than a folder is an error."""
        if self.root.exists() and not self.root.is_dir():
            raise WorkspaceError(f"the workspace {self.root} is a file, not a folder: give a folder with --workspace/-w")

    # --- state --------------------------------------------------------------------
    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the workspace for writing (one writer at a time; waits for another to end).
        Re-entrant within one :class:`Workspace`. Readers never need it."""
        if self._lock_depth == 0:
            self.check_folder()
            try:
                self.root.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise WorkspaceError(f"cannot write the workspace {self.root}: {exc.strerror or exc}") from exc
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    self.on_wait(f"waiting for another build of the workspace {self.root} to finish …")
                    fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
            self._lock_fd = fd
            self._recover()
        self._lock_depth += 1
        try:
            yield
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0 and self._lock_fd is not None:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                os.close(self._lock_fd)
                self._lock_fd = None

    def _recover(self) -> None:
        """Clear what a killed writer left (called by the writer holding the lock): a store
        being built, quads on their way into it, stores no longer published."""
        link = self.root / "store.link"
        if not self.store_dir.exists() and not self.store_dir.is_symlink() and link.is_symlink() and link.exists():
            os.replace(link, self.store_dir)  # killed between moving an old folder aside and publishing
        for leftover in ("store.new", "store.parts", "store.old", "store.link"):
            p = self.root / leftover
            if p.is_symlink() or p.is_file():
                p.unlink()
            elif p.exists():
                shutil.rmtree(p, ignore_errors=True)
        current = os.readlink(self.store_dir) if self.store_dir.is_symlink() else None
        for p in self.root.glob("store.*"):
            if p.is_dir() and not p.is_symlink() and p.name != current:
                _retire(p)
            elif p.name.endswith(READERS) and p.name[: -len(READERS)] != current and not p.with_name(p.name[: -len(READERS)]).exists():
                _retire(p.with_name(p.name[: -len(READERS)]))

    def exists(self) -> bool:
        return self.sources_file.exists()

    def sources(self) -> dict[str, dict[str, Any]]:
        if not self.sources_file.exists():
            return {}
        try:
            return json.loads(self.sources_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise WorkspaceError(f"{self.sources_file} is damaged ({exc}); delete the workspace and build again") from exc

    def save_sources(self, sources: dict[str, dict[str, Any]]) -> None:
        _atomic_write(self.sources_file, json.dumps(sources, ensure_ascii=False, indent=1, sort_keys=True))

    def extraction_path(self, sha256: str) -> Path:
        """Cached extractions are kept per extractor version: a new version reads again."""
        return extraction_path(self.root, sha256)

    def has_extraction(self, sha256: str) -> bool:
        return self.extraction_path(sha256).exists()

    def save_extraction(self, extraction: Extraction) -> None:
        save_extraction(self.root, extraction)

    def load_extraction(self, sha256: str) -> Extraction:
        return Extraction.from_gold(load_extraction_data(self.root, sha256))

    def extraction_shas(self, sources: dict[str, dict[str, Any]] | None = None) -> list[str]:
        """Content hashes of the documents in the workspace that have an extraction, in the
        stable order of the graph (by path; a content held twice counts once)."""
        out: list[str] = []
        seen: set[str] = set()
        for _path, info in sorted((self.sources() if sources is None else sources).items()):
            sha = info["sha256"]
            if sha in seen or not self.has_extraction(sha):
                continue
            seen.add(sha)
            out.append(sha)
        return out

    def iter_extractions(self, shas: Iterable[str] | None = None) -> Iterator[Extraction]:
        """Extractions of every document in the workspace (or of ``shas``), loaded one at a
        time, in the stable order of :meth:`extraction_shas`."""
        for sha in self.extraction_shas() if shas is None else shas:
            yield self.load_extraction(sha)

    def extractions(self) -> list[Extraction]:
        """Extractions of every document in the workspace, in a stable order."""
        return list(self.iter_extractions())

    def prune_extractions(self) -> int:
        """Delete cached extractions (and the take-ups kept of them) that no source refers to
        any more."""
        keep = {info["sha256"] for info in self.sources().values()}
        removed = 0
        current = extractions_folder(self.root)
        if self.extractions_dir.exists():
            for old in self.extractions_dir.iterdir():
                if old.is_dir() and old != current:
                    shutil.rmtree(old, ignore_errors=True)
                elif old.is_file():
                    old.unlink()
        if current.exists():
            for f in current.glob("*.json"):
                if f.stem not in keep:
                    f.unlink()
                    removed += 1
            for f in current.glob("takeups/*/*.json"):  # the take-ups kept of a local document (kg.align.graph.KeptPairs)
                if f.stem not in keep:
                    f.unlink()
        return removed

    # --- graph and store ----------------------------------------------------------
    def write_store_quads(self, quads: Iterable[pyoxigraph.Quad]) -> int:
        """Replace the store with ``quads``, streamed into a new store beside the old one
        (never all in memory) and swapped in. Returns the number of quads in the store
        (a quad given twice is stored once)."""
        return self.write_store_with(lambda store: store.bulk_extend(quads))

    def write_store_with(self, fill: Callable[[pyoxigraph.Store], object], *, optimize: bool = True) -> int:
        """Replace the store with what ``fill`` loads into a new, empty store built beside
        the old one, compacted (``optimize``: unless ``fill`` compacts it itself), then
        published in one atomic rename (see the module's head)."""
        with self.lock():
            new = self.root / "store.new"
            shutil.rmtree(new, ignore_errors=True)
            store = pyoxigraph.Store(str(new))
            fill(store)
            store.flush()
            if optimize:
                store.optimize()
            count = len(store)
            del store
            final = self.root / f"store.{uuid.uuid4().hex[:12]}"
            _readers_file(final).touch()
            os.replace(new, final)
            link = self.root / "store.link"
            link.unlink(missing_ok=True)
            os.symlink(final.name, link)
            previous: Path | None = None
            if self.store_dir.is_symlink():
                previous = self.root / os.readlink(self.store_dir)
            elif self.store_dir.exists():  # a folder made by an earlier version
                previous = self.root / "store.old"
                os.replace(self.store_dir, previous)
            os.replace(link, self.store_dir)
            _fsync_dir(self.root)
            self._record_version()
            if previous is not None and previous != final:
                _retire(previous)
            return count

    # --- the version of the graph's shape ----------------------------------------------
    @property
    def version_file(self) -> Path:
        return self.root / "version.json"

    def _record_version(self) -> None:
        """Record that the store now holds a graph of this kg's schema version (after the
        swap: a writer killed in between leaves a version that says to build again)."""
        _atomic_write(self.version_file, json.dumps({"schema_version": SCHEMA_VERSION}) + "\n")

    def schema_version(self) -> int | None:
        """The schema version of the workspace's graph: 1 for a store written before versions
        were recorded, None when there is no graph yet."""
        if self.version_file.exists():
            try:
                return int(json.loads(self.version_file.read_text(encoding="utf-8"))["schema_version"])
            except (ValueError, KeyError, TypeError):
                return 1
        return 1 if self.store_dir.exists() or self.store_dir.is_symlink() else None

    def check_version(self) -> None:
        """A graph written by another version of kg is not read as if it were current: say
        what to run instead (:class:`WorkspaceError`)."""
        found = self.schema_version()
        if found is None or found == SCHEMA_VERSION:
            return
        if found < SCHEMA_VERSION:
            raise WorkspaceError(
                f"the graph in {self.root} was written by an older kg (schema version {found}; this kg reads {SCHEMA_VERSION}): "
                f"run `kg build --workspace {self.root}` to upgrade it in place from its cached extractions")
        raise WorkspaceError(
            f"the graph in {self.root} was written by a newer kg (schema version {found}; this kg reads {SCHEMA_VERSION}): "
            "upgrade kg to read it")

    def open_store(self) -> "ReadStore":
        """The published graph, read-only, as one generation that cannot change or vanish
        while the returned store lives (see the module's head)."""
        self.check_folder()
        self.check_version()
        for _attempt in range(100):
            if not self.store_dir.exists() and (self.root / "store.link").exists():
                # a writer was killed while moving an earlier version's store folder aside
                return ReadStore(_open_read_only(self.root / "store.link"), None)
            if not self.store_dir.is_symlink():
                if not self.store_dir.exists():
                    raise WorkspaceError(f"no graph in {self.root} yet: run `kg build PATHS --workspace {self.root}` first")
                return ReadStore(_open_read_only(self.store_dir), None)  # an earlier version's folder
            try:
                generation = self.root / os.readlink(self.store_dir)
            except OSError:
                continue  # the link is being replaced
            held = _hold(generation)
            if held is None:
                continue  # retired between reading the link and holding it: read the link again
            try:
                before_open(generation)
                return ReadStore(_open_read_only(generation), held)
            except BaseException:
                if held >= 0:
                    os.close(held)
                raise
        raise WorkspaceError(f"cannot open the store in {self.store_dir}: it kept changing while being opened")


#: the suffix of a generation's readers' lock file
READERS = ".readers"


def before_open(generation: Path) -> None:
    """Called by :meth:`Workspace.open_store` between choosing a generation and opening it
    (a point tests use to run a build at the worst moment)."""


def _readers_file(generation: Path) -> Path:
    return generation.with_name(generation.name + READERS)


def _hold(generation: Path) -> int | None:
    """A descriptor holding ``generation``'s readers' lock shared, or None when the
    generation has been retired. A generation made by an earlier version (no lock file)
    is opened unheld while it is still published."""
    try:
        fd = os.open(_readers_file(generation), os.O_RDONLY)
    except FileNotFoundError:
        return -1 if generation.is_dir() and not _readers_file(generation).exists() else None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a build is deleting it
        if generation.is_dir():
            return fd
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    return None


def _retire(generation: Path) -> bool:
    """Delete a store generation no reader holds (its lock file taken exclusively without
    waiting); False when a reader still holds it (a later build retires it)."""
    lock = _readers_file(generation)
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        shutil.rmtree(generation, ignore_errors=True)  # made by an earlier version
        return True
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        if generation.is_dir():
            dead = generation.with_name(generation.name + ".dead")
            os.replace(generation, dead)  # readers that wait on the lock then see it gone
            shutil.rmtree(dead, ignore_errors=True)
        lock.unlink(missing_ok=True)
        return True
    finally:
        os.close(fd)


def _open_read_only(path: Path) -> pyoxigraph.Store:
    try:
        return pyoxigraph.Store.read_only(str(path))
    except OSError as exc:
        raise WorkspaceError(f"cannot open the store in {path}: {exc}") from exc


class ReadStore:
    """A read-only :class:`pyoxigraph.Store` of one generation, with the shared lock that
    keeps the generation in place for as long as this object lives (every method and
    attribute of the store is available on it)."""

    def __init__(self, store: pyoxigraph.Store, held: int | None) -> None:
        self.store = store
        self._held = held if held is not None and held >= 0 else None

    def __getattr__(self, name: str) -> Any:
        if name in ("store", "_held"):
            raise AttributeError(name)  # closed, or never made whole
        return getattr(self.store, name)

    def __len__(self) -> int:
        return len(self.store)

    def __iter__(self) -> Iterator[pyoxigraph.Quad]:
        return iter(self.store)

    def __contains__(self, quad: object) -> bool:
        return quad in self.store

    def close(self) -> None:
        """Let builds retire the generation (also done when the object is collected)."""
        self.__dict__.pop("store", None)
        held = self.__dict__.pop("_held", None)
        if held is not None:
            os.close(held)

    def __del__(self) -> None:
        self.close()
