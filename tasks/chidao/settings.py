"""Settings from the environment (prefix ``CHIDAO_``) and an optional ``.env`` file.

Secrets (the Slack token, webhook URLs) are ``SecretStr`` so that they never
appear in a repr, a log line or an event payload.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from chidao.resources import bundled_config_dir

DEFAULT_CONFIG_DIR = bundled_config_dir()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHIDAO_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///chidao.db",
        description="SQLAlchemy URL; a SQLite file in the working directory by default",
    )
    config_dir: Path = Field(default=DEFAULT_CONFIG_DIR, description="lexicons, topics, routing")
    feeds: Path | None = Field(
        default=None, description="feeds file; unset, only `chidao run` works, as the demo on the bundled samples"
    )
    routing: Path | None = Field(default=None, description="routing file; config/routing.yaml when unset")

    slack_token: SecretStr | None = None
    slack_token_block: str | None = Field(
        default=None, description="name of a Prefect Secret block holding the Slack bot token"
    )
    allow_custom_slack_api: bool = Field(
        default=False,
        description="allow a Slack API URL outside slack.com and loopback (a Slack-compatible proxy)",
    )
    slack_api_url: str = "https://slack.com/api/"
    slack_channel: str | None = None
    slack_webhook_url: SecretStr | None = None
    webhook_url: SecretStr | None = Field(default=None, description="generic JSON webhook (Teams, Mattermost)")

    # The web app (`chidao web`) and Slack buttons; see README "Review in the browser and in Slack".
    web_base_url: str | None = Field(default=None, description="public URL of `chidao web`; enables Slack buttons")
    web_secret_key: SecretStr | None = Field(default=None, description="signs session cookies; random when unset")
    web_trusted_user_header: str | None = Field(default=None, description="account name set by an auth proxy")
    slack_signing_secret: SecretStr | None = None

    # Bounds: a zero limit would hang or fail every fetch, NaN compares false everywhere (allow_inf_nan).
    fetch_timeout: float = Field(default=10.0, gt=0, le=600, allow_inf_nan=False)
    fetch_max_bytes: int = Field(default=5_000_000, ge=1024, le=1_000_000_000)
    fetch_per_host: int = Field(default=2, ge=1, le=100)
    fetch_total: int = Field(default=10, ge=1, le=1000)
    allow_private_hosts: bool = Field(
        default=False, description="allow feeds on private/loopback addresses (tests, intranet portals)"
    )
    poll_interval_minutes: int = Field(default=30, ge=1, le=7 * 24 * 60)
    process_batch_size: int = Field(default=50, ge=1, le=100_000)
    notify_max_attempts: int = Field(default=8, ge=1, le=100)
    notify_retry_base_seconds: float = Field(
        default=30.0, gt=0, le=3600, description="back-off after a failed post; doubles per attempt, capped at 1 h"
    )
    digest_threshold: int = Field(default=10, ge=1, le=100_000)

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, url: str) -> str:
        # The value may hold a password: the message never repeats it.
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            backend = make_url(url).get_backend_name()
        except (ArgumentError, ValueError):
            raise ValueError("not a database URL; use sqlite:///FILE or postgresql://USER@HOST/DATABASE") from None
        if backend not in ("sqlite", "postgresql"):
            raise ValueError(f"database '{backend}' is not supported; use SQLite or PostgreSQL")
        return url

    @field_validator("slack_api_url")
    @classmethod
    def _slack_host(cls, url: str, info: ValidationInfo) -> str:
        # A .env in the working directory could otherwise send the token to any host.
        # Loopback stays allowed: a Slack-compatible server on this machine (tests, a local relay).
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            raise ValueError(f"'{url}' is not a valid URL") from None
        if _is_slack_host(host) or _is_loopback(host):
            return url
        if info.data.get("allow_custom_slack_api"):
            return url
        raise ValueError(
            f"'{url}' is not a slack.com or slack-gov.com URL; "
            "set CHIDAO_ALLOW_CUSTOM_SLACK_API=true to send the token there"
        )

    @field_validator("web_base_url")
    @classmethod
    def _web_base_url(cls, url: str | None) -> str | None:
        # Slack refuses a whole message whose link button has no http(s) URL: fail at start instead.
        if url in (None, ""):
            return None
        if not url.startswith(("http://", "https://")) or not urlsplit(url).hostname:
            raise ValueError(f"'{url}' is not an http(s) URL such as https://chidao.example.vn")
        return url.rstrip("/")

    @property
    def feeds_file(self) -> Path:
        return self.feeds if self.feeds is not None else self.config_dir / "feeds.sample.yaml"

    @property
    def routing_file(self) -> Path:
        return self.routing if self.routing is not None else self.config_dir / "routing.yaml"


# slack.com and GovSlack's slack-gov.com, with their subdomains.
SLACK_API_DOMAINS = ("slack.com", "slack-gov.com")


def _is_slack_host(host: str) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in SLACK_API_DOMAINS)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
