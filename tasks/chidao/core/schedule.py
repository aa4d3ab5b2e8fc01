"""When to poll a feed next.

Success: the configured interval, but never sooner than the feed or server
asked (RSS ``<ttl>``, ``Cache-Control: max-age``, ``Retry-After``).
Failure: exponential backoff with jitter, capped, so a portal that is down for
a week is still tried at least daily and comes back by itself: a feed is never
"disabled" here.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

# A feed's own hints are honoured up to this long; a portal announcing
# ``<ttl>525600</ttl>`` (a year) must not silence itself.
MAX_HINT = timedelta(hours=24)

_DEFAULT_RNG = random.Random()


def _hint(seconds: float | None) -> timedelta:
    if seconds is None or seconds <= 0:
        return timedelta(0)
    return min(timedelta(seconds=seconds), MAX_HINT)


def next_poll_after_success(
    now: datetime,
    interval: timedelta,
    *,
    ttl_seconds: int | None,
    max_age_seconds: int | None,
    retry_after_seconds: float | None,
) -> datetime:
    """Next poll after a successful (or 304) fetch.

    ``interval`` is what we would like; ``ttl_seconds`` (RSS ``<ttl>``),
    ``max_age_seconds`` (``Cache-Control: max-age``) and
    ``retry_after_seconds`` are lower bounds, each honoured up to
    :data:`MAX_HINT`.

    Examples (now = 10:00, interval 15 min)::

        no hints              -> 10:15
        ttl 60 min            -> 11:00
        max-age 300 s         -> 10:15   (a lower bound below the interval changes nothing)
        ttl 10 000 000 s      -> 10:00 next day (capped)
    """
    if interval <= timedelta(0):
        raise ValueError(f"poll interval must be positive, got {interval}")
    delay = max(interval, _hint(ttl_seconds), _hint(max_age_seconds), _hint(retry_after_seconds))
    return now + delay


def next_poll_after_failure(
    now: datetime,
    interval: timedelta,
    consecutive_failures: int,
    *,
    retry_after_seconds: float | None,
    cap: timedelta = timedelta(hours=24),
    rng: random.Random | None = None,
) -> datetime:
    """Next poll after the ``consecutive_failures``-th failure in a row.

    The backoff is ``interval * 2**n`` capped at ``cap``, then scaled by a
    random factor in [0.5, 1.0) so feeds that failed together (one portal's
    outage) do not retry together.  The result is therefore between one
    interval and ``cap`` after ``now``; ``Retry-After`` is a lower bound (also
    capped).  ``consecutive_failures`` below 1 counts as 1.

    Examples (interval 15 min, cap 24 h)::

        1st failure  -> 15..30 min later
        2nd failure  -> 30..60 min later
        7th failure  -> 16..32 h, capped to 12..24 h
        any failure with Retry-After 2 h -> at least 2 h later
    """
    if interval <= timedelta(0):
        raise ValueError(f"poll interval must be positive, got {interval}")
    if cap <= timedelta(0):
        raise ValueError(f"backoff cap must be positive, got {cap}")
    generator = rng if rng is not None else _DEFAULT_RNG
    failures = max(1, consecutive_failures)
    # Computed in float seconds: ``interval * 2**n`` as a timedelta overflows
    # for a feed that has been failing for years.
    backoff_seconds = min(cap.total_seconds(), interval.total_seconds() * 2.0 ** min(failures, 64))
    jittered = timedelta(seconds=backoff_seconds * (0.5 + 0.5 * generator.random()))
    retry_after = min(_hint(retry_after_seconds), cap)
    delay = min(max(jittered, min(interval, cap), retry_after), cap)
    return now + delay
