"""Extraction is a pure function of the page: seeing the same text again must not drop it."""

from __future__ import annotations

from chidao.core.html import extract_main_text
from tests.ingest.service_support import MARKET_PARAGRAPHS, html_of


def test_the_same_page_extracted_many_times_keeps_its_text() -> None:
    page = f"<html><body><article>{html_of(MARKET_PARAGRAPHS)}</article></body></html>"

    texts = [extract_main_text(page) for _ in range(6)]

    assert texts[0] is not None and "nhà lồng chính, bãi đỗ xe tải" in texts[0]
    assert texts == [texts[0]] * 6
