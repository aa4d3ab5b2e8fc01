"""Every configuration file, broken four ways, through the real CLI: one line naming file and line, exit 2.

Each case edits a copy of the bundled configuration (the first occurrence of ``old`` becomes ``new``) and
runs ``chidao extract``; the expected line is that of the edit plus ``offset``. The bundle is validated as a
whole before anything runs, so a broken routing or feeds file stops ``extract`` too.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from chidao.cli import app
from chidao.resources import bundled_config_dir


class Case(NamedTuple):
    file: str
    old: str
    new: str
    offset: int
    reason: str
    context: str = ""  # text whose line a YAML syntax error names as where the enclosing block started


CASES = {
    # lexicons/cues.yaml
    "cues unknown key": Case(
        "lexicons/cues.yaml",
        "speech_acts:\n",
        "colour: red\nspeech_acts:\n",
        0,
        "unknown key 'colour' in the top level",
    ),
    "cues wrong type": Case(
        "lexicons/cues.yaml", "  - yêu cầu\n", "  - 12\n", 0, "speech_acts[0]: must be a text, got 12"
    ),
    "cues duplicate": Case(
        "lexicons/cues.yaml", "  - đề nghị\n", "  - yêu cầu\n", 0, "speech_acts[1]: duplicate entry 'yêu cầu'"
    ),
    "cues yaml syntax": Case(
        "lexicons/cues.yaml",
        "  - đề nghị\n",
        "  - đề nghị: : x\n",
        0,
        "invalid YAML: mapping values are not allowed here",
    ),
    # lexicons/abbreviations.yaml
    "abbreviations unknown key": Case(
        "lexicons/abbreviations.yaml",
        "abbreviations:\n",
        "abbreviationz: []\nabbreviations:\n",
        0,
        "unknown key 'abbreviationz' in the top level",
    ),
    "abbreviations renamed key": Case(
        "lexicons/abbreviations.yaml",
        "abbreviations:\n",
        "abbreviation:\n",
        0,
        "unknown key 'abbreviation' in the top level",
    ),
    "abbreviations wrong type": Case(
        "lexicons/abbreviations.yaml",
        "abbreviations:\n",
        "abbreviations: TP.\nx:\n",
        0,
        "abbreviations: must be a list, got 'TP.'",
    ),
    "abbreviations duplicate": Case(
        "lexicons/abbreviations.yaml", "  - Tp.\n", "  - TP.\n", 0, "abbreviations[1]: duplicate entry 'TP.'"
    ),
    "abbreviations yaml syntax": Case(
        "lexicons/abbreviations.yaml",
        "  - TP.\n",
        "  - TP.\n - TX\n",
        1,
        "invalid YAML: expected <block end>, but found '<block sequence start>'"
        " (while parsing a block mapping started on line {context})",
        "abbreviations:",
    ),
    # lexicons/names.yaml
    "names unknown key": Case(
        "lexicons/names.yaml",
        "surnames:\n",
        "given_names: []\nsurnames:\n",
        0,
        "unknown key 'given_names' in the top level",
    ),
    "names wrong type": Case(
        "lexicons/names.yaml", "  - Trần\n", "  - {Trần: 1}\n", 0, "surnames[1]: must be a text, got a mapping"
    ),
    "names duplicate": Case(
        "lexicons/names.yaml",
        "surnames:\n",
        "surnames: []\nsurnames:\n",
        1,
        "duplicate key 'surnames' (first on line 2)",
    ),
    "names yaml syntax": Case(
        "lexicons/names.yaml", "  - Trần\n", "  - Trần: x: y\n", 0, "invalid YAML: mapping values are not allowed here"
    ),
    # lexicons/time.yaml (the lunar-new-year table is part of it)
    "time unknown key": Case(
        "lexicons/time.yaml", "vague:\n", "season: []\nvague:\n", 0, "unknown key 'season' in the top level"
    ),
    "time wrong type": Case(
        "lexicons/time.yaml",
        '  2025: "2025-01-29"\n',
        "  2025: soon\n",
        0,
        "lunar_new_year[2025]: must be a date (YYYY-MM-DD), got 'soon'",
    ),
    "time duplicate": Case(
        "lexicons/time.yaml",
        '  2025: "2025-01-29"\n',
        '  2025: "2025-01-29"\n  2025: "2025-01-30"\n',
        1,
        "duplicate key '2025' (first on line {line0})",
    ),
    "time yaml syntax": Case(
        "lexicons/time.yaml", "vague:\n", "vague: : x\n", 0, "invalid YAML: mapping values are not allowed here"
    ),
    # agencies.yaml
    "agencies unknown key": Case(
        "agencies.yaml", "heads:\n", "tails: []\nheads:\n", 0, "unknown key 'tails' in the top level"
    ),
    "agencies wrong type": Case("agencies.yaml", "heads:\n", "heads: 5\nx:\n", 0, "heads: must be a list, got 5"),
    "agencies duplicate": Case("agencies.yaml", "  - ban\n", "  - Sở\n", 0, "heads[1]: duplicate entry 'Sở'"),
    "agencies yaml syntax": Case(
        "agencies.yaml", "  - ban\n", "  - ban: : x\n", 0, "invalid YAML: mapping values are not allowed here"
    ),
    # tracking.yaml
    "tracking unknown key": Case(
        "tracking.yaml",
        "extension:\n",
        "postponement: [hoãn]\nextension:\n",
        0,
        "unknown key 'postponement' in the top level",
    ),
    "tracking wrong type": Case(
        "tracking.yaml", "  - gia hạn\n", "  - true\n", 0, "extension[0]: must be a text, got true"
    ),
    "tracking duplicate": Case(
        "tracking.yaml", "  - lùi thời hạn\n", "  - gia hạn\n", 0, "extension[1]: duplicate entry 'gia hạn'"
    ),
    "tracking yaml syntax": Case(
        "tracking.yaml",
        "extension:\n",
        "extension:\n\t- x\n",
        1,
        "invalid YAML: found character '\\t' that cannot start any token",
    ),
    # topics.yaml
    "topics unknown key": Case(
        "topics.yaml",
        "threshold: 10.0\n",
        "threshold: 10.0\nthreshhold: 3\n",
        1,
        "unknown key 'threshhold' in the top level",
    ),
    "topics wrong type": Case(
        "topics.yaml", "threshold: 10.0\n", "threshold: high\n", 0, "threshold: must be a number, got 'high'"
    ),
    "topics duplicate": Case(
        "topics.yaml",
        "threshold: 10.0\n",
        "threshold: 10.0\nthreshold: 9.0\n",
        1,
        "duplicate key 'threshold' (first on line {line0})",
    ),
    "topics yaml syntax": Case(
        "topics.yaml",
        "threshold: 10.0\n",
        "threshold: 10.0: 2\n",
        0,
        "invalid YAML: mapping values are not allowed here",
    ),
    # article_types.yaml
    "article types unknown key": Case(
        "article_types.yaml",
        "threshold: 3.0\n",
        "threshold: 3.0\nminimum: 1\n",
        1,
        "unknown key 'minimum' in the top level",
    ),
    "article types wrong type": Case(
        "article_types.yaml",
        "title_weight: 2.0\n",
        "title_weight: [2.0]\n",
        0,
        "title_weight: must be a number, got a list",
    ),
    "article types duplicate": Case(
        "article_types.yaml",
        "    công điện: 4\n",
        "    công điện: 4\n    công điện: 5\n",
        1,
        "duplicate key 'công điện' (first on line {line0})",
    ),
    "article types yaml syntax": Case(
        "article_types.yaml",
        "title_weight: 2.0\n",
        "title_weight: 2.0: 3\n",
        0,
        "invalid YAML: mapping values are not allowed here",
    ),
    # provinces.yaml
    "provinces unknown key": Case(
        "provinces.yaml",
        "  - {name: Huế, city: true}\n",
        "  - {name: Huế, city: true, capital: true}\n",
        0,
        "unknown key 'capital' in current_units[1]",
    ),
    "provinces wrong type": Case(
        "provinces.yaml",
        "  - {name: Huế, city: true}\n",
        "  - {name: Huế, city: yes please}\n",
        0,
        "current_units[1].city: must be true or false, got 'yes please'",
    ),
    "provinces duplicate": Case(
        "provinces.yaml",
        "  - {name: Huế, city: true}\n",
        "  - {name: Hà Nội, city: true}\n",
        0,
        "current_units[1]: duplicate entry 'Hà Nội'",
    ),
    "provinces yaml syntax": Case(
        "provinces.yaml",
        "  - {name: Huế, city: true}\n",
        "  - {name: Huế, city: true}}\n",
        0,
        "invalid YAML: expected <block end>, but found '}}' (while parsing a block collection started on line {context})",
        "  - {name: Hà Nội, city: true}",
    ),
    # training/topic_phrases.yaml
    "topic phrases unknown key": Case(
        "training/topic_phrases.yaml", "frames:\n", "frame: []\nframes:\n", 0, "unknown key 'frame' in the top level"
    ),
    "topic phrases wrong type": Case(
        "training/topic_phrases.yaml", "pairs: 3\n", "pairs: three\n", 0, "pairs: must be a whole number, got 'three'"
    ),
    "topic phrases duplicate": Case(
        "training/topic_phrases.yaml",
        "pairs: 3\n",
        "pairs: 3\npairs: 4\n",
        1,
        "duplicate key 'pairs' (first on line {line0})",
    ),
    "topic phrases yaml syntax": Case(
        "training/topic_phrases.yaml",
        "pairs: 3\n",
        "pairs: *three\n",
        0,
        "invalid YAML: an alias (*three) is not allowed here; write the value out",
    ),
    # routing.yaml
    "routing unknown key": Case(
        "routing.yaml",
        '    provinces: ["Hà Nội"]\n',
        '    province: ["Hà Nội"]\n',
        0,
        "unknown key 'province' in routes[1]",
    ),
    "routing wrong type": Case(
        "routing.yaml",
        '    provinces: ["Hà Nội"]\n',
        "    provinces: 7\n",
        0,
        "routes[1].provinces: must be a list, got 7",
    ),
    "routing duplicate": Case(
        "routing.yaml",
        '    provinces: ["Hà Nội"]\n',
        '    provinces: ["Hà Nội"]\n    provinces: ["Huế"]\n',
        1,
        "duplicate key 'provinces' (first on line {line0})",
    ),
    "routing yaml syntax": Case(
        "routing.yaml",
        '    provinces: ["Hà Nội"]\n',
        '    provinces: ["Hà Nội"]]\n',
        0,
        "invalid YAML: expected <block end>, but found ']' (while parsing a block mapping started on line {context})",
        'channel: "#chidao-ha-noi"',
    ),
    # the feeds file (CHIDAO_FEEDS)
    "feeds unknown key": Case(
        "feeds.sample.yaml", "    interval: 60\n", "    intervall: 60\n", 0, "unknown key 'intervall' in feeds[1]"
    ),
    "feeds wrong type": Case(
        "feeds.sample.yaml",
        "    interval: 60\n",
        "    interval: hourly\n",
        0,
        "feeds[1].interval: must be a whole number, got 'hourly'",
    ),
    "feeds duplicate": Case(
        "feeds.sample.yaml",
        "  - id: sample-newspaper\n",
        "  - id: sample-portal\n",
        0,
        "feeds[1]: duplicate feed id 'sample-portal' (first is entry 1)",
    ),
    "feeds yaml syntax": Case(
        "feeds.sample.yaml",
        "    interval: 60\n",
        "    interval: 60\n  interval: 5\n",
        1,
        "invalid YAML: expected <block end>, but found '?' (while parsing a block collection started on line {context})",
        "  - id: sample-portal",
    ),
    # patterns/sentence_reader.yaml (the sentence reader's words and regexes)
    "sentence reader unknown key": Case(
        "patterns/sentence_reader.yaml",
        "    ignore_case: true\n",
        "    ignore_case: true\n    flags: [I]\n",
        1,
        "unknown key 'flags' in patterns[0]",
    ),
    "sentence reader wrong type": Case(
        "patterns/sentence_reader.yaml",
        "    ignore_case: true\n",
        "    ignore_case: 'yes'\n",
        0,
        "patterns[0].ignore_case: must be true or false, got 'yes'",
    ),
    "sentence reader duplicate id": Case(
        "patterns/sentence_reader.yaml",
        "  - id: year_in_topic\n",
        "  - id: list_marker\n",
        0,
        "patterns[4]: duplicate pattern id 'list_marker'",
    ),
    "sentence reader yaml syntax": Case(
        "patterns/sentence_reader.yaml",
        "  - id: year_in_topic\n",
        "  - id: year_in_topic: : x\n",
        0,
        "invalid YAML: mapping values are not allowed here",
    ),
    "sentence reader regex does not compile": Case(
        "patterns/sentence_reader.yaml",
        "    regex: '\\bnăm\\s+(\\d{4})\\b'\n",
        "    regex: '\\bnăm\\s+(\\d{4}\\b'\n",
        -2,
        "patterns[4]: pattern 'year_in_topic' does not compile: missing ), unterminated subpattern at position 8",
    ),
    "sentence reader unknown list": Case(
        "patterns/sentence_reader.yaml",
        "{@modals}",
        "{@modal_verbs}",
        -2,
        "patterns[76]: pattern 'modals_lead' names unknown word list 'modal_verbs'",
    ),
    "sentence reader example does not match": Case(
        "patterns/sentence_reader.yaml",
        "      - '1. Rà soát hồ sơ đất đai.'\n",
        "      - 'Rà soát hồ sơ đất đai.'\n",
        0,
        "pattern 'list_marker' does not match 'Rà soát hồ sơ đất đai.'",
    ),
    "sentence reader word example without its word": Case(
        "patterns/sentence_reader.yaml",
        "      - 'đơn vị sẽ hoàn thành'\n",
        "      - 'Sở sẽ hoàn thành'\n",
        0,
        "words[8].examples[0]: example 'Sở sẽ hoàn thành' holds none of the words of 'own_body'",
    ),
}


def broken_copy(tmp_path: Path, case: Case) -> tuple[Path, int, str]:
    """A copy of the bundled configuration with ``case`` applied; the line and reason to expect."""
    config = tmp_path / "config"
    shutil.copytree(bundled_config_dir(), config)
    path = config / case.file
    text = path.read_text(encoding="utf-8")
    line0 = text[: text.index(case.old)].count("\n") + 1
    path.write_text(text.replace(case.old, case.new, 1), encoding="utf-8")
    context = text[: text.index(case.context)].count("\n") + 1 if case.context else 0
    return path, line0 + case.offset, case.reason.format(line0=line0, context=context)


@pytest.mark.parametrize("name", list(CASES))
def test_broken_config_file_is_one_line_and_exit_2(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    path, line, reason = broken_copy(tmp_path, case)
    config = tmp_path / "config"
    article = tmp_path / "article.txt"
    article.write_text("Chủ tịch UBND tỉnh yêu cầu Sở Xây dựng hoàn thành trước ngày 30/9.\n", encoding="utf-8")
    env = {"CHIDAO_CONFIG_DIR": str(config), "CHIDAO_FEEDS": str(config / "feeds.sample.yaml")}

    result = CliRunner().invoke(app, ["extract", "--format", "jsonl", str(article)], env=env)

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {path}:{line}: {reason}\n"


def test_aliases_are_refused_before_they_can_expand(tmp_path: Path) -> None:
    """Nested aliases double at every level (a "billion laughs" file); the reader stops at the first one."""
    config = tmp_path / "config"
    shutil.copytree(bundled_config_dir(), config)
    routing = config / "routing.yaml"
    levels = ['l0: &l0 ["#a", "#a"]'] + [f"l{n}: &l{n} [*l{n - 1}, *l{n - 1}]" for n in range(1, 30)]
    routing.write_text("\n".join(levels) + "\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text("Sở Xây dựng hoàn thành trước ngày 30/9.\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["extract", str(article)], env={"CHIDAO_CONFIG_DIR": str(config)})

    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == f"Error: {routing}:2: invalid YAML: an alias (*l0) is not allowed here; write the value out\n"
    )
