"""Settings from the environment (prefix ``CHIDAO_``) and an optional ``.env`` file.

Secrets (the Slack token, webhook URLs) are ``SecretStr`` so that they never
appear in a repr, a log line or an event payload.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
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
    feeds: Path | None = Field(default=None, description="feeds file; the bundled sample feeds when unset")
    routing: Path | None = Field(default=None, description="routing file; config/routing.yaml when unset")

    slack_token: SecretStr | None = None
    slack_token_block: str | None = Field(
        default=None, description="name of a Prefect Secret block holding the Slack bot token"
    )
    slack_api_url: str = "https://slack.com/api/"
    slack_channel: str | None = None
    slack_webhook_url: SecretStr | None = None
    webhook_url: SecretStr | None = Field(default=None, description="generic JSON webhook (Teams, Mattermost)")

    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5_000_000
    fetch_per_host: int = 2
    fetch_total: int = 10
    allow_private_hosts: bool = Field(
        default=False, description="allow feeds on private/loopback addresses (tests, intranet portals)"
    )
    poll_interval_minutes: int = 30
    process_batch_size: int = 50
    notify_max_attempts: int = 8
    digest_threshold: int = 10

    @property
    def feeds_file(self) -> Path:
        return self.feeds if self.feeds is not None else self.config_dir / "feeds.sample.yaml"

    @property
    def routing_file(self) -> Path:
        return self.routing if self.routing is not None else self.config_dir / "routing.yaml"

    @property
    def uses_bundled_samples(self) -> bool:
        return self.feeds is None


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
