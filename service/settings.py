"""Settings, read once from the environment (prefix CHORUS_) and injected.

The standard OPENAI_API_KEY / OPENAI_BASE_URL work as well as CHORUS_OPENAI_API_KEY /
CHORUS_OPENAI_BASE_URL. Nothing here is built at import time: call get_settings().
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Self, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from chorus.models import EngineChoice

_PLACEHOLDERS = {
    "",
    "changeme",
    "change-me",
    "your-api-key",
    "your_api_key",
    "sk-...",
    "sk-xxx",
    "<your-key>",
    "xxx",
    "todo",
}


def _refuse_placeholder(value: SecretStr | None) -> SecretStr | None:
    if value is None:
        return None
    raw = value.get_secret_value().strip()
    if raw.lower() in _PLACEHOLDERS:
        raise ValueError("looks like a placeholder, not a real key; unset it instead")
    return SecretStr(raw)


def _http_url(value: str, example: str) -> str:
    """An http(s) URL with a host and a valid port, or ValueError (the value is not quoted:
    a webhook URL is a secret)."""
    try:
        parts = urlsplit(value)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        _ = parts.port  # ValueError when out of range or not a number
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"must be an http(s) URL, e.g. {example}")
    return value


TEMPLATE_RESERVE = 600  # tokens a prompt template and its framing take, at most

# Settings come in groups, one model each, and each default is written once, here. The group
# models are also what the parts they configure take (the pipeline's `Limits`, the LLM
# engine's `TokenBudget`, the LLM client's `LLMSettings`), so nothing repeats a default.
# `Settings` inherits every group: the environment names stay flat (CHORUS_MAX_ARTICLES,
# CHORUS_LLM_TIMEOUT_S, ...), and `settings.llm`, `.budget`, `.limits`, ... give the groups.


class LLMSettings(BaseModel):
    """The LLM endpoint and how calls to it are made."""

    model_config = ConfigDict(populate_by_name=True)

    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("CHORUS_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("CHORUS_OPENAI_BASE_URL", "OPENAI_BASE_URL")
    )
    model: str = "gpt-4o-mini"
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_max_attempts: int = Field(default=4, ge=1, le=20)
    llm_max_retry_wait_s: float = Field(default=30.0, ge=0)
    # The hard cap on LLM requests in flight in this process (say how many parallel slots a
    # local server has); adaptive concurrency works under it. 16 reaches 2 rounds at 100k tokens.
    llm_max_concurrency: int = Field(default=16, ge=1, le=256)
    llm_rpm: int | None = Field(default=None, ge=1, description="Provider requests/minute.")
    llm_tpm: int | None = Field(default=None, ge=100, description="Provider tokens/minute.")
    # A call may take llm_timeout_s plus max_tokens / this rate, so a slow local model that is
    # still writing is not timed out (and its work re-sent) at a fixed 60 s.
    llm_min_tokens_per_s: float = Field(default=8.0, gt=0)
    llm_discover: bool = Field(default=True, description="Ask the endpoint its context/model.")
    llm_cache: bool = Field(default=True, description="Reuse answers of identical calls.")
    structured_output: Literal["auto", "on", "off"] = "auto"
    temperature: float = Field(default=0.2, ge=0.0, le=2.0)
    tokenizer_allow_download: bool = False

    @field_validator("openai_api_key")
    @classmethod
    def _no_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        return _refuse_placeholder(value)

    @field_validator("openai_base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return _http_url(value.strip().rstrip("/"), "http://localhost:11434/v1")

    @property
    def llm_configured(self) -> bool:
        """An endpoint is usable when a key is set or a (keyless, local) base URL is given."""
        return self.openai_api_key is not None or self.openai_base_url is not None


class TokenBudget(BaseModel):
    """Token budgets of one LLM call: what the LLM engine plans against."""

    context_tokens: int = Field(default=16000, ge=1024, description="Prompt budget per call.")
    max_output_tokens: int = Field(default=1024, ge=64)
    chunk_tokens: int | None = Field(
        default=None,
        ge=256,
        description="Upper bound on source tokens per map call (unset: "
        "as many as the prompt budget allows).",
    )
    token_margin: float = Field(
        default=0.05, ge=0.0, le=0.5, description="Safety margin on offline token estimates."
    )

    @model_validator(mode="after")
    def _budgets_fit(self) -> Self:
        # A map call carries one chunk plus the template (~500 tokens): it must fit the budget.
        room = self.context_tokens - TEMPLATE_RESERVE
        if self.chunk_tokens is not None and self.chunk_tokens > room:
            raise ValueError(
                f"CHORUS_CHUNK_TOKENS ({self.chunk_tokens}) must be at most CHORUS_CONTEXT_TOKENS "
                f"({self.context_tokens}) minus {TEMPLATE_RESERVE} for the prompt template"
            )
        return self


class Limits(BaseModel):
    """What one request may hold, and the defaults `admit` fills in."""

    max_articles: int = Field(default=250, ge=1)  # big stories have hundreds
    max_article_chars: int = Field(default=100_000, ge=100)
    max_request_bytes: int = Field(default=5_000_000, ge=1024)
    default_max_words: int = Field(default=120, ge=15, le=1000)


class JobSettings(BaseModel):
    """Where jobs are stored and how they are run."""

    database_url: str | None = Field(
        default=None,
        description="postgresql://… (replicas + `chorus worker`), or a SQLite path/URL; "
        "unset: the SQLite file at db_path (one process, jobs run in it).",
    )
    db_path: Path = Path("var/chorus.sqlite3")
    async_threshold_articles: int = Field(default=20, ge=1)
    job_lease_s: float = Field(
        default=60.0, ge=1, description="Running job's owner lease / worker heartbeat timeout."
    )
    shutdown_grace_s: float = Field(
        default=10.0, ge=0, description="At SIGTERM, time for open HTTP requests to finish."
    )
    job_concurrency: int = Field(default=4, ge=1, le=256, description="Jobs run at once.")
    job_max_attempts: int = Field(default=5, ge=1, le=100, description="Real starts, then fail.")
    job_retention_s: float = Field(
        default=30 * 86400.0, ge=60, description="Finished jobs are purged after this."
    )
    idempotency_ttl_s: float = Field(default=86400.0, ge=60, description="Replay window.")
    job_purge_interval_s: float = Field(default=600.0, gt=0)
    job_poll_s: float = Field(default=1.0, gt=0, description="Polling for other processes.")
    sync_wait_s: float = Field(default=30.0, gt=0, description="Then 202 + Location.")
    job_timeout_s: float = Field(default=300.0, gt=0, description="Total run time of a job.")

    @property
    def sqlite_file(self) -> Path:
        """The SQLite file of this deployment: CHORUS_DATABASE_URL when it names one (a path
        or sqlite:///path), else CHORUS_DB_PATH. The jobs (without Postgres), the LLM call
        cache, ingested articles and the brief's ledger live there."""
        url = self.database_url
        if url is None or url.startswith(("postgresql://", "postgres://")):
            return self.db_path
        for prefix in ("sqlite:///", "sqlite://"):
            if url.startswith(prefix):
                return Path(url[len(prefix) :] or ":memory:")
        return Path(url)

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if "://" in value and not value.startswith(
            ("postgresql://", "postgres://", "sqlite://", "sqlite:///")
        ):
            raise ValueError("must be postgresql://…, sqlite:///path or a file path")
        if value.startswith(("postgresql://", "postgres://")):
            from psycopg import Error
            from psycopg.conninfo import conninfo_to_dict

            from chorus.logs import error_line

            try:
                conninfo_to_dict(value)
            except Error as exc:  # libpq's message quotes the URL, password and all
                raise ValueError(f"not a valid Postgres URL ({error_line(exc)})") from None
        return value


class ServerSettings(BaseModel):
    """The HTTP server."""

    api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    admin_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    log_level: str = "INFO"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    # How long an idle keep-alive connection stays open. uvicorn's 5 s default made busy
    # clients lose requests (connection reset) when the server closed a connection they
    # were about to reuse; measured: 1-6 resets per 3,000 requests at 64 clients, none at 30 s.
    keep_alive_s: float = Field(default=30.0, gt=0)

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("api_keys", "admin_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return [k.strip() for k in value.split(",") if k.strip()]
        return value


class SlackSettings(BaseModel):
    """The Slack app and the daily brief."""

    model_config = ConfigDict(populate_by_name=True)

    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("CHORUS_SLACK_BOT_TOKEN", "SLACK_BOT_TOKEN")
    )
    slack_webhook_url: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("CHORUS_SLACK_WEBHOOK_URL", "SLACK_WEBHOOK_URL"),
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("CHORUS_SLACK_SIGNING_SECRET", "SLACK_SIGNING_SECRET"),
    )
    slack_channel: str | None = Field(
        default=None, validation_alias=AliasChoices("CHORUS_SLACK_CHANNEL", "SLACK_CHANNEL")
    )
    brief_max_stories: int = Field(default=10, ge=1, le=50)
    brief_tz: str = Field(default="UTC", description="Time zone that defines 'the day'.")
    slack_api_base_url: str = "https://slack.com/api"
    slack_timeout_s: float = Field(default=15.0, gt=0)
    slack_max_attempts: int = Field(default=5, ge=1, le=20)
    slack_max_retry_wait_s: float = Field(default=60.0, ge=0)

    @field_validator("slack_bot_token", "slack_signing_secret")
    @classmethod
    def _no_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        return _refuse_placeholder(value)

    @field_validator("slack_webhook_url")
    @classmethod
    def _webhook_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        example = "https://hooks.slack.com/services/…"
        return SecretStr(_http_url(value.get_secret_value().strip(), example))

    @field_validator("slack_api_base_url")
    @classmethod
    def _api_base_url(cls, value: str) -> str:
        return _http_url(value.strip().rstrip("/"), "https://slack.com/api")

    @field_validator("brief_tz")
    @classmethod
    def _time_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; use Area/City, e.g. Europe/Paris"
            ) from None
        return value


