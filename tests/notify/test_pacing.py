"""Per-channel token bucket with a hand-driven clock, and the digest threshold."""

from __future__ import annotations

import pytest

from chidao.core.pacing import ChannelPacer, should_digest


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_one_per_second() -> None:
    clock = FakeClock()
    pacer = ChannelPacer(clock=clock)

    delays = []
    for _ in range(3):
        delays.append(pacer.delay_for("#a"))
        pacer.record("#a")
    assert delays == [0.0, 0.0, 0.0]
    assert pacer.delay_for("#a") == 1.0

    clock.now += 0.25
    assert pacer.delay_for("#a") == 0.75
    clock.now += 0.75
    assert pacer.delay_for("#a") == 0.0
    pacer.record("#a")
    assert pacer.delay_for("#a") == 1.0


def test_channels_have_separate_buckets() -> None:
    pacer = ChannelPacer(burst=1, clock=FakeClock())
    pacer.record("#a")
    assert pacer.delay_for("#a") == 1.0
    assert pacer.delay_for("#b") == 0.0


def test_refill_is_capped_at_burst() -> None:
    clock = FakeClock()
    pacer = ChannelPacer(rate_per_second=2.0, burst=2, clock=clock)
    pacer.record("#a")
    clock.now += 3600
    pacer.record("#a")
    pacer.record("#a")
    assert pacer.delay_for("#a") == 0.5


def test_posting_without_waiting_is_paid_back() -> None:
    pacer = ChannelPacer(rate_per_second=1.0, burst=1, clock=FakeClock())
    pacer.record("#a")
    pacer.record("#a")
    assert pacer.delay_for("#a") == 2.0


@pytest.mark.parametrize(("rate", "burst"), [(0.0, 3), (-1.0, 3), (1.0, 0)])
def test_invalid_settings_are_rejected(rate: float, burst: int) -> None:
    with pytest.raises(ValueError):
        ChannelPacer(rate_per_second=rate, burst=burst)


def test_should_digest_above_threshold() -> None:
    assert should_digest(10) is False
    assert should_digest(11) is True
    assert should_digest(3, threshold=2) is True
    assert should_digest(0, threshold=0) is False
