"""The stateful discourse component: who speaks, to whom, and which segments are the tasks.

It walks an article's paragraph docs in order (each already segmented by ``chidao_segments`` and
marked by ``chidao_marks``) and keeps one :class:`Scope`: the speaker, the addressee, whether a
lead-in opened a task list, and how many sentences ago the speaker last gave a task. Decisions,
each named by a rule id that ``chidao extract --explain`` shows:

* ``decide.lead``: a speech act (LEAD) after a speaker (SPEAKER mark, a person's name, or the current
  speaker when nothing new is named) opens a scope; what follows the addressee is a task, and a
  lead-in that ends at a colon or a list opener (LISTOPEN) opens a list;
* ``decide.segment``: every further segment of a lead sentence is a task of the same scope;
* ``decide.continue_action`` / ``decide.continue_subject``: a sentence soon after a task that opens with an
  action (ACTION, MODAL) or with an addressed body and its action goes on with the scope;
* ``decide.list_entry``: an entry of an open list (a marked line or an inline "(2)") is a task;
* ``decide.matter`` / ``decide.setting``: a segment whose subject is a matter ("Việc rà soát phải ...") or that
  opens with the setting of a duty with no subject ("Tại các khu rừng ..., phải bố trí ...") is a task as a
  whole, for the scope's addressee;
* ``decide.passive`` ("các xã được yêu cầu ..."), ``decide.report`` (a reported plan of the speaker's
  body, a commitment), ``decide.focus`` ("Nhiệm vụ trọng tâm ... là ...") and ``decide.plan`` (a body's plan
  after a future frame, "Thời gian tới, huyện A tập trung ...", a commitment) open a scope too;
* ``decide.commit_order``: "X sẽ chỉ đạo các xã ..." is X's commitment to give that order;
* ``decide.named_list``: short names after a plural addressee cut at a colon complete the addressee ("đề nghị
  các Sở: Tài chính, Xây dựng khẩn trương ...");
* ``decide.enumeration``: a semicolon segment that only goes on with the documents the task before enumerates
  ("... gồm: Nghị quyết về ...; Nghị quyết về ...") extends that task;
* ``decide.target``: a body that sets itself a target ("Năm 2027, Đảng bộ xã phấn đấu ...") commits itself;
* a speaker who states the tasks ahead before a colon ("X nêu rõ một số nhiệm vụ trọng tâm ...: Thứ nhất, ...")
  opens a list of them;
* ``speaker.shared``: a speech act that opens a comma chunk shares the subject of the clause before it
  ("UBND tỉnh ban hành công điện, yêu cầu ...", "X kiểm tra công trình, chỉ đạo ...");
* ``speaker.statement``: a speech act with no subject right after a sentence in which someone praised or
  assessed is that person's ("X biểu dương ... Đồng thời, yêu cầu ...");
* the one who issues a reported document speaks its content ("X ban hành công điện ... Theo đó, ..."); an
  order with no subject after it (``speaker.document``: "... Giao UBND thành phố chủ trì ...") is the document's;
* negative marks (``negative.*`` rules): a segment that reports the past (PAST), a period report (PERIOD), a delegate's
  or citizen's request (FLOOR) or an assessment (STATEMENT) is not a task and may close the scope.

Only marks are read; the words behind them are in ``config/patterns/discourse.yaml``.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from spacy.tokens import Doc, Span

from chidao.nlp.deadline import find_deadline
from chidao.nlp.pipeline import doc_text, is_abbreviation_word

# Sentences without a task after which a speaker's scope closes (a list scope waits for its entries).
MAX_GAP = 1
# Tokens an addressed subject may span before its action: "UBND các huyện, thị xã ven biển khẩn trương".
MAX_SUBJECT = 16
# Syllables of a verb that only opens a list ("tập trung chỉ đạo:"); a longer one before a colon is a task
_LIST_VERB_SYLLABLES = 4
# Tokens of a dated frame between a speech act and its comma ("yêu cầu chậm nhất là hết tháng 7-2027, ...")
MAX_FRAME = 10
# Words of a body's purpose between its head and its unit ("Ban Chỉ đạo phòng chống thiên tai tỉnh").
MAX_PURPOSE = 10
# marks that make the words after a body's head a predicate, not the purpose in its name
_NOT_A_PURPOSE = frozenset({"LEAD", "EMPHASIS", "PAST", "AUX", "DOCUMENT", "DETERMINER", "MODAL", "COMMIT", "REPORT"})
_QUOTES = frozenset({'"', "“", "'", "‘"})
_OPENING_QUOTES = frozenset({'"', "“"})
_CLOSING_QUOTES = frozenset({'"', "”"})
_ATTRIBUTION_PUNCT = frozenset({",", "-", "–", "—"})
# the verbs that name a quotation's speaker after it ("..., ông X nhấn mạnh", "... - Bí thư cho biết")
_ATTRIBUTION_VERBS = frozenset({"REPORT", "EMPHASIS", "LEAD", "STATEMENT"})
_TRAILING = " \t,.;:…-–\"“”'()/"
# before a comma, these make the clause something other than a speaker's first predicate (an assessment
# is one: "lãnh đạo thành phố biểu dương ..., đồng thời yêu cầu ...")
_NOT_A_SHARED_SUBJECT = frozenset({"LEAD", "EMPHASIS", "REPORT", "FLOOR", "DELEGATE", "DOCSCOPE", "PASSIVE"})

SpeakerResolver = Callable[[str, int], "str | None"]


class Mark(NamedTuple):
    """One phrase the ruler marked. A named tuple, not a frozen dataclass: a sentence makes a Mark per
    match, and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field) was 3 % of extraction."""

    label: str
    rule: str
    start: int
    end: int
    upper: bool = False  # the span starts with a capital letter ("Ban Quản lý ...": part of a name)


@dataclass
class Scope:
    speaker: str | None = None
    addressee: str | None = None
    deadline: str | None = None
    list_open: bool = False
    gap: int = MAX_GAP + 1
    opened: bool = False  # by a speaker's speech act or by a document ("Theo đó, ...")
    kind: str = "directive"  # "commitment" when the speaker reports his own body's plan

    @property
    def active(self) -> bool:
        return self.opened and (self.gap <= MAX_GAP or self.list_open)

    @property
    def speaking(self) -> bool:
        """A speech opened and still going on (at most MAX_GAP sentences without a task), an open list aside."""
        return self.opened and self.gap <= MAX_GAP


@dataclass(frozen=True)
class Task:
    """A task found by the discourse component; offsets are into the article text."""

    start: int
    end: int
    issuer: str | None
    assignee: str | None
    deadline: str | None
    rules: tuple[str, ...]
    kind: str = "directive"


@dataclass
class _Sentence:
    doc: Doc
    offset: int  # of the paragraph in the article text
    segments: list[Span]
    marks: list[Mark]
    entry: bool  # the paragraph opens with a list marker
    bare: bool = False  # the first sentence of an unmarked line after a lead-in that ended with ":"
    # in a quotation named after it, the closing mark its attribution follows: the speech acts and reporting
    # verbs after it name the quotation's speaker, they open no speech and belong to no task
    attribution: int | None = None


class _Naming(NamedTuple):
    """A speaker named before a mark, to be read only when a later sentence needs it (reading costs a speaker
    search): the sentence, its segment, the mark, the marks before it and the scope at that time."""

    sent: _Sentence
    seg: Span
    mark: Mark
    prefix: list[Mark]
    scope: Scope


def _inside(naming: _Naming, sent: _Sentence) -> bool:
    """The named mark lies in ``sent``."""
    return (
        naming.sent.doc is sent.doc
        and bool(sent.segments)
        and sent.segments[0].start <= naming.mark.start < sent.segments[-1].end
    )


@dataclass
class Discourse:
    """Runs over one article; ``tasks`` collects the result."""

    resolve_speaker: SpeakerResolver
    scope: Scope = field(default_factory=Scope)
    tasks: list[Task] = field(default_factory=list)
    # per sentence: (start, end) in the article text and the ids of the rules that marked or decided in it
    trace: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)
    # the paragraph reports what a period achieved ("Trong tháng 6, ... đạt được ..."): an instruction it
    # then says was given ("UBND huyện đã chỉ đạo các xã ...") is part of that report, not a new task
    reporting: bool = False
    # the sentence before reported the past and opened nothing ("Ngành đã phối hợp, hướng dẫn ... Cụ thể: ...")
    past_reported: bool = False
    # the documents the article reported issued since the last speech act ("Chủ tịch UBND tỉnh ban hành công
    # điện về ..."), latest last: the latest issuer named speaks the content ("Theo đó, các xã cần ...")
    issued: list[_Naming] = field(default_factory=list)
    # whom the latest reported document goes to ("Công văn số ... gửi các sở, UBND các huyện về việc ...")
    sent_to: str | None = None
    # the paragraph is a numbered line that only names an addressee ("1. UBND các huyện"): the list goes on
    heading: bool = False
    # who praised or assessed something in the sentence before ("Trung tướng X biểu dương ..."): the speaker of a
    # speech act that follows with no subject ("Đồng thời, yêu cầu các đơn vị ...")
    stated: _Naming | None = None
    # the sentence before reported a document and nothing else ("Văn phòng UBND tỉnh ban hành văn bản ... thông
    # báo ý kiến chỉ đạo của ..."): a sentence that opens with an addressee and its action is the document's content
    after_document: bool = False
    # a document reported as news opened no speech and nothing reported the past since ("UBND tỉnh ban hành
    # Thông báo số ... kết luận của Chủ tịch UBND tỉnh ..."): the list entries that follow are its content
    document_news: bool = False

    def run(self, paragraphs: Iterable[tuple[int, Doc]]) -> list[Task]:
        for offset, doc in paragraphs:
            self.reporting = self.heading = False
            marks = _marks(doc)
            entry = bool(doc.user_data.get("entry"))
            found = len(self.tasks)
            # once per paragraph: iterating the span group builds a Span per segment each time
            segments = list(doc.spans["segments"])
            sentences = _by_sentence(doc, segments, marks)
            quoted = self._quoted_speakers(doc, offset, [sent for sent, _, _ in sentences], marks)
            for index, (sent, segs, inside) in enumerate(sentences):
                # a list entry is a marked line, or the first sentence of a bare line after "...:"
                bare = not entry and index == 0 and self.scope.list_open
                speaker, close = quoted.get(index, (None, None))
                if speaker is not None:
                    self._speak_in_quotation(speaker)
                before = len(self.tasks)
                # the closing mark its attribution follows, in the quotation's last sentence
                attribution = close if close is not None and sent.start <= close < sent.end else None
                self._sentence(_Sentence(doc, offset, segs, inside, entry, bare, attribution))
                fired = [m.rule for m in inside] + [r for t in self.tasks[before:] for r in t.rules]
                self.trace.append((offset + sent.start_char, offset + sent.end_char, tuple(dict.fromkeys(fired))))
            # a numbered entry that gave no task (a verb the lexicon lacks) does not end the list: the next entry
            # is one of it too
            if len(self.tasks) == found and not (self._ends_with_colon(segments) or self.heading or entry):
                self.scope.list_open = False
        return self.tasks

    def _speak_in_quotation(self, speaker: str) -> None:
        """A sentence inside a quotation named after it is its speaker's: the speech goes on through the
        quotation whatever its sentences report (the addressee carries over within one speaker's words)."""
        if self.scope.opened and self.scope.speaker == speaker:
            self.scope.gap = 0
            return
        self.scope = Scope(speaker=speaker, opened=True, gap=0)

    def _quoted_speakers(
        self, doc: Doc, offset: int, sentences: list[Span], marks: list[Mark]
    ) -> dict[int, tuple[str, int]]:
        """ "“Câu một. Đề nghị UBND huyện ...”, Phó Chủ tịch UBND tỉnh nhấn mạnh.": a quotation that opens a
        sentence and closes in a later one, then names its speaker with a reporting or speech verb; the index
        of every sentence of the quotation -> that speaker and the quotation's closing mark."""
        words = _words(doc)
        found: dict[int, tuple[str, int]] = {}
        for first, sent in enumerate(sentences):
            if first in found or words[sent.start] not in _OPENING_QUOTES:
                continue
            close = _closing_quote(words, sent.start)
            if close is None or close < sent.end:
                continue  # a quotation inside one sentence: the sentence rules attribute it
            speaker = self._attributed_speaker(doc, offset, marks, close + 1)
            if speaker is None:
                continue
            for index in range(first, len(sentences)):
                if sentences[index].start > close:
                    break
                found[index] = (speaker, close)
        return found

    def _attributed_speaker(self, doc: Doc, offset: int, marks: list[Mark], after: int) -> str | None:
        """The speaker named right after a closing quotation mark ("”, ông X nhấn mạnh", "” - Bí thư Tỉnh ủy
        cho biết"), or None."""
        words = _words(doc)
        start = after
        while start < len(words) and words[start] in _ATTRIBUTION_PUNCT:
            start += 1
        verb = next(
            (m for m in marks if m.label in _ATTRIBUTION_VERBS and start < m.start <= start + MAX_SUBJECT), None
        )
        if verb is None or any(w in ".!?;" for w in words[start : verb.start]):
            return None
        text = _text(doc, start, verb.start).strip(_TRAILING)
        named = self.resolve_speaker(text, offset + doc[start].idx) if text else None
        return named if named is not None else _marked_name(doc, marks, start, verb.start)

    @staticmethod
    def _ends_with_colon(segments: list[Span]) -> bool:
        return bool(segments) and segments[-1].label_ == "colon"

    # ------------------------------------------------------------------ one sentence

    def _sentence(self, sent: _Sentence) -> None:
        found, scope, issued = len(self.tasks), self.scope, len(self.issued)
        leads = _leads(sent)
        if self.scope.active and self.scope.addressee:
            leads = (pair for pair in leads if not _relayed(sent, pair[1]))
        opened = any(self._open_scope(sent, index, lead) for index, lead in leads)
        if opened:
            stated, self.issued, self.sent_to = None, [], None
        else:
            stated = self._statement(sent)
            self._note_document(sent)
        if opened or self._opens_otherwise(sent) or self._document_content(sent):
            pass
        elif self.scope.active and not _speaker_states(sent):
            self._continue(sent)
        elif _obliged_subject(sent):
            # "Các cơ quan liên quan phải ...": an obligation after the speech has lapsed is still its speaker's,
            # or, with no one speaking, the one's who issued the document the article reports
            self.scope = Scope(speaker=self.scope.speaker or self._document_issuer(sent), opened=True, gap=0)
            self._continue(sent)
        elif stated is not None:
            self._obliged_after_statement(sent, stated)
        reopened = self.scope is not scope and self.scope.opened
        self.scope.gap = 0 if len(self.tasks) > found or reopened else self.scope.gap + 1
        labels = {m.label for m in sent.marks}
        # an obligation the sentence states ("... được phân công phải chủ động ...") is no report of the past
        self.past_reported = (
            len(self.tasks) == found and not reopened and bool(labels & {"PAST", "PERIOD"}) and "OBLIGE" not in labels
        )
        if self.past_reported:
            self.scope.opened = self.scope.list_open = False  # "Năm qua, tỉnh đã ...": a report ends the scope
            self.reporting = self.reporting or {"PAST", "PERIOD"} <= labels
        self.stated = stated
        self.after_document = not opened and len(self.issued) > issued and len(self.tasks) == found
        self.document_news = not (opened or self.past_reported) and (self.after_document or self.document_news)

    def _obliged_after_statement(self, sent: _Sentence, stated: _Naming) -> None:
        """ "Kết luận buổi làm việc, Thủ tướng tán thành ...; Nam Định cần nâng cấp ...": after the speaker's
        assessment, a clause whose subject must act is that speaker's order."""
        index = next((i for i, seg in enumerate(sent.segments) if i and _opens_obliged(sent, seg)), None)
        speaker = self._named(stated) if index is not None else None
        if index is None or speaker is None:
            return
        self.scope = Scope(speaker=speaker, opened=True, gap=0)
        for seg in sent.segments[index:]:
            self._segment(sent, seg, ("speaker.statement",), in_list=True)

    def _reference_issuer(self, sent: _Sentence) -> str | None:
        """The body a document reference that opens the sentence names ("Theo thông báo của UBND tỉnh X, ...")."""
        seg = sent.segments[0]
        start = _skip_openers(sent.doc, sent.marks, seg.start, seg.end)
        names = [m for m in sent.marks if m.label == "SPEAKER" and seg.start < m.start < start]
        if not names:
            return None
        return self._name_at(sent, names[0].start, start)

    def _name_at(self, sent: _Sentence, first: int, limit: int) -> str | None:
        """The name that starts at token ``first`` and ends at its first verb before ``limit``, resolved to a
        person when a resolver knows it, else as written."""
        span = sent.doc[first : _name_end(sent.marks, first, limit)]
        title = _text(sent.doc, span.start, span.end).strip(_TRAILING)
        return (self.resolve_speaker(title, sent.offset + span.start_char) or title) if title else None

    def _statement(self, sent: _Sentence) -> _Naming | None:
        """Who praises or assesses in the sentence ("Trung tướng X biểu dương ...", "đoàn công tác đánh giá cao
        ..."), named before the statement verb (found when a later act needs it); None for a delegate's or
        voter's words."""
        statement = next((m for m in sent.marks if m.label == "STATEMENT"), None)
        if statement is None or any(m.label == "FLOOR" for m in sent.marks):
            return None
        seg = next((s for s in sent.segments if s.start <= statement.start < s.end), None)
        if seg is None:
            return None
        prefix = [m for m in sent.marks if m.start < statement.start]
        return _Naming(sent, seg, statement, prefix, replace(self.scope))

    def _note_document(self, sent: _Sentence) -> None:
        """ "Chủ tịch UBND tỉnh Lê Văn An ban hành công điện về ...": the one who issues a document (named like a
        speaker before it) speaks its content; a sentence that opens the content itself names no issuer."""
        if _opens_document(sent):
            return
        for seg in sent.segments:
            document = next((m for m in sent.marks if m.label == "DOCUMENT" and seg.start <= m.start < seg.end), None)
            if document is None:
                continue
            # "Chính phủ ra công điện khẩn Chiều 3/7, Phó Thủ tướng X có công điện gửi ...": a later document that
            # someone named after the first one issues is the latest document
            later = [
                m
                for m in sent.marks
                if m.label == "DOCUMENT"
                and document.end < m.start < seg.end
                and _issuer_opens_a_chunk(sent, document.end, m.start)
            ]
            for issued in (document, *later[:1]):
                # the document among the marks before it: its issuing verb ("ban hành") is no other act
                prefix = [m for m in sent.marks if m.start <= issued.start]
                self.issued.append(_Naming(sent, seg, issued, prefix, replace(self.scope)))
                self.sent_to = _document_addressee(sent, seg, issued) or self.sent_to
            return

    def _document_issuer(self, citing: _Sentence | None = None) -> str | None:
        """The latest issuer of a reported document that a name or a title names; not one that ``citing`` names
        (a sentence that cites a document to carry out is not spoken by that document's issuer)."""
        for naming in reversed(self.issued):
            if citing is not None and _inside(naming, citing):
                continue
            speaker = (
                self._reference_author(naming)
                or self._named(naming)
                or self._signer_after(naming)
                or self._subject_before(naming)
            )
            if speaker and not speaker.islower():
                return speaker
        return None

    def _reference_author(self, naming: _Naming) -> str | None:
        """ "Văn phòng UBND tỉnh ban hành văn bản ... thông báo ý kiến chỉ đạo của đồng chí X, Phó Chủ tịch UBND
        tỉnh ...": a document that announces someone's directions or conclusions speaks for him, not for the
        office that sent it (rule ``lead.reference`` between a document word and a speaker)."""
        sent, document = naming.sent, naming.mark
        # right after a document word: the document is the announcement of them ("Thông báo kết luận của ...");
        # "Quyết định ... về việc thực hiện kết luận của X" carries them out and is its issuer's own
        documents = [m for m in sent.marks if m.label == "DOCUMENT" and document.start <= m.start < naming.seg.end]
        references = [
            m for m in sent.marks if m.rule == "lead.reference" and any(_right_after(sent.doc, d, m) for d in documents)
        ]
        author = next((m for r in references for m in sent.marks if m.label == "SPEAKER" and m.start == r.end), None)
        if author is None:
            return None
        end = next((t.i for t in sent.doc[author.end : naming.seg.end] if t.text == ","), naming.seg.end)
        # "kết luận của Chủ tịch UBND tỉnh tại cuộc họp ...": the name ends with its unit and the place after it
        unit = next((m for m in sent.marks if m.label == "UNIT" and author.start < m.start and m.end < end), None)
        if unit is not None:
            words = _words(sent.doc)
            end = next((i for i in range(unit.end, end) if not words[i][:1].isupper()), end)
        return self._name_at(sent, author.start, end)

    def _subject_before(self, naming: _Naming) -> str | None:
        """ "Chiều 3/7, Phó Thủ tướng X, Trưởng Ban ..., có công điện gửi ...": the speaker that opens a comma chunk
        before the document, past an opening circumstance and the apposition after the name."""
        sent, document = naming.sent, naming.mark
        chunks = [naming.seg.start, *_comma_chunk_starts(sent.doc, naming.seg.start, document.start)]
        openings = [opening for _, opening in _speaker_openings(sent, chunks, document.start)]
        last = next((opening for opening in reversed(openings) if opening < document.start), None)
        return self._name_at(sent, last, document.start) if last is not None else None

    def _signer_after(self, naming: _Naming) -> str | None:
        """ "... theo Quyết định số 29/QĐ-UBND do Chủ tịch UBND tỉnh Lê Văn An ký ...": the one named after the
        document, before any speech act, signed it."""
        sent, document = naming.sent, naming.mark
        after = [m for m in sent.marks if document.end <= m.start < naming.seg.end]
        lead = min((m.start for m in after if m.label in ("LEAD", "EMPHASIS")), default=naming.seg.end)
        # a name glued to the word before it is part of the document's number ("2954/QĐ-UBND")
        # a body word in lower case names no signer ("gửi các tỉnh thuộc Bắc bộ": part of a place)
        names = [
            m
            for m in after
            if m.label == "SPEAKER"
            and m.start < lead
            and sent.doc[m.start - 1].whitespace_
            and (m.upper or m.rule != "speaker.body")
        ]
        return self._name_at(sent, names[0].start, lead) if names else None

    def _named(self, naming: _Naming) -> str | None:
        """The speaker before ``naming.mark``, read as the sentence's own time read it (in its scope)."""
        now, self.scope = self.scope, naming.scope
        try:
            found, speaker, _ = self._speaker(naming.sent, naming.seg, naming.mark, naming.prefix)
        finally:
            self.scope = now
        if found and speaker is None:
            # "đoàn công tác đánh giá cao ...": a body no resolver knows, named as written
            speaker = _marked_before(naming.sent, naming.seg, naming.mark, naming.prefix)
        return speaker if found else None

    def _open_scope(self, sent: _Sentence, seg_index: int, lead: Mark) -> bool:
        seg = sent.segments[seg_index]
        chunk_start = _chunk_start(sent.doc, seg.start, lead.start)
        prefix = [m for m in sent.marks if m.start < lead.start]
        sender = self._document_sender(sent, lead)
        if sender is None and self._asked_by_the_floor(prefix, chunk_start):
            self.scope = Scope()
            return True
        if _yields_to_another_act(sent, seg, lead) or (
            lead.rule == "lead.wish"
            and not (_leader_wishes(sent, prefix, chunk_start, lead) or self._wish_goes_on(sent, seg, prefix, lead))
        ):
            return False
        found, speaker, speaker_rules, recipients = self._speaker_or_sender(sent, seg, lead, prefix, sender)
        if not found:
            return False
        if any(m.label == "COMMIT" and m.end == lead.start for m in prefix):
            return self._commit_to_direct(sent, seg_index, lead, speaker)
        doc = sent.doc
        # the lead-in's own time frame; a date before the first comma dates the news ("Ngày 20/2, ...")
        frame = _time_frame(_text(doc, chunk_start, lead.start)) or _opening_frame(sent, seg, lead.start)
        in_list = sent.entry and self.scope.list_open  # "2. Giao Sở A ...": an entry of the open list
        # "X có công văn gửi các sở ... Cụ thể, X yêu cầu <task>": the document's content goes to its addressees
        kept = self.sent_to if _opens_document(sent) else recipients
        self.scope = Scope(speaker=speaker, deadline=frame, opened=True)
        body, seg_index = _body_over_semicolons(sent, seg_index, lead)
        _take_stressed_matter(sent, body, lead)
        if lead.label == "EMPHASIS" and _asserts_only(sent, seg, body, lead):
            return False
        seg = sent.segments[seg_index]
        _read_as_addressee_list(sent, body, seg)
        self.scope.addressee = body.addressee or _topic_addressee(sent) or kept
        if body.deadline:
            self.scope.deadline = body.deadline
        if (body.list_open and not (body.examples and body.acts)) or _bare_list_verb(sent.doc, body.action_start, seg):
            body.action_start = None  # "... tập trung chỉ đạo:": the verb that opens a list is no task of its own
        if body.action_start is None:
            self.scope.list_open = seg.label_ == "colon" or body.list_open or seg_index + 1 < len(sent.segments)
        elif not (
            _negative_at(sent.marks, body.action_start, window=3 if body.acts else 8)
            # "X kiểm tra, chỉ đạo công tác phòng chống bão tại ...": what was directed, no task
            # ("lưu ý công tác tiếp công dân": a matter stressed is the task itself)
            or (
                body.addressee is None
                and lead.label != "EMPHASIS"
                and _names_a_matter_only(sent.marks, body.action_start, seg.end)
            )
        ):
            # "... đánh giá cao kết quả đã đạt được": the rest of a lead-in that assesses is no task
            self._emit(sent, body.action_start, seg.end, self.scope.addressee, ("decide.lead", *speaker_rules))
            self.scope.list_open = seg.label_ == "colon"
            seg_index = self._with_examples(sent, seg_index, body)
        self.scope.list_open = self.scope.list_open or in_list
        listing = self.scope.list_open or body.action_start is not None
        if lead.label == "EMPHASIS":
            listing = body.list_open or body.acts
        for later in sent.segments[seg_index + 1 :]:
            self._segment(sent, later, ("decide.segment",), in_list=listing)
        return True

    def _with_examples(self, sent: _Sentence, seg_index: int, body: _Body) -> int:
        """The segment after a task that lists its examples ("hướng dẫn bà con che chắn chuồng trại như: che bạt,
        ...") goes on with the task; the index of the last segment the task took."""
        if not body.examples or seg_index + 1 >= len(sent.segments):
            return seg_index
        example = sent.segments[seg_index + 1]
        self._extend_last(sent, example.start, example.end)
        return seg_index + 1

    def _speaker_or_sender(
        self, sent: _Sentence, seg: Span, lead: Mark, prefix: list[Mark], sender: tuple[str, str] | None
    ) -> tuple[bool, str | None, tuple[str, ...], str | None]:
        """Whether the speech act has a speaker, who, the rules that named him, and the recipients of the document
        he sent ("X ký công điện gửi các sở, UBND các huyện yêu cầu ...": X speaks, the recipients are addressed)."""
        if sender is not None:
            return True, sender[0], (), sender[1]
        found, speaker, speaker_rules = self._speaker(sent, seg, lead, prefix)
        chunk_start = _chunk_start(sent.doc, seg.start, lead.start)
        speaking_document = any(m.label == "DOCUMENT" and m.start == chunk_start for m in prefix)
        if found and speaker is None and (_opens_document(sent) or speaking_document):
            # "UBND tỉnh vừa ban hành văn bản ... Theo đó, giao Sở A ...", "... Công văn nêu rõ: ...": the
            # document's issuer gives the order
            speaker = self._reference_issuer(sent) or self._document_issuer()
        return found, speaker, speaker_rules, None

    def _asked_by_the_floor(self, prefix: list[Mark], chunk_start: int) -> bool:
        """A delegate, voter or locality asks ("lãnh đạo các xã kiến nghị tỉnh ...": no authority ordering), or a
        report of the past tells what someone asked."""
        past_speech = any(m.label == "PAST" and m.start >= chunk_start for m in prefix)
        floor = _floor_or_period(prefix, chunk_start) or _plural_speaker(prefix, chunk_start)
        return floor or (self.reporting and past_speech)

    def _document_sender(self, sent: _Sentence, lead: Mark) -> tuple[str, str] | None:
        """ "Chủ tịch UBND tỉnh X vừa ký công điện gửi các sở; UBND các huyện yêu cầu ...": the one named before
        the document (its first speaker mark, up to his first verb) and the recipients between "gửi" and the speech
        act, semicolons included; None unless the sentence is built so."""
        document = next((m for m in sent.marks if m.label == "DOCUMENT" and m.end <= lead.start), None)
        if document is None:
            return None
        send = _sent_to(sent.marks, document)
        if send is None or send.end >= lead.start:
            return None
        if any(m.label in ("LEAD", "EMPHASIS") and m.start < lead.start and m is not lead for m in sent.marks):
            return None
        named = next((m for m in sent.marks if m.label == "SPEAKER" and m.start < document.start), None)
        speaker = self._name_at(sent, named.start, document.start) if named is not None else None
        recipients = _text(sent.doc, send.end, lead.start).strip(_TRAILING)
        return (speaker, recipients) if speaker and recipients else None

    def _document_content(self, sent: _Sentence) -> bool:
        """ "Theo đó, UBND xã A chủ trì ...": the content of a document the article reports, its issuer's words;
        "Theo thông báo của UBND tỉnh, ...": the one the reference names. Right after a report of the past, with
        no one who issued or spoke, "Cụ thể: ..." details what was done and opens nothing."""
        listed = sent.entry and bool(sent.segments) and self.document_news and not self.scope.active
        if not (_opens_document(sent) or (self.after_document and _addressee_acts(sent)) or listed):
            return False
        speaker = self._reference_issuer(sent) or self._document_issuer(sent) or self.scope.speaker
        if speaker is None and self.past_reported:
            return False
        # "X yêu cầu các sở ... Cụ thể, phải ...": the details of the instruction just given keep its addressee
        going_on = self.scope.speaking and self.scope.speaker == speaker
        addressee = self.sent_to or (self.scope.addressee if going_on else None)
        self.scope = Scope(speaker=speaker, addressee=addressee, opened=True, gap=0)
        self._continue(sent)
        return True

    def _wish_goes_on(self, sent: _Sentence, seg: Span, prefix: list[Mark], lead: Mark) -> bool:
        """ "X biểu dương ... Đồng thời mong muốn cán bộ ...": a wish with no subject, opening the sentence, goes on
        with the one who just spoke or assessed (a resident's wish names its own subject)."""
        if seg.start != sent.segments[0].start or _skip_openers(sent.doc, prefix, seg.start, lead.start) != lead.start:
            return False
        return (self.scope.speaking and self.scope.speaker is not None) or self.stated is not None

    def _commit_to_direct(self, sent: _Sentence, seg_index: int, lead: Mark, speaker: str | None) -> bool:
        """ "Chủ tịch UBND huyện ... sẽ chỉ đạo các xã khắc phục ...": the speaker commits to giving the order;
        the item is the order itself, from the speech act on."""
        self.scope = Scope(speaker=speaker, opened=True, kind="commitment")
        self._emit(sent, lead.start, sent.segments[seg_index].end, None, ("decide.commit_order",))
        for later in sent.segments[seg_index + 1 :]:
            self._segment(sent, later, ("decide.segment",), in_list=True)
        return True

    def _speaker(
        self, sent: _Sentence, seg: Span, lead: Mark, prefix: list[Mark]
    ) -> tuple[bool, str | None, tuple[str, ...]]:
        """Whether the speech act has a speaker, and who: a name, a title, a body, or the current speaker."""
        doc = sent.doc
        chunk_start = _after_introduction(prefix, _chunk_start(doc, seg.start, lead.start), lead.start)
        # "..., do vậy ông yêu cầu ...": a connective before the speaker is no part of the name
        chunk_start = _skip_openers(doc, prefix, chunk_start, lead.start)
        chunk_start = _before_listed_names(doc, prefix, seg.start, chunk_start, lead.start)
        chunk = doc[chunk_start : lead.start]
        speaker_marks = [m for m in prefix if m.label == "SPEAKER" and m.start >= chunk_start]
        document_at = lead.start if lead.rule == "lead.document" else None
        if _acts_before(prefix, chunk_start, opening_verbs_ok=lead.label == "LEAD", document_at=document_at):
            return False, None, ()  # "X tổ chức hội nghị giao ...": the speech act belongs to an event, not a speaker
        shared = self._shared_subject(sent, seg, chunk_start, lead.start)
        if shared is not None:
            return True, shared, ("speaker.shared",)
        if speaker_marks:
            # "Chủ tịch UBND tỉnh ban hành công điện yêu cầu ...": the speaker's name ends at its first verb
            chunk = doc[chunk_start : _name_end(prefix, speaker_marks[0].start, lead.start)]
        else:
            # "Tỉnh Cao Bằng cũng yêu cầu ...": adverbs before the speech act are no part of the name
            chunk = doc[chunk_start : _without_adverbs(prefix, chunk_start, lead.start)]
        text = _text(doc, chunk.start, chunk.end).strip(_TRAILING)
        resolved = self.resolve_speaker(text, sent.offset + chunk.start_char) if text else None
        if resolved and not resolved.islower():
            return True, resolved, ()
        if resolved or speaker_marks:
            if not speaker_marks or _pronoun_subject(prefix, speaker_marks, lead.start):
                # "Ông đề nghị ...", "Đồng chí cũng đề nghị ...": a pronoun goes on with the current speaker
                return True, self.scope.speaker or resolved, ()
            # the speaker's name ends at an adverb or at its first verb ("UBND tỉnh ban hành văn bản ...")
            return True, self._name_at(sent, _signer_start(prefix, speaker_marks), lead.start), ()
        reported = self._reported_speaker(sent, seg, prefix, chunk_start, lead.start)
        if reported is not None:
            return True, reported, ("speaker.reported",)
        only_function_words = _only_function_words(prefix, chunk_start, lead.start, ("AUX", "CONNECTIVE"))
        document = _opens_document(sent) or self.scope.speaking
        if only_function_words and document:
            return True, self.scope.speaker, ()
        first = seg.start == sent.segments[0].start
        stated = self._named(self.stated) if only_function_words and first and self.stated else None
        if stated:
            # "X biểu dương ... Đồng thời, yêu cầu ...": the one who assessed goes on to ask
            return True, stated, ("speaker.statement",)
        ordered = _is_order(sent.marks, lead)
        opens = first and _skip_openers(doc, prefix, seg.start, lead.start) == lead.start
        issuer = self._document_issuer() if opens and ordered else None
        if issuer:
            # "UBND tỉnh ban hành Công văn số 12 về ... Giao UBND thành phố chủ trì ...": the document's order
            return True, issuer, ("speaker.document",)
        body = _body_speaker(sent, chunk_start, lead.start) if ordered else None
        return body is not None, body, ()

    def _reported_speaker(
        self, sent: _Sentence, seg: Span, prefix: list[Mark], chunk_start: int, lead_start: int
    ) -> str | None:
        """ "UBND tỉnh cho biết, đã giao Sở Tài chính chủ trì ...": after a reporting verb and its comma, a speech
        act with no subject of its own ("đã", "cũng" aside) is the reporter's: the one who reports gave it."""
        # "cho biết, yêu cầu các xã ... đã được thực hiện": a bare act after the comma may be a noun; "đã giao" is not
        if chunk_start in (seg.start, lead_start) or not _only_function_words(
            prefix, chunk_start, lead_start, ("AUX", "PAST")
        ):
            return None
        report = next((m for m in prefix if m.label == "REPORT" and m.end == chunk_start - 1), None)
        if report is None:
            return None
        named = self._reporter(sent, seg, report)
        if named is not None:
            return named
        return _marked_name(sent.doc, prefix, _chunk_start(sent.doc, seg.start, report.start), report.start)

    def _shared_subject(self, sent: _Sentence, seg: Span, chunk_start: int, lead_start: int) -> str | None:
        """ "Chủ tịch UBND tỉnh kiểm tra công trình, yêu cầu ...": a speech act opening a comma chunk shares
        the subject of the clause before it (one subject, coordinated predicates; rule ``speaker.shared``).

        The subject opens its chunk ("Sáng 5/3, đồng chí X, Chủ tịch UBND tỉnh đã kiểm tra ..., chỉ đạo ...");
        no speech act, report, floor or period report stands before the comma.
        """
        doc, marks = sent.doc, sent.marks
        if not _only_function_words(marks, chunk_start, lead_start):
            return None
        opening = _subject_clause_start(sent, seg, chunk_start)
        if opening is None:
            return None
        before = [m for m in marks if opening <= m.start < chunk_start]
        # a speech-act word inside a title ("Trưởng ban chỉ đạo") is no speech act before the comma
        acts = {(m.start, m.label) for _, m in _leads(sent)}
        words = _words(doc)
        # "trả lời cụ thể từng ý kiến": a document opener inside a clause is an adverb, it opens no content
        inside = {m.start for m in before if m.label == "DOCSCOPE" and m.start > opening and words[m.start - 1] != ","}
        labels = {
            m.label
            for m in before
            if (m.label not in ("LEAD", "EMPHASIS") or (m.start, m.label) in acts) and m.start not in inside
        }
        if labels & _NOT_A_SHARED_SUBJECT or {"PAST", "PERIOD"} <= _report_labels(before):
            return None
        first = next((m for m in before if m.label == "SPEAKER"), None)
        if first is None:
            return None
        opens = _chunk_start(doc, opening, first.start)
        if _skip_openers(doc, marks, opens, first.start) != first.start:
            return None
        end = _name_end(before, first.start, chunk_start - 1)
        text = _text(doc, first.start, end).strip(_TRAILING)
        if not text:
            return None
        return self.resolve_speaker(text, sent.offset + doc[first.start].idx) or text

    # ------------------------------------------------------------------ other openings

    def _passive(self, sent: _Sentence) -> bool:
        """ "các xã được yêu cầu rà soát ...": the subject is the addressee, the speaker goes on."""
        for index, seg in enumerate(sent.segments):
            passives = [m for m in sent.marks if m.label == "PASSIVE" and seg.start <= m.start < seg.end]
            if not passives:
                continue
            # "được giao nhiệm vụ chủ động ...": the longest phrase at the first place ends before the task
            passive = max((m for m in passives if m.start == passives[0].start), key=_length)
            start = _skip_openers(sent.doc, sent.marks, seg.start, passive.start)
            # a body, or a person named with his person word ("ông X, Phó Giám đốc Sở, được giao phụ trách ...")
            if not any(
                m.start == start and (m.label == "ADDRESSEE" or m.rule == "speaker.pronoun") for m in sent.marks
            ):
                return False
            task = _skip_modals(sent.marks, passive.end)
            charged = any(m.label == "CHARGE" and m.start == task for m in sent.marks)
            if _head(sent.marks, task) not in ("ACTION", "MODAL") and not charged:
                return False  # "huyện được giao 50 tỷ đồng": what was allotted, no task
            addressee = sent.doc[start : passive.start].text.strip(_TRAILING)
            speaker = self.scope.speaker or self._document_issuer()  # "... theo Quyết định do X ký. Sở Y được giao"
            self.scope = Scope(speaker=speaker, addressee=addressee, opened=True)
            self._emit(sent, _skip_modals(sent.marks, passive.end), seg.end, addressee, ("decide.passive",))
            for later in sent.segments[index + 1 :]:
                self._segment(sent, later, ("decide.segment",), in_list=True)
            return True
        return False

    def _target(self, sent: _Sentence) -> bool:
        """ "Năm 2027, Đảng bộ xã phấn đấu ...; ...": a body named right before a target word sets itself that
        target: its commitment, due at the frame that opens the sentence; the later segments go on with it."""
        if not sent.segments:
            return False
        seg, doc = sent.segments[0], sent.doc
        target = next((m for m in sent.marks if m.label == "TARGET" and seg.start <= m.start < seg.end), None)
        if target is None:
            return False
        start = _skip_openers(doc, sent.marks, _chunk_start(doc, seg.start, target.start), target.start)
        named = any(m.start == start and m.label in ("ADDRESSEE", "SPEAKER") for m in sent.marks)
        if start >= target.start or not (named or doc[start].text[:1].isupper()):
            return False
        name_end = _name_end(sent.marks, start, target.start)
        body = _text(doc, start, name_end).strip(_TRAILING)
        if not body or not _only_function_words(sent.marks, name_end, target.start):
            return False  # a verb between the body and the target word: the body does something else
        opening = _text(doc, seg.start, _chunk_start(doc, seg.start, target.start)).strip(_TRAILING)
        frame = opening if opening and any(c.isdigit() for c in opening) and len(opening.split()) <= 6 else None
        self.scope = Scope(speaker=body, addressee=body, deadline=frame, opened=True, kind="commitment")
        self._emit(sent, target.start, seg.end, body, ("decide.target",))
        for later in sent.segments[1:]:
            # "...; đạt kim ngạch ...; thu ngân sách ...": each semicolon segment names one more target, whatever
            # verb opens it (a result word like "đạt" included)
            if later.label_ == "semicolon" or later is sent.segments[-1]:
                self._emit(
                    sent, _skip_openers(doc, sent.marks, later.start, later.end), later.end, body, ("decide.target",)
                )
            else:
                self._segment(sent, later, ("decide.segment",), in_list=True)
        return True

    def _document_target(self, sent: _Sentence) -> bool:
        """ "UBND tỉnh ban hành Kế hoạch ... Phấn đấu đến năm 2025, đón 3 triệu lượt khách ...": with no one
        speaking, a segment that opens with a target word states a target of the reported document, its
        issuer's commitment (GUIDELINE: targets); the later segments go on with it."""
        if self.scope.active or not self.issued:
            return False
        doc, targets = sent.doc, {m.start for m in sent.marks if m.label == "TARGET"}
        opened = next(
            (
                (index, seg, start)
                for index, seg in enumerate(sent.segments)
                if (start := _skip_openers(doc, sent.marks, seg.start, seg.end)) in targets
            ),
            None,
        )
        issuer = self._document_issuer() if opened is not None else None
        if opened is None or issuer is None:
            return False
        index, seg, start = opened
        self.scope = Scope(speaker=issuer, opened=True, kind="commitment")
        self._emit(sent, start, seg.end, None, ("decide.target",))
        for later in sent.segments[index + 1 :]:
            self._segment(sent, later, ("decide.segment",), in_list=True)
        return True

    def _plan(self, sent: _Sentence) -> bool:
        """ "6 tháng còn lại của năm, huyện A tập trung ...": a future frame opening the sentence, then a body and
        its action (with or without "sẽ"): the body's plan, a commitment of the current speaker, of the latest
        document's issuer or of the body itself, due at the frame if it is dated; later segments go on with it."""
        if not sent.segments or not any(m.label == "FUTURE" for m in sent.marks):
            return False  # most sentences: no frame to read
        seg, doc = sent.segments[0], sent.doc
        opening = _skip_openers(doc, sent.marks, seg.start, seg.end)
        comma = next((t.i for t in doc[opening : min(seg.end, opening + MAX_FRAME)] if t.text == ","), None)
        if comma is None or not _future_frame(sent, opening, comma):
            return False
        start = comma + 1
        if not any(m.start == start and m.label in ("ADDRESSEE", "SPEAKER") for m in sent.marks):
            return False
        planned = _planned_action(sent.marks, start, seg.end)
        if planned is None:
            return False
        name_end, action = planned
        body = _text(doc, start, name_end).strip(_TRAILING)
        speaker = self.scope.speaker if self.scope.active else self._document_issuer()
        frame = _time_frame(_text(doc, opening, comma))
        self.scope = Scope(speaker=speaker or body, addressee=body, deadline=frame, opened=True, kind="commitment")
        self._emit(sent, action.start, seg.end, body, ("decide.plan",))
        for later in sent.segments[1:]:
            self._segment(sent, later, ("decide.segment",), in_list=True)
        return True

    def _report(self, sent: _Sentence) -> bool:
        """ "Giám đốc Sở cho biết, thời gian tới, sở sẽ rà soát ...": a commitment of the speaker's body."""
        if not sent.segments:
            return False
        seg = sent.segments[0]
        report = next((m for m in sent.marks if m.label in ("REPORT", "PER") and seg.start <= m.start < seg.end), None)
        # "Chủ tịch nước cho rằng để ..., các cấp phải chủ động ...": an opinion that states a duty
        opinion = report is None
        if opinion:
            report = _speakers_opinion(sent, seg)
        attribution = sent.attribution
        if report is None or (attribution is not None and report.start > attribution):
            return False
        speaker = self._reporter(sent, seg, report)
        voiced = _chunk_start(sent.doc, seg.start, report.start) if opinion else seg.start
        if speaker is None or any(m.label == "FLOOR" and voiced <= m.start < report.start for m in sent.marks):
            return False  # "Đại diện các hộ dân cho biết, bà con sẽ ...": residents, not officials
        index = 0
        if seg.label_ == "colon" and len(sent.segments) > 1 and report.end >= seg.end:
            index, seg = 1, sent.segments[1]  # "X cho biết: Công an tỉnh sẽ ...": what was said follows the colon
        if not opinion and self._reported_focus(sent, index, report, speaker):
            return True
        after = [m for m in sent.marks if report.end <= m.start < seg.end]
        for m in after:
            if m.label not in ("ACTION", "MODAL", "COMMIT"):
                continue
            subject_start = _chunk_start(sent.doc, max(report.end, seg.start), m.start)
            future = any(f.label == "FUTURE" and report.end <= f.start <= m.start for f in after)
            subject_end = _subject_end(after, subject_start, seg.end, allow_commit=True)
            if subject_end is None:
                subject_end = _name_before_modal(sent.doc, after, subject_start)  # "..., Hòa Bình phải ..."
            # "X nêu rõ ..., Hòa Bình phải tiếp tục ...": what a body must do, reported by a leader, is his order
            obliged = any(o.label == "OBLIGE" and o.start == subject_end for o in after) and not any(
                f.label in ("FLOOR", "DELEGATE") and voiced <= f.start < subject_start for f in sent.marks
            )  # "Theo đại biểu, tỉnh cần ...": a delegate's view
            if not (obliged or (future and not opinion)) or subject_end is None:
                continue
            subject = sent.doc[subject_start:subject_end].text.strip(_TRAILING)
            kind = "commitment" if future and not obliged else "directive"
            self.scope = Scope(speaker=speaker, addressee=subject, opened=True, kind=kind)
            rule = "decide.report" if kind == "commitment" else "decide.reported_duty"
            self._emit(sent, _skip_modals(after, subject_end), seg.end, subject, (rule,))
            for later in sent.segments[index + 1 :]:
                self._segment(sent, later, ("decide.segment",), in_list=True)
            return True
        return False

    def _reported_focus(self, sent: _Sentence, index: int, report: Mark, speaker: str) -> bool:
        """ "Giám đốc Sở cho biết, năm 2025, nhiệm vụ trọng tâm của ngành là đẩy mạnh ...": the focus a speaker
        reports, opening its comma chunk and followed by "là" and the task, is his body's commitment; the body
        the focus names ("của ngành") is the assignee, a time frame before it the deadline."""
        seg, doc = sent.segments[index], sent.doc
        after = [m for m in sent.marks if report.end <= m.start < seg.end]
        focus = max((m for m in after if m.label == "FOCUS"), default=None, key=_length)
        if focus is None or _chunk_start(doc, report.end, focus.start) != focus.start:
            return False
        copula = next((m for m in after if m.label == "COPULA" and m.start >= focus.end), None)
        if copula is None:
            return False
        action = next((m for m in after if m.label == "ACTION" and m.start == copula.end), None)
        if action is None or _negative_at(sent.marks, action.start, window=6):
            return False
        # "nhiệm vụ trọng tâm năm qua là ... và đã đạt ...": the focus of a period gone is a report
        if any(m.label == "PAST" for m in after) or any(
            m.label == "PERIOD" and focus.end <= m.start < copula.start and not _framed(after, m) for m in after
        ):
            return False
        named = next((m for m in after if m.label == "ADDRESSEE" and focus.end <= m.start < copula.start), None)
        body = _text(doc, named.start, copula.start).strip(_TRAILING) if named is not None else None
        frame = _time_frame(_text(doc, report.end, focus.start)) or _time_frame(_text(doc, focus.end, copula.start))
        self.scope = Scope(speaker=speaker, addressee=body, deadline=frame, opened=True, kind="commitment")
        self._emit(sent, action.start, seg.end, body, ("decide.reported_focus",))
        for later in sent.segments[index + 1 :]:
            self._segment(sent, later, ("decide.segment",), in_list=True)
        return True

    def _reporter(self, sent: _Sentence, seg: Span, report: Mark) -> str | None:
        doc = sent.doc
        start = _chunk_start(doc, seg.start, report.start)
        filler = [m for m in sent.marks if m.label in ("AUX", "CONNECTIVE") and start <= m.start < report.start]
        text = _text(doc, start, report.start).strip(_TRAILING)
        if not text or all(any(m.start <= i < m.end for m in filler) for i in range(start, report.start)):
            # "Theo ông X, ...": the speaker follows the reporting word
            end = next((t.i for t in doc[report.end : seg.end] if t.text == ","), seg.end)
            text, start = _text(doc, report.end, end).strip(_TRAILING), report.end
        return self.resolve_speaker(text, sent.offset + doc[start].idx) if text else None

    def _focus(self, sent: _Sentence) -> bool:
        """ "Nhiệm vụ trọng tâm tháng tới là tập trung ...": the task follows the focus phrase."""
        if not sent.segments:
            return False
        seg = sent.segments[0]
        start = _skip_openers(sent.doc, sent.marks, seg.start, seg.end)
        focus = max((m for m in sent.marks if m.label == "FOCUS" and m.start == start), default=None, key=_length)
        if focus is None:
            return False
        action = next((m for m in sent.marks if m.label == "ACTION" and focus.end <= m.start < seg.end), None)
        if action is None or any(m.label == "PAST" and focus.end <= m.start < action.start for m in sent.marks):
            return False
        if _negative_at(sent.marks, action.start, window=6):
            return False  # "Trọng tâm là sắp xếp bộ máy được ...": a report
        between = sent.doc[focus.end : action.start].text
        frame = _time_frame(between) or _bare_period(between)
        # "X yêu cầu các cấp, các ngành ... Trọng tâm trước mắt là ...": the focus goes on with whom he addressed
        addressee = self.scope.addressee if self.scope.speaking else None
        self.scope = Scope(speaker=self.scope.speaker, addressee=addressee, opened=True, deadline=frame)
        self._emit(sent, action.start, seg.end, addressee, ("decide.focus",))
        for later in sent.segments[1:]:
            self._segment(sent, later, ("decide.segment",), in_list=True)
        return True

    def _opens_otherwise(self, sent: _Sentence) -> bool:
        """A sentence with no speech act that still opens a scope (each reader says how), tried in order."""
        readers = (
            self._passive,
            self._document_states,
            self._report,
            self._focus,
            self._announced,
            self._target,
            self._document_target,
            self._plan,
            self._document_list,
        )
        return any(read(sent) for read in readers)

    def _document_list(self, sent: _Sentence) -> bool:
        """ "UBND tỉnh đã ban hành Quyết định số ... về việc ..., cụ thể:": a document this sentence names, its
        content listed after the colon: the entries are its issuer's tasks (GUIDELINE: a document reported as
        news of the day). A period report ("Năm qua, ...") opens no such list."""
        if not self._ends_with_colon(sent.segments) or not self.issued or self.issued[-1].sent is not sent:
            return False
        if any(m.label == "PERIOD" for m in sent.marks):
            return False
        issuer = self._named(self.issued[-1])
        if issuer is None:
            return False
        self.scope = Scope(speaker=issuer, opened=True, gap=0, list_open=True)
        return True

    def _document_states(self, sent: _Sentence) -> bool:
        """ "Công văn do X ký nêu rõ các sở triển khai ...": what a document states is its signer's speech act."""
        if not sent.segments:
            return False
        seg = sent.segments[0]
        report = next((m for m in sent.marks if m.label == "REPORT" and seg.start <= m.start < seg.end), None)
        if report is None:
            return False
        start = _chunk_start(sent.doc, seg.start, report.start)
        if not any(m.label == "DOCUMENT" and m.start == start for m in sent.marks):
            return False
        # what it states must open with the ones it addresses ("Công văn khẳng định, việc ... là ...": no order);
        # after a colon, in the next segment ("Công văn nêu rõ: Sở Xây dựng, UBND các xã ... phối hợp ...")
        stated = sent.segments[1] if seg.label_ == "colon" and len(sent.segments) > 1 else seg
        first = next((t.i for t in sent.doc[report.end : stated.end] if not t.is_punct), stated.end)
        if not any(m.label == "ADDRESSEE" and m.start == first for m in sent.marks):
            return False
        return self._open_scope(sent, 0, report._replace(label="LEAD"))

    def _announced(self, sent: _Sentence) -> bool:
        """ "X đã nêu rõ một số nhiệm vụ trọng tâm trong thời gian tới: Thứ nhất, ...": a speaker who states the
        tasks ahead before a colon opens a list of them."""
        for index, seg in enumerate(sent.segments):
            if seg.label_ != "colon":
                continue
            focus = next((m for m in sent.marks if m.label == "FOCUS" and seg.start <= m.start < seg.end), None)
            said = [m for m in sent.marks if m.label in ("REPORT", "STATEMENT") and seg.start <= m.start]
            said = [m for m in said if focus is not None and m.end <= focus.start]
            if not said:
                continue
            verb = said[-1]  # the statement nearest the tasks ("Phát biểu ..., X đã nêu rõ ...")
            prefix = [m for m in sent.marks if m.start < verb.start]
            found, speaker, _ = self._speaker(sent, seg, verb, prefix)
            if not (found and speaker):
                # "..., đồng chí X, Phó Bí thư ... đã nêu rõ": the speaker named before the apposition
                marked = _marked_before(sent, seg, verb, prefix)
                speaker = (self.resolve_speaker(marked, sent.offset) or marked) if marked else None
            if not speaker:
                return False
            frame = _time_frame(_text(sent.doc, focus.end, seg.end)) if focus else None
            self.scope = Scope(speaker=speaker, deadline=frame, opened=True, list_open=True)
            for later in sent.segments[index + 1 :]:
                self._segment(sent, later, ("decide.list_entry",), in_list=True)
            return True
        return False

    # ------------------------------------------------------------------ sentences without a speech act

    def _continue(self, sent: _Sentence) -> None:
        if not sent.segments:
            return
        in_list = self.scope.list_open and sent.entry
        if self.scope.list_open and sent.bare:
            # an unmarked line of a list still needs its action or its addressee up front
            self.scope.gap = 0
        opening = ("decide.list_entry",) if in_list else ()
        recipients = _recipients(sent)
        if recipients is not None:
            # "Công điện gửi Chủ tịch UBND tỉnh; Bộ trưởng các Bộ: ...": whom the document goes to (semicolons
            # included) is no task; it addresses the document's content
            self.scope.addressee = recipients
            return
        # "- Tăng cường giám sát: UBND các xã đẩy mạnh kiểm tra ...": the entry's label, then its task
        segments = sent.segments[1:] if _is_entry_heading(sent) else sent.segments
        first = self._segment(sent, segments[0], opening, in_list=in_list)
        rest = segments[1:]
        if not first and segments[0].label_ == "colon" and rest:
            # "- Sở Y tế: chủ trì ...": the entry's addressee, then its task
            first = self._segment(sent, rest[0], opening, in_list=in_list)
            rest = rest[1:]
        if not first:
            return
        for seg in rest:
            self._segment(sent, seg, ("decide.segment",), in_list=True)

    def _segment(self, sent: _Sentence, seg: Span, rules: tuple[str, ...], *, in_list: bool) -> bool:
        """The tasks of one segment of a running speech; a time frame that opens the segment before its
        subject ("Trước 19 giờ ngày 24/8, các địa phương phải báo cáo ...") is their deadline."""
        attribution = sent.attribution  # what names the quotation's speaker is no part of the task
        end = seg.end if attribution is None else min(seg.end, attribution)
        marks = [m for m in sent.marks if seg.start <= m.start < end]
        opening = _skip_openers(sent.doc, marks, seg.start, seg.end)
        subject = _after_circumstance(sent.doc, marks, opening, seg.end)
        before = len(self.tasks)
        found = self._named_list(sent, seg, marks, subject, rules) or self._segment_tasks(
            sent, seg, marks, subject, rules, in_list=in_list
        )
        frame = _circumstance_frame(sent.doc, marks, opening, subject) if len(self.tasks) > before else None
        if frame is not None:
            self.tasks[before:] = [
                replace(t, deadline=frame) if t.deadline in (None, self.scope.deadline) else t
                for t in self.tasks[before:]
            ]
        return found

    def _segment_tasks(
        self, sent: _Sentence, seg: Span, marks: list[Mark], start: int, rules: tuple[str, ...], *, in_list: bool
    ) -> bool:
        """The tasks of the segment whose subject, past its openers and circumstance, starts at ``start``."""
        if _states_no_task(sent.doc, seg, marks, start):
            return False
        if rules[:1] == ("decide.segment",):
            start = _after_repeated_act(marks, start)
        obligation = _obligation_after(marks, start, min(seg.end, start + MAX_SUBJECT + 1))
        opening = [m for m in marks if not (m.label == "PAST" and _in_relative_clause(m, obligation))]
        if start >= seg.end or _negative_at(opening, start) or _reports_speech(marks):
            return False
        if seg.label_ == "colon" and any(m.label == "TOPIC" and m.start == start for m in marks):
            return False  # "1. Đối với công tác phòng chống dịch:": the heading of the entries that follow
        enumeration = rules[:1] == ("decide.segment",) and seg.label_ != "colon"
        if enumeration and _continues_enumeration(sent.doc, marks, start, seg.end):
            documents = any(m.label == "DOCUMENT" and m.start == start for m in marks)
            return self._extend_last(sent, start, seg.end, documents=documents)
        if _only_addressee(marks, start):
            # "- Sở Y tế: chủ trì ...": the entry's own addressee; "1. Sở Y tế" on a line of its own heads the
            # entries that follow
            self.heading = sent.entry and _ends_without_stop(sent.doc, seg)
            if seg.label_ == "colon" or self.heading:
                self.scope.addressee = sent.doc[start : seg.end].text.strip(_TRAILING)
            return False
        if obligation is not None and _quantified_party(marks, start):
            # "Tất cả các xã phải báo cáo ...": the parties the quantifier names must act
            self.scope.addressee = _text(sent.doc, start, obligation).strip(_TRAILING)
            action = _skip_modals(marks, obligation)
            self._emit(sent, action, seg.end, self.scope.addressee, (*rules, "decide.continue_subject"))
            return True
        framed = start > seg.start and _words(sent.doc)[start - 1] == ","  # a subject after its circumstance
        if (
            _matter_obligation(marks, start, seg.end, framed=framed)
            or _thing_obliged(sent.doc, marks, start, seg.end)
            or (in_list and _bare_matter(marks, start, seg.end))
        ):
            # "Việc rà soát phải bảo đảm công khai": the subject stays in the text (GUIDELINE)
            self._emit(sent, start, seg.end, self.scope.addressee, (*rules, "decide.matter"))
            return True
        if _setting_duty(sent.doc, marks, start, seg.end):
            # "Tại các khu rừng ..., phải bố trí ...": the duty keeps its setting and goes to the addressee
            self._emit(sent, start, seg.end, self.scope.addressee, (*rules, "decide.setting"))
            return True
        if _head(marks, start) in ("ACTION", "MODAL"):
            action = _skip_modals(marks, start)
            self._emit(sent, action, seg.end, self.scope.addressee, (*rules, "decide.continue_action"))
            return True
        return self._subject_or_entry(sent, seg, marks, start, rules, in_list=in_list)

    def _subject_or_entry(
        self, sent: _Sentence, seg: Span, marks: list[Mark], start: int, rules: tuple[str, ...], *, in_list: bool
    ) -> bool:
        """A segment that opens with its own addressee ("Sở Y tế chủ trì ..."), or an entry of an open list."""
        own = next((m for m in marks if m.label == "SELF" and m.start == start), None)
        if own is not None and _has_verb(marks, _skip_modals(marks, own.end), seg.end):
            # "chúng tôi sẽ phối hợp ...": the speaker's body commits itself, and goes on doing so
            self.scope.kind, self.scope.addressee = "commitment", _text(sent.doc, own.start, own.end)
            self._emit(sent, _skip_modals(marks, own.end), seg.end, self.scope.addressee, (*rules, "decide.own"))
            return True
        subject_end = _subject_end(marks, start, seg.end, allow_commit=True)
        if subject_end is None:
            subject_end = _name_before_modal(sent.doc, marks, start)  # "Tuyên Quang cần ...": a place named alone
        if subject_end is not None and _is_pronoun(marks, start, subject_end):
            return False  # the speaker, named by a pronoun, says or does something: not an addressee's task
        if subject_end is not None and any(m.label == "DOCUMENT" and m.start == start for m in marks):
            return False  # "Văn bản này thay thế ...": a document is no party that acts
        if subject_end is not None and any(
            m.label == "LEAD" and start < m.start < subject_end and not _is_order(marks, m) for m in marks
        ):
            return False  # "Tỉnh X đề nghị Bộ hỗ trợ ...": a request upward, no addressee's task
        if subject_end is not None:
            subject = sent.doc[start:subject_end].text.strip(_TRAILING)
            named = self.resolve_speaker(subject, sent.offset)
            if named and named != subject and named in subject:
                return False  # "Phó Chủ tịch UBND tỉnh Lê Văn A kiểm tra ...": what a named person did
            action = _skip_modals(marks, subject_end)
            bound = any(m.label in ("OBLIGE", "COMMIT") and subject_end <= m.start < action for m in marks)
            if subject == self.scope.speaker and not bound:
                return False  # "X chỉ đạo các đơn vị ... X triển khai ...": what the speaker itself does
            if _obliged_patient(marks, subject_end, action):
                # "các kho hàng cũng phải được kiểm tra ...": the subject undergoes the task, it is the task's
                # matter and stays in the text; whoever does it is not named
                self._emit(sent, start, seg.end, None, (*rules, "decide.patient"))
                return True
            self.scope.addressee = subject  # "Sở Y tế chủ trì ...; hướng dẫn ...": the subject goes on
            self._emit(sent, action, seg.end, subject, (*rules, "decide.continue_subject"))
            return True
        quoted = sent.doc[start].text in _QUOTES
        entry = in_list and seg.end - start >= 3 and not quoted and _has_verb(marks, start, seg.end)
        if entry and not _negative_at(marks, start, window=8):
            self._emit(sent, start, seg.end, self.scope.addressee, (*rules, "decide.list_entry"))
            return True
        return False

    def _named_list(self, sent: _Sentence, seg: Span, marks: list[Mark], start: int, rules: tuple[str, ...]) -> bool:
        """Short names that open the segment after a plural addressee and its colon: they complete the addressee
        ("giao các sở: Tài chính, Tư pháp chuẩn bị ..."), or, after a task's colon, go on with that task
        ("phối hợp với UBND các quận: Hải Châu, Sơn Trà kiểm tra ...")."""
        named = _names_after_colon(sent, seg, marks, start)
        if named is None:
            return False
        if self._task_before_colon(sent, seg):
            return self._extend_last(sent, seg.start, seg.end)
        if not self.scope.addressee:
            return False
        self.scope.addressee = f"{self.scope.addressee}: {_text(sent.doc, start, named).strip(_TRAILING)}"
        self._emit(sent, named, seg.end, self.scope.addressee, (*rules, "decide.named_list"))
        return True

    def _task_before_colon(self, sent: _Sentence, seg: Span) -> bool:
        """The segment before ``seg`` (cut at a colon) holds the last task found, which started before the colon."""
        if not self.tasks or seg.start < 2:
            return False
        colon_at, _ = _article_offsets(sent, seg.start - 1, seg.start)
        index = _segment_index(sent, seg)
        before_at, _ = _article_offsets(sent, sent.segments[index - 1].start, seg.start) if index else (colon_at, 0)
        return before_at <= self.tasks[-1].end and self.tasks[-1].start < colon_at

    def _extend_last(self, sent: _Sentence, start: int, end: int, *, documents: bool = False) -> bool:
        """The task before goes on to ``end`` when it was found in this paragraph ("...; Chỉ thị số 6 ..."); an
        enumeration of ``documents`` is the task's own words (rule ``decide.enumeration``)."""
        if not self.tasks or self.tasks[-1].start < sent.offset:
            return False
        end = _without_trailing(sent.doc, start, end)
        if end > start:
            _, finish = _article_offsets(sent, start, end)
            last = self.tasks[-1]
            enumerated = not documents or "decide.enumeration" in last.rules
            rules = last.rules if enumerated else (*last.rules, "decide.enumeration")
            self.tasks[-1] = replace(last, end=max(finish, last.end), rules=rules)
        return True

    def _emit(self, sent: _Sentence, start: int, end: int, assignee: str | None, rules: tuple[str, ...]) -> None:
        doc = sent.doc
        while start < end and doc[start].is_punct:
            start += 1
        end = _before_attribution(doc, start, end)
        end = _without_trailing(doc, start, end)
        if end - start < 2:
            return
        if any(m.label == "STATUS" and start <= m.start < end for m in sent.marks):
            return  # "thực hiện 9 nhiệm vụ, đến nay đã hoàn thành 7": progress reported, not a task
        if _coordinated_result(sent.marks, start, end):
            return  # "chỉ đạo các sở tập trung triển khai và đã đạt được nhiều kết quả": the order, carried out
        if any(m.label == "COPULA" and m.start == start for m in sent.marks):
            return  # "(Quy trình ...) là cơ sở để ...", "(...) cũng là đơn vị ...": a statement, not a task
        text = _text(doc, start, end)
        begin, finish = _article_offsets(sent, start, end)
        own = find_deadline(text)
        due_time = any(m.label == "DUE" and m.start == start for m in sent.marks) and text.endswith(own or "\0")
        if (
            own
            and (due_time or len(text.replace(own, " ").split()) <= 2)
            and rules[:1] == ("decide.segment",)
            and self.tasks
        ):
            # "...; hoàn thành trước ngày 25/9": the deadline of the task before, not a task
            last = self.tasks[-1]
            if last.deadline is None or last.deadline == self.scope.deadline:
                self.tasks[-1] = replace(last, deadline=own)
            return
        deadline = own or self.scope.deadline
        task = Task(begin, finish, self.scope.speaker, assignee, deadline, rules, self.scope.kind)
        self.tasks.append(task)


def _without_trailing(doc: Doc, start: int, end: int) -> int:
    """``end`` moved back over closing punctuation (",", "./.", "..."), not below ``start``."""
    words = _words(doc)
    while end > start and all(c in _TRAILING for c in words[end - 1]):
        end -= 1
    return end


def _article_offsets(sent: _Sentence, start: int, end: int) -> tuple[int, int]:
    """Offsets in the article of the tokens ``[start, end)`` (the tokenizer kept the input's offsets)."""
    doc = sent.doc
    starts = doc.user_data.get("starts") or [t.idx for t in doc]
    return sent.offset + starts[start], sent.offset + starts[end - 1] + len(_words(doc)[end - 1])


def _words(doc: Doc) -> list[str]:
    """The tokens' texts (``doc[i].text`` makes a Token object per access)."""
    words: list[str] = doc.user_data.get("words") or [t.text for t in doc]
    return words


def _text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text``, sliced from the doc's text: a Span's text reads every token through a Token
    object, and the tasks' and speakers' texts were most of the discourse component's token reads."""
    words, n = _words(doc), len(doc)
    # the bounds as spaCy's doc[start:end] takes them
    start = min(n, max(0, start + n if start < 0 else start))
    end = min(n, max(start, end + n if end < 0 else end))
    if start == end:
        return ""
    text, offsets = doc_text(doc)
    return text[offsets[start] : offsets[end - 1] + len(words[end - 1])]


@dataclass
class _Body:
    """What follows a speech act: an addressee, then the action; or the addressee of a list."""

    addressee: str | None
    action_start: int | None
    deadline: str | None
    list_open: bool
    examples: bool
    split: bool  # the addressee ends where an action or modal begins
    acts: bool  # an action or modal opens the task (not the whole rest taken as a task)

    def __init__(self, sent: _Sentence, start: int, end: int) -> None:
        # set here, not as class-level defaults: a compiled instance (chidao.nlp.native) has no class fallback
        self.split = self.acts = False
        marks = [m for m in sent.marks if start <= m.start < end]
        doc = sent.doc
        openers = [m for m in marks if m.label == "LISTOPEN" and m.end >= end - 1]
        self.list_open = bool(openers)
        self.examples = bool(openers) and _lists_examples(marks, openers)
        self.deadline = None
        # "đề nghị trong thời gian tới(,) xã A cần ...": a time frame before the addressee
        framed = max([start, *(m.end for m in marks if m.start == start and m.label == "FUTURE")])
        # "yêu cầu chậm nhất là hết tháng 7-2027, 91 cơ sở ... phải ...": a dated frame up to a comma
        dated = _dated_frame(doc, marks, start, end)
        if dated is not None:
            framed, self.deadline = dated
        # "yêu cầu, huyện A và các đơn vị khẩn trương ...": a comma before the addressee
        named = any(m.start == framed + 1 and m.label in ("ADDRESSEE", "SPEAKER") for m in marks)
        if framed + 1 < end and doc[framed].text == "," and (framed > start or named):
            framed += 1
        start = _chained_lead(marks, framed)
        head = _head(marks, start)
        # "nhấn mạnh việc tiết kiệm nguồn chi ...": a word that makes a verb a noun opens the task itself
        nominal = next((m for m in marks if m.label == "NOMINAL" and m.start == start and not m.upper), None)
        if nominal is not None and nominal.end < end:
            start, head = nominal.end, "ACTION"
        if head in ("ACTION", "MODAL") and not _starts_addressee(marks, start):
            self.addressee, self.action_start = None, _skip_modals(marks, start)
            self.acts = not self.list_open or self.examples
            return
        # after a speech act, villages and residents are addressed ("yêu cầu các tổ dân phố ..."), no floor voice
        cut = _subject_end([m for m in marks if m.label != "FLOOR"], start, end, limit=end - start)
        cut = _name_before_modal(sent.doc, marks, start) if cut is None else cut
        if cut is None:
            # "nhấn mạnh một số nhiệm vụ như: ...": a list intro names no addressee
            named = any(m.start == start and m.label == "ADDRESSEE" for m in marks)
            self.addressee = (_text(doc, start, end).strip(_TRAILING) or None) if named else None
            self.action_start = None if self.list_open or end - start <= MAX_SUBJECT else start
            if self.action_start is not None:
                self.addressee = None
            return
        scope = [m for m in marks if m.label == "SCOPE" and m.start < cut]
        addressee_end = min((m.start for m in scope), default=cut)
        start = _after_assertion(doc, marks, start, cut)
        self.addressee = _text(doc, start, addressee_end).strip(_TRAILING) or None
        self.deadline = self.deadline or _time_frame(_text(doc, start, cut))
        self.action_start = _skip_modals(marks, cut)
        self.split = self.acts = True


def _lists_examples(marks: list[Mark], openers: list[Mark]) -> bool:
    """After a task, "như" lists its examples ("hướng dẫn bà con che chắn chuồng trại như: ..."); after a
    counted noun ("chú ý một số nhiệm vụ như: ...") it heads a list of tasks."""
    if not all(m.rule == "list.examples" for m in openers):
        return False
    opener = openers[0].start
    verb = max((m.start for m in marks if m.label in ("ACTION", "MODAL") and m.start < opener), default=None)
    return verb is not None and not any(m.label in ("DETERMINER", "FOCUS") and verb < m.start < opener for m in marks)


def _dated_frame(doc: Doc, marks: list[Mark], start: int, end: int) -> tuple[int, str | None] | None:
    """A time frame (FRAME mark) right after the speech act that runs to a comma and names a date, or any frame
    when a named party follows the comma ("yêu cầu trong tuần đầu tiên, Trung tâm ... phải ..."): where the
    comma stands and the dated frame (None when undated), or None."""
    if not any(m.label == "FRAME" and m.start == start for m in marks):
        return None
    comma = next((t.i for t in doc[start : min(end, start + MAX_FRAME)] if t.text == ","), None)
    if comma is None:
        return None
    frame = _time_frame(doc[start:comma].text)
    named = any(m.start == comma + 1 and m.label in ("ADDRESSEE", "SPEAKER") for m in marks)
    return (comma, frame) if frame or named else None


def _chained_lead(marks: list[Mark], start: int) -> int:
    """ "chỉ đạo Trưởng phòng Giáo dục yêu cầu các trường ...": an addressee who passes the order on with a speech
    act that is no action ("yêu cầu"; "giao X chỉ đạo Y ..." is X's task); the last addressee acts. Where that
    addressee starts, else ``start``."""
    if not any(m.start == start and m.label in ("ADDRESSEE", "SPEAKER") for m in marks):
        return start
    verbs = [m.start for m in marks if m.label in ("ACTION", "MODAL") and m.start > start and not m.upper]
    first_verb = min(verbs, default=None)
    inner = next(
        (
            m
            for m in marks
            if m.label == "LEAD"
            and start < m.start
            and (first_verb is None or m.start < first_verb)
            and any(a.start == m.end and a.label == "ADDRESSEE" for a in marks)
            and not any(a.label == "AND" and a.end == m.start for a in marks)  # "giao A và đề nghị B": both
        ),
        None,
    )
    return start if inner is None else inner.end


def _after_assertion(doc: Doc, marks: list[Mark], start: int, cut: int) -> int:
    """ "nhấn mạnh hội nghị là sự kiện quan trọng, vì vậy các tiểu ban phải ...": where what is asserted
    before a connective and a comma ends and the addressee of the obligation begins (``start`` if nowhere)."""
    chunk = _chunk_start(doc, start, cut)
    if chunk == start:
        return start
    opens = _skip_openers(doc, marks, chunk, cut)
    connective = any(m.label == "CONNECTIVE" and m.start == chunk for m in marks)
    addressed = any(m.label == "ADDRESSEE" and m.start == opens for m in marks)
    return opens if connective and addressed else start


# Capitalised syllables of a place or body named with no body word ("Ninh Bình", "Phú Quốc") before a modal.
MAX_BARE_NAME = 4


def _name_before_modal(doc: Doc, marks: list[Mark], start: int) -> int | None:
    """ "lưu ý Ninh Bình cần ...", "đề nghị Phú Yên phải ...", "mong muốn Hòa Bình quan tâm ...": a bare proper
    name right after the speech act, then a modal or an action, is the addressee (a province or town named
    alone); where the modal or action stands, or None."""
    words = _words(doc)
    end = start
    while end < len(words) and end - start < MAX_BARE_NAME and words[end][:1].isupper() and words[end].isalpha():
        end += 1
    if end - start < 2 or any(
        start <= m.start < end and m.label not in ("ADDRESSEE", "SPEAKER", "UNIT") for m in marks
    ):
        return None
    return end if any(m.start == end and m.label in ("MODAL", "ACTION") and not m.upper for m in marks) else None


def _read_as_addressee_list(sent: _Sentence, body: _Body, seg: Span) -> None:
    """ "... yêu cầu Ban Chỉ huy các huyện, thị xã và các ngành:": a long body with no verb before a colon is
    the addressee list of the lines that follow, not a task."""
    if body.action_start is None or body.acts or seg.label_ != "colon":
        return
    if not _has_verb(sent.marks, body.action_start, seg.end):
        body.addressee = sent.doc[body.action_start : seg.end].text.strip(_TRAILING) or None
        body.action_start = None


def _body_over_semicolons(sent: _Sentence, seg_index: int, lead: Mark) -> tuple[_Body, int]:
    """The body after a speech act; an addressee list may go on over semicolons ("các sở; UBND các xã ...")."""
    body = _Body(sent, lead.end, sent.segments[seg_index].end)
    last = seg_index
    while not body.split and last + 1 < len(sent.segments) and _goes_on_with_names(sent, last, seg_index):
        nxt = sent.segments[last + 1]
        names_only = sent.segments[last].label_ == "colon" and not _has_verb(sent.marks, nxt.start, nxt.end)
        if not names_only and not any(m.start == nxt.start and m.label == "ADDRESSEE" for m in sent.marks):
            break
        last += 1
        longer = _Body(sent, lead.end, nxt.end)
        if longer.split:
            return longer, last
    return body, seg_index


def _take_stressed_matter(sent: _Sentence, body: _Body, lead: Mark) -> None:
    """ "đặc biệt lưu ý công tác xây dựng nông thôn mới; công tác tiếp công dân": a matter right after an emphasis,
    with no addressee and no verb of its own, is the task itself (as in the sentence reader)."""
    if lead.label != "EMPHASIS" or body.action_start is not None or body.addressee is not None or body.list_open:
        return
    if _opens_with_matter(sent.marks, lead.end):
        body.action_start, body.acts = lead.end, True


def _after_repeated_act(marks: list[Mark], start: int) -> int:
    """ "... yêu cầu thu hồi 1,2 tỷ đồng; kiến nghị kiểm điểm trách nhiệm ...": a later segment of a lead
    sentence that repeats a speech act right before an action goes on from the action (GUIDELINE: an
    inspection conclusion's "yêu cầu ...; kiến nghị ..." are all directives of the inspecting body)."""
    act = max((m for m in marks if m.start == start and m.label in ("LEAD", "EMPHASIS")), default=None, key=_length)
    if act is None or not any(m.start == act.end and m.label == "ACTION" and not m.upper for m in marks):
        return start
    return act.end


def _subject_clause_start(sent: _Sentence, seg: Span, chunk_start: int) -> int | None:
    """Where the clause whose subject a speech act at ``chunk_start`` may share opens, or None.

    A comma chunk shares the subject of its segment ("X kiểm tra công trình, yêu cầu ..."); a segment after
    a semicolon that a speech act opens shares the subject of the sentence ("X thống nhất với báo cáo ...;
    đồng thời yêu cầu ..."): the predicates are coordinated either way.
    """
    if chunk_start > seg.start and any(m.label == "SPEAKER" and seg.start <= m.start < chunk_start for m in sent.marks):
        # "Phát biểu tại buổi làm việc, Phó Chủ tịch X thống nhất ..., đồng thời đề nghị ...": past the circumstance
        opening = _subject_chunk(sent, seg)
        return opening if opening < chunk_start else seg.start
    index = _segment_index(sent, seg)
    after_semicolon = index > 0 and sent.segments[index - 1].label_ == "semicolon"
    if after_semicolon and _only_function_words(sent.marks, seg.start, chunk_start):
        return _subject_chunk(sent, sent.segments[0])
    return None


def _segment_index(sent: _Sentence, seg: Span) -> int:
    """The index of ``seg`` among the sentence's segments (0 when it is none of them)."""
    return next((i for i, other in enumerate(sent.segments) if other.start == seg.start), 0)


def _speaker_openings(sent: _Sentence, starts: Iterable[int], end: int) -> Iterator[tuple[int, int]]:
    """(chunk start, where its words start past the openers) of each chunk in ``starts`` that opens with a
    speaker, in the order of ``starts``."""
    for start in starts:
        opening = _skip_openers(sent.doc, sent.marks, start, end)
        if any(m.start == opening and m.label == "SPEAKER" for m in sent.marks):
            yield start, opening


def _subject_chunk(sent: _Sentence, seg: Span) -> int:
    """The first comma chunk of ``seg`` that opens with a speaker ("Sau khi nghe ý kiến của công dân, đồng chí
    Bí thư ... ghi nhận ..."): the circumstance before it names no subject. The segment's start if none does."""
    chunks = (seg.start, *_comma_chunk_starts(sent.doc, seg.start, seg.end))
    return next((start for start, _ in _speaker_openings(sent, chunks, seg.end)), seg.start)


def _yields_to_another_act(sent: _Sentence, seg: Span, lead: Mark) -> bool:
    """The speech act does not lead its sentence: "Kết luận hội nghị, đồng chí X yêu cầu ..." (a later speech
    act leads), "đã thăm hỏi, động viên và tặng quà ..." (one verb of what the speaker did). A later word
    that is no speech act ("trong lãnh đạo, chỉ đạo": a noun) leads nothing."""
    if lead.label == "EMPHASIS":
        # an emphasis word that opens the sentence names the occasion ("Kết luận hội nghị, X nhấn mạnh ...")
        opening = lead.upper and lead.start == seg.start
        later = [m for _, m in _leads(sent) if lead.end <= m.start < seg.end]
        if any(m.label == "LEAD" or (opening and m.label == "EMPHASIS") for m in later):
            return True
    words = _words(sent.doc)
    # "đã đến thăm, động viên, tặng quà ...": one deed in a list of them, between commas
    if lead.start > 0 and lead.end < len(words) and words[lead.start - 1] == words[lead.end] == ",":
        return True
    return any(m.label == "AND" and m.start == lead.end for m in sent.marks)


def _goes_on_with_names(sent: _Sentence, last: int, lead_index: int) -> bool:
    """An addressee list goes on after a semicolon, or after the colon that ends the lead's own segment
    ("yêu cầu các sở: Y tế, Giáo dục; Công an tỉnh; UBND các huyện khẩn trương ...", GUIDELINE)."""
    label = sent.segments[last].label_
    return label == "semicolon" or (label == "colon" and last == lead_index)


# the labels whose capitalised word may be part of a name (see ``_inside_a_name``): the others are never dropped
_NAME_PART_LABELS = frozenset({"ACTION", "DOCUMENT", "MODAL", "OBLIGE"})
_IN_A_DOMAIN = _NAME_PART_LABELS | {"LEAD", "EMPHASIS"}


def _inside_a_name(label: str, words: list[str], start: int) -> bool:
    """A capitalised verb after a word is part of a name ("Ban Chỉ huy Phòng chống thiên tai tỉnh", "Sở Xây
    dựng"), as the cue matcher reads it; a capitalised document word is, after a capitalised word ("Sở Kế hoạch
    và Đầu tư"; "ban hành Công điện ..." names a document)."""
    if start == 0 or not words[start][:1].isupper():
        return False
    if words[start - 1] == "." and start > 1 and is_abbreviation_word(words[start - 2]):
        return label in _NAME_PART_LABELS  # "TP.Cần Thơ": a place after an abbreviation glued to it
    if label == "DOCUMENT":
        return words[start - 1][:1].isupper()
    return label in _NAME_PART_LABELS and words[start - 1][-1:].isalnum()  # "Sở Xây dựng", "thành phố Cần Thơ"


def _marks(doc: Doc) -> list[Mark]:
    """The ruler's marks; a negative word inside a longer modal ("không được" = must not) is no negative."""
    words = _words(doc)
    marks = [
        Mark(label, rule, start, end, words[start][:1].isupper())
        for label, rule, start, end in doc.user_data["marks"]
        if label not in _NAME_PART_LABELS or not _inside_a_name(label, words, start)
    ]
    # a body word that starts a longer verb ("ban" of "ban hành") is the verb, not a body
    # Each pass below runs only when it can drop a mark (longer verbs: two paragraphs in three; longer modals and
    # one-syllable floor words: few): a pass copies every mark of the paragraph.
    verbs = {m.start for m in marks if m.label == "ACTION" and m.end - m.start > 1 and not m.upper}
    if verbs:
        marks = [
            m for m in marks if not (m.label in ("SPEAKER", "ADDRESSEE") and m.end - m.start == 1 and m.start in verbs)
        ]
    # the "cần" of "khi cần thiết" (necessary) is no modal
    marks = _without_inside(marks, {"MODAL", "OBLIGE"}, [m for m in marks if m.label == "ADJECTIVE"])
    # a past word inside a longer modal ("không được" = must not) is no past
    marks = _without_inside(marks, {"PAST"}, [m for m in marks if m.label == "MODAL" and m.end - m.start > 1])
    # a one-syllable floor word that ends a longer word ("bản" of "văn bản", a village elsewhere) is no floor
    if any(m.label == "FLOOR" and m.end - m.start == 1 for m in marks):
        longer = [m for m in marks if m.end - m.start > 1 and m.label != "FLOOR"]
        marks = [
            m
            for m in marks
            if not (
                m.label == "FLOOR"
                and (_syllable_inside(m, longer) or (m.end - m.start == 1 and _inside_a_word(words, marks, m.start)))
            )
        ]
    # a one-syllable past word that ends a longer verb ("bị" of "chuẩn bị", "trang bị") is no past
    if any(m.label == "PAST" and m.end - m.start == 1 for m in marks):
        long_verbs = [m for m in marks if m.label == "ACTION" and m.end - m.start > 1]
        marks = [m for m in marks if not (m.label == "PAST" and _syllable_inside(m, long_verbs))]
    # a verb inside a body's field ("Nông nghiệp và phát triển nông thôn", "Ngoại giao") is part of the name (rule
    # name.domain)
    marks = _without_inside(marks, _IN_A_DOMAIN, [m for m in marks if m.label == "DOMAIN"])
    # a reporting word that ends a noun ("thông tin" of "hệ thống thông tin") reports nothing
    marks = _without_inside(marks, {"REPORT"}, [m for m in marks if m.label == "NOTLEAD"])
    return marks + _purpose_names(words, marks)


def _right_after(doc: Doc, document: Mark, mark: Mark) -> bool:
    """``mark`` follows the document word, with at most the document's number between ("Thông báo số 90/TB-UBND
    ý kiến kết luận của ...": a word and a token with a digit)."""
    if mark.start == document.end:
        return True
    between = _text(doc, document.end, mark.start).split() if document.end < mark.start else []
    return len(between) == 2 and any(c.isdigit() for c in between[1])


def _without_inside(marks: list[Mark], labels: Collection[str], spans: list[Mark]) -> list[Mark]:
    """``marks`` without those of ``labels`` strictly inside one of ``spans`` (the marks as they are when no
    span is there: a pass copies every mark of the paragraph)."""
    if not spans:
        return marks
    return [m for m in marks if not (m.label in labels and _strictly_inside(m, spans))]


def _strictly_inside(mark: Mark, spans: list[Mark]) -> bool:
    """A mark that starts after the start of one of the spans and ends within it."""
    return any(o.start < mark.start and mark.end <= o.end for o in spans)


def _syllable_inside(mark: Mark, longer: list[Mark]) -> bool:
    """A one-syllable mark that is a later syllable of a longer mark ("bản" of "văn bản", "bị" of "chuẩn bị")."""
    return mark.end - mark.start == 1 and any(o.start < mark.start < o.end for o in longer)


def _inside_a_word(words: list[str], marks: list[Mark], at: int) -> bool:
    """ "kịch bản", "cơ bản": a one-syllable village word after a lower-case syllable ends a longer word.

    A village is named ("bản Hua Pe", "thôn 3") or listed ("các bản", "thôn, bản"); otherwise the syllable
    before it makes one word with it.
    """
    if at == 0 or not words[at - 1][:1].islower():
        return False
    named = at + 1 < len(words) and (words[at + 1][:1].isupper() or words[at + 1][:1].isdigit())
    listed = any(m.label == "DETERMINER" and m.end == at for m in marks)
    return not (named or listed)


def _purpose_names(words: list[str], marks: list[Mark]) -> list[Mark]:
    """ "Ban Chỉ đạo phòng chống thiên tai tỉnh": a body's name that runs from a capitalised head of two or
    more words over its lower-case purpose to an administrative unit (rule ``speaker.purpose_name``).

    The purpose's verbs ("phòng chống") are part of the name, not an action of the speaker.
    """
    names: list[Mark] = []
    units = [u for u in marks if u.label == "UNIT"]
    for head in marks:
        if head.label != "SPEAKER" or not head.upper or head.end - head.start < 2:
            continue
        unit = min((u.start for u in units if head.end < u.start <= head.end + MAX_PURPOSE), default=None)
        if unit is None or any(u.end == head.end for u in units):
            continue  # "UBND tỉnh ...": the name is already complete
        verbs = [m for m in marks if m.label in _NOT_A_PURPOSE and head.end <= m.start < unit]
        if not verbs and all(w[:1].islower() and w[:1].isalpha() for w in words[head.end : unit]):
            end = max(u.end for u in units if u.start == unit)
            names.append(Mark("SPEAKER", "speaker.purpose_name", head.start, end, upper=True))
    return names


def _time_frame(text: str) -> str | None:
    """A lead-in's time frame ("trong tháng 3/2026, ..."): a dated expression, not "sau khi ..."."""
    found = find_deadline(text)
    return found if found and any(c.isdigit() for c in found) else None


def _bare_period(text: str) -> str | None:
    """ "Nhiệm vụ tháng 11 tập trung ...", "Nhiệm vụ trọng tâm quý IV là ...": a period named bare after a focus
    phrase, as written ("tháng 11", "quý IV"): the words that, after "trong", read as a deadline, with at most
    the copula after them."""
    bare = text.strip(_TRAILING)
    found = find_deadline("trong " + bare) if bare else None
    period = found[len("trong ") :] if found and found.startswith("trong ") else ""
    rest = bare[len(period) :].split() if period and bare.startswith(period) else None
    return period if rest is not None and len(rest) <= 1 and any(c.isdigit() or c in "IVX" for c in period) else None


def _coordinated_result(marks: list[Mark], start: int, end: int) -> bool:
    """Whether "và" inside ``[start, end)`` joins the past tense to the task ("... triển khai và đã đạt được ..."):
    the past auxiliary itself (an AUX that is PAST), not a result verb a target may name ("và đạt 100%")."""
    joins = {m.end for m in marks if m.label == "AND" and start < m.start < end}
    aux = {m.start for m in marks if m.label == "AUX" and m.start in joins}
    return any(m.label == "PAST" and m.start in aux for m in marks)


def _framed(marks: list[Mark], period: Mark) -> bool:
    """Whether a period word opens a time frame ahead ("trong năm 2027"), not a period gone ("năm qua")."""
    return any(m.label == "FRAME" and m.start == period.start for m in marks)


def _opening_frame(sent: _Sentence, seg: Span, lead_start: int) -> str | None:
    """ "Trong tháng 12, Chủ tịch UBND tỉnh yêu cầu ...": a time frame (FRAME mark) opening the sentence's first
    comma chunk is the lead-in's and dates every task it governs; "Ngày 20/2, ..." dates the news instead."""
    doc = sent.doc
    comma = next((t.i for t in doc[seg.start : lead_start] if t.text == ","), None)
    if comma is None:
        return None
    if not any(m.label == "FRAME" and m.start == seg.start for m in sent.marks):
        # "Triển khai nhiệm vụ trọng tâm quý II/2027, UBND tỉnh yêu cầu ...": the period the tasks are for
        focus = max(
            (m for m in sent.marks if m.label == "FOCUS" and seg.start <= m.start < comma), default=None, key=_length
        )
        return _bare_period(_text(doc, focus.end, comma)) if focus is not None else None
    return _time_frame(doc[seg.start : comma].text)


def _by_sentence(doc: Doc, segments: list[Span], marks: list[Mark]) -> list[tuple[Span, list[Span], list[Mark]]]:
    """Each sentence with the segments and the marks that start inside it, in their order. Both come sorted by
    start (marks unless a purpose name was added after the ruler's): then a sentence's are one slice, found by
    bisection, instead of a scan of the paragraph's segments and marks for every sentence."""
    seg_starts = [s.start for s in segments]
    starts = [m.start for m in marks]
    ordered = starts == sorted(starts)
    out: list[tuple[Span, list[Span], list[Mark]]] = []
    for sent in _sentences(doc):
        lo, hi = sent.start, sent.end
        segs = segments[bisect.bisect_left(seg_starts, lo) : bisect.bisect_left(seg_starts, hi)]
        if ordered:
            inside = marks[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]
        else:
            inside = [m for m in marks if lo <= m.start < hi]
        out.append((sent, segs, inside))
    return out


def _sentences(doc: Doc) -> list[Span]:
    starts = doc.user_data.get("sent_starts") or [s.start for s in doc.sents]
    bounds = [*starts, len(doc)]
    return [doc[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def _leads(sent: _Sentence) -> Iterator[tuple[int, Mark]]:
    """Speech acts of the sentence in order (the longest at a place first), with their segment's index."""
    # only the speech acts are sorted (a stable sort: their order is the one among all marks); most sentences
    # have none
    acts = [m for m in sent.marks if m.label in ("LEAD", "EMPHASIS")]
    if not acts:
        return
    words = _words(sent.doc)
    # "giao Ban Tổ chức ...": a capital inside the phrase starts a name, so it is no "giao ban" meeting
    blocked = [m for m in sent.marks if m.label == "NOTLEAD" and (m.upper or not words[m.end - 1][:1].isupper())]
    documents = _document_starts(sent.marks)
    longest_first = sorted(acts, key=lambda m: (m.start, m.start - m.end))
    attribution = sent.attribution  # "... sai phạm” - Phó Tổng Thanh tra nhấn mạnh.": it names the speaker
    longest_first = [m for m in longest_first if attribution is None or m.start < attribution]
    for index, seg in enumerate(sent.segments):
        for m in longest_first:
            if not seg.start <= m.start < seg.end:
                continue
            if any(b.start <= m.start < b.end for b in blocked) or (m.upper and m.start != seg.start):
                continue  # "theo chỉ đạo của", "Ban Chỉ đạo ...": a noun or a name, not a speech act
            if documents & {m.end, m.end + 1}:
                continue  # "các nội dung đã chỉ đạo tại Công văn số ...": a reference to an earlier document
            if _listed_document(sent.marks, words, m):
                continue  # "triển khai các nghị quyết, kết luận kịp thời": one more document of a list
            if any(f.label == "FOCUS" and f.start == m.start and f.end > m.end for f in sent.marks):
                continue  # "Yêu cầu đặt ra đối với X là ...": a focus phrase, the task follows "là"
            if m.start == seg.start and _paired_with_action(sent.marks, words, m):
                continue  # "...; chỉ đạo, hướng dẫn các xã ...": the first of two actions, no speaker's act
            if _in_past_relative(sent.marks, m):
                continue  # "lộ trình mà thị xã đã đề ra": what someone set out before
            yield index, m


def _in_past_relative(marks: list[Mark], act: Mark) -> bool:
    """A speech act right after a past marker, in a clause opened by a relative pronoun a few words before."""
    past = next((m for m in marks if m.label == "PAST" and m.end == act.start), None)
    return past is not None and any(
        m.label == "RELATIVE" and past.start - MAX_RELATIVE_SUBJECT <= m.start < past.start for m in marks
    )


def _paired_with_action(marks: list[Mark], words: list[str], act: Mark) -> bool:
    """A speech act followed by a comma and an action that is no speech act ("chỉ đạo, hướng dẫn ...")."""
    if act.end >= len(words) or words[act.end] != ",":
        return False
    after = {m.label for m in marks if m.start == act.end + 1}
    return "ACTION" in after and not after & {"LEAD", "EMPHASIS"}


def _listed_document(marks: list[Mark], words: list[str], act: Mark) -> bool:
    """A speech act that is also a document's name ("kết luận") right after another document and a comma or
    "và" is one more document of an enumeration, not the speaker's act."""
    if not any(m.label == "DOCUMENT" and m.start == act.start for m in marks) or act.start < 2:
        return False
    joined = words[act.start - 1] == "," or any(m.label == "AND" and m.start == act.start - 1 for m in marks)
    return joined and any(m.label == "DOCUMENT" and m.end == act.start - 1 for m in marks)


def _without_adverbs(marks: list[Mark], start: int, end: int) -> int:
    """Where ``[start, end)`` ends without the adverbs (AUX marks) that close it; "đã" (also PAST) stays, for the
    callers to read a report of the past."""

    def adverb(i: int) -> bool:
        covering = {m.label for m in marks if m.start <= i < m.end}
        return "AUX" in covering and "PAST" not in covering

    while end > start and adverb(end - 1):
        end -= 1
    return end


def _speaker_states(sent: _Sentence) -> bool:
    """ "Đánh giá tình hình ..., Chủ tịch UBND tỉnh cho rằng, ...", "Thực hiện chỉ đạo này, UBND tỉnh đã lập ...": a
    speaker named right before a statement, a report or a past act in a later comma chunk; the sentence is what
    the speaker thinks or did, its opening verb the speaker's act."""
    first = sent.segments[0] if sent.segments else None
    if first is None:
        return False
    labels = ("STATEMENT", "REPORT", "PAST")
    verbs = [m for m in sent.marks if m.label in labels and first.start < m.start < first.end]
    starts = {_chunk_start(sent.doc, first.start, verb.start) for verb in verbs}
    return any(m.label == "SPEAKER" and m.start in starts and m.start > first.start for m in sent.marks)


def _relayed(sent: _Sentence, lead: Mark) -> bool:
    """ "...; Chỉ đạo các lực lượng kiểm lâm bố trí ...": a speech act that passes work down and opens its clause
    (capitalised, no subject) is a task of the addressee already asked, not a new speech."""
    return lead.upper and any(m.label == "RELAY" and m.start == lead.start for m in sent.marks)


def _bare_list_verb(doc: Doc, action_start: int | None, seg: Span) -> bool:
    """A bare verb right before a colon ("tập trung chỉ đạo:", "thực hiện:") opens a list (a segment labelled
    "colon" ends at one)."""
    if action_start is None or seg.label_ != "colon":
        return False
    syllables = [t for t in doc[action_start : seg.end] if not t.is_punct]
    return 0 < len(syllables) <= _LIST_VERB_SYLLABLES


def _has_verb(marks: list[Mark], start: int, end: int) -> bool:
    """A verb in ``[start, end)``; a capitalised one only first ("Rà soát ..."), elsewhere it is a name."""
    verbs = ("ACTION", "MODAL", "COMMIT")
    return any(m.label in verbs and (not m.upper or m.start == start) for m in marks if start <= m.start < end)


def _names_after_colon(sent: _Sentence, seg: Span, marks: list[Mark], start: int) -> int | None:
    """Where the action starts in a segment that goes on with a plural addressee cut at a colon ("các sở:
    Tài chính, Tư pháp chuẩn bị ..."): every comma chunk before it opens with a capital (a short name of
    the kind the addressee counts); None when the segment is anything else."""
    index = _segment_index(sent, seg)
    if index == 0 or sent.segments[index - 1].label_ != "colon" or not sent.doc[start].text[:1].isupper():
        return None
    before = sent.segments[index - 1]
    if not any(m.label == "DETERMINER" and before.start <= m.start < before.end for m in sent.marks):
        return None  # "các sở:", "UBND các quận:": a plural addressee counts the names that follow
    verbs = [m for m in marks if m.label in ("ACTION", "MODAL", "LEAD", "EMPHASIS", "DOCUMENT") and m.start >= start]
    if any(m.start == start for m in verbs):
        return None  # "các ngành, các cấp: Phối hợp ...": a capitalised action opens an entry, no name
    action = next((m for m in verbs if not m.upper), None)
    if action is None or _words(sent.doc)[action.start - 1] == ",":
        return None
    chunks = [start, *_comma_chunk_starts(sent.doc, start, action.start)]
    return action.start if all(sent.doc[c].text[:1].isupper() for c in chunks) else None


def _continues_enumeration(doc: Doc, marks: list[Mark], start: int, end: int) -> bool:
    """A semicolon segment that only goes on with an enumeration of the task before: no verb at all
    ("...: tài chính; đầu tư công; y tế"), a further numbered document ("...; Chỉ thị số 06/CT-UBND ...") or a
    document named by its title ("... gồm: Nghị quyết về cải cách hành chính; Nghị quyết về ...")."""
    if not _has_verb(marks, start, end):
        # "lưu ý công tác A; công tác B": a matter noun opens an entry of its own
        return not _opens_with_matter(marks, start)
    if any(m.rule == "lead.reference" and m.start == start for m in marks):
        return True  # "...; chỉ đạo của Thủ tướng tại văn bản số 52/VPCP-NN ...": one more document to carry out
    document = next((m for m in marks if m.label == "DOCUMENT" and m.start == start), None)
    if document is None:
        return False
    return document.upper or any(any(c.isdigit() for c in t.text) for t in doc[document.end : document.end + 2])


def _opens_with_matter(marks: list[Mark], at: int) -> bool:
    """A matter noun of the lexicon ("công tác", "việc") starts at ``at`` (not a determiner read as a matter)."""
    return any(m.label == "MATTER" and m.rule == "matter.subject" and m.start == at for m in marks)


def _bare_matter(marks: list[Mark], start: int, end: int) -> bool:
    """ "...; công tác tiếp công dân;" in a list of matters stressed: a matter noun and its topic, no verb."""
    return _opens_with_matter(marks, start) and not _has_verb(marks, start, end)


def _document_starts(marks: list[Mark]) -> set[int]:
    """Where the document names among ``marks`` start."""
    return {m.start for m in marks if m.label == "DOCUMENT"}


def _after_introduction(prefix: list[Mark], start: int, end: int) -> int:
    """Where the speaker starts when an introduction runs into it with no comma.

    "Phát biểu chỉ đạo tại hội nghị đồng chí Chủ tịch UBND tỉnh yêu cầu ...": the person (a pronoun or a
    title) after the introduction's last verb speaks; a body or a document there does not start a speaker.
    """
    verbs = [m.end for m in prefix if m.label in ("ACTION", "REPORT", "LEAD", "EMPHASIS") and start <= m.start < end]
    if not verbs:
        return start
    persons = ("speaker.pronoun", "speaker.title")
    return min((m.start for m in prefix if m.rule in persons and max(verbs) <= m.start < end), default=start)


def _acts_before(
    prefix: list[Mark], chunk_start: int, *, opening_verbs_ok: bool = False, document_at: int | None = None
) -> bool:
    """An action word between the speaker and the speech act (adverbs such as "tiếp tục" aside).

    Issuing a document ("ban hành văn bản", "có công văn") is not such an action: the document speaks.
    ``document_at``: where a speech act that opens with the document ("văn bản gửi") starts.
    """
    aux = [m for m in prefix if m.label in ("AUX", "SPEAKER", "ADDRESSEE")]
    documents = _document_starts(prefix) | ({document_at} if document_at is not None else set())
    documents |= {d - 1 for d in documents}  # "ban hành một công văn": a numeral or an article before it
    # "... gửi lời chúc mừng ... và lưu ý": the verbs before a conjunction are the speaker's other predicate
    # (only adverbs and "sẽ" may stand between the conjunction and the speech act)
    verbs_after = [a.start for a in prefix if a.label == "ACTION"]
    conjunction = [
        m for m in prefix if m.label == "AND" and m.start >= chunk_start and not any(v >= m.end for v in verbs_after)
    ]
    if conjunction and any(m.label == "SPEAKER" and chunk_start <= m.start < conjunction[0].start for m in prefix):
        return False
    # "Tại các điểm kiểm tra các đồng chí lãnh đạo huyện yêu cầu ...": before an order, a verb of the opening
    # phrase, before the speaker is named, is no act of the speaker's ("Qua kết quả kiểm tra, X đã kết luận: ..."
    # reports findings)
    speakers = (m.start for m in prefix if m.label == "SPEAKER" and m.start >= chunk_start)
    speaker = min(speakers, default=chunk_start) if opening_verbs_ok else chunk_start
    return any(
        m.label == "ACTION"
        and m.start >= speaker
        and m.end not in documents
        and not any(a.start <= m.start < a.end for a in aux)
        for m in prefix
    )


def _body_speaker(sent: _Sentence, start: int, end: int) -> str | None:
    """ "Công an tỉnh chỉ đạo ...", "LĐLĐ tỉnh yêu cầu ...": a body's name right before an order speaks.

    The guideline's "a body can speak too" for bodies the speaker rules do not know: the chunk opens with a
    capitalised body word (not "Các ...", a plural of bodies that rarely gives orders), is short, and holds
    no action, negative or floor word.
    """
    start = _skip_openers(sent.doc, sent.marks, start, end)
    end = _without_adverbs(sent.marks, start, end)  # "Tỉnh Cao Bằng cũng yêu cầu ..."
    words = _words(sent.doc)
    # a level word and a place's name is a local government ("huyện Hồng Ngự", "tỉnh Đồng Tháp"); its order
    # reported with "đã" is news of the day (a period report was ruled out before), like a titled speaker's
    unit = next((m for m in sent.marks if m.label == "UNIT" and m.start == start), None)
    before_past = min([end, *(m.start for m in sent.marks if m.label == "PAST" and m.end == end and m.start > start)])
    # "Tỉnh đã giao các huyện ...": the level alone, capitalised, names the government of the article's place
    local = unit is not None and (
        (start + 1 < min(end, len(words)) and words[start + 1][:1].isupper())
        or (unit.upper and unit.end == before_past)
    )
    if local:
        end = before_past
    if not 0 < end - start <= MAX_SUBJECT:
        return None
    inside = [m for m in sent.marks if start <= m.start < end]
    opens = [m for m in inside if m.start == start]
    named = local or any(m.label in ("ADDRESSEE", "SPEAKER") and m.upper for m in opens)
    if not (named or _is_acronym(sent.doc[start].text)):
        return None  # an acronym ("LĐLĐ tỉnh", "BCH Quân sự") is a body's name the lexicon need not know
    if any(m.label == "DETERMINER" for m in opens):
        return None
    blocking = ("ACTION", "PAST", "STATEMENT", "FLOOR", "DELEGATE", "REPORT", "LEAD", "MODAL")
    if any(m.label in blocking and not m.upper for m in inside):
        return None
    return sent.doc[start:end].text.strip(_TRAILING) or None


def _before_listed_names(doc: Doc, prefix: list[Mark], seg_start: int, chunk_start: int, lead_start: int) -> int:
    """ "UBND các huyện Mường La, Bắc Yên đã chỉ đạo ...": a chunk that only goes on with a list of proper names
    after a comma belongs to the speaker named before it."""
    while chunk_start - 2 >= seg_start and doc[chunk_start - 1].text == "," and doc[chunk_start - 2].text[:1].isupper():
        names_end = chunk_start
        while names_end < lead_start and doc[names_end].text[:1].isupper():
            names_end += 1
        marked = any(m.label == "SPEAKER" and chunk_start <= m.start < names_end for m in prefix)
        if (
            names_end == chunk_start
            or marked
            or not _only_function_words(prefix, names_end, lead_start, ("AUX", "PAST"))
        ):
            break
        chunk_start = _chunk_start(doc, seg_start, chunk_start - 1)
    return chunk_start


def _signer_start(prefix: list[Mark], speaker_marks: list[Mark]) -> int:
    """Where the speaker's name starts: "Công văn do Phó Chủ tịch UBND tỉnh ký yêu cầu ...": a document speaks
    for the one named after it, when one is."""
    documents = [m for m in prefix if m.label == "DOCUMENT"]
    first = speaker_marks[0]
    if not any(d.start <= first.start < d.end for d in documents):
        return first.start
    signer = next((m for m in speaker_marks if not any(d.start <= m.start < d.end for d in documents)), first)
    return signer.start


def _pronoun_subject(prefix: list[Mark], speaker_marks: list[Mark], lead_start: int) -> bool:
    """The speech act's subject is one speaker mark right before it, or a pronoun and adverbs ("Đồng chí cũng")."""
    last = speaker_marks[-1]
    if speaker_marks[0].end == lead_start and last.end == lead_start:
        return True
    alone = len(speaker_marks) == 1 and last.rule == "speaker.pronoun"
    return alone and _only_function_words(prefix, last.end, lead_start, ("AUX",))


def _report_labels(before: list[Mark]) -> set[str]:
    """The labels that make a clause a period report, up to the first STATEMENT: "X đánh giá cao kết quả đã đạt
    được trong năm qua, đồng thời đề nghị ...": the past and the period after an assessment are what it assessed,
    not the clause's own tense."""
    statement = next((m.start for m in before if m.label == "STATEMENT"), None)
    return {m.label for m in before if statement is None or m.start < statement}


def _only_function_words(
    marks: list[Mark], start: int, end: int, labels: tuple[str, ...] = ("AUX", "CONNECTIVE", "AND")
) -> bool:
    """Every token of ``[start, end)`` is an adverb, a connective or a conjunction ("đồng thời", "và cũng"),
    or whatever else ``labels`` names."""
    return all(any(m.start <= i < m.end and m.label in labels for m in marks) for i in range(start, end))


def _name_end(marks: list[Mark], first: int, limit: int) -> int:
    """Where a speaker's name that starts at ``first`` ends: at its first adverb or verb, else at ``limit``."""
    names = [m for m in marks if m.label in ("SPEAKER", "ADDRESSEE")]
    # "các đồng chí lãnh đạo huyện": a title right after a pronoun or a determiner goes on with the name
    pronoun_ends = {p.end for p in marks if p.rule == "speaker.pronoun"}
    titled = {n.start for n in names if n.label == "SPEAKER" and n.start in pronoun_ends}
    verbs = [
        m.start
        for m in marks
        if first < m.start < limit
        and (
            m.label in ("AUX", "PAST", "STATEMENT", "REPORT", "DATED", "COMMIT")
            # "Ban Chỉ đạo ...": a speech act or verb inside the body's own name ends nothing
            or (
                m.label in ("ACTION", "LEAD", "EMPHASIS")
                and not any(n.start < m.start < n.end for n in names)
                and m.start not in titled
            )
        )
    ]
    return min(verbs, default=limit)


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isalpha() and word.isupper()


def _topic_addressee(sent: _Sentence) -> str | None:
    """ "Đối với các xã vùng cao, Chủ tịch UBND huyện yêu cầu ...": the topic names the addressee."""
    if not sent.segments:
        return None
    start = sent.segments[0].start
    topic = max((m for m in sent.marks if m.label == "TOPIC" and m.start == start), default=None, key=_length)
    if topic is None or not any(m.label == "ADDRESSEE" and m.start == topic.end for m in sent.marks):
        return None
    doc = sent.doc
    comma = next((t.i for t in doc[topic.end : sent.segments[0].end] if t.text == ","), None)
    return doc[topic.end : comma].text.strip(_TRAILING) or None if comma is not None else None


def _addressee_acts(sent: _Sentence) -> bool:
    """The sentence opens with an addressed body and its action ("UBND các huyện khẩn trương rà soát ..."); a past
    word between them ends no subject (``_subject_end``): a report."""
    if not sent.segments:
        return False
    seg = sent.segments[0]
    start = _skip_openers(sent.doc, sent.marks, seg.start, seg.end)
    if not any(m.label == "ADDRESSEE" and m.start == start for m in sent.marks):
        return False
    end = _subject_end(sent.marks, start, seg.end)
    return end is not None and any(m.label in ("ACTION", "MODAL") and m.start == end for m in sent.marks)


def _opens_document(sent: _Sentence) -> bool:
    first = sent.segments[0].start if sent.segments else -1
    return any(m.label == "DOCSCOPE" and m.start == first for m in sent.marks)


def _chunk_start(doc: Doc, start: int, end: int) -> int:
    """Start of the last comma-separated chunk of ``doc[start:end]`` (the speaker before a speech act).

    A comma inside words that belong together ("Sở Văn hóa, Thể thao và Du lịch", "phòng, chống":
    ``JOINED`` marks) separates no chunk."""
    words = _words(doc)
    joined = _joined_commas(doc)
    for i in range(end - 1, start - 1, -1):
        if words[i] == "," and i not in joined:
            return i + 1
    return start


def _joined_commas(doc: Doc) -> frozenset[int]:
    """Token indexes of the commas inside ``JOINED`` marks (computed once per doc)."""
    cached = doc.user_data.get("joined_commas")
    if cached is None:
        words = _words(doc)
        cached = frozenset(
            i
            for label, _, start, end in doc.user_data.get("marks", ())
            if label == "JOINED"
            for i in range(start, end)
            if words[i] == ","
        )
        doc.user_data["joined_commas"] = cached
    return cached


def _floor_or_period(prefix: list[Mark], chunk_start: int) -> bool:
    """A delegate's or representative's request, or instructions reported inside a period report
    ("Trước đó, X đã yêu cầu") or as a habit ("Hàng năm, X đã chỉ đạo")."""
    chunk = {m.label for m in prefix if m.start >= chunk_start}
    # "Hàng năm, X đã chỉ đạo ...": a habit reported in the past is no new instruction either
    periodic = any(m.label in ("PERIOD", "HABIT") for m in prefix)
    return bool(chunk & {"FLOOR", "DELEGATE"}) or ("PAST" in chunk and periodic)


def _head(marks: list[Mark], at: int) -> str | None:
    labels = [m.label for m in marks if m.start == at]
    for label in ("PAST", "ACTION", "MODAL", "COMMIT", "ADDRESSEE", "SPEAKER"):
        if label in labels:
            return label
    return None


def _starts_addressee(marks: list[Mark], at: int) -> bool:
    return any(m.start == at and m.label == "ADDRESSEE" and m.end - m.start > 1 for m in marks)


def _skip_openers(doc: Doc, marks: list[Mark], start: int, end: int) -> int:
    """Skip leading connectives ("Đồng thời, ...", "“Trước mắt ..."): the item text starts after them."""
    if start + 1 < end and doc[start].text in _OPENING_QUOTES:
        start += 1
    moved = True
    while moved and start < end:
        moved = False
        # only the marks at ``start``, the longest first: "Đặc biệt là", not "Đặc biệt"
        for m in sorted((m for m in marks if m.start == start), key=_length, reverse=True):
            after = _after_reference(doc, marks, m, end) if m.label in ("CONNECTIVE", "DOCSCOPE", "ALONG") else start
            if after > start:
                start, moved = after, True
                break
            modal = _modal_after_time_frame(marks, m)
            if modal is not None:
                start, moved = modal, True
                break
        while moved and start < end and doc[start].text == ",":
            start += 1
    return start


def _after_reference(doc: Doc, marks: list[Mark], opener: Mark, end: int) -> int:
    """ "Theo thông báo chỉ đạo của UBND tỉnh Phú Yên, ...": a document reference that names its issuer runs to
    its comma; "Cùng với công tác chống dịch, ..." runs to its comma, or is no opener without one; other openers
    end where their mark does."""
    if opener.label not in ("DOCSCOPE", "ALONG"):
        return opener.end
    comma = next((t.i for t in doc[opener.end : min(end, opener.end + MAX_SUBJECT)] if t.text == ","), None)
    if opener.label == "ALONG":
        return opener.start if comma is None else comma
    if comma is None or comma == opener.end:
        return opener.end
    inside = [m for m in marks if opener.end <= m.start < comma]
    named = any(m.label == "SPEAKER" for m in inside) and not any(m.label in ("MODAL", "OBLIGE") for m in inside)
    return comma if named else opener.end


def _modal_after_time_frame(marks: list[Mark], frame: Mark) -> int | None:
    """ "Trong quý II phải tập trung ...": where the obligation starts after a time frame, if one follows."""
    if frame.label not in ("PERIOD", "FUTURE"):
        return None
    modals = [m.start for m in marks if m.label == "MODAL" and frame.end <= m.start <= frame.end + 3]
    return min(modals, default=None)


def _skip_modals(marks: list[Mark], start: int) -> int:
    """Skip leading modals and connectives ("phải", "cần phải", "đồng thời"): not part of the item text. A
    prohibition ("không được") is: without it the item would say the opposite."""
    moved = True
    while moved:
        moved = False
        if any(m.start == start and m.label == "PROHIBIT" for m in marks):
            break
        for m in sorted(marks, key=lambda m: -(m.end - m.start)):
            if m.start == start and m.label in ("MODAL", "CONNECTIVE", "COMMIT"):
                start, moved = m.end, True
                break
    return start


def _asserts_only(sent: _Sentence, seg: Span, body: _Body, lead: Mark) -> bool:
    """What follows an emphasis is an assertion, not a task: no action ("nhấn mạnh, thời gian còn lại không nhiều
    ...") or a habit ("khẳng định, tỉnh luôn xem ... là nhiệm vụ hàng đầu"); what a leader points out ("chỉ rõ")
    asks only before a colon or with a duty."""
    if not (body.acts or body.list_open or seg.label_ == "colon"):
        return True
    duty = any(m.label == "OBLIGE" and lead.end <= m.start < seg.end for m in sent.marks)
    if lead.rule == "lead.point_out" and not (seg.label_ == "colon" or duty):
        return True
    return body.action_start is not None and _habit_at(sent.marks, body.action_start)


def _speakers_opinion(sent: _Sentence, seg: Span) -> Mark | None:
    """The last statement verb of the segment whose comma chunk names a speaker before it ("..., Chủ tịch nước
    cho rằng ...")."""
    for m in reversed([m for m in sent.marks if m.label == "STATEMENT" and seg.start <= m.start < seg.end]):
        chunk = _chunk_start(sent.doc, seg.start, m.start)
        if any(s.label == "SPEAKER" and chunk <= s.start < m.start for s in sent.marks):
            return m
    return None


def _future_frame(sent: _Sentence, start: int, end: int) -> bool:
    """``[start, end)`` is a future time frame ("Thời gian tới", "6 tháng còn lại của năm 2027", "Trong năm tới"): a
    future phrase (not "sẽ") after at most a word, or a preposition and a number ("Dự báo trong thời gian tới"
    forecasts)."""
    futures = [m.start for m in sent.marks if m.label == "FUTURE" and start <= m.start < end and m.end - m.start > 1]
    if not futures:
        return False
    before = [t.text for t in sent.doc[start : min(futures)]]
    return len(before) <= 1 or (len(before) == 2 and any(w.isdigit() for w in before))


def _planned_action(marks: list[Mark], start: int, end: int) -> tuple[int, Mark] | None:
    """Where the name of a body named at ``start`` ends and the action it plans: the first action after its name,
    with at most adverbs and "sẽ" between them, and no past, report, statement or speech act before it."""
    name_end = _name_end(marks, start, end)
    future = min((m.start for m in marks if m.label == "FUTURE" and start < m.start < name_end), default=name_end)
    action = next((m for m in marks if m.label == "ACTION" and m.start >= future and not m.upper), None)
    if action is None or action.start >= end:
        return None
    # an obligation ("Thời gian tới, các xã phải ...") is the obligation readers' ("sẽ" is a modal too)
    blocking = ("PAST", "REPORT", "STATEMENT", "LEAD", "FLOOR", "OBLIGE")
    if any(m.label in blocking and start <= m.start < action.start for m in marks) or any(
        m.label == "MODAL" and start <= m.start < future for m in marks
    ):
        return None
    return (future, action) if _only_function_words(marks, future, action.start, ("AUX", "FUTURE", "COMMIT")) else None


def _leader_wishes(sent: _Sentence, prefix: list[Mark], chunk_start: int, lead: Mark) -> bool:
    """A wish is a soft order only from a person named by a title or a pronoun, right before it ("Tổng Bí thư
    Nguyễn Văn An mong muốn ...", his name and adverbs aside); "bày tỏ mong muốn ..." names a feeling."""
    speakers = [m for m in prefix if m.label == "SPEAKER" and m.start >= chunk_start]
    if not any(m.rule in ("speaker.title", "speaker.pronoun") for m in speakers):
        return False
    at = max(m.end for m in speakers)
    while at < lead.start and sent.doc[at].text[:1].isupper():
        at += 1  # the person's name after the title
    return at <= lead.start and _only_function_words(prefix, at, lead.start, ("AUX",))


def _habit_at(marks: list[Mark], start: int) -> bool:
    """A habit word ("luôn", "thường xuyên") opens the task, with no future or modal after it (GUIDELINE: a habit
    asserted without a future is not an item)."""
    if not any(m.label == "HABIT" and m.start == start for m in marks):
        return False
    return not any(m.label in ("FUTURE", "MODAL") and start < m.start <= start + 2 for m in marks)


def _negative_at(marks: list[Mark], start: int, window: int = 3) -> bool:
    """A past, a statement or a floor voice at the start of a task or soon after it; a statement after an
    action that opens the task is its object ("chủ động trao đổi với ...")."""
    near = [m for m in marks if start <= m.start < start + window]
    opened_by_action = any(m.label == "ACTION" and m.start == start and not m.upper for m in marks)
    return any(
        m.label in ("PAST", "FLOOR") or (m.label == "STATEMENT" and not (opened_by_action and m.start > start))
        for m in near
    )


def _reports_speech(marks: list[Mark]) -> bool:
    """ "..., Chủ tịch UBND tỉnh X cho biết ...": a speaker and a reporting verb, a report of speech."""
    speakers = [m.start for m in marks if m.label == "SPEAKER"]
    return any(m.label == "REPORT" and any(s < m.start for s in speakers) for m in marks)


def _ends_without_stop(doc: Doc, seg: Span) -> bool:
    """The segment ends its paragraph and no punctuation closes it (a heading line)."""
    return seg.end == len(doc) and doc[seg.end - 1].is_alpha


# Tokens between a document word and "gửi" (its number and sign: "Công văn số 75/UBND-VX gửi").
MAX_DOCUMENT_NAME = 6
# Words a relative clause's subject may take between the relative pronoun and its past marker ("mà UBND
# thị xã đã ...").
MAX_RELATIVE_SUBJECT = 5


def _document_addressee(sent: _Sentence, seg: Span, document: Mark) -> str | None:
    """ "Công văn số 75/UBND-VX gửi các sở, UBND các huyện về việc ...": whom the document goes to, or None."""
    sent_to = _sent_to(sent.marks, document)
    return None if sent_to is None else _Body(sent, sent_to.end, seg.end).addressee


def _sent_to(marks: list[Mark], document: Mark) -> Mark | None:
    """The "gửi" right after a document's name (within ``MAX_DOCUMENT_NAME`` words) when an addressee follows it
    ("Công văn số 75/UBND-VX gửi các sở ..."), or None."""
    sent_to = next(
        (m for m in marks if m.label == "SENDTO" and document.end <= m.start <= document.end + MAX_DOCUMENT_NAME), None
    )
    if sent_to is None or not any(m.start == sent_to.end and m.label == "ADDRESSEE" for m in marks):
        return None
    return sent_to


def _states_no_task(doc: Doc, seg: Span, marks: list[Mark], start: int) -> bool:
    """A segment that states something else than a task: a result ("Qua đó, tỷ lệ ... giảm"), a legal basis
    ("Căn cứ Quyết định số ...;") or a count of what happened ("đã có 12 hộ ...")."""
    if any(m.label == "RESULT" and m.start == seg.start for m in marks):
        return True
    return _cites_a_basis(doc, marks, start, seg.end) or _counts(doc, marks)


def _cites_a_basis(doc: Doc, marks: list[Mark], start: int, end: int) -> bool:
    """ "Căn cứ Quyết định số 45/QĐ-UBND ...", "Thực hiện Thông báo số 210-TB/TU ...": a basis word, a document
    word and, within two words, the document's number; "Căn cứ thông báo này các phòng ..." with no comma: the
    grounds alone."""
    basis = next((m for m in marks if m.label == "BASIS" and m.start == start), None)
    if basis is None:
        return False
    if basis.rule == "frame.grounds" and not any(t.text == "," for t in doc[basis.end : end]):
        return True
    document = next((m for m in marks if m.label == "DOCUMENT" and basis.end <= m.start <= basis.end + 1), None)
    return document is not None and _number_after(doc, document.end)


def _counts(doc: Doc, marks: list[Mark]) -> bool:
    """ "đã có 12 hộ dân phải di dời", "đã có hơn 300 người": a count of what happened, a number within two
    words of its "đã có"."""
    return any(m.label == "COUNT" and _number_after(doc, m.end) for m in marks)


def _number_after(doc: Doc, at: int) -> bool:
    """A number within the two words from ``at`` ("số 45/QĐ-UBND", "hơn 300")."""
    return any(w[:1].isdigit() for w in _words(doc)[at : at + 2])


def _recipients(sent: _Sentence) -> str | None:
    """ "Theo đó, công điện gửi Chủ tịch UBND tỉnh; Bộ trưởng các Bộ: ...": a sentence whose subject is a
    document that is sent to addressees names them (to the sentence's end, over its semicolons), or None."""
    first = sent.segments[0]
    marks = [m for m in sent.marks if first.start <= m.start < first.end]
    start = _skip_openers(sent.doc, marks, first.start, first.end)
    document = next((m for m in marks if m.label == "DOCUMENT" and m.start == start), None)
    if document is None:
        return None
    sent_to = _sent_to(marks, document)
    if sent_to is None:
        return None
    if any(m.label in ("LEAD", "MODAL", "OBLIGE") and document.end <= m.start < sent_to.start for m in marks):
        return None
    end = sent.segments[-1].end
    return _text(sent.doc, sent_to.end, end).strip(_TRAILING) or None


def _names_a_matter_only(marks: list[Mark], start: int, end: int) -> bool:
    """ "công tác phòng chống bão số 5 tại các địa phương": a matter noun and its topic, with no verb of its own
    after the topic's first verb (the verb of "công tác X" names the matter)."""
    if not _opens_with_matter(marks, start):
        return False
    verbs = [m for m in marks if m.label in ("ACTION", "MODAL", "LEAD") and start < m.start < end]
    return len(verbs) <= 1


def _obliged_subject(sent: _Sentence) -> bool:
    """The sentence opens with a body that must act ("Các xã phải ...", "UBND các huyện cần ...")."""
    return bool(sent.segments) and _opens_obliged(sent, sent.segments[0], bare=False)


def _opens_obliged(sent: _Sentence, seg: Span, *, bare: bool = True) -> bool:
    """The segment opens with a body that must act; with ``bare``, a place named alone too ("Nam Định cần ...")."""
    if not any(m.label == "OBLIGE" and seg.start <= m.start < seg.end for m in sent.marks):
        return False
    start = _skip_openers(sent.doc, sent.marks, seg.start, seg.end)
    end = _subject_end(sent.marks, start, seg.end)
    if end is None and bare:
        end = _name_before_modal(sent.doc, sent.marks, start)
    return end is not None and any(m.label == "OBLIGE" and m.start == end for m in sent.marks)


def _plural_speaker(prefix: list[Mark], chunk_start: int) -> bool:
    """The speaker is the leaders of a group of bodies ("lãnh đạo các xã"): a plural word right after the title."""
    first = next((m for m in prefix if m.label == "SPEAKER" and m.start >= chunk_start), None)
    return (
        first is not None
        and first.rule == "speaker.title"
        and any(m.label == "DETERMINER" and m.start == first.end for m in prefix)
    )


def _only_addressee(marks: list[Mark], start: int) -> bool:
    """ "Sở Nông nghiệp", "UBND các xã": a body's name with no action (not an item on its own).

    ``marks`` are the segment's own (the caller's), so the search ends with the segment."""
    opens = _head(marks, start) in ("ADDRESSEE", "SPEAKER")
    return opens and not any(
        m.label in ("ACTION", "MODAL", "COMMIT") and m.start > start and not m.upper for m in marks
    )


def _length(mark: Mark) -> int:
    return mark.end - mark.start


def _is_pronoun(marks: list[Mark], start: int, end: int) -> bool:
    """The subject ``[start, end)`` is only a pronoun for the speaker (rule ``speaker.pronoun``)."""
    return any(m.rule == "speaker.pronoun" and m.start == start and m.end >= end for m in marks)


def _is_order(marks: list[Mark], lead: Mark) -> bool:
    """A speech act that only goes down the hierarchy ("yêu cầu", "chỉ đạo"), not a request ("đề nghị")."""
    return any(m.label == "ORDER" and m.start == lead.start for m in marks)


def _subject_end(
    marks: list[Mark], start: int, end: int, limit: int = MAX_SUBJECT, *, allow_commit: bool = False
) -> int | None:
    """Where an addressed subject ("UBND các xã", "Sở Y tế") ends and its action begins, or None."""
    if not any(m.start == start and m.label in ("ADDRESSEE", "SPEAKER") for m in marks):
        return None
    negative = ("PAST", "FLOOR", "STATEMENT") if allow_commit else ("PAST", "FLOOR", "STATEMENT", "COMMIT")
    obligation = _obligation_after(marks, start, min(end, start + limit + 1))
    relative = False  # inside the subject's relative clause, which runs to the obligation
    # at one place a negative comes first, then a scope phrase ("căn cứ chức năng ..." is no action)
    for m in sorted(marks, key=lambda m: (m.start, m.label not in negative, m.label != "SCOPE")):
        if m.start <= start or m.start >= min(end, start + limit + 1):
            continue
        if m.label == "PAST" and _in_relative_clause(m, obligation):
            relative = True
            continue  # "Các tàu đã vào bờ phải neo đậu ...": the ships that came ashore must ...
        if m.rule == "negative.suffered" and m.start > start:
            continue  # "UBND các huyện bị thiệt hại huy động ...": which districts, not what happened
        if m.label in negative:
            return None
        if m.label == "ACTION" and _action_inside_subject(marks, m, obligation if relative else None):
            continue
        if m.label in ("ACTION", "MODAL", "SCOPE") or (allow_commit and m.label == "COMMIT"):
            if m.label == "SCOPE":
                return _after_scope(marks, m, end)
            action = _skip_modals(marks, m.start)
            if not _obliged_patient(marks, m.start, action) and any(
                n.start == action and n.label in negative for n in marks
            ):
                return None  # "X cũng phân tích ...": a modal before a statement
            return m.start
    return None


def _action_inside_subject(marks: list[Mark], action: Mark, clause_end: int | None) -> bool:
    """An action word that is part of the subject: a noun or a name ("các tổ chức ...", "Ban Quản lý ..."), the
    purpose of a body ("đoàn kiểm tra ...", "Ban quản lý ..."), or the verb of its relative clause, which runs
    to ``clause_end`` ("Các thành viên được phân công phải ...")."""
    if action.upper or any(d.label == "DETERMINER" and d.end == action.start for d in marks):
        return True
    if any(b.label in ("SPEAKER", "ADDRESSEE") and b.start < action.start < b.end for b in marks):
        return True  # "Ban quản lý ...": a body's head word that holds a verb
    # a body right before the word makes it that body's verb ("Ban cán sự đảng lãnh đạo UBND tỉnh xây dựng ...")
    after_body = any(b.label in ("SPEAKER", "ADDRESSEE") and b.end == action.start for b in marks)
    if any(b.label == "ADDRESSEE" and b.start == action.start for b in marks) and any(
        (d.label == "DETERMINER" and d.start == action.end)
        or (d.label in ("SPEAKER", "ADDRESSEE") and d.start == action.end and d.upper and not after_body)
        for d in marks
    ):
        # "Chủ tịch UBND tỉnh, lãnh đạo các cơ quan ...", "Các sở, lãnh đạo UBND các huyện ...": a title that heads
        # the next addressee
        return True
    return clause_end is not None and action.start < clause_end


# Marks before an obligation that make the segment a report, a speech or a citizen's words, not a duty: shared by
# the readers of a segment that is a task as a whole (a matter, a thing, a setting).
_NO_DUTY_BEFORE = ("PAST", "LEAD", "REPORT", "STATEMENT", "FLOOR")


def _matter_obligation(marks: list[Mark], start: int, end: int, *, framed: bool = False) -> bool:
    """The segment opens with a matter noun ("Việc ...", "Công tác này ...") and an obligation follows it
    within a subject's length, with no past marker or speech act before the obligation. ``framed``: the
    subject follows a circumstance and its comma, so it is not capitalised."""
    if not any(m.label == "MATTER" and m.start == start and (m.upper or framed) for m in marks):
        return False
    obligation = _obligation_after(marks, start, min(end, start + MAX_SUBJECT + 1))
    # "sẽ bị điều chuyển": a past or suffered mark that starts at the modal blocks it too
    return obligation is not None and not any(
        m.label in _NO_DUTY_BEFORE and start <= m.start <= obligation for m in marks
    )


def _setting_duty(doc: Doc, marks: list[Mark], start: int, end: int) -> bool:
    """The segment opens with a place or a time of the case, then a comma and a duty with no subject ("Tại
    các khu rừng có nguy cơ cao, phải bố trí ...", "Khi có bão, nghiêm cấm ..."); nothing in the setting
    reports, speaks or names a speaker."""
    if not any(m.label == "SETTING" and m.start == start and m.upper for m in marks):
        return False
    words = _words(doc)
    duties = sorted(
        m.start for m in marks if m.label in ("OBLIGE", "PROHIBIT") and not m.upper and start + 1 < m.start < end
    )
    duty = next((d for d in duties if words[d - 1] == ","), None)
    if duty is None and duties and duties[0] - start <= MAX_SUBJECT and "," not in words[start : duties[0]]:
        duty = duties[0]  # "Tại các điểm sơ tán cần bảo đảm ...": a short setting needs no comma before its duty
    if duty is None or duty - start > 2 * MAX_SUBJECT:
        return False
    blocking = (*_NO_DUTY_BEFORE, "SPEAKER", "MODAL")
    return not any(m.label in blocking and start <= m.start < duty - 1 for m in marks)


def _quantified_party(marks: list[Mark], start: int) -> bool:
    """ "Tất cả các xã", "Mọi cán bộ": a quantifier (a matter word that is also a determiner) before a body
    names the parties that must act, not a matter ("Toàn bộ 40 căn nhà", "Việc các xã ..." are matters)."""
    quantifiers = {(m.start, m.end) for m in marks if m.label == "DETERMINER" and m.start == start}
    ends = {m.end for m in marks if m.label == "MATTER" and (m.start, m.end) in quantifiers}
    return any(m.label == "ADDRESSEE" and m.start in ends for m in marks)


def _thing_obliged(doc: Doc, marks: list[Mark], start: int, end: int) -> bool:
    """ "Kết quả rà soát phải được gửi về Sở ...": a capitalised subject that is no addressee, then an
    obligation and the passive "được" within a subject's length: the subject is what the task is done to
    (GUIDELINE: a thing as subject stays in the text), whatever noun heads it."""
    if not _words(doc)[start][:1].isupper() or any(m.start == start and m.label == "ADDRESSEE" for m in marks):
        return False
    obligation = _obligation_after(marks, start, min(end, start + MAX_SUBJECT + 1))
    if obligation is None or not _obliged_patient(marks, obligation, _skip_modals(marks, obligation)):
        return False
    blocking = (*_NO_DUTY_BEFORE, "SPEAKER")
    # "Danh sách các hộ được hỗ trợ phải được niêm yết ...": a past inside the subject's relative clause
    return not any(
        m.label in blocking
        and start <= m.start < obligation
        and not (m.label == "PAST" and _in_relative_clause(m, obligation))
        for m in marks
    )


def _in_relative_clause(past: Mark, obligation: int | None) -> bool:
    """A past marker with words between it and a later obligation ("các tàu đã vào bờ phải ...") belongs to
    the subject's relative clause; right before it ("đã phải") it puts the obligation in the past."""
    return obligation is not None and past.end < obligation


# Marks that make the words before a comma a clause of their own, not a circumstance of the next one.
_NOT_A_CIRCUMSTANCE = frozenset({"ACTION", "MODAL", "LEAD", "EMPHASIS", "PAST", "REPORT", "STATEMENT", "SPEAKER"})


def _after_circumstance(doc: Doc, marks: list[Mark], start: int, end: int) -> int:
    """Where the subject starts after a circumstance that opens the segment ("Tại những điểm có nguy cơ cao,
    gần khu dân cư, địa phương phải khoanh vùng ..."): the words before the last comma ahead of the
    obligation hold no verb (or open a purpose clause), and an addressee opens what follows. ``start`` when
    there is no such phrase."""
    framed = _framed_action(doc, marks, start, end)
    if framed is not None:
        return framed
    obligation = _obligation_after(_obligation_modals(marks), start, end)
    if obligation is None:
        return start
    if (
        any(m.start == start and m.label == "ADDRESSEE" for m in marks)
        and _subject_end(marks, start, end) == obligation
    ):
        return start  # "các cấp, ngành cần ...": the subject itself holds the comma
    # a purpose clause ("Để xây dựng ..., X cần ...") is a circumstance whatever verbs it holds
    opening = start + 1 if doc[start].text in _QUOTES else start  # a quote may open what the speaker said
    purpose = any(m.label == "PURPOSE" and m.start == opening and m.upper for m in marks)
    # the first comma after which an addressee runs to the obligation: "Trước 19 giờ ngày 24/8, các địa
    # phương, đơn vị phải ...", where the last comma would split the addressee list
    for subject in _comma_chunk_starts(doc, start, obligation):
        if not 0 < obligation - subject <= MAX_SUBJECT:
            continue
        if not purpose and any(m.label in _NOT_A_CIRCUMSTANCE and start <= m.start < subject for m in marks):
            return start
        opens = any(m.start == subject and m.label == "ADDRESSEE" for m in marks)
        if opens and _subject_end(marks, subject, end) == obligation:
            return subject
        if any(m.start == subject and m.label == "MATTER" for m in marks):
            return subject  # "Đến 13 giờ ngày 5/9, mọi công việc ... phải hoàn tất": a matter after the frame
        if _name_before_modal(doc, marks, subject) == obligation:
            return subject  # "Trong lĩnh vực nông nghiệp, Nam Định cần ...": a place named alone
    return start


def _framed_action(doc: Doc, marks: list[Mark], start: int, end: int) -> int | None:
    """ "Chậm nhất trong tháng 9/2027, phải giải quyết ...": a dated time frame, a comma, then the action or its
    modal with no subject; where the action starts, or None. "Ngày 20/2, ..." (a DATED word first) dates the
    news."""
    chunks = _comma_chunk_starts(doc, start, end)
    if not chunks or any(m.label == "DATED" and m.start == start for m in marks):
        return None
    first = chunks[0]
    if any(m.label in _NOT_A_CIRCUMSTANCE and start <= m.start < first for m in marks):
        return None
    if _time_frame(_text(doc, start, first - 1)) is None:
        return None
    return first if _head(marks, first) in ("ACTION", "MODAL") else None


def _circumstance_frame(doc: Doc, marks: list[Mark], opening: int, subject: int) -> str | None:
    """The dated time frame of the circumstance between a segment's ``opening`` and its ``subject``, or None;
    "Ngày 25/8, ..." (a DATED word first) dates the news, not the task."""
    if subject == opening or any(m.label == "DATED" and m.start == opening for m in marks):
        return None
    return _time_frame(_text(doc, opening, subject))


def _marked_name(doc: Doc, marks: list[Mark], start: int, end: int) -> str | None:
    """A speaker the resolver does not know ("UBND huyện"): its name from the first speaker mark in
    ``[start, end)`` to the name's end, or None."""
    first = next((m.start for m in marks if m.label == "SPEAKER" and start <= m.start < end), None)
    return None if first is None else _text(doc, first, _name_end(marks, first, end)) or None


def _marked_before(sent: _Sentence, seg: Span, mark: Mark, prefix: list[Mark]) -> str | None:
    """The speaker marked in the comma chunk before ``mark``, as written ("đoàn công tác", "Phó Bí thư ..."),
    or None."""
    return _marked_name(sent.doc, prefix, _chunk_start(sent.doc, seg.start, mark.start), mark.start)


def _closing_quote(words: list[str], opening: int) -> int | None:
    """The quotation mark that closes the one at ``opening``: a quoted phrase inside the quotation ("phương châm
    “bốn tại chỗ”, ...") opens and closes before it. A straight mark closes (it cannot say that it opens)."""
    inner = 0
    for i in range(opening + 1, len(words)):
        if words[i] in _CLOSING_QUOTES and not inner:
            return i
        if words[i] in _CLOSING_QUOTES:
            inner -= 1
        elif words[i] in _OPENING_QUOTES:
            inner += 1
    return None


def _before_attribution(doc: Doc, start: int, end: int) -> int:
    """A task ends at the closing quotation mark that an attribution follows ("... đất đai” - Phó Tổng Thanh
    tra nhấn mạnh"); a quoted phrase inside it ("phương châm “bốn tại chỗ” với ...") goes on."""
    words = _words(doc)
    opened = 0  # quotation marks opened inside the task ("theo kiểu “xã hội đen”, ...") close there
    for i in range(start, end - 1):
        if words[i] in _CLOSING_QUOTES and opened:
            opened -= 1
        elif words[i] in _CLOSING_QUOTES and words[i + 1] in _ATTRIBUTION_PUNCT:
            return i
        elif words[i] in _OPENING_QUOTES:
            opened += 1
    return end


def _issuer_opens_a_chunk(sent: _Sentence, start: int, end: int) -> bool:
    """A comma chunk in ``[start, end)`` opens with a speaker (a new clause's subject, not "kết luận của X", nor the
    title after a name: "đồng chí X, Phó Chủ tịch UBND tỉnh về việc thực hiện Thông báo ...")."""
    words = _words(sent.doc)
    starts = [s for s in _comma_chunk_starts(sent.doc, start, end) if not words[s - 2][:1].isupper()]
    return next(_speaker_openings(sent, starts, end), None) is not None


def _comma_chunk_starts(doc: Doc, start: int, end: int) -> list[int]:
    """Where each comma-separated chunk after the first starts in ``doc[start:end]``, left to right (commas inside
    ``JOINED`` words separate nothing)."""
    words = _words(doc)
    joined = _joined_commas(doc)
    return [i + 1 for i in range(start, end) if words[i] == "," and i not in joined]


# Tokens of a list entry's label before its colon ("Giá cả minh bạch:", "Tăng cường giám sát:").
MAX_HEADING = 5


def _is_entry_heading(sent: _Sentence) -> bool:
    """A list entry that opens with a short label and a colon, and goes on with a capitalised or addressed
    task ("- An toàn tuyệt đối: Đảm bảo ...", "- Tăng cường giám sát: UBND các xã đẩy mạnh ..."): the label
    heads the entry, it is no task of its own. A body before the colon ("- Sở Y tế: chủ trì ...") is the
    entry's addressee and is read as before."""
    segments = sent.segments
    if not (sent.entry and len(segments) > 1 and segments[0].label_ == "colon"):
        return False
    head, task = segments[0], segments[1]
    if head.end - head.start > MAX_HEADING or _only_addressee(sent.marks, head.start):
        return False
    words = _words(sent.doc)
    addressed = any(m.start == task.start and m.label == "ADDRESSEE" for m in sent.marks)
    return (words[task.start][:1].isupper() or addressed) and _has_verb(sent.marks, task.start, task.end)


def _obliged_patient(marks: list[Mark], modal_start: int, action: int) -> bool:
    """ "... phải được kiểm tra": an obligation ("phải", "cần"; not "cũng", also) then the passive "được" at
    ``action``: the subject is what the task is done to."""
    obliged = any(modal_start <= m.start < action for m in _obligation_modals(marks))
    return obliged and any(m.label == "PATIENT" and m.start == action for m in marks)


def _obligation_modals(marks: list[Mark]) -> list[Mark]:
    """The modals of duty ("phải", "cần"): not one that is also an adverb ("cũng", also)."""
    auxiliaries = {m.start for m in marks if m.label == "AUX"}
    return [m for m in marks if m.label == "MODAL" and m.start not in auxiliaries]


def _obligation_after(marks: list[Mark], start: int, end: int) -> int | None:
    """Where an obligation modal ("phải", "cần") follows the subject at ``start``, if one does before ``end``."""
    return min((m.start for m in marks if m.label == "MODAL" and start < m.start < end and not m.upper), default=None)


def _after_scope(marks: list[Mark], scope: Mark, end: int) -> int | None:
    """After "theo chức năng, nhiệm vụ được giao" the action starts; the scope phrase, with every scope
    phrase chained to it, is dropped."""
    stop = scope.end
    for m in sorted((m for m in marks if m.label == "SCOPE" and m.start >= scope.start), key=lambda m: m.start):
        if m.start <= stop:
            stop = max(stop, m.end)
    return min(stop, end)
