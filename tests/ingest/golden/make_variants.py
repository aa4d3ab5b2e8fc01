"""Regenerate the encoded variants of rss2_portal.xml and every *.expected.json.

Run by hand after changing a golden feed (``python -m tests.ingest.golden.make_variants``),
then review the diff: the expected files are the contract the tests enforce.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from chidao.core.feedparse import parse_feed
from tests.ingest.feedjson import encode_cp1258, parsed_feed_to_json

GOLDEN = Path(__file__).parent
FEED_URLS = {
    "rss2_portal": "https://tinhmau.example.vn/rss/tin-tuc.rss",
    "rss1_rdf": "https://baomau.example.vn/rss/thoi-su.rdf",
    "atom_portal": "https://sonoivu.example.vn/atom.xml",
}


def feed_url(xml_path: Path) -> str:
    return FEED_URLS[xml_path.name.split(".", 1)[0]]


def main() -> None:
    source = (GOLDEN / "rss2_portal.xml").read_text(encoding="utf-8")
    # Declared UTF-8, actually windows-1258: the common misconfiguration.
    (GOLDEN / "rss2_portal.cp1258.xml").write_bytes(encode_cp1258(source))
    (GOLDEN / "rss2_portal.nfd.xml").write_bytes(unicodedata.normalize("NFD", source).encode("utf-8"))
    for xml_path in sorted(GOLDEN.glob("*.xml")):
        parsed = parse_feed(xml_path.read_bytes(), url=feed_url(xml_path))
        expected = xml_path.with_suffix(".expected.json")
        expected.write_text(
            json.dumps(parsed_feed_to_json(parsed), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
