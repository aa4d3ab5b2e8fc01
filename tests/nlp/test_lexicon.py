"""Lexicon loading: validated at load time, errors name the file and the line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chidao.nlp.lexicon import LexiconError, load_lexicon

CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture()
def config_copy(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(CONFIG, target)
    return target


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_repository_lexicons_load() -> None:
    lexicon = load_lexicon(CONFIG)
    assert "yêu cầu" in lexicon.cue("speech_acts")
    assert "Nguyễn" in lexicon.surnames
    assert "TP." in lexicon.abbreviations
    assert lexicon.agency_heads.index("ban quản lý") < lexicon.agency_heads.index("ban")


def test_non_string_entry_is_reported_with_its_line(config_copy: Path) -> None:
    cues = config_copy / "lexicons" / "cues.yaml"
    cues.write_text(cues.read_text(encoding="utf-8").replace("  - lưu ý\n", "  - 42\n", 1), encoding="utf-8")
    line = _line_of(cues, "  - 42")
    with pytest.raises(LexiconError, match=rf"^{cues}:{line}: speech_acts\[4\]: must be a text, got 42$"):
        load_lexicon(config_copy)


def test_duplicate_entry_is_reported_with_its_line(config_copy: Path) -> None:
    path = config_copy / "agencies.yaml"
    text = path.read_text(encoding="utf-8").replace("  - kho bạc\n", "  - kho bạc\n  - Sở\n", 1)
    path.write_text(text, encoding="utf-8")
    line = _line_of(path, "  - Sở")
    with pytest.raises(LexiconError, match=rf"^{path}:{line}: heads\[\d+\]: duplicate entry 'Sở'$"):
        load_lexicon(config_copy)


def test_abbreviation_without_dot_is_rejected(config_copy: Path) -> None:
    path = config_copy / "lexicons" / "abbreviations.yaml"
    path.write_text("abbreviations:\n  - TP.\n  - PGS\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"^{path}:3: abbreviations\[1\]: abbreviation 'PGS' must end with '\.'$"):
        load_lexicon(config_copy)


def test_missing_list_and_broken_yaml_are_reported(config_copy: Path) -> None:
    names = config_copy / "lexicons" / "names.yaml"
    names.write_text("surnames:\n  - Nguyễn\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"^{names}:1: missing key 'place_words' in the top level$"):
        load_lexicon(config_copy)
    names.write_text("surnames: [Nguyễn\nplace_words: []\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"^{names}:\d+: invalid YAML"):
        load_lexicon(config_copy)


def test_bad_date_in_lunar_table_is_reported(config_copy: Path) -> None:
    path = config_copy / "lexicons" / "time.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"2025-01-29"', '"2025-13-29"'), encoding="utf-8")
    line = _line_of(path, "2025-13-29")
    with pytest.raises(
        LexiconError,
        match=rf"^{path}:{line}: lunar_new_year\[2025\]: must be a date \(YYYY-MM-DD\), got '2025-13-29'$",
    ):
        load_lexicon(config_copy)


def test_unknown_cue_list_is_reported_with_its_line(config_copy: Path) -> None:
    cues = config_copy / "lexicons" / "cues.yaml"
    cues.write_text(cues.read_text(encoding="utf-8") + "\nspeech_actz:\n  - yêu cầu\n", encoding="utf-8")
    line = _line_of(cues, "speech_actz:")
    with pytest.raises(LexiconError, match=rf"^{cues}:{line}: unknown key 'speech_actz' in the top level$"):
        load_lexicon(config_copy)
