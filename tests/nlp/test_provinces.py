"""ProvinceGazetteer: the 63 -> 34 merger table, spellings, and names found in text."""

from __future__ import annotations

from pathlib import Path

import pytest

from chidao.nlp.classify import ConfigError
from chidao.nlp.provinces import ProvinceGazetteer

CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"

# Resolution 202/2025/QH15: the 34 units and what merged into them (listed here independently of the YAML).
MERGERS = {
    "Hà Nội": {"Hà Nội"},
    "Huế": {"Huế"},
    "Lai Châu": {"Lai Châu"},
    "Điện Biên": {"Điện Biên"},
    "Sơn La": {"Sơn La"},
    "Lạng Sơn": {"Lạng Sơn"},
    "Quảng Ninh": {"Quảng Ninh"},
    "Thanh Hóa": {"Thanh Hóa"},
    "Nghệ An": {"Nghệ An"},
    "Hà Tĩnh": {"Hà Tĩnh"},
    "Cao Bằng": {"Cao Bằng"},
    "Tuyên Quang": {"Tuyên Quang", "Hà Giang"},
    "Lào Cai": {"Lào Cai", "Yên Bái"},
    "Thái Nguyên": {"Thái Nguyên", "Bắc Kạn"},
    "Phú Thọ": {"Phú Thọ", "Vĩnh Phúc", "Hòa Bình"},
    "Bắc Ninh": {"Bắc Ninh", "Bắc Giang"},
    "Hưng Yên": {"Hưng Yên", "Thái Bình"},
    "Hải Phòng": {"Hải Phòng", "Hải Dương"},
    "Ninh Bình": {"Ninh Bình", "Hà Nam", "Nam Định"},
    "Quảng Trị": {"Quảng Trị", "Quảng Bình"},
    "Đà Nẵng": {"Đà Nẵng", "Quảng Nam"},
    "Quảng Ngãi": {"Quảng Ngãi", "Kon Tum"},
    "Gia Lai": {"Gia Lai", "Bình Định"},
    "Khánh Hòa": {"Khánh Hòa", "Ninh Thuận"},
    "Lâm Đồng": {"Lâm Đồng", "Đắk Nông", "Bình Thuận"},
    "Đắk Lắk": {"Đắk Lắk", "Phú Yên"},
    "Hồ Chí Minh": {"Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"},
    "Đồng Nai": {"Đồng Nai", "Bình Phước"},
    "Tây Ninh": {"Tây Ninh", "Long An"},
    "Cần Thơ": {"Cần Thơ", "Sóc Trăng", "Hậu Giang"},
    "Vĩnh Long": {"Vĩnh Long", "Bến Tre", "Trà Vinh"},
    "Đồng Tháp": {"Đồng Tháp", "Tiền Giang"},
    "Cà Mau": {"Cà Mau", "Bạc Liêu"},
    "An Giang": {"An Giang", "Kiên Giang"},
}


@pytest.fixture(scope="module")
def gazetteer() -> ProvinceGazetteer:
    return ProvinceGazetteer.from_config(CONFIG_DIR)


def test_table_has_63_former_provinces_and_34_current_units(gazetteer: ProvinceGazetteer) -> None:
    assert len(MERGERS) == 34
    assert sum(len(names) for names in MERGERS.values()) == 63
    assert set(gazetteer.current_units) == set(MERGERS)
    assert len(gazetteer.provinces) == 63
    assert len({p.name for p in gazetteer.provinces}) == 63


