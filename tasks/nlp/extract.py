"""Directive extraction: from a cleaned article to follow-up items with issuer, assignee and deadline.

The extractor reads the article paragraph by paragraph, sentence by sentence and
clause by clause (clauses end at semicolons), keeping track of who speaks and to
whom. A clause becomes an item when

* a speaker hands out work with a speech act: "Chủ tịch UBND tỉnh yêu cầu các
  sở, ngành tập trung ..." (issuer = speaker, assignee = the addressee, text
  from the action on);
* it continues a speech or a numbered task list: "Tăng cường công tác kiểm tra
  ...", "Sở Tài chính cân đối ..." (the subject, if any, becomes the assignee);
* a speaker commits his body with "sẽ": "Thuế tỉnh sẽ rà soát ..." (commitment);
* bodies agree on joint work: "UBND tỉnh và Hiệp hội ... thống nhất duy trì ...".

Reports of what was done ("đã triển khai"), shortcomings, purpose clauses,
headlines and captions are not items. ``explain`` tells for every sentence why
it was or was not taken.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from tasks.core.models import CleanedArticle, Directive, ItemKind
from tasks.nlp.deadline import find_deadline, normalize_deadline
from tasks.nlp.lexicon import Lexicon, load_lexicon
from tasks.nlp.pipeline import build_pipeline

DEFAULT_CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"

_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-zđ][.)]|[-+•–])\s+", re.IGNORECASE)
_TRIM_END = re.compile(r"(?:\s*(?:\./\.|\.\.\.|…|[.;:,]))+\s*$")
_TRIM_START = re.compile(r"^[\s,:;.\-–]+")
_SENTENCE_PUNCT = (".", ":", ";", "…", "!", "?", "”", '"', ")")
_YEAR_IN_TOPIC = re.compile(r"\bnăm\s+(\d{4})\b")


@dataclass(frozen=True)
class SentenceExplanation:
    """Why one sentence gave items or not (for ``chidao explain`` and debugging rules)."""

    sentence: str
    start: int
    taken: bool
    speaker: str | None
    cues: tuple[str, ...]
    negatives: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class _Cue:
    label: str
    start: int  # absolute offsets into the article text
    end: int
    text: str


@dataclass(frozen=True)
class _Person:
    name: str
    start: int
    context: str


@dataclass
class _State:
    speaker: str | None = None
    speaker_context: str = ""
    addressee: str | None = None
    in_speech: bool = False
    list_mode: bool = False
    list_addressee: str | None = None
    signer: str | None = None
    kind: ItemKind = "directive"
    pending_addressee: str | None = None


@dataclass
class _Item:
    start: int
    end: int
    kind: ItemKind
    issuer: str | None
    assignee: str | None
    deadline: str | None
    cues: tuple[str, ...]
    confidence: float


@dataclass
class _SentenceResult:
    items: list[_Item] = field(default_factory=list)
    lead_in: bool = False
    list_intro: bool = False
    reason: str = ""
    negatives: list[str] = field(default_factory=list)


class DirectiveExtractor:
    """Finds directive and commitment items in cleaned Vietnamese news articles.

    Build it once with :meth:`from_config`; it holds the spaCy pipeline.
    """

    def __init__(self, lexicon: Lexicon, nlp: Language) -> None:
        self.lexicon = lexicon
        self.nlp = nlp
        surnames = "|".join(sorted((re.escape(s) for s in lexicon.surnames), key=len, reverse=True))
        word = r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]*"
        self._name_re = re.compile(rf"(?<![\w])(?:{surnames})(?:[ ]{word}){{1,3}}(?![\w])")
        self._place_re = re.compile(
            r"(?:^|\W)(?:" + "|".join(re.escape(p) for p in lexicon.place_words) + r")\s*$", re.IGNORECASE
        )
        self._agency_re = re.compile(
            r"^(?:" + "|".join(re.escape(h) for h in lexicon.agency_heads) + r")(?![\w])", re.IGNORECASE
        )
        self._connective_re = re.compile(
            r"^(?:(?:" + "|".join(re.escape(c) for c in lexicon.cue("connectives")) + r")\s*,?\s*)+",
            re.IGNORECASE,
        )
        self._modal_re = re.compile(
            r"^(?:(?:" + "|".join(re.escape(m) for m in lexicon.cue("modals")) + r")\s+)+", re.IGNORECASE
        )
        self._doc_re = re.compile(
            r"^(?:" + "|".join(re.escape(d) for d in lexicon.cue("documents")) + r")(?![\w])", re.IGNORECASE
        )

    @classmethod
    def from_config(cls, config_dir: Path = DEFAULT_CONFIG_DIR) -> DirectiveExtractor:
        """Load and validate the lexicons under ``config_dir`` and build the pipeline once."""
        lexicon = load_lexicon(config_dir)
        return cls(lexicon, build_pipeline(lexicon))

    # ------------------------------------------------------------------ public API

    def extract(self, article: CleanedArticle, published: dt.date | None = None) -> list[Directive]:
        """Items of ``article``; offsets refer to ``article.text``."""
        items, _ = self._run(article, published)
        return items

    def explain(self, article: CleanedArticle, published: dt.date | None = None) -> list[SentenceExplanation]:
        """One explanation per sentence of the article body."""
        _, explanations = self._run(article, published)
        return explanations

    # ------------------------------------------------------------------ names and speakers

    def find_person_names(self, text: str) -> list[tuple[int, int, str]]:
        """Personal names: a surname and 1-3 more capitalised syllables.

        "Chủ tịch UBND tỉnh Lâm Minh Thành lưu ý" -> "Lâm Minh Thành"; "tỉnh Lâm Đồng" -> none
        (a place); two-syllable names only after "ông", "bà", "đồng chí".
        """
        out: list[tuple[int, int, str]] = []
        for m in self._name_re.finditer(text):
            name = m.group(0)
            before = text[: m.start()]
            if self._place_re.search(before):
                continue
            if len(name.split()) < 3 and not re.search(r"(?:ông|bà|đồng chí|Đ/c)\s*$", before, re.IGNORECASE):
                continue
            out.append((m.start(), m.end(), name))
        return out

    def _register_persons(self, text: str, paragraphs: list[tuple[int, str]]) -> list[_Person]:
        persons: list[_Person] = []
        for para_start, para in paragraphs:
            names = self.find_person_names(para)
            for k, (s, e, name) in enumerate(names):
                prev_end = names[k - 1][1] if k else 0
                next_start = names[k + 1][0] if k + 1 < len(names) else len(para)
                left = para[max(prev_end, s - 60) : s]
                left = re.split(r"[.;:]\s", left)[-1]
                right = re.split(r"(?<=[.;])\s", para[e:next_start])[0]
                persons.append(_Person(name, para_start + s, left + name + right))
        return persons

    def _resolve_title(self, title: str, persons: list[_Person], at: int, state: _State) -> str | None:
        """Map "Chủ tịch UBND tỉnh" to the person introduced with that title ("Phó Chủ tịch" is another title)."""
        words = title.split()
        while len(words) >= 2:
            phrase = " ".join(words)
            pattern = re.compile(
                (r"(?<!Phó )(?<!phó )" if not phrase.lower().startswith("phó") else "") + re.escape(phrase),
                re.IGNORECASE,
            )
            if state.speaker and pattern.search(state.speaker_context):
                return state.speaker
            before = [p for p in persons if p.start < at and pattern.search(p.context)]
            if before:
                return before[-1].name
            after = [p for p in persons if pattern.search(p.context)]
            if after:
                return after[0].name
            words = words[:-1]
        return None

    def _speaker_chunk_start(self, prefix: str) -> int | None:
        """Where the speaker reference starts in a lead-in prefix, or None when it has none.

        "Về an sinh xã hội, ông Võ Minh Khang " -> index of "ông";
        "Đối với UBND các xã, phường, Phó Chủ tịch UBND tỉnh " -> index of "Phó Chủ tịch".
        """
        chunks = [m.start() for m in re.finditer(r"(?:^|,\s*|:\s*)(?=\S)", prefix)]
        for start in reversed(chunks):
            chunk = prefix[start:].lstrip(" ,:")
            offset = len(prefix[start:]) - len(chunk)
            low = chunk.lower()
            starts_ref = (
                any(low.startswith(p + " ") or low == p for p in self.lexicon.cue("person_pronouns"))
                or any(low.startswith(t + " ") for t in self.lexicon.cue("titles"))
                or bool(self._doc_re.match(chunk))
                or bool(self.find_person_names(chunk[:40]) and self.find_person_names(chunk[:40])[0][0] == 0)
            )
            if starts_ref:
                return start + offset
            if len(chunk.split()) > 2:
                # the last chunk before the verb must be the speaker; other chunks are topic phrases
                if start == chunks[-1]:
                    continue
        return None

    def _resolve_speaker(
        self, chunk: str, chunk_abs: int, persons: list[_Person], state: _State
    ) -> tuple[str | None, str]:
        """Issuer for a speaker reference: a name, a title resolved to a name, a document's signer."""
        names = self.find_person_names(chunk)
        if names:
            name = names[0][2]
            ctx = next((p.context for p in persons if p.name == name), chunk)
            return name, ctx
        low = chunk.lower().strip()
        if self._doc_re.match(chunk):
            return state.signer or state.speaker, state.speaker_context
        for pronoun in self.lexicon.cue("person_pronouns"):
            if low.startswith(pronoun):
                low = low[len(pronoun) :].strip()
                chunk = chunk.strip()[len(pronoun) :].strip()
                break
        title = re.split(r"\s+(?:cũng|đồng thời|tiếp tục|đã|còn|thì)\b", chunk.strip())[0].strip(" ,")
        if not title:
            return state.speaker, state.speaker_context
        resolved = self._resolve_title(title, persons, chunk_abs, state)
        if resolved:
            ctx = next((p.context for p in persons if p.name == resolved), title)
            return resolved, ctx
        return title, title

    # ------------------------------------------------------------------ clause helpers

    def _cues(self, doc: Doc, span: Span, base: int) -> list[_Cue]:
        out = []
        for c in doc.spans["cues"]:
            if c.start >= span.start and c.end <= span.end:
                out.append(_Cue(c.label_, base + c.start_char, base + c.end_char, c.text))
        return out

    def _first_action(self, cues: list[_Cue], start: int, end: int) -> _Cue | None:
        """The earliest action head in [start, end); the longest when several start together."""
        best: _Cue | None = None
        for c in cues:
            if c.label != "action_heads" or c.start < start or c.end > end:
                continue
            if best is None or c.start < best.start or (c.start == best.start and c.end > best.end):
                best = c
        return best

    def _is_agency(self, subject: str) -> bool:
        subject = subject.strip()
        if not subject or len(subject.split()) > 25 or re.search(r"\bđã\b", subject):
            return False
        return bool(self._agency_re.match(subject))

    def _strip_modal(self, text: str, pos: int) -> tuple[int, bool]:
        """Skip leading modals ("phải", "sẽ", "cần") after a subject; tells whether "sẽ" was among them."""
        m = self._modal_re.match(text[pos:])
        if not m:
            return pos, False
        return pos + m.end(), "sẽ" in m.group(0).lower()

    # ------------------------------------------------------------------ main loop

    def _run(
        self, article: CleanedArticle, published: dt.date | None
    ) -> tuple[list[Directive], list[SentenceExplanation]]:
        text = article.text
        paragraphs: list[tuple[int, str]] = []
        for m in re.finditer(r"[^\n]+", text):
            if m.group(0).strip():
                paragraphs.append((m.start(), m.group(0)))
        title_index = -1
        if article.title:
            for idx, (_, para) in enumerate(paragraphs):
                if para.strip() == article.title.strip():
                    title_index = idx
                    break
        persons = self._register_persons(text, paragraphs)
        state = _State()
        items: list[_Item] = []
        explanations: list[SentenceExplanation] = []

        body = [(i, s, p) for i, (s, p) in enumerate(paragraphs) if i > title_index]
        docs = self.nlp.pipe(p for _, _, p in body)
        for (_, para_start, para), doc in zip(body, docs, strict=True):
            stripped = para.strip()
            is_caption = not stripped.endswith(_SENTENCE_PUNCT) or (
                article.title is not None and stripped == article.title.strip()
            )
            is_list = bool(_LIST_MARKER.match(para))
            if is_list and state.list_mode:
                state.addressee = state.list_addressee
                state.in_speech = True
            elif not is_list and state.list_mode:
                state.list_mode = False
            self._note_signer(para, state)
            for sent_index, sent in enumerate(doc.sents):
                s_start = para_start + sent.start_char
                cues = self._cues(doc, sent, para_start)
                if is_caption:
                    explanations.append(
                        SentenceExplanation(sent.text, s_start, False, None, (), ("caption",), "caption or byline")
                    )
                    continue
                clauses = [c for c in doc.spans["clauses"] if sent.start <= c.start < sent.end]
                result = self._sentence(
                    text, doc, para_start, clauses, state, persons, published, is_list and sent_index == 0
                )
                if not result.items and not result.lead_in and not result.list_intro:
                    state.in_speech = False
                items.extend(result.items)
                explanations.append(
                    SentenceExplanation(
                        sentence=sent.text,
                        start=s_start,
                        taken=bool(result.items),
                        speaker=state.speaker,
                        cues=tuple(f"{c.label}:{c.text}" for c in cues),
                        negatives=tuple(result.negatives),
                        reason=result.reason or ("items" if result.items else "no directive cue"),
                    )
                )
        return self._finish(text, items, published), explanations

    def _note_signer(self, para: str, state: _State) -> None:
        """"Văn bản do Phó Chủ tịch UBND tỉnh Phạm Thị Thu Hà ký" -> the documents' signer."""
        if re.search(r"\bký\b", para):
            names = self.find_person_names(para)
            for s, _, name in names:
                if re.search(r"\bký\b", para[s:]):
                    state.signer = name
                    break

    def _sentence(
        self,
        text: str,
        doc: Doc,
        para_start: int,
        clauses: list[Span],
        state: _State,
        persons: list[_Person],
        published: dt.date | None,
        list_head: bool,
    ) -> _SentenceResult:
        result = _SentenceResult()
        frame: str | None = None
        sentence_has_speaker = False
        for idx, clause in enumerate(clauses):
            c_start = para_start + clause.start_char
            c_end = para_start + clause.end_char
            cues = self._cues(doc, clause, para_start)
            pos = c_start
            seg = text[pos:c_end]
            if idx == 0 and list_head:
                m = _LIST_MARKER.match(seg)
                if m:
                    pos += m.end()
            m = self._connective_re.match(text[pos:c_end])
            if m:
                pos += m.end()
            # "Chủ tịch UBND tỉnh Trần Tiến Hưng: Trên cơ sở ..., Ban Cán sự Đảng UBND tỉnh sẽ ..."
            colon = text.find(":", pos, c_end)
            if idx == 0 and colon > pos:
                head = text[pos:colon]
                if (
                    len(head.split()) <= 14
                    and self.find_person_names(head)
                    and self._speaker_chunk_start(head) == 0
                    and not any(c.label in ("speech_acts", "reporting_verbs") and c.start < colon for c in cues)
                ):
                    state.speaker, state.speaker_context = self._resolve_speaker(head, pos, persons, state)
                    state.in_speech = True
                    state.kind = "directive"
                    sentence_has_speaker = True
                    result.lead_in = True
                    pos = colon + 1

            lead = self._lead_in(text, pos, c_end, cues, state, persons)
            if lead is not None:
                kind_of_lead, verb, speaker_start = lead
                result.lead_in = True
                sentence_has_speaker = True
                if speaker_start is not None:
                    chunk = text[speaker_start : verb.start]
                    state.speaker, state.speaker_context = self._resolve_speaker(chunk, speaker_start, persons, state)
                    topic = text[pos:speaker_start]
                else:
                    topic = ""
                if kind_of_lead == "speech":
                    self._speech(text, verb, c_end, cues, state, topic, published, result, frame_holder := [frame])
                    frame = frame_holder[0]
                elif kind_of_lead == "agreement":
                    self._agreement(text, pos, verb, c_end, cues, state, result)
                else:
                    frame = self._commitment(
                        text, verb.end, c_end, cues, state, result, sentence_has_speaker, frame, persons
                    )
                continue

            if state.in_speech or state.list_mode:
                frame = self._continuation(
                    text, pos, c_end, cues, state, result, frame, sentence_has_speaker, idx == 0
                )
            else:
                result.negatives.append("no speaker")
        for item in result.items:
            if item.deadline is None and frame is not None:
                item.deadline = frame
        return result

    def _lead_in(
        self, text: str, pos: int, end: int, cues: list[_Cue], state: _State, persons: list[_Person]
    ) -> tuple[str, _Cue, int | None] | None:
        """The verb that opens a speech ("yêu cầu", "cho biết", "thống nhất") and where its speaker starts."""
        for c in sorted(cues, key=lambda c: c.start):
            if c.start < pos or c.label not in ("speech_acts", "reporting_verbs", "agreement_verbs"):
                continue
            if c.text[:1].isupper() and c.start > pos:
                continue  # "Ban Chỉ đạo": part of a name
            prefix = text[pos : c.start]
            if re.search(r"(?:phát biểu|ý kiến|theo|đáp ứng|có|so|các|khi|những|của)\s*$", prefix, re.IGNORECASE):
                continue
            if c.label == "agreement_verbs":
                subject = self._connective_re.sub("", prefix.split(",")[-1].strip())
                if self._is_agency(subject) and " và " in subject:
                    return "agreement", c, None
                continue
            if not prefix.strip(" ,"):
                if state.speaker is None or c.label != "speech_acts":
                    continue
                return "speech", c, None
            start = self._speaker_chunk_start(prefix)
            if start is None:
                continue
            between = text[pos + start : c.start]
            if any(
                x.label in ("action_heads", "past_markers") and pos + start <= x.start < c.start
                for x in cues
                if x.text.lower() not in ("tiếp tục", "đã")
            ) and not self.find_person_names(between):
                continue
            if c.label == "reporting_verbs":
                return "report", c, pos + start
            return "speech", c, pos + start
        # "Theo Chủ tịch UBND tỉnh, trong năm 2026, tỉnh sẽ ..."
        m = re.match(r"\s*Theo\s+([^,]{3,60}),", text[pos:end])
        if m and re.search(r"\bsẽ\b", text[pos:end]):
            chunk_start = pos + m.start(1)
            fake = _Cue("reporting_verbs", pos + m.end(), pos + m.end(), ",")
            if self._speaker_chunk_start(m.group(1)) == 0:
                return "report", fake, chunk_start
        return None

    def _speech(
        self,
        text: str,
        verb: _Cue,
        end: int,
        cues: list[_Cue],
        state: _State,
        topic: str,
        published: dt.date | None,
        result: _SentenceResult,
        frame_holder: list[str | None],
    ) -> None:
        """After "yêu cầu/đề nghị/giao ...": addressee up to the first action, then the item."""
        state.in_speech = True
        state.kind = "directive"
        body_start = verb.end
        body = text[body_start:end]
        # "nhấn mạnh về định hướng ... nhiệm vụ năm 2021 đó là nâng cao ..."
        m = re.search(r"\bđó là\b\s*:?", body)
        if m and body.lstrip().lower().startswith("về "):
            lead_text = body[: m.start()]
            year = _YEAR_IN_TOPIC.search(lead_text)
            if year:
                frame_holder[0] = year.group(0)
            action_start = body_start + m.end()
            action_start += len(text[action_start:end]) - len(text[action_start:end].lstrip())
            state.addressee = None
            self._emit(text, action_start, end, state, result, ("speech:" + verb.text,), 0.7)
            return
        # "đề nghị sau khi ban hành chương trình công tác, Văn phòng UBND tỉnh tham mưu ..."
        lead_deadline = None
        m = re.match(r"\s*(sau khi [^,]{3,60}),\s*", body)
        if m:
            lead_deadline = m.group(1)
            body_start += m.end()
        action = self._first_action(cues, body_start, end)
        addressee_text = text[body_start : action.start if action else end]
        addressee = _TRIM_END.sub("", _TRIM_START.sub("", addressee_text)).strip() or None
        if addressee is None:
            m2 = re.match(r"\s*Đối với\s+(.+?),\s*$", topic)
            if m2:
                addressee = m2.group(1).strip()
        elif topic:
            m2 = re.match(r"\s*Đối với\s+(.+?),\s*$", topic)
            if m2 and not self._is_agency(addressee):
                addressee = m2.group(1).strip()
        body_end_text = text[body_start:end].rstrip()
        if body_end_text.endswith(":") or (action is None and re.search(r"\b(?:như )?sau\s*:?\s*$", body_end_text)):
            # "Chủ tịch UBND tỉnh yêu cầu:" / "... thực hiện nghiêm các nhiệm vụ sau:" opens a numbered list
            state.list_mode = True
            state.list_addressee = addressee if action is None else _TRIM_START.sub("", addressee_text).strip()
            if action is not None:
                state.list_addressee = addressee
            state.addressee = state.list_addressee
            result.list_intro = True
            result.reason = "list introduction"
            return
        if action is None:
            state.pending_addressee = addressee
            state.addressee = addressee
            result.reason = "addressee without action"
            return
        if addressee is None and not topic:
            addressee = state.addressee if state.in_speech else None
        state.addressee = addressee
        state.pending_addressee = None
        self._emit(text, action.start, end, state, result, ("speech:" + verb.text,), 0.8, deadline=lead_deadline)

    def _agreement(
        self, text: str, pos: int, verb: _Cue, end: int, cues: list[_Cue], state: _State, result: _SentenceResult
    ) -> None:
        """"UBND tỉnh và Hiệp hội Doanh nghiệp tỉnh thống nhất duy trì ..." -> joint commitment."""
        subject = self._connective_re.sub("", text[pos : verb.start].split(",")[-1].strip()).strip()
        state.speaker = subject
        state.speaker_context = subject
        state.addressee = subject
        state.kind = "commitment"
        state.in_speech = True
        action = self._first_action(cues, verb.end, end)
        if action is None or text[verb.end : action.start].strip():
            result.reason = "agreement without action"
            return
        self._emit(text, action.start, end, state, result, ("agreement:" + verb.text,), 0.7)

    def _commitment(
        self,
        text: str,
        start: int,
        end: int,
        cues: list[_Cue],
        state: _State,
        result: _SentenceResult,
        has_speaker: bool,
        frame: str | None,
        persons: list[_Person],
    ) -> str | None:
        """After "cho biết / khẳng định / cam kết": "NP sẽ X" is a commitment of NP."""
        state.in_speech = True
        seg = text[start:end]
        m = re.search(r"\bsẽ\b\s*", seg)
        if not m:
            state.kind = "directive"
            result.reason = "reported speech without commitment"
            return frame
        before = seg[: m.start()]
        subject_part = before.split(",")[-1]
        frame_text = find_deadline(before[: len(before) - len(subject_part)])
        subject = _TRIM_START.sub("", subject_part).strip()
        if not subject:
            # "Ông X, Giám đốc Công ty Điện lực Cà Mau cam kết sẽ ..." -> the speaker's organisation
            ctx = state.speaker_context
            org = re.search(r"(?:Giám đốc|Trưởng|Chủ tịch|Thủ trưởng|Bí thư)\s+((?:[A-ZĐ]\w*)(?:\s+[\wÀ-ỹ]+)*)", ctx)
            subject = org.group(1).strip(" ,.") if org else ""
            subject = re.split(r"\s+(?:cam kết|cho biết|khẳng định)\b", subject)[0]
        state.addressee = subject or None
        state.kind = "commitment"
        self._emit(text, start + m.end(), end, state, result, ("commitment:sẽ",), 0.7)
        return frame_text or frame

    def _continuation(
        self,
        text: str,
        pos: int,
        end: int,
        cues: list[_Cue],
        state: _State,
        result: _SentenceResult,
        frame: str | None,
        has_speaker: bool,
        first_clause: bool,
    ) -> str | None:
        """Clauses that go on with a speech: "Tăng cường ...", "Sở Tài chính cân đối ...", "Tỉnh cũng sẽ ..."."""
        seg = text[pos:end]
        lead_space = len(seg) - len(seg.lstrip())
        pos += lead_space
        seg = seg.lstrip()
        # "Đối với dự án đường bộ ven biển, hoàn thành ..." / "Đối với Sở X, ..."
        m = re.match(r"(?:Đối với|Riêng)\s+([^,]{2,80}),\s*", seg)
        if m:
            if self._is_agency(m.group(1)):
                state.addressee = m.group(1).strip()
            pos += m.end()
            seg = seg[m.end() :]
        action = self._first_action(cues, pos, end)
        if action is None:
            result.negatives.append("no action")
            return frame
        subject_text = text[pos : action.start]
        low_subject = subject_text.strip().lower()
        if re.search(r"\b(?:đã|vừa|đang)\s*$", low_subject) or re.search(r"\bđã\b", low_subject):
            result.negatives.append("past")
            return frame
        if any(low_subject.startswith(p) for p in self.lexicon.cue("purpose_markers")):
            result.negatives.append("purpose")
            return frame
        if action.start == pos:
            if state.pending_addressee is not None:
                state.pending_addressee = None
            self._emit(text, action.start, end, state, result, ("continuation:" + action.text,), 0.6)
            return frame
        # subject-first: "UBND các huyện khẩn trương ...", "Sở Y tế: Chủ trì ...", "Tỉnh cũng sẽ ..."
        subject = subject_text.strip().rstrip(":").strip()
        modal_split = re.search(
            r"\s+(?:" + "|".join(re.escape(m) for m in self.lexicon.cue("modals")) + r")(?:\s+\w+)?\s*$", subject
        )
        commit = False
        if modal_split:
            commit = "sẽ" in modal_split.group(0)
            subject = subject[: modal_split.start()].strip()
        # "mỗi quý, lãnh đạo UBND tỉnh sẽ làm việc ...": a recurring frame before the subject keeps the whole clause
        frame_first = None
        if "," in subject:
            head, _, tail = subject.rpartition(",")
            if find_deadline(head) and self._is_agency(tail.strip()):
                frame_first = head
                subject = tail.strip()
        if not self._is_agency(subject):
            result.negatives.append("subject not an agency")
            return frame
        if state.pending_addressee is not None:
            subject = f"{state.pending_addressee}; {subject}"
            state.pending_addressee = None
        state.addressee = subject
        if commit:
            state.kind = "commitment"
        start = pos if (frame_first is not None and not has_speaker) else action.start
        self._emit(text, start, end, state, result, ("subject:" + subject,), 0.6)
        return frame

    def _emit(
        self,
        text: str,
        start: int,
        end: int,
        state: _State,
        result: _SentenceResult,
        cues: tuple[str, ...],
        confidence: float,
        deadline: str | None = None,
    ) -> None:
        segment = text[start:end]
        trimmed = _TRIM_END.sub("", segment)
        lead = len(trimmed) - len(trimmed.lstrip())
        start += lead
        end = start + len(trimmed.strip())
        item_text = text[start:end]
        if len(item_text.split()) < 2:
            result.negatives.append("too short")
            return
        if re.match(r"(?:đã|đạt)\b", item_text, re.IGNORECASE):
            result.negatives.append("past")
            return
        result.items.append(
            _Item(
                start=start,
                end=end,
                kind=state.kind,
                issuer=state.speaker,
                assignee=state.addressee,
                deadline=find_deadline(item_text) or deadline,
                cues=cues,
                confidence=confidence,
            )
        )

    def _finish(self, text: str, items: list[_Item], published: dt.date | None) -> list[Directive]:
        out: list[Directive] = []
        seen: set[str] = set()
        for item in items:
            item_text = text[item.start : item.end]
            key = re.sub(r"\W+", " ", item_text.lower()).strip()
            if key in seen:
                continue
            seen.add(key)
            s = text.rfind("\n", 0, item.start) + 1
            e = text.find("\n", item.end)
            sentence = text[s : e if e != -1 else len(text)]
            due, recurrence = normalize_deadline(item.deadline, published) if item.deadline else (None, None)
            out.append(
                Directive(
                    text=item_text,
                    kind=item.kind,
                    issuer=item.issuer,
                    assignee=item.assignee,
                    deadline=item.deadline,
                    sentence=sentence,
                    start=item.start,
                    end=item.end,
                    due_date=due,
                    recurrence=recurrence,
                    confidence=item.confidence,
                    cues=item.cues,
                )
            )
        return out
