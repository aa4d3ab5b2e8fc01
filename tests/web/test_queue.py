"""The review queue's filters on real databases: every one in SQL, accent-insensitive where people type names."""

from __future__ import annotations

from datetime import date

import pytest

from chidao.adapters.db import Database, FollowUpItem
from chidao.services.items import ItemFilter, list_items, matching_ids, queue_page
from tests.web.conftest import SeededItems, seed_items


@pytest.fixture
def seeded(db: Database) -> SeededItems:
    items = seed_items(db)
    with db.session() as session:
        school = session.get_one(FollowUpItem, items.school)
        # Reported under the province's pre-2025 name: the article says so, and the item takes it over.
        school.province = school.article.province = "Bạc Liêu"
        school.topics = ["social", "economy"]
        session.get_one(FollowUpItem, items.xss).topics = ["inspection"]
    return items


def test_filters(db: Database, seeded: SeededItems) -> None:
    bridge, school, xss = seeded.bridge, seeded.school, seeded.xss
    cases = [
        (ItemFilter(), [xss, school, bridge]),
        (ItemFilter(province="long an"), [xss, bridge]),
        (ItemFilter(province="bac lieu"), [school]),  # the name as written
        (ItemFilter(province="Cà Mau"), [school]),  # the current unit
        (ItemFilter(assignee="so xay"), [bridge]),
        (ItemFilter(issuer="LÝ THU"), [school]),
        (ItemFilter(topic="economy"), [school, bridge]),
        (ItemFilter(topic="inspection"), [xss]),
        (ItemFilter(topic="econ"), []),
        (ItemFilter(search="gia co ke"), [bridge]),
        (ItemFilter(due_from=date(2025, 12, 16)), [xss]),
        (ItemFilter(item_ids=(bridge, xss), province="long an", assignee="sở"), [bridge]),
        (ItemFilter(feed="no-such-feed"), []),
        (ItemFilter(province="Hà Nội"), []),
    ]
    for item_filter, expected in cases:
        page = queue_page(db, item_filter)
        assert ([i["id"] for i in page.items], page.total) == (expected, len(expected)), item_filter
        assert matching_ids(db, item_filter) == expected, item_filter
        assert [i.id for i in list_items(db, item_filter)] == sorted(expected), item_filter


def test_pages(db: Database, seeded: SeededItems) -> None:
    first, second = queue_page(db, ItemFilter(), 1, 2), queue_page(db, ItemFilter(), 2, 2)
    assert [i["id"] for i in first.items] == [seeded.xss, seeded.school]
    assert [i["id"] for i in second.items] == [seeded.bridge]
    assert (first.total, first.pages, second.page) == (3, 2, 2)
    assert queue_page(db, ItemFilter(), 9, 2).items == []