@pytest.mark.parametrize("unit", sorted(MERGERS))
def test_each_unit_gathers_exactly_its_merged_provinces(gazetteer: ProvinceGazetteer, unit: str) -> None:
    assert set(gazetteer.names_for_unit(unit)) == MERGERS[unit]
    for name in MERGERS[unit]:
        assert gazetteer.current_unit(name) == unit


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("Kiên Giang", "An Giang"),
        ("kien giang", "An Giang"),
        ("KIÊN GIANG", "An Giang"),
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Bà Rịa–Vũng Tàu", "Hồ Chí Minh"),
        ("tỉnh Quảng Bình", "Quảng Trị"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("Thừa Thiên Huế", "Huế"),
        ("TP.HCM", "Hồ Chí Minh"),
        ("An Giang", "An Giang"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_current_unit(gazetteer: ProvinceGazetteer, written: str, unit: str | None) -> None:
    assert gazetteer.current_unit(written) == unit


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("Thừa Thiên Huế", "Huế"),
        ("Huế", "Huế"),
        ("Đắc Lắc", "Đắk Lắk"),
        ("dak lak", "Đắk Lắk"),
        ("Kontum", "Kon Tum"),
        ("tỉnh Hoà Bình", "Hòa Bình"),
        ("Kiên Giang", "Kiên Giang"),
        ("Rạch Giá", None),
    ],
)
def test_canonical_name(gazetteer: ProvinceGazetteer, written: str, canonical: str | None) -> None:
    assert gazetteer.canonical_name(written) == canonical


def test_names_for_a_former_province_or_unknown_name_are_empty(gazetteer: ProvinceGazetteer) -> None:
    assert gazetteer.names_for_unit("Kiên Giang") == ()
    assert gazetteer.names_for_unit("Atlantis") == ()
    assert set(gazetteer.names_for_unit("tỉnh an giang")) == {"An Giang", "Kiên Giang"}


def test_find_mentions_skips_lower_case_look_alikes(gazetteer: ProvinceGazetteer) -> None:
    text = "Giữ gìn hòa bình; UBND tỉnh Hòa Bình và TP.HCM, Bà Rịa – Vũng Tàu phối hợp."
    found = [(m.province.name, text[m.start : m.end]) for m in gazetteer.find_mentions(text)]
    assert found == [("Hòa Bình", "Hòa Bình"), ("Hồ Chí Minh", "TP.HCM"), ("Bà Rịa - Vũng Tàu", "Bà Rịa – Vũng Tàu")]


def test_find_mentions_tells_variants_from_bare_names(gazetteer: ProvinceGazetteer) -> None:
    text = "UBND thành phố Hồ Chí Minh học tập tư tưởng Hồ Chí Minh; Thừa Thiên Huế."
    found = [(text[m.start : m.end], m.province.name, m.bare) for m in gazetteer.find_mentions(text)]
    assert found == [
        ("thành phố Hồ Chí Minh", "Hồ Chí Minh", False),
        ("Hồ Chí Minh", "Hồ Chí Minh", True),
        ("Thừa Thiên Huế", "Huế", False),
    ]


def test_find_mentions_needs_whole_words(gazetteer: ProvinceGazetteer) -> None:
    assert list(gazetteer.find_mentions("Khu An Giang Mới")) != []
    assert list(gazetteer.find_mentions("Xuân Giang, Hương Giang")) == []


