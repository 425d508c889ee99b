from __future__ import annotations

import socket
from typing import Any

import pytest

from service.tokens import OFFLINE_ENCODING, TokenCounter, encoding_for


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