class EvalSettings(BaseModel):
    """The eval harness and the checker's judge."""

    eval_data_dir: Path | None = Field(
        default=None,
        description="Shared evaluation data (allsides, SummEdits); default <repo>/../shared/data.",
    )
    judge: Literal["offline", "llm"] = Field(
        default="offline",
        description="The checker's judge for summaries and /v1/checks (CHORUS_JUDGE): offline "
        "(shipped model, the default) or llm (MiniCheck-style; offline when no LLM is set "
        "up or it fails).",
    )


class IngestSettings(BaseModel):
    """Fetching feeds and pages, and clustering articles into stories."""

    fetch_allow_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Hosts/IPs the fetcher may reach although private or loopback.",
    )
    fetch_timeout_s: float = Field(default=20.0, gt=0, description="Whole fetch, redirects too.")
    fetch_max_bytes: int = Field(default=5_000_000, ge=1024, description="Body, decompressed.")
    fetch_max_redirects: int = Field(default=5, ge=0, le=20)
    fetch_host_interval_s: float = Field(default=1.0, ge=0, description="Politeness per host.")
    fetch_user_agent: str = "ChorusBot/0.1 (+news summaries)"
    cluster_window_h: float = Field(default=48.0, gt=0, description="Stories join within this.")

    @field_validator("fetch_allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [h.strip().lower() for h in value.split(",") if h.strip()]
        return value


G = TypeVar("G", bound=BaseModel)


class Settings(
    BaseSettings,
    LLMSettings,
    TokenBudget,
    Limits,
    JobSettings,
    ServerSettings,
    SlackSettings,
    EvalSettings,
    IngestSettings,
):
    model_config = SettingsConfigDict(
        env_prefix="CHORUS_", env_file=None, extra="ignore", populate_by_name=True
    )

    engine: EngineChoice = "auto"

    def group(self, cls: type[G]) -> G:
        """One group of these settings as its own (already validated) model."""
        return cls.model_construct(**{name: getattr(self, name) for name in cls.model_fields})

    @property
    def llm(self) -> LLMSettings:
        return self.group(LLMSettings)

    @property
    def budget(self) -> TokenBudget:
        return self.group(TokenBudget)

    @property
    def limits(self) -> Limits:
        return self.group(Limits)

    @property
    def jobs(self) -> JobSettings:
        return self.group(JobSettings)

    @property
    def slack(self) -> SlackSettings:
        return self.group(SlackSettings)

    @property
    def ingest(self) -> IngestSettings:
        return self.group(IngestSettings)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
