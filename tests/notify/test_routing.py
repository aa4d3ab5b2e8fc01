"""Routing table: matching rules, default channel, de-duplication, config errors with file:line."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from chidao.core.routing import RouteContext, RoutingError, RoutingRules, fold_name

REPO_ROOT = Path(__file__).resolve().parents[2]

RULES = RoutingRules.from_mapping(
    {
        "default_channel": "#chidao",
        "routes": [
            {"channel": "#an-giang", "provinces": ["An Giang", "Kiên Giang"]},
            {"channel": "#noi-chinh", "topics": ["inspection", "party_building"]},
            {"channel": "#xay-dung", "assignee_pattern": "(?i)sở xây dựng"},
            {"channel": "#bao-tinh", "feeds": ["bao-tinh-thoi-su"]},
            {"channel": "#an-giang", "topics": ["environment"]},
            {"channel": "#kinh-te-ha-noi", "provinces": ["Hà Nội"], "topics": ["economy"]},
        ],
    }
)


def ctx(
    *,
    feed: str | None = None,
    province: str | None = None,
    current: str | None = None,
    topics: tuple[str, ...] = (),
    assignees: tuple[str | None, ...] = (),
) -> RouteContext:
    return RouteContext(feed_id=feed, province=province, province_current=current, topics=topics, assignees=assignees)


def test_fold_name_ignores_accents_case_spacing_and_normal_form() -> None:
    nfd = unicodedata.normalize("NFD", "Kiên Giang")
    assert {fold_name(n) for n in ("Kiên Giang", "KIEN  GIANG", "kiên giang", nfd)} == {"kien giang"}
    assert fold_name("Đắk Lắk") == "dak lak"


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        (ctx(province="Kiên Giang"), ("#an-giang",)),
        (ctx(province="KIEN GIANG"), ("#an-giang",)),
        (ctx(province="Rạch Giá", current="an giang"), ("#an-giang",)),
        (ctx(province="Cần Thơ"), ("#chidao",)),
        (ctx(topics=("social", "inspection")), ("#noi-chinh",)),
        (ctx(assignees=(None, "Sở Xây Dựng tỉnh")), ("#xay-dung",)),
        (ctx(assignees=("Sở Tài chính",)), ("#chidao",)),
        (ctx(feed="bao-tinh-thoi-su"), ("#bao-tinh",)),
        (ctx(feed="bao-tinh-kinh-te"), ("#chidao",)),
        (ctx(province="Hà Nội", topics=("economy",)), ("#kinh-te-ha-noi",)),
        (ctx(province="Hà Nội", topics=("social",)), ("#chidao",)),
        (ctx(topics=("economy",)), ("#chidao",)),
        (
            ctx(province="Kiên Giang", topics=("party_building",), assignees=("Sở Xây dựng",)),
            ("#an-giang", "#noi-chinh", "#xay-dung"),
        ),
    ],
)
def test_channels_for(context: RouteContext, expected: tuple[str, ...]) -> None:
    assert RULES.channels_for(context) == expected


def test_channel_matched_by_two_routes_appears_once_in_route_order() -> None:
    context = ctx(province="An Giang", topics=("environment", "inspection"))
    assert RULES.channels_for(context) == ("#an-giang", "#noi-chinh")


def test_assignee_pattern_matches_nfd_assignee() -> None:
    nfd = unicodedata.normalize("NFD", "Sở Xây dựng")
    assert RULES.channels_for(ctx(assignees=(nfd,))) == ("#xay-dung",)


def test_no_default_and_no_match_gives_no_channel() -> None:
    rules = RoutingRules.from_mapping({"routes": [{"channel": "#a", "feeds": ["f"]}]})
    assert rules.default_channel is None
    assert rules.channels_for(ctx(feed="g")) == ()
    assert rules.channels_for(ctx(feed="f")) == ("#a",)


def test_all_channels_default_first_without_duplicates() -> None:
    assert RULES.all_channels() == ("#chidao", "#an-giang", "#noi-chinh", "#xay-dung", "#bao-tinh", "#kinh-te-ha-noi")


def test_example_config_loads() -> None:
    rules = RoutingRules.from_file(REPO_ROOT / "config" / "routing.yaml")
    assert rules.default_channel == "#chidao"
    assert rules.channels_for(ctx(province="Tỉnh lạ")) == ("#chidao",)


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        (
            'default_channel: "#chidao"\nroutes:\n  - channel: "#a"\n    provinces: [X]\n    colour: red\n',
            5,
            "unknown key 'colour' in routes[0]",
        ),
        (
            'routes:\n  - channel: "#a"\n    feeds: [f]\n  - channel: "#b"\n    topics: [economy, economi]\n',
            5,
            "routes[1].topics[1]: unknown topic label 'economi'",
        ),
        (
            'routes:\n  - channel: "#a"\n    assignee_pattern: "Sở (Xây"\n',
            3,
            "routes[0].assignee_pattern: invalid regular expression: missing ), unterminated subpattern",
        ),
        ('routes:\n  - channel: "#a"\n', 2, "routes[0]: route has no condition"),
        ("routes:\n  - provinces: [X]\n", 2, "missing key 'channel' in routes[0]"),
        (
            'routes:\n  - channel: "bad name"\n    feeds: [f]\n',
            2,
            "routes[0].channel: channel must be a name like '#chidao' without spaces, got 'bad name'",
        ),
        ('default_channel: "#a"\nrutes: []\n', 2, "unknown key 'rutes' in the top level"),
        ('routes:\n  - channel: "#a"\n    provinces: []\n', 3, "routes[0].provinces: must not be empty"),
        ('routes:\n  - channel: "#a"\n    feeds: [f, 3]\n', 3, "routes[0].feeds[1]: must be a text, got 3"),
        ("routes: {channel: x}\n", 1, "routes: must be a list, got a mapping"),
        ('routes:\n  - channel: "#a\n', 3, "invalid YAML"),
    ],
)
def test_config_errors_name_file_and_line(tmp_path: Path, body: str, line: int, reason: str) -> None:
    path = tmp_path / "routing.yaml"
    path.write_text(body, encoding="utf-8")

    with pytest.raises(RoutingError) as caught:
        RoutingRules.from_file(path)

    assert str(caught.value).startswith(f"{path}:{line}: {reason}")


def test_mapping_errors_name_source_and_path() -> None:
    with pytest.raises(RoutingError) as caught:
        RoutingRules.from_mapping({"routes": [{"channel": "#a", "topics": ["nope"]}]}, source="settings")
    assert str(caught.value).startswith("settings: routes[0].topics[0]: unknown topic label 'nope' (known: ")


def test_missing_file_is_a_routing_error(tmp_path: Path) -> None:
    with pytest.raises(RoutingError, match=r"routing\.yaml: file not found$"):
        RoutingRules.from_file(tmp_path / "routing.yaml")


def test_empty_file_means_no_routes_and_no_default(tmp_path: Path) -> None:
    path = tmp_path / "routing.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    rules = RoutingRules.from_file(path)
    assert rules.all_channels() == ()
