"""Poll scheduling: hints as lower bounds, capped exponential backoff with jitter."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from chidao.core.schedule import MAX_HINT, next_poll_after_failure, next_poll_after_success

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
INTERVAL = timedelta(minutes=15)


class FixedRandom(random.Random):
    """A generator whose draws are all ``value``: pins the jitter factor."""

    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


@pytest.mark.parametrize(
    ("ttl", "max_age", "retry_after", "expected_delay"),
    [
        (None, None, None, INTERVAL),
        (3600, None, None, timedelta(hours=1)),
        (None, 300, None, INTERVAL),
        (None, 7200, None, timedelta(hours=2)),
        (600, 1200, 2700.5, timedelta(seconds=2700.5)),
        (0, -5, None, INTERVAL),
        (10_000_000, None, None, MAX_HINT),
    ],
)
def test_success_hints_are_lower_bounds(
    ttl: int | None, max_age: int | None, retry_after: float | None, expected_delay: timedelta
) -> None:
    assert (
        next_poll_after_success(
            NOW, INTERVAL, ttl_seconds=ttl, max_age_seconds=max_age, retry_after_seconds=retry_after
        )
        == NOW + expected_delay
    )


@pytest.mark.parametrize(
    ("failures", "jitter_draw", "expected_delay"),
    [
        (1, 0.0, timedelta(minutes=15)),
        (1, 0.5, timedelta(minutes=22, seconds=30)),
        (2, 0.0, timedelta(minutes=30)),
        (3, 0.0, timedelta(hours=1)),
        (3, 0.5, timedelta(minutes=90)),
        (6, 0.0, timedelta(hours=8)),
        (7, 0.0, timedelta(hours=12)),
        (7, 0.5, timedelta(hours=18)),
        (0, 0.0, timedelta(minutes=15)),
        (10_000, 0.0, timedelta(hours=12)),
    ],
)
def test_backoff_table(failures: int, jitter_draw: float, expected_delay: timedelta) -> None:
    """interval * 2**n, capped at 24 h, times a jitter factor 0.5 + draw/2."""
    result = next_poll_after_failure(NOW, INTERVAL, failures, retry_after_seconds=None, rng=FixedRandom(jitter_draw))
    assert result == NOW + expected_delay


def test_retry_after_is_a_lower_bound_but_capped() -> None:
    two_hours = next_poll_after_failure(NOW, INTERVAL, 1, retry_after_seconds=7200, rng=FixedRandom(0.0))
    assert two_hours == NOW + timedelta(hours=2)
    week = next_poll_after_failure(NOW, INTERVAL, 1, retry_after_seconds=7 * 86400, rng=FixedRandom(0.0))
    assert week == NOW + timedelta(hours=24)
    custom_cap = next_poll_after_failure(
        NOW, INTERVAL, 9, retry_after_seconds=None, cap=timedelta(hours=2), rng=FixedRandom(0.99)
    )
    assert custom_cap == NOW + timedelta(hours=2) * 0.995


def test_seeded_jitter_is_reproducible_and_always_within_bounds() -> None:
    first = [
        next_poll_after_failure(NOW, INTERVAL, n, retry_after_seconds=None, rng=random.Random(42)) for n in range(1, 60)
    ]
    second = [
        next_poll_after_failure(NOW, INTERVAL, n, retry_after_seconds=None, rng=random.Random(42)) for n in range(1, 60)
    ]
    assert first == second
    for failures, when in enumerate(first, start=1):
        ceiling = min(INTERVAL * 2**failures, timedelta(hours=24)) if failures < 20 else timedelta(hours=24)
        assert NOW + INTERVAL <= when <= NOW + ceiling
    # A feed failing forever is still polled at least once a day: never disabled.
    assert first[-1] <= NOW + timedelta(hours=24)


def test_jitter_spreads_feeds_that_failed_together() -> None:
    rng = random.Random(7)
    times = {next_poll_after_failure(NOW, INTERVAL, 4, retry_after_seconds=None, rng=rng) for _ in range(20)}
    assert len(times) == 20


def test_non_positive_interval_is_refused() -> None:
    with pytest.raises(ValueError, match="poll interval must be positive"):
        next_poll_after_success(NOW, timedelta(0), ttl_seconds=None, max_age_seconds=None, retry_after_seconds=None)
    with pytest.raises(ValueError, match="poll interval must be positive"):
        next_poll_after_failure(NOW, -INTERVAL, 1, retry_after_seconds=None)
