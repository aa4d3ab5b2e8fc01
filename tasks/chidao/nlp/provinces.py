"""Gazetteer of Vietnamese provinces before and after the 2025 merger.

Articles name provinces as they were when written ("Kiên Giang"); routing and
filtering need the unit in force today ("An Giang", Resolution 202/2025/QH15).
The table lives in ``config/provinces.yaml``; this module loads and validates
it and finds province names in running text.

It also holds the typed reader the rule files of ``chidao.nlp`` share (on top of
``chidao.config``), so that a mistake in any of them is reported as
``<file>:<line>: <reason>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar, get_args

from chidao.config import ConfigError as ConfigFileError
from chidao.config import Located, load_yaml, located
from chidao.config.models import EvidenceKind
from chidao.core.fold import fold, unify_tone_marks

PROVINCES_FILE = "provinces.yaml"
EXPECTED_FORMER_COUNT = 63
EXPECTED_CURRENT_COUNT = 34


# The one configuration error type (``chidao.config``); the message reads ``<file>:<line>: <reason>``.
ConfigError = ConfigFileError


class YamlFile:
    """One rule file read with ``chidao.config.load_yaml``, with typed accessors that name the line at fault."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.root: Located = located(load_yaml(path))

    def error(self, value: Located, reason: str) -> ConfigError:
        return ConfigError(self.path, value.line, reason)

    def mapping(
        self,
        value: Located,
        what: str,
        *,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] | None = None,
    ) -> dict[str, Located]:
        """Return a mapping's values by key; unknown keys are refused when ``optional`` is given."""
        if not isinstance(value.value, dict):
            raise self.error(value, f"{what} must be a mapping")
        entries: dict[str, Located] = value.value
        for key, entry in entries.items():
            if optional is not None and key not in required and key not in optional:
                allowed = ", ".join((*required, *optional))
                raise self.error(entry, f"unknown key {key!r} in {what} (allowed: {allowed})")
        for key in required:
            if key not in entries:
                raise self.error(value, f"{what} lacks the required key {key!r}")
        return entries

    def sequence(self, value: Located, what: str) -> list[Located]:
        if not isinstance(value.value, list):
            raise self.error(value, f"{what} must be a list")
        return list(value.value)

    def string(self, value: Located, what: str) -> str:
        if not isinstance(value.value, str):
            raise self.error(value, f"{what} must be a text")
        text = value.value.strip()
        if not text:
            raise self.error(value, f"{what} must not be empty")
        return text

    def number(self, value: Located, what: str) -> float:
        if isinstance(value.value, bool) or not isinstance(value.value, int | float):
            raise self.error(value, f"{what} must be a number")
        return float(value.value)

    def boolean(self, value: Located, what: str) -> bool:
        if not isinstance(value.value, bool):
            raise self.error(value, f"{what} must be true or false")
        return value.value

    def strings(self, value: Located, what: str) -> list[str]:
        return [self.string(item, f"an entry of {what}") for item in self.sequence(value, what)]


def name_key(text: str) -> str:
    """Comparison key of a place name: folded, punctuation as single spaces.

    "Bà Rịa – Vũng Tàu", "BÀ RỊA-VŨNG TÀU" -> "ba ria vung tau"; "TP.HCM" -> "tp hcm".
    """
    return " ".join(re.sub(r"[\W_]+", " ", fold(text)).split())


def place_key(text: str) -> str:
    """Comparison key of a district-level place: lower case, diacritics kept, punctuation as single spaces.

    "Thanh Trì" -> "thanh trì", "THẠNH TRỊ" -> "thạnh trị", "Cư M'gar" -> "cư m gar".
    """
    return " ".join(re.sub(r"[\W_]+", " ", unify_tone_marks(text).lower()).split())


_DOMAIN_LABEL = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ADMIN_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp)\s+")


@dataclass(frozen=True)
class Province:
    """A pre-2025 province or centrally-run city."""

    name: str
    unit: str
    variants: tuple[str, ...] = ()
    city: bool = False
    bare_name_is_ambiguous: bool = False
    # Former names reported as written, not as the canonical name ("Thừa Thiên Huế" before it became "Huế").
    written_as: tuple[str, ...] = ()
    capital: str | None = None
    # District-level places (before 2025) other than the capital: "Thanh Trì", "Gia Lâm" for Hà Nội.
    districts: tuple[str, ...] = ()
    # Domain spellings beyond the name written without spaces: "hochiminhcity", "baodongkhoi".
    domains: tuple[str, ...] = ()

    @property
    def places(self) -> tuple[str, ...]:
        """The capital and the districts: every district-level place of the province."""
        return ((self.capital,) if self.capital else ()) + self.districts

    def label_for(self, spelling: str) -> str:
        """The article label for a spelling found in text: a ``written_as`` name stays, anything else is ``name``."""
        key = name_key(spelling)
        return next((written for written in self.written_as if name_key(written) == key), self.name)


