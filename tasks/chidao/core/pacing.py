"""How fast to post: a token bucket per channel, and when a backlog becomes one digest message.

Slack allows about one message per second per channel with short bursts; staying under that keeps the
notify stage from collecting 429s. The clock is injectable so tests drive time by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated_at: float


class ChannelPacer:
    """Token bucket per channel: ``burst`` posts at once, then ``rate_per_second`` posts per second.

    With the defaults (1/s, burst 3): three posts at t=0 go at once, the fourth must wait 1.0 s; asking
    again at t=0.25 gives 0.75 s. Channels do not share a bucket.
    """

    def __init__(
        self, rate_per_second: float = 1.0, burst: int = 3, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError(f"rate_per_second must be positive, got {rate_per_second}")
        if burst < 1:
            raise ValueError(f"burst must be at least 1, got {burst}")
        self.rate_per_second = rate_per_second
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def _refilled(self, channel: str) -> _Bucket:
        now = self._clock()
        bucket = self._buckets.get(channel)
        if bucket is None:
            bucket = self._buckets[channel] = _Bucket(tokens=float(self.burst), updated_at=now)
        else:
            elapsed = max(0.0, now - bucket.updated_at)
            bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self.rate_per_second)
            bucket.updated_at = now
        return bucket

    def delay_for(self, channel: str) -> float:
        """Seconds to wait before the next post to ``channel``; 0.0 when a post may go now."""
        bucket = self._refilled(channel)
        if bucket.tokens >= 1.0:
            return 0.0
        return (1.0 - bucket.tokens) / self.rate_per_second

    def record(self, channel: str) -> None:
        """Count one post to ``channel``. A post made without waiting drives the bucket below zero, so the
        next delay also pays for it."""
        self._refilled(channel).tokens -= 1.0


def should_digest(backlog: int, threshold: int = 10) -> bool:
    """True when a channel has more than ``threshold`` pending notices: send one digest instead.

    should_digest(10) is False (ten single messages are fine), should_digest(11) is True; after an outage
    or on first run the backlog can be hundreds, which at 1 msg/s would flood the channel for minutes.
    """
    return backlog > threshold