def _write_provinces(tmp_path: Path, text: str) -> Path:
    (tmp_path / "provinces.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _real_table_with(replace: str, by: str) -> str:
    original = (CONFIG_DIR / "provinces.yaml").read_text(encoding="utf-8")
    assert replace in original
    return original.replace(replace, by, 1)


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_unknown_unit_is_reported_with_file_and_line(tmp_path: Path) -> None:
    text = _real_table_with("{name: Kiên Giang, unit: An Giang}", "{name: Kiên Giang, unit: Rạch Giá}")
    folder = _write_provinces(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        ProvinceGazetteer.from_config(folder)
    line = _line_of(text, "unit: Rạch Giá")
    assert (
        str(caught.value)
        == f"{folder / 'provinces.yaml'}:{line}: Kiên Giang: unit 'Rạch Giá' is not one of current_units"
    )


def test_missing_province_is_reported(tmp_path: Path) -> None:
    text = _real_table_with("  - {name: Bạc Liêu, unit: Cà Mau}\n", "")
    folder = _write_provinces(tmp_path, text)
    with pytest.raises(ConfigError, match=r"provinces\.yaml:\d+: expected 63 former provinces, found 62"):
        ProvinceGazetteer.from_config(folder)


def test_spelling_shared_by_two_provinces_is_refused(tmp_path: Path) -> None:
    text = _real_table_with("{name: Sơn La, unit: Sơn La}", "{name: Sơn La, unit: Sơn La, variants: [Lạng Sơn]}")
    folder = _write_provinces(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        ProvinceGazetteer.from_config(folder)
    line = _line_of(text, "{name: Lạng Sơn, unit: Lạng Sơn}")
    assert str(caught.value) == f"{folder / 'provinces.yaml'}:{line}: spelling 'Lạng Sơn' already belongs to Sơn La"


def test_missing_evidence_weight_is_reported(tmp_path: Path) -> None:
    original = (CONFIG_DIR / "provinces.yaml").read_text(encoding="utf-8")
    domain_line = next(line for line in original.splitlines() if line.strip().startswith("domain:"))
    text = original.replace(domain_line + "\n", "")
    folder = _write_provinces(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        ProvinceGazetteer.from_config(folder)
    line = _line_of(text, "portal_header:")
    assert str(caught.value) == f"{folder / 'provinces.yaml'}:{line}: evidence weights lacks the required key 'domain'"


def test_broken_yaml_and_missing_file(tmp_path: Path) -> None:
    folder = _write_provinces(tmp_path, "current_units:\n  - {name: Hà Nội\nformer_provinces: []\n")
    with pytest.raises(ConfigError, match=r"provinces\.yaml:\d+: invalid YAML"):
        ProvinceGazetteer.from_config(folder)
    with pytest.raises(ConfigError, match=r"provinces\.yaml: file not found$"):
        ProvinceGazetteer.from_config(tmp_path / "nowhere")


def test_written_as_must_be_a_variant(tmp_path: Path) -> None:
    text = _real_table_with("written_as: [Thừa Thiên Huế]", "written_as: [Thừa Thiên]")
    folder = _write_provinces(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        ProvinceGazetteer.from_config(folder)
    line = _line_of(text, "written_as: [Thừa Thiên]")
    assert (
        str(caught.value)
        == f"{folder / 'provinces.yaml'}:{line}: Huế: written_as 'Thừa Thiên' is not one of its variants"
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("BBK", "Bắc Kạn"),  # B(áo) + initials
        ("GLO", "Gia Lai"),  # initials + O(nline)
        ("LĐ online", "Lâm Đồng"),
        ("BTV", "Trà Vinh"),
        ("BHG", None),  # Hà Giang and Hậu Giang share the initials
        ("QNO", None),  # Quảng Nam, Quảng Ninh, Quảng Ngãi
        ("TTXVN", None),
        ("UBND", None),
    ],
)
def test_outlet_code_names_a_province_only_when_unambiguous(
    gazetteer: ProvinceGazetteer, code: str, expected: str | None
) -> None:
    found = gazetteer.outlet_code(code)
    assert (found.name if found else None) == expected


def test_example_of_an_unknown_evidence_kind_is_refused(tmp_path: Path) -> None:
    text = _real_table_with("- {kind: outlet_code, province: Bắc Kạn,", "- {kind: outlet, province: Bắc Kạn,")
    folder = _write_provinces(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        ProvinceGazetteer.from_config(folder)
    line = _line_of(text, "{kind: outlet, province")
    assert str(caught.value).startswith(f"{folder / 'provinces.yaml'}:{line}: unknown evidence kind 'outlet' (known: ")


# ---------------------------------------------------------------------------------------------- places


def test_every_former_province_has_its_places(gazetteer: ProvinceGazetteer) -> None:
    cities = {p.name for p in gazetteer.provinces if p.city}
    assert cities == {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
    assert all(p.capital is None for p in gazetteer.provinces if p.city)
    assert all(p.capital and len(p.districts) >= 3 for p in gazetteer.provinces if not p.city)
    by_name = {p.name: p for p in gazetteer.provinces}
    assert by_name["Đắk Lắk"].capital == "Buôn Ma Thuột"
    assert by_name["Quảng Nam"].capital == "Tam Kỳ"
    assert "Thanh Trì" in by_name["Hà Nội"].districts


def test_find_places_keeps_diacritics_and_knows_shared_names(gazetteer: ProvinceGazetteer) -> None:
    text = "huyện Thanh Trì, huyện Thạnh Trị, HUYỆN MỘ ĐỨC, huyện Quảng Ninh, Quận 3"
    found = [
        (text[m.start : m.end], sorted(p.name for p in m.provinces), m.spelled_like_a_province)
        for m in gazetteer.find_places(text)
    ]
    assert found == [
        ("Thanh Trì", ["Hà Nội"], False),
        ("Thạnh Trị", ["Sóc Trăng"], False),
        ("MỘ ĐỨC", ["Quảng Ngãi"], False),
        ("Quảng Ninh", ["Quảng Bình"], True),
        ("3", ["Hồ Chí Minh"], False),
    ]
    shared = next(gazetteer.find_places("huyện Châu Thành"))
    assert len(shared.provinces) == 10
    assert list(gazetteer.find_places("thôn đức trọng")) == []  # lower case: not a name


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("baohatinh.vn", "Hà Tĩnh"),
        ("www.baoquangninh.com.vn", "Quảng Ninh"),
        ("thanhtri.hanoi.gov.vn", "Hà Nội"),
        ("angiangtv.vn", "An Giang"),
        ("hanoionline.vn", "Hà Nội"),
        ("baria-vungtau.gov.vn", "Bà Rịa - Vũng Tàu"),
        ("thvl.vn", "Vĩnh Long"),
        ("vtv.vn", None),
        ("vietnamplus.vn", None),
    ],
)
def test_domain_province(gazetteer: ProvinceGazetteer, host: str, expected: str | None) -> None:
    found = gazetteer.domain_province(host)
    assert (found.name if found else None) == expected


# (text replaced, replacement, (a fragment of the line at fault, which of its occurrences), reason)
PLACE_ERRORS = [
    (
        "districts: [Ba Bể, Bạch Thông,",
        "districts: [Ba Bể, Ba Bể,",
        ("districts: [Ba Bể, Ba Bể,", 1),
        "the districts of Bắc Kạn: 'Ba Bể' is listed twice",
    ),
    (
        "  Bắc Kạn:\n    capital: Bắc Kạn\n",
        "  Bắc Cạn:\n    capital: Bắc Kạn\n",
        ("capital: Bắc Kạn", 1),
        "places: 'Bắc Cạn' is not one of former_provinces",
    ),
    (
        "  Hải Phòng:\n    districts:",
        "  Hải Phòng:\n    capital: Kiến An\n    districts:",
        ("capital: Kiến An", 1),
        "places of Hải Phòng: a centrally-run city has no capital",
    ),
    (
        "domains: [baodongkhoi]",
        "domains: [Báo Đồng Khởi]",
        ("domains: [Báo Đồng Khởi]", 1),
        "Bến Tre: domain 'Báo Đồng Khởi' is not a domain label (a-z, 0-9, -)",
    ),
    (
        "domains: [baodongkhoi]",
        "domains: [thvl]",
        ("domains: [thvl]", 2),  # Vĩnh Long's own entry, listed after Bến Tre's
        "domain 'thvl' already belongs to Bến Tre",
    ),
]


@pytest.mark.parametrize(("replace", "by", "at", "reason"), PLACE_ERRORS)
def test_places_are_validated_at_load(tmp_path: Path, replace: str, by: str, at: tuple[str, int], reason: str) -> None:
    text = _real_table_with(replace, by)
    folder = _write_provinces(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        ProvinceGazetteer.from_config(folder)
    fragment, occurrence = at
    line = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line][occurrence - 1]
    assert str(caught.value) == f"{folder / 'provinces.yaml'}:{line}: {reason}"


def test_a_province_without_places_is_reported(tmp_path: Path) -> None:
    text = _real_table_with("  Bạc Liêu:\n    capital: Bạc Liêu\n", "  Bạc Liêu-x:\n    capital: Bạc Liêu\n")
    text = text.replace(
        "  Bạc Liêu-x:\n    capital: Bạc Liêu\n    districts: [Giá Rai, Đông Hải, Hòa Bình, Hồng Dân, Phước Long, Vĩnh Lợi]\n",
        "",
    )
    folder = _write_provinces(tmp_path, text)
    with pytest.raises(ConfigError, match=r"provinces\.yaml:\d+: places lacks an entry for Bạc Liêu$"):
        ProvinceGazetteer.from_config(folder)