@dataclass(frozen=True)
class ProvinceMention:
    """A province name found in text; ``start``/``end`` index the searched text.

    ``bare`` is true when the text holds the plain name ("Hồ Chí Minh"), false for a variant that
    carries its own administrative prefix or spelling ("TP.HCM", "Thừa Thiên Huế").
    """

    province: Province
    start: int
    end: int
    bare: bool = True
    label: str = ""


def _cue_pattern(cues: list[str], *, at_end: bool) -> re.Pattern[str]:
    """Folded, punctuation-tolerant alternation of cue phrases, anchored to the end or start of a text."""
    keys = sorted({name_key(cue) for cue in cues}, key=len, reverse=True)
    alternation = "|".join(r"[^\w\n]+".join(re.escape(word) for word in key.split()) for key in keys)
    if at_end:
        return re.compile(r"(?<!\w)(?:" + alternation + r")[^\w\n]*$")
    return re.compile(r"^[^\w\n]*(?:" + alternation + r")(?!\w)")


@dataclass(frozen=True)
class PlaceMention:
    """A district-level place found in text and every former province that has a place of that name."""

    provinces: tuple[Province, ...]
    start: int
    end: int
    # The place is spelled like a province ("huyện Quảng Ninh" in Quảng Bình, "thị xã Phú Thọ").
    spelled_like_a_province: bool = False


@dataclass(frozen=True)
class DomainForms:
    """How a domain name spells a province (``domain_forms`` in the YAML): "bao" + slug, slug + "tv"."""

    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    generic_labels: frozenset[str] = frozenset()

    def site_label(self, host: str) -> str | None:
        """The site's own label of a host: "thanhtri.hanoi.gov.vn" -> "hanoi", "www.baohatinh.vn" -> "baohatinh"."""
        labels = [label for label in host.split(".") if label and label not in self.generic_labels]
        return labels[-1].replace("-", "") if labels else None

    def readings(self, label: str) -> list[str]:
        """The label as written, without a prefix, without a suffix, without both ("baobacninhtv" -> ...)."""
        found = [label]
        for prefix in self.prefixes:
            if label.startswith(prefix) and len(label) > len(prefix):
                found.append(label[len(prefix) :])
        for reading in list(found):
            for suffix in self.suffixes:
                if reading.endswith(suffix) and len(reading) > len(suffix):
                    found.append(reading[: -len(suffix)])
        return found


