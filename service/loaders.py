"""Read clusters from disk: a cluster .json, a .jsonl of clusters, or a directory of articles.

Errors are `InvalidInput` with the file (and line) named, never a traceback. Every read is
bounded (MAX_INPUT_BYTES a file or stdin, MAX_LINE_BYTES a JSON Lines record), only regular
files are read (a link to /dev/zero is refused), and `parse_json` turns every way hostile
JSON fails (too many digits, too deep, lone surrogates, NaN) into one ValueError message.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from chorus.errors import InvalidInput
from chorus.models import Article, Cluster

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_INPUT_BYTES = 64_000_000  # one file, or standard input
MAX_LINE_BYTES = 16_000_000  # one JSON Lines record
BOM = b"\xef\xbb\xbf"  # UTF-8's byte order mark: allowed at the start of any file we read


def first_lone_surrogate(data: object) -> str | None:
    """The first string in `data` (keys too) holding a lone UTF-16 surrogate, which no UTF-8
    output can carry; None when there is none. Iterative: any depth json.loads accepts."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


class _NotJSON(ValueError):
    """A constant Python's json reads but JSON does not have (NaN, Infinity, -Infinity)."""


def _refuse_constant(name: str) -> object:
    raise _NotJSON(f"{name} is not a JSON value")


def parse_json(text: str) -> object:
    """json.loads for untrusted text: every failure is a ValueError with a one-line reason."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except _NotJSON as exc:
        raise ValueError(str(exc)) from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except ValueError:  # int() refuses numbers of more than 4,300 digits
        raise ValueError("a number has too many digits") from None
    if first_lone_surrogate(data) is not None:
        raise ValueError("a string holds a lone UTF-16 surrogate (\\ud800-\\udfff)")
    return data


def read_bounded(stream: BinaryIO, where: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(f"{where}: larger than the limit of {limit:,} bytes")
    return data


def _open_regular(path: Path) -> BinaryIO:
    try:
        if not path.resolve().is_file():
            what = "not a regular file" if path.exists() else "cannot read (no such file)"
            raise InvalidInput(f"{path}: {what}")
        return path.open("rb")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from exc


def format_validation_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(x) for x in err["loc"]) or "(root)"
        parts.append(f"{loc}: {err['msg']}")
    more = f" (+{exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
    return "; ".join(parts) + more


def read_text_file(path: Path) -> str:
    """A UTF-8 text file (a BOM dropped): regular files only, at most MAX_INPUT_BYTES."""
    try:
        with _open_regular(path) as fh:
            raw = read_bounded(fh, str(path))
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from exc


def cluster_from_json(data: object, where: str, *, allow_empty_text: bool = True) -> Cluster:
    """Validate a cluster read from a file. Batch files often hold an article whose text is
    missing; by default such an article is kept (and reported in the summary's warnings)
    rather than failing the whole file."""
    try:
        return Cluster.model_validate(data, context={"allow_empty_text": allow_empty_text})
    except ValidationError as exc:
        raise InvalidInput(f"{where}: not a valid cluster: {format_validation_error(exc)}") from exc


def article_from_file(path: Path) -> Article:
    """One article per file. In Markdown, a leading '# Title' line is the title."""
    text = read_text_file(path)
    title = None
    if path.suffix == ".md":
        lines = text.lstrip().splitlines()
        if lines and lines[0].startswith("# "):
            title = lines[0][2:].strip()
            text = "\n".join(lines[1:])
    if not text.strip():
        raise InvalidInput(f"{path}: the article file is empty")
    return Article(id=path.stem, title=title, text=text)


def cluster_from_dir(path: Path) -> Cluster:
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in ARTICLE_SUFFIXES)
    if not files:
        raise InvalidInput(f"{path}: no .txt or .md article files in this directory")
    return Cluster(id=path.resolve().name, articles=[article_from_file(p) for p in files])


def parse_json_line(raw: bytes, where: str) -> object:
    """One JSON Lines record; `where` (file:line) names it in the error."""
    try:
        # without its line ending, so an error's "(line 1, column n)" is within this line
        return parse_json(raw.decode("utf-8").rstrip("\r\n"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{where}: not UTF-8 text") from exc
    except ValueError as exc:
        raise InvalidInput(f"{where}: invalid JSON ({exc})") from exc


def iter_lines(path: Path) -> Iterator[tuple[str, bytes]]:
    """(file:line, raw bytes) for each non-blank line of a regular file, each line at most
    MAX_LINE_BYTES (a longer one is InvalidInput: a link to /dev/zero never fills memory)."""
    with _open_regular(path) as fh:
        lineno = 0
        while raw := fh.readline(MAX_LINE_BYTES + 1):
            lineno += 1
            if lineno == 1:  # a byte order mark, as a .json may start with
                raw = raw.removeprefix(BOM)
            where = f"{path}:{lineno}"
            if len(raw) > MAX_LINE_BYTES:
                raise InvalidInput(f"{where}: a line longer than {MAX_LINE_BYTES:,} bytes")
            if raw.strip():
                yield where, raw


def iter_json_lines(path: Path) -> Iterator[tuple[str, object]]:
    """(file:line, record) for each non-blank line of a JSON Lines file."""
    for where, raw in iter_lines(path):
        yield where, parse_json_line(raw, where)


def iter_stdin_clusters(stream: BinaryIO) -> Iterator[Cluster]:
    """Clusters from standard input: one cluster JSON document, or JSON Lines."""
    data = read_bounded(stream, "<stdin>")
    if not data.strip():
        raise InvalidInput("<stdin>: no input (send a cluster JSON, or JSON Lines)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("<stdin>: not UTF-8 text") from exc
    try:
        parsed = parse_json(text)
    except ValueError:
        pass  # not one document: read it as JSON Lines
    else:
        yield cluster_from_json(parsed, "<stdin>")
        return
    for lineno, raw in enumerate(data.removeprefix(BOM).splitlines(), start=1):
        if raw.strip():
            where = f"<stdin>:{lineno}"
            yield cluster_from_json(parse_json_line(raw, where), where)


def iter_clusters(path: Path) -> Iterator[Cluster]:
    """Clusters from PATH: .json (one), .jsonl (one per line) or a directory of articles;
    `-` reads standard input (one cluster JSON, or JSON Lines)."""
    if str(path) == "-":
        if sys.stdin is None:  # closed by the shell (`<&-`)
            raise InvalidInput("<stdin>: closed (send a cluster JSON, or JSON Lines)")
        yield from iter_stdin_clusters(sys.stdin.buffer)
        return
    if not path.exists():
        raise InvalidInput(f"{path}: no such file or directory")
    if path.is_dir():
        yield cluster_from_dir(path)
        return
    if not path.resolve().is_file():
        raise InvalidInput(f"{path}: not a regular file (or a link to one)")
    if path.suffix == ".jsonl":
        for where, data in iter_json_lines(path):
            yield cluster_from_json(data, where)
        return
    if path.suffix == ".json":
        try:
            data = parse_json(read_text_file(path))
        except ValueError as exc:
            raise InvalidInput(f"{path}: invalid JSON ({exc})") from exc
        yield cluster_from_json(data, str(path))
        return
    if path.suffix in ARTICLE_SUFFIXES:
        yield Cluster(id=path.stem, articles=[article_from_file(path)])
        return
    raise InvalidInput(
        f"{path}: unsupported input; give a cluster .json, a .jsonl of clusters, "
        "or a directory of .txt/.md articles"
    )
