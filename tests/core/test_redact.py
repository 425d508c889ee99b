"""`logs.redact`: what a log line or an error message may never carry."""

from __future__ import annotations

import pytest

from chorus.logs import redact


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Incorrect API key provided: sk-abcdef1234567890", "abcdef1234567890"),
        ("Authorization: Bearer abcdef.123456", "abcdef.123456"),
        ('URI: "postgresql://chorus:s3cret-pw@[::1"', "s3cret-pw"),
        ("connect to postgres://u:p%40ss@db:5432/chorus failed", "p%40ss"),
        ("webhook https://user:hunter22@hooks.example.com/x", "hunter22"),
    ],
)
def test_keys_tokens_and_url_passwords_are_masked(text: str, secret: str) -> None:
    masked = redact(text)
    assert secret not in masked
    assert masked.split(":")[0] == text.split(":")[0]  # what it was about stays readable


def test_a_url_without_a_password_is_left_alone() -> None:
    text = "postgresql://chorus@db:5432/chorus and http://example.com:8080/a@b"
    assert redact(text) == text