@dataclass(frozen=True)
class ProvinceEvidence:
    """How a province name in an article counts towards the article's province (``evidence:`` in the YAML).

    ``province_cues`` before a name make it the province-level unit ("UBND tỉnh X", "Báo X");
    ``city_cues`` make it a city ("thành phố X"): the province itself for a centrally-run city
    ("thành phố Huế"), else the province's capital, which still places the article in that province
    ("thành phố Bến Tre");
    ``lower_place_cues`` make it a smaller place or a thing named after it ("huyện X", "cảng X");
    a header line that starts with a ``portal_line_starts`` phrase or ends with a ``portal_line_ends``
    phrase names the site ("Cổng thông tin điện tử tỉnh X", "Báo X điện tử").
    """

    province_cue: re.Pattern[str]
    authority_cue: re.Pattern[str]
    city_cue: re.Pattern[str]
    lower_place_cue: re.Pattern[str]
    place_cue: re.Pattern[str]
    portal_line_start: re.Pattern[str]
    portal_line_end: re.Pattern[str]
    weights: dict[str, float]
    max_body_mentions: int
    outlet_code_prefixes: tuple[str, ...] = ()
    outlet_code_suffixes: tuple[str, ...] = ()
    domain_forms: DomainForms = DomainForms()
    examples: tuple[tuple[str, str | None, str], ...] = ()  # (kind, province or None, page)

    WEIGHT_KEYS: ClassVar[tuple[str, ...]] = get_args(EvidenceKind)

    def names_a_province_level_unit(self, text_before: str) -> bool:
        """ "... UBND tỉnh" or "Báo" right before a name (``text_before`` folded)."""
        return bool(self.province_cue.search(text_before))

    def names_an_authority(self, text_before: str) -> bool:
        """ "... UBND tỉnh" or "Tỉnh ủy" right before a name: the body that acts in the article (folded)."""
        return bool(self.authority_cue.search(text_before))

    def names_a_city(self, text_before: str) -> bool:
        """ "... thành phố" or "TP." right before a name (``text_before`` folded)."""
        return bool(self.city_cue.search(text_before))

    def names_a_lower_place(self, text_before: str) -> bool:
        """ "... huyện" or "cảng" right before a name (``text_before`` folded)."""
        return bool(self.lower_place_cue.search(text_before))

    def names_a_district_level_place(self, text_before: str) -> bool:
        """ "... huyện", "thị xã" or "Huyện ủy" right before a name (``text_before`` folded)."""
        return bool(self.place_cue.search(text_before))

    def is_portal_line(self, folded_line: str) -> bool:
        """ "cong thong tin dien tu tinh binh duong", "bao bac giang dien tu"."""
        return bool(self.portal_line_start.search(folded_line) or self.portal_line_end.search(folded_line))

    @classmethod
    def read(cls, source: YamlFile, value: Located) -> ProvinceEvidence:
        fields = source.mapping(
            value,
            "evidence",
            required=(
                "province_cues",
                "authority_cues",
                "city_cues",
                "lower_place_cues",
                "place_cues",
                "portal_line_starts",
                "portal_line_ends",
                "weights",
                "max_body_mentions",
                "domain_forms",
            ),
            optional=("outlet_codes", "examples"),
        )
        weight_fields = source.mapping(fields["weights"], "evidence weights", required=cls.WEIGHT_KEYS, optional=())
        weights = {key: source.number(weight_fields[key], f"weight {key}") for key in cls.WEIGHT_KEYS}
        max_mentions = source.number(fields["max_body_mentions"], "max_body_mentions")
        if max_mentions < 1 or max_mentions != int(max_mentions):
            raise source.error(fields["max_body_mentions"], "max_body_mentions must be a whole number >= 1")
        return cls(
            province_cue=_cue_pattern(source.strings(fields["province_cues"], "province_cues"), at_end=True),
            authority_cue=_cue_pattern(source.strings(fields["authority_cues"], "authority_cues"), at_end=True),
            city_cue=_cue_pattern(source.strings(fields["city_cues"], "city_cues"), at_end=True),
            lower_place_cue=_cue_pattern(source.strings(fields["lower_place_cues"], "lower_place_cues"), at_end=True),
            place_cue=_cue_pattern(source.strings(fields["place_cues"], "place_cues"), at_end=True),
            portal_line_start=_cue_pattern(
                source.strings(fields["portal_line_starts"], "portal_line_starts"), at_end=False
            ),
            portal_line_end=_cue_pattern(source.strings(fields["portal_line_ends"], "portal_line_ends"), at_end=True),
            weights=weights,
            max_body_mentions=int(max_mentions),
            **cls._outlet_code_forms(source, fields),
            domain_forms=cls._domain_forms(source, fields["domain_forms"]),
            examples=cls._examples(source, fields, weights),
        )

    @staticmethod
    def _examples(
        source: YamlFile, fields: dict[str, Located], weights: dict[str, float]
    ) -> tuple[tuple[str, str | None, str], ...]:
        if "examples" not in fields:
            return ()
        found = []
        for node in source.sequence(fields["examples"], "examples"):
            entry = source.mapping(node, "an example", required=("kind", "province", "page"), optional=())
            kind = source.string(entry["kind"], "an example's kind")
            if kind not in weights:
                raise source.error(entry["kind"], f"unknown evidence kind {kind!r} (known: {', '.join(weights)})")
            province = None if entry["province"].value is None else source.string(entry["province"], "province")
            found.append((kind, province, source.string(entry["page"], "an example's page")))
        return tuple(found)

    @staticmethod
    def _domain_forms(source: YamlFile, value: Located) -> DomainForms:
        forms = source.mapping(value, "domain_forms", required=("prefixes", "suffixes", "generic_labels"), optional=())
        found = {key: source.strings(forms[key], key) for key in ("prefixes", "suffixes", "generic_labels")}
        for key, labels in found.items():
            for node, label in zip(source.sequence(forms[key], key), labels, strict=True):
                if not _DOMAIN_LABEL.match(label):
                    raise source.error(node, f"{key}: {label!r} is not a domain label (a-z, 0-9, -)")
        return DomainForms(
            prefixes=tuple(found["prefixes"]),
            suffixes=tuple(found["suffixes"]),
            generic_labels=frozenset(found["generic_labels"]),
        )

    @staticmethod
    def _outlet_code_forms(source: YamlFile, fields: dict[str, Located]) -> dict[str, tuple[str, ...]]:
        if "outlet_codes" not in fields:
            return {"outlet_code_prefixes": (), "outlet_code_suffixes": ()}
        forms = source.mapping(fields["outlet_codes"], "outlet_codes", required=("prefixes", "suffixes"), optional=())
        return {
            "outlet_code_prefixes": tuple(name_key(p) for p in source.strings(forms["prefixes"], "prefixes")),
            "outlet_code_suffixes": tuple(name_key(p) for p in source.strings(forms["suffixes"], "suffixes")),
        }


