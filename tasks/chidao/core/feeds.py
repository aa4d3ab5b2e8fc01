"""The feeds file: which feeds to poll.

Format (stable keys; see README)::

    feeds:
      - id: kiengiang-portal          # unique, [a-z0-9._-]
        url: https://kiengiang.gov.vn/rss/tin-tuc.rss
        province: Kiên Giang          # optional prior for classification
        interval: 30                  # optional, minutes between polls
        enabled: true                 # optional
        allow_hosts: [cdn.example.vn] # optional, hosts article pages may come from
        expected_period: 72           # optional, hours of silence before an alert

The schema is ``chidao.config.models.FeedSpec``; add a key there.
"""

from __future__ import annotations

from pathlib import Path

from chidao.config import FeedsFile, FeedSpec, load_model

__all__ = ["FeedSpec", "load_feeds"]


def load_feeds(path: Path) -> list[FeedSpec]:
    """Load and validate a feeds file. Raises ``chidao.config.ConfigError`` naming file and line."""
    return load_model(path, FeedsFile).feeds
