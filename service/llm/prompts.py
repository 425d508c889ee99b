"""The one prompt loader: sandboxed jinja2, StrictUndefined, versioned templates.

Each template in prompts/ starts with a header comment:

    {#- chorus-prompt: version=summarize@1 variables=docs,max_words -#}

and defines `{% block system %}` and `{% block user %}`. Rendering returns both messages
and the version, which is recorded with every summary.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from chorus.errors import ConfigError

PROMPTS_DIR = Path(__file__).parent.parent / "_prompts"  # a link to prompts/ in a checkout
_HEADER_RE = re.compile(r"\{#-?\s*chorus-prompt:\s*version=(\S+)\s+variables=(\S*)\s*-?#\}")


class Prompt(BaseModel):
    name: str
    version: str
    system: str
    user: str


class TemplateInfo(BaseModel):
    name: str
    version: str
    variables: list[str]


class PromptLoader:
    def __init__(self, directory: Path = PROMPTS_DIR) -> None:
        self.directory = directory
        self.env = SandboxedEnvironment(
            loader=FileSystemLoader(str(directory)),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["fence"] = fence
        self._info: dict[str, TemplateInfo] = {}

    def names(self) -> list[str]:
        return sorted(p.stem for p in self.directory.glob("*.j2"))

    def info(self, name: str) -> TemplateInfo:
        """The template's header (read once per loader: templates are files in the repo)."""
        if name not in self._info:
            self._info[name] = self._read_info(name)
        return self._info[name]

    def _read_info(self, name: str) -> TemplateInfo:
        source = (self.directory / f"{name}.j2").read_text(encoding="utf-8")
        m = _HEADER_RE.search(source)
        if not m:
            raise ConfigError(f"prompt {name}.j2 has no chorus-prompt header")
        variables = [v for v in m.group(2).split(",") if v]
        return TemplateInfo(name=name, version=m.group(1), variables=variables)

    def _template(self, name: str) -> Template:
        return self.env.get_template(f"{name}.j2")

    def render(self, name: str, **variables: Any) -> Prompt:
        info = self.info(name)
        missing = [v for v in info.variables if v not in variables]
        if missing:
            raise ConfigError(f"prompt {name} needs variables {missing}")
        template = self._template(name)
        ctx = template.new_context(variables)
        system = "".join(template.blocks["system"](ctx)).strip()
        user = "".join(template.blocks["user"](ctx)).strip()
        return Prompt(name=name, version=info.version, system=system, user=user)


_FENCE_BREAK_RE = re.compile(r"</?\s*(article|note|notes|source|data)\b[^>]*>", re.IGNORECASE)


def fence(text: str) -> str:
    """Neutralise anything in untrusted text that could close our data fences."""
    return _FENCE_BREAK_RE.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)


@lru_cache(maxsize=4)
def get_loader(directory: Path = PROMPTS_DIR) -> PromptLoader:
    return PromptLoader(directory)