def _current_units(source: YamlFile, node: Located) -> list[str]:
    """The names under ``current_units``: each once, as many as there are units."""
    units: list[str] = []
    for entry in source.sequence(node, "current_units"):
        fields = source.mapping(entry, "a current unit", required=("name",), optional=("city",))
        unit = source.string(fields["name"], "a unit name")
        if unit in units:
            raise source.error(entry, f"current unit {unit!r} is listed twice")
        units.append(unit)
        if "city" in fields:
            source.boolean(fields["city"], "city")
    if len(units) != EXPECTED_CURRENT_COUNT:
        raise source.error(node, f"expected {EXPECTED_CURRENT_COUNT} current units, found {len(units)}")
    return units


class ProvinceGazetteer:
    """Old and new province names, their spellings and the merger mapping."""

    def __init__(
        self, provinces: tuple[Province, ...], current_units: tuple[str, ...], evidence: ProvinceEvidence
    ) -> None:
        self.provinces = provinces
        self.evidence = evidence
        self.current_units = current_units
        self._by_key: dict[str, Province] = {}
        self._by_compact_key: dict[str, Province] = {}
        self._unit_by_key = {name_key(unit): unit for unit in current_units}
        for province in provinces:
            for spelling in (province.name, *province.variants):
                self._by_key[name_key(spelling)] = province
                self._by_compact_key[name_key(spelling).replace(" ", "")] = province
        # Longest spellings first so "Bà Rịa - Vũng Tàu" wins over any shorter overlapping name.
        self._pattern = _names_pattern(self._by_key)
        self._by_domain = dict(self._by_compact_key)
        self._by_domain.update({domain.replace("-", ""): p for p in provinces for domain in p.domains})
        # Place names keep their diacritics: "Thanh Trì" (Hà Nội) is not "Thạnh Trị" (Sóc Trăng).
        self._by_place: dict[str, tuple[Province, ...]] = {}
        for province in provinces:
            for place in province.places:
                owners = self._by_place.get(place_key(place), ())
                if province not in owners:
                    self._by_place[place_key(place)] = (*owners, province)
        self._place_pattern = _names_pattern(self._by_place)

    @classmethod
    def from_config(cls, config_dir: Path) -> ProvinceGazetteer:
        """Load and validate ``config_dir/provinces.yaml``."""
        source = YamlFile(Path(config_dir) / PROVINCES_FILE)
        top = source.mapping(
            source.root, "the file", required=("current_units", "former_provinces", "places", "evidence"), optional=()
        )
        units = _current_units(source, top["current_units"])
        provinces: list[Province] = []
        owner_of_key: dict[str, str] = {}
        for node in source.sequence(top["former_provinces"], "former_provinces"):
            provinces.append(_read_former_province(source, node, units, owner_of_key))
        if len(provinces) != EXPECTED_FORMER_COUNT:
            raise source.error(
                top["former_provinces"],
                f"expected {EXPECTED_FORMER_COUNT} former provinces, found {len(provinces)}",
            )
        provinces = _with_places(source, top["places"], provinces)
        orphans = [unit for unit in units if not any(p.unit == unit for p in provinces)]
        if orphans:
            raise source.error(top["current_units"], f"no former province maps to {', '.join(orphans)}")
        return cls(tuple(provinces), tuple(units), ProvinceEvidence.read(source, top["evidence"]))

    def outlet_code(self, code: str) -> Province | None:
        """The province a newspaper's dateline code spells by its initials, when only one can be meant.

        With prefix "B" (Báo) and suffixes "O", "online": "BBK" -> Bắc Kạn, "GLO" -> Gia Lai, "LĐ online" ->
        Lâm Đồng; "BHG" -> None (Hà Giang and Hậu Giang), "TTXVN" -> None.
        """
        key = name_key(code)
        evidence = self.evidence
        readings = {key.replace(" ", "")}
        readings |= {key[len(p) :].strip() for p in evidence.outlet_code_prefixes if key.startswith(p) and key != p}
        readings |= {key[: -len(s)].strip() for s in evidence.outlet_code_suffixes if key.endswith(s) and key != s}
        found = {p for p in self.provinces if self._initials(p) in readings}
        return found.pop() if len(found) == 1 else None

    def domain_province(self, host: str) -> Province | None:
        """The province a host name spells: "baohatinh.vn", "thanhtri.hanoi.gov.vn", "angiangtv.vn",
        "hochiminhcity.gov.vn" (a listed domain); None for "dangcongsan.vn"."""
        forms = self.evidence.domain_forms
        label = forms.site_label(host.lower())
        if label is None:
            return None
        return next((self._by_domain[r] for r in forms.readings(label) if r in self._by_domain), None)

    def find_places(self, text: str) -> Iterator[PlaceMention]:
        """Capitalised district-level place names in ``text`` ("Thanh Trì", "Buôn Ma Thuột"), whatever the
        word before them; the caller checks the cue."""
        lowered = unify_tone_marks(text).lower()
        if len(lowered) != len(text):
            text = lowered
        for match in self._place_pattern.finditer(lowered):
            owners = self._by_place.get(place_key(match.group()))
            if owners is None:
                continue
            words = re.findall(r"\w+", text[match.start() : match.end()])
            # "Quận 3": numbered districts have no capital letter to check.
            if text is lowered or all(word[0].isupper() or word.isdigit() for word in words):
                like_a_province = name_key(match.group()) in self._by_key
                yield PlaceMention(owners, match.start(), match.end(), spelled_like_a_province=like_a_province)

    def _initials(self, province: Province) -> str:
        return "".join(word[0] for word in name_key(province.name).split())

    def lookup(self, name: str) -> Province | None:
        """The province a spelling names, with or without "tỉnh"/"thành phố"/"TP." in front."""
        key = name_key(name)
        if not key:
            return None
        found = self._by_key.get(key) or self._by_compact_key.get(key.replace(" ", ""))
        if found is None and _ADMIN_PREFIX.match(key):
            found = self._by_key.get(_ADMIN_PREFIX.sub("", key))
        return found

    def canonical_name(self, name: str) -> str | None:
        """Canonical spelling of a province as written: "TP.HCM" -> "Hồ Chí Minh", "daklak" -> "Đắk Lắk"."""
        province = self.lookup(name)
        return province.name if province else None

    def current_unit(self, name: str) -> str | None:
        """Post-2025 unit for an old or new name: "Kiên Giang" -> "An Giang", "Bình Dương" -> "Hồ Chí Minh"."""
        province = self.lookup(name)
        if province is not None:
            return province.unit
        key = name_key(name)
        return self._unit_by_key.get(key) or self._unit_by_key.get(_ADMIN_PREFIX.sub("", key))

    def names_for_unit(self, unit: str) -> tuple[str, ...]:
        """Canonical names of every pre-2025 province merged into ``unit`` ("An Giang" -> An Giang, Kiên Giang)."""
        current = self._unit_by_key.get(_ADMIN_PREFIX.sub("", name_key(unit)))
        if current is None:
            return ()
        return tuple(p.name for p in self.provinces if p.unit == current)

    def find_mentions(self, text: str) -> Iterator[ProvinceMention]:
        """Capitalised province names in ``text``: "tỉnh Kiên Giang", "BÁO BẮC GIANG", "TP.HCM",
        "thành phố Hồ Chí Minh".

        Lower-case look-alikes are skipped ("giữ gìn hòa bình" is not Hòa Bình).
        """
        folded = fold(text)
        if len(folded) != len(text):
            # Folding changed the length (unusual characters): fall back to matching the folded text itself.
            text = folded
        for match in self._pattern.finditer(folded):
            key = name_key(match.group())
            province = self._by_key.get(key)
            if province is None:
                continue
            bare = key == name_key(province.name)
            words = re.findall(r"\w+", text[match.start() : match.end()])
            # A variant may open with a lower-case prefix ("thành phố Hồ Chí Minh"); the name itself may not.
            checked = words if bare else words[-1:]
            if text is folded or all(word[0].isupper() for word in checked):
                label = province.label_for(match.group())
                yield ProvinceMention(province, match.start(), match.end(), bare=bare, label=label)


