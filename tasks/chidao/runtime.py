"""Process-wide resources built from settings: database, analyzer, routing, notifier.

Prefect hashes task arguments, and sessions, spaCy pipelines and HTTP clients
must not travel through it: tasks take ids and file names, and get the
heavy objects here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TextIO, cast

from pydantic import SecretStr

from chidao.adapters.db import Database, get_database
from chidao.adapters.http import Fetcher, FetchLimits
from chidao.adapters.notifiers import (
    ConsoleNotifier,
    JsonWebhookNotifier,
    Notifier,
    SlackNotifier,
    SlackWebhookNotifier,
    slack_token_problem,
)
from chidao.adapters.samples import SampleServer
from chidao.config import ConfigBundle, FeedSpec, bundle_for
from chidao.core.feeds import unchanged_url
from chidao.core.routing import RoutingRules
from chidao.nlp.analyze import TextAnalyzer
from chidao.settings import Settings


class SettingsError(RuntimeError):
    """Settings or config files that cannot be used; the message names the file and the problem."""


def checked_slack_token(token: str, source: str) -> str:
    """``token`` if it has a Slack token's shape, else SettingsError naming ``source`` (never the token)."""
    problem = slack_token_problem(token)
    if problem is not None:
        raise SettingsError(f"{source}: the Slack token {problem}")
    return token


def check_token_setting(settings: Settings) -> None:
    """Refuse a malformed CHIDAO_SLACK_TOKEN before any work (a line break would end up in an HTTP header,
    whose error message quotes it)."""
    if settings.slack_token is not None:
        checked_slack_token(settings.slack_token.get_secret_value(), "CHIDAO_SLACK_TOKEN")


def resolve_slack_token(settings: Settings) -> str | None:
    """The token from the environment, else from a Prefect Secret block named in the settings."""
    if settings.slack_token is not None:
        return checked_slack_token(settings.slack_token.get_secret_value(), "CHIDAO_SLACK_TOKEN")
    if settings.slack_token_block:
        from prefect.blocks.system import Secret

        try:
            secret = cast("Secret[str]", Secret.load(settings.slack_token_block))
        except ValueError as exc:
            raise SettingsError(
                f"CHIDAO_SLACK_TOKEN_BLOCK: no Prefect Secret block named '{settings.slack_token_block}'"
            ) from exc
        block = f"CHIDAO_SLACK_TOKEN_BLOCK: Prefect Secret block '{settings.slack_token_block}'"
        return checked_slack_token(str(secret.get()), block)
    return None


NO_FEEDS_FILE = (
    "no feeds file: set CHIDAO_FEEDS to your feeds file (only `chidao run` without one runs the bundled demo)"
)


@dataclass
class Runtime:
    settings: Settings
    console: TextIO | None = None  # None: whatever sys.stdout is when a message is written
    # The demo of `chidao run` without a feeds file: the bundled sample feeds, served on loopback. Nothing
    # else sets it, so a served or deployed flow never polls the samples or allows private hosts for them.
    demo: bool = False

    @cached_property
    def bundle(self) -> ConfigBundle:
        """Every configuration file, validated once (raises ``ConfigError``: ``<file>:<line>: <reason>``)."""
        return bundle_for(self.settings)

    @cached_property
    def db(self) -> Database:
        return get_database(self.settings.database_url)

    @cached_property
    def analyzer(self) -> TextAnalyzer:
        return TextAnalyzer.from_bundle(self.bundle)

    @cached_property
    def routing(self) -> RoutingRules:
        rules = RoutingRules.from_model(self.bundle.routing)
        if self.settings.slack_channel:
            # CHIDAO_SLACK_CHANNEL overrides the file's default channel.
            rules = RoutingRules(self.settings.slack_channel, rules.routes)
        return rules

    def feeds(self) -> list[FeedSpec]:
        """The feeds to poll; refuses to fall back to the samples outside the demo."""
        if self.settings.feeds is None and not self.demo:
            raise SettingsError(NO_FEEDS_FILE)
        return list(self.bundle.feeds.feeds)

    @property
    def samples_root(self) -> Path:
        return self.settings.config_dir / "samples"

    @property
    def fetch_limits(self) -> FetchLimits:
        s = self.settings
        return FetchLimits(
            timeout_seconds=s.fetch_timeout,
            max_bytes=s.fetch_max_bytes,
            per_host=s.fetch_per_host,
            total=s.fetch_total,
        )

    @property
    def allow_private(self) -> bool:
        return self.settings.allow_private_hosts or self.demo

    @contextmanager
    def fetching(self) -> Iterator[FetchContext]:
        """A fetcher, plus the loopback sample server and its URL mapping when the bundled feeds are used."""
        with ExitStack() as stack:
            resolve: Callable[[str], str] = unchanged_url
            unresolve: Callable[[str], str] = unchanged_url
            if self.demo:
                server = stack.enter_context(SampleServer(self.samples_root))
                resolve, unresolve = server.resolve, server.unresolve
            fetcher = stack.enter_context(Fetcher(self.fetch_limits, allow_private=self.allow_private))
            yield FetchContext(fetcher, resolve, unresolve)

    @cached_property
    def notifier(self) -> Notifier:
        s = self.settings
        token = resolve_slack_token(s)
        if token:
            return SlackNotifier(token, base_url=_with_slash(s.slack_api_url))
        if s.slack_webhook_url is not None:
            return SlackWebhookNotifier(s.slack_webhook_url.get_secret_value())
        if s.webhook_url is not None:
            return JsonWebhookNotifier(s.webhook_url.get_secret_value())
        return ConsoleNotifier(self.console)


@dataclass(frozen=True)
class FetchContext:
    fetcher: Fetcher
    resolve: Callable[[str], str]  # stored URL -> URL to fetch (sample:// -> loopback)
    unresolve: Callable[[str], str]  # fetched URL -> stable URL to store


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


_runtimes: dict[str, Runtime] = {}
# Keys the runtime cache: a per-process secret, so the cache key tells two tokens apart without being a
# reversible (or even comparable across processes) copy of them.
_CACHE_KEY = secrets.token_bytes(32)


def settings_fingerprint(settings: Settings, *, demo: bool = False) -> str:
    """A keyed hash of every setting, secrets included: equal only for equal settings (and demo flag)."""

    def reveal(value: object) -> str:
        return value.get_secret_value() if isinstance(value, SecretStr) else str(value)

    text = json.dumps([settings.model_dump(), demo], default=reveal, sort_keys=True)
    return hmac.new(_CACHE_KEY, text.encode("utf-8"), hashlib.sha256).hexdigest()


def get_runtime(settings: Settings | None = None, *, demo: bool = False) -> Runtime:
    """One runtime per distinct settings in this process (two Slack tokens are two runtimes)."""
    settings = settings or Settings()
    key = settings_fingerprint(settings, demo=demo)
    if key not in _runtimes:
        _runtimes[key] = Runtime(settings, demo=demo)
    return _runtimes[key]
