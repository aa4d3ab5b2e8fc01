r"""The feeds file: which feeds to poll.

Format (stable keys; see README)::

    feeds:
      - id: kiengiang-portal          # unique, [a-z0-9._-]
        url: https://kiengiang.gov.vn/rss/tin-tuc.rss
        province: Kiên Giang          # optional prior for classification
        interval: 30                  # optional, minutes between polls
        enabled: true                 # optional
        allow_hosts: [cdn.example.vn] # optional, hosts article pages may come from
        expected_period: 72           # optional, hours of silence before an alert
        kind: feed                    # optional: feed (RSS/Atom, default) | sitemap | listing
        max_per_poll: 50              # sitemap/listing: at most this many new pages a poll (newest first)
        link_pattern: '-\d+\.html$'   # listing: article links are those whose URL matches (regex)
        link_selector: 'h3.title a'   # listing: ... or the <a> elements this CSS selector picks
        pages: 1                      # listing: pages to read, following rel="next" (1 = no pagination)
        evidence: https://...         # optional: where the URL is publicly listed
        verified: false               # optional: set true once `chidao feeds check` confirmed it

The schema is ``chidao.config.models.FeedSpec``; add a key there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chidao.config import FeedsFile, FeedSpec, load_model
from chidao.core.sources import SourceOptions

__all__ = ["FeedSpec", "SourceOptions", "UrlMap", "load_feeds", "unchanged_url"]

# Maps a stored URL to the one to fetch (the demo's ``sample://`` -> loopback), or a fetched URL back to the
# one to store, so that identities never contain a loopback port.
UrlMap = Callable[[str], str]


def unchanged_url(url: str) -> str:
    return url


def load_feeds(path: Path) -> list[FeedSpec]:
    """Load and validate a feeds file. Raises ``chidao.config.ConfigError`` naming file and line."""
    return load_model(path, FeedsFile).feeds