def _names_pattern(keys: Iterable[str]) -> re.Pattern[str]:
    """Whole-word alternation of folded name keys, longest first, tolerant of the punctuation between words."""
    alternatives = sorted(keys, key=len, reverse=True)
    words = (r"[^\w\n]+".join(re.escape(word) for word in key.split()) for key in alternatives)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


def _with_places(source: YamlFile, node: Located, provinces: list[Province]) -> list[Province]:
    """Each former province with its entry of ``places``: every province has one, a city has no capital."""
    entries = source.mapping(node, "places")
    by_name = {province.name: province for province in provinces}
    owner_of_domain: dict[str, str] = {}
    found: dict[str, Province] = {}
    for name, entry in entries.items():
        province = by_name.get(name)
        if province is None:
            raise source.error(entry, f"places: {name!r} is not one of former_provinces")
        fields = source.mapping(
            entry, f"the places of {name}", required=("districts",), optional=("capital", "domains")
        )
        capital = source.string(fields["capital"], "a capital") if "capital" in fields else None
        if (capital is None) != province.city:
            wanted = "a centrally-run city has no capital" if province.city else "a province needs its capital"
            raise source.error(entry, f"places of {name}: {wanted}")
        districts = tuple(_unique_names(source, fields["districts"], f"the districts of {name}", capital))
        domains = _domains(source, fields["domains"], name, owner_of_domain) if "domains" in fields else ()
        found[name] = replace(province, capital=capital, districts=districts, domains=domains)
    missing = [province.name for province in provinces if province.name not in found]
    if missing:
        raise source.error(node, f"places lacks an entry for {', '.join(missing)}")
    return [found[province.name] for province in provinces]


