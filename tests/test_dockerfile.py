"""The Dockerfile, parsed (no Docker daemon here): the properties the image must have."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def instructions(text: str) -> list[tuple[str, str]]:
    """[(INSTRUCTION, arguments)] with line continuations joined and comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, args = line.partition(" ")
        out.append((keyword.upper(), args.strip()))
    assert not pending, "dangling line continuation"
    return out


@pytest.fixture(scope="module")
def steps() -> list[tuple[str, str]]:
    return instructions((ROOT / "Dockerfile").read_text(encoding="utf-8"))


def index_of(steps: list[tuple[str, str]], keyword: str, pattern: str) -> int:
    for i, (k, args) in enumerate(steps):
        if k == keyword and re.search(pattern, args):
            return i
    raise AssertionError(f"no {keyword} matching {pattern!r}")


def env_of(steps: list[tuple[str, str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for k, args in steps:
        if k == "ENV":
            for pair in shlex.split(args):
                name, _, value = pair.partition("=")
                env[name] = value
    return env


def test_parser_joins_continuations_and_skips_comments() -> None:
    parsed = instructions('# c\nFROM x\nRUN a \\\n  && b\n\nCMD ["y"]\n')
    assert parsed == [("FROM", "x"), ("RUN", "a  && b"), ("CMD", '["y"]')]


def test_base_image_is_slim_python_311(steps: list[tuple[str, str]]) -> None:
    froms = [args for k, args in steps if k == "FROM"]
    assert froms and all(
        re.fullmatch(r"python:3\.11(\.\d+)?-slim(-\w+)?( AS \w+)?", f) for f in froms
    )


def test_runs_as_a_non_root_user(steps: list[tuple[str, str]]) -> None:
    users = [args for k, args in steps if k == "USER"]
    assert users, "no USER instruction: the container would run as root"
    final = users[-1].split(":")[0]
    assert final not in ("root", "0")
    assert index_of(steps, "USER", re.escape(users[-1])) > max(
        i for i, (k, _) in enumerate(steps) if k == "RUN"
    ), "USER must come after the last RUN that needs root"


def test_dependencies_install_in_a_layer_before_the_source_is_copied(
    steps: list[tuple[str, str]],
) -> None:
    copy_manifest = index_of(steps, "COPY", r"^pyproject\.toml\b")
    install_deps = index_of(steps, "RUN", r"pip install -c constraints\.txt -r")
    copy_source = index_of(steps, "COPY", r"^service\b")
    assert copy_manifest < install_deps < copy_source
    between = [args for k, args in steps[copy_manifest:install_deps] if k == "COPY"]
    assert between == ["pyproject.toml constraints.txt ./"], (
        "only the manifest and its pins may feed the dependency layer"
    )


def test_tiktoken_encodings_are_fetched_at_build_time_into_the_cache_dir(
    steps: list[tuple[str, str]],
) -> None:
    env = env_of(steps)
    assert env.get("TIKTOKEN_CACHE_DIR", "").startswith("/")
    fetch = index_of(steps, "RUN", r"tiktoken\.get_encoding")
    fetch_args = steps[fetch][1]
    assert "cl100k_base" in fetch_args and "o200k_base" in fetch_args
    env_at = index_of(steps, "ENV", r"TIKTOKEN_CACHE_DIR=")
    assert env_at < fetch


def test_healthcheck_probes_readyz_on_the_port_serve_uses(steps: list[tuple[str, str]]) -> None:
    checks = [args for k, args in steps if k == "HEALTHCHECK"]
    assert len(checks) == 1 and "/readyz" in checks[0] and "CMD" in checks[0]
    assert "Settings().port" in checks[0]  # the setting `chorus serve` reads (CHORUS_PORT)


def test_cmd_is_chorus_serve_listening_on_all_interfaces(steps: list[tuple[str, str]]) -> None:
    cmds = [args for k, args in steps if k == "CMD"]
    assert cmds[-1] == '["chorus", "serve"]'
    env = env_of(steps)
    assert env["CHORUS_HOST"] == "0.0.0.0"
    exposed = [args for k, args in steps if k == "EXPOSE"]
    assert exposed == [env["CHORUS_PORT"]]


def test_dockerignore_keeps_local_state_out_of_the_build_context() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "*.sqlite3"} <= set(ignored)


def _requirement_names(specs: list[str]) -> set[str]:
    return {re.split(r"[\s\[<>=!~;]", s, maxsplit=1)[0].lower().replace("_", "-") for s in specs}


def test_every_dependency_is_pinned_in_constraints_and_the_image_uses_them(
    steps: list[tuple[str, str]],
) -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _requirement_names(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        wanted |= _requirement_names(extra)
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, pinned = line.partition("==")
            assert sep and pinned, f"not pinned: {line}"
            pins[name.lower().replace("_", "-")] = pinned
    assert wanted <= set(pins), f"run `make lock`: {sorted(wanted - set(pins))} not pinned"
    install = index_of(steps, "RUN", r"pip install -c constraints\.txt -r")
    assert index_of(steps, "COPY", r"constraints\.txt") < install
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert 'pip install -c constraints.txt -e ".[dev]"' in makefile