def _domains(source: YamlFile, node: Located, name: str, owner_of_domain: dict[str, str]) -> tuple[str, ...]:
    """A province's extra domain spellings: domain labels, none shared with another province."""
    domains = []
    for item in source.sequence(node, f"the domains of {name}"):
        domain = source.string(item, f"a domain of {name}")
        if not _DOMAIN_LABEL.match(domain):
            raise source.error(item, f"{name}: domain {domain!r} is not a domain label (a-z, 0-9, -)")
        if owner_of_domain.setdefault(domain, name) != name:
            raise source.error(item, f"domain {domain!r} already belongs to {owner_of_domain[domain]}")
        domains.append(domain)
    return tuple(domains)


def _unique_names(source: YamlFile, node: Located, what: str, capital: str | None) -> list[str]:
    """The names of a list, each once (compared as name keys, the capital included)."""
    seen = {place_key(capital)} if capital else set()
    names = []
    for item in source.sequence(node, what):
        name = source.string(item, f"an entry of {what}")
        if place_key(name) in seen:
            raise source.error(item, f"{what}: {name!r} is listed twice")
        seen.add(place_key(name))
        names.append(name)
    return names


def _read_former_province(source: YamlFile, node: Located, units: list[str], owner_of_key: dict[str, str]) -> Province:
    """One entry of ``former_provinces``; ``owner_of_key`` collects every spelling so that none is shared."""
    fields = source.mapping(
        node,
        "a former province",
        required=("name", "unit"),
        optional=("variants", "city", "bare_name_is_ambiguous", "written_as"),
    )
    name = source.string(fields["name"], "a province name")
    unit = source.string(fields["unit"], f"the unit of {name}")
    if unit not in units:
        raise source.error(fields["unit"], f"{name}: unit {unit!r} is not one of current_units")
    variants = tuple(source.strings(fields["variants"], "variants")) if "variants" in fields else ()
    written_as = tuple(source.strings(fields["written_as"], "written_as")) if "written_as" in fields else ()
    for written in written_as:
        if name_key(written) not in {name_key(v) for v in variants}:
            raise source.error(fields["written_as"], f"{name}: written_as {written!r} is not one of its variants")
    for spelling in (name, *variants):
        key = name_key(spelling)
        if owner_of_key.get(key, name) != name:
            raise source.error(node, f"spelling {spelling!r} already belongs to {owner_of_key[key]}")
        owner_of_key[key] = name
    return Province(
        name=name,
        unit=unit,
        variants=variants,
        city="city" in fields and source.boolean(fields["city"], "city"),
        bare_name_is_ambiguous="bare_name_is_ambiguous" in fields
        and source.boolean(fields["bare_name_is_ambiguous"], "bare_name_is_ambiguous"),
        written_as=written_as,
    )
