"""Chat messages for follow-up items, rendered as Slack Block Kit with Vietnamese labels.

Pure: the notify stage maps stored items to ``ArticleNotice`` / ``NoticeItem`` and hands the resulting
``ChatMessage`` to a notifier. Everything that comes from a feed is escaped with ``escape_mrkdwn`` so a
title such as "<!channel> khẩn" can never ping a channel, and every text is cut to Slack's limits with "…".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

# Slack Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_TEXT_CHARS = 40000
# Long quotes drown the action in a channel; the full evidence stays in the database.
MAX_EVIDENCE_CHARS = 300
# A link whose URL alone eats most of a section is dropped rather than cut (a cut URL is a broken link).
MAX_URL_CHARS = 2000
ELLIPSIS = "…"
MISSING = "—"

TOPIC_NAMES_VI: dict[str, str] = {
    "party_building": "Xây dựng Đảng",
    "administration": "Chính quyền, cải cách hành chính",
    "economy": "Kinh tế, đầu tư",
    "social": "Văn hóa - xã hội",
    "security": "Quốc phòng, an ninh, trật tự",
    "mass_mobilization": "Dân vận, Mặt trận, đoàn thể",
    "environment": "Môi trường, thiên tai",
    "inspection": "Thanh tra, kiểm tra, phòng chống tham nhũng",
}

ITEM_KIND_NAMES_VI: dict[str, str] = {"directive": "Chỉ đạo", "commitment": "Cam kết"}

# Thread replies the notify stage posts under an item's original message.
EVENT_STATUS_CHANGED = "status_changed"
EVENT_DUE_SOON = "due_soon"
EVENT_OVERDUE = "overdue"
EVENT_SECOND_SOURCE = "second_source"
ITEM_EVENT_LABELS_VI: dict[str, str] = {
    EVENT_STATUS_CHANGED: "Cập nhật trạng thái",
    EVENT_DUE_SOON: "Sắp đến hạn",
    EVENT_OVERDUE: "Quá hạn",
    EVENT_SECOND_SOURCE: "Thêm nguồn đưa tin",
}
_ITEM_EVENT_EMOJI: dict[str, str] = {
    EVENT_STATUS_CHANGED: ":arrows_counterclockwise:",
    EVENT_DUE_SOON: ":alarm_clock:",
    EVENT_OVERDUE: ":warning:",
    EVENT_SECOND_SOURCE: ":newspaper:",
}


@dataclass(frozen=True)
class NoticeItem:
    """One follow-up item as shown in chat (``due_date`` is the normalised deadline)."""

    item_id: int | None
    text: str
    kind: str
    issuer: str | None
    assignee: str | None
    deadline: str | None
    due_date: date | None
    evidence: str | None


@dataclass(frozen=True)
class ArticleNotice:
    """An article with the items found in it, ready to be announced."""

    article_id: int
    title: str | None
    url: str | None
    province: str | None
    topics: tuple[str, ...]
    published: date | None
    items: tuple[NoticeItem, ...]


@dataclass(frozen=True)
class ChatMessage:
    """A rendered message: ``text`` is the plain fallback (notifications), ``blocks`` the body."""

    text: str
    blocks: tuple[dict[str, Any], ...]


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack treats as control characters.

    "<!channel> họp" -> "&lt;!channel&gt; họp"; "Sở A & Sở B" -> "Sở A &amp; Sở B". Formatting marks
    (``*``, ``_``) are left alone: Slack has no escape for them and they cannot ping anyone.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_UNFINISHED_ENTITY = re.compile(r"&[a-z]{0,3}$")


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, ending with "…" when something was cut.

    Works on escaped text: a cut never leaves half an entity ("&am" is dropped, not sent), so
    truncate("Sở A &amp; B", 8) == "Sở A…".
    """
    if len(text) <= limit:
        return text
    head = _UNFINISHED_ENTITY.sub("", text[: limit - 1])
    return head.rstrip() + ELLIPSIS


def format_date_vi(value: date) -> str:
    """Vietnamese day-first date: date(2025, 9, 30) -> "30/09/2025"."""
    return value.strftime("%d/%m/%Y")


def topic_names_vi(topics: Sequence[str]) -> str:
    """Topic labels as Vietnamese names: ("economy", "social") -> "Kinh tế, đầu tư; Văn hóa - xã hội"."""
    return "; ".join(TOPIC_NAMES_VI.get(topic, topic) for topic in topics)


def _safe_url(url: str | None) -> str | None:
    """A URL usable inside Slack's ``<url|label>`` syntax, or None when it cannot be used safely."""
    if not url or len(url) > MAX_URL_CHARS or not url.startswith(("http://", "https://")):
        return None
    # Inside <...> these three would end or split the link; percent-encoding keeps the target the same.
    return url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")


def _linked_title(title: str | None, url: str | None, title_limit: int = 500) -> str:
    """Bold title linked to its source: "*<https://a.vn/x|Tiêu đề>*", plain bold when there is no URL."""
    shown = truncate(escape_mrkdwn(title or "(không có tiêu đề)"), title_limit)
    target = _safe_url(url)
    return f"*<{target}|{shown}>*" if target else f"*{shown}*"


def _deadline_text(item: NoticeItem) -> str:
    """ "trước ngày 30/9 (30/09/2025)"; only the normalised date when the wording is missing; "—" otherwise."""
    parts = []
    if item.deadline:
        parts.append(escape_mrkdwn(item.deadline))
    if item.due_date:
        due = format_date_vi(item.due_date)
        parts.append(f"({due})" if parts else due)
    return " ".join(parts) if parts else MISSING


def _item_section_text(index: int, item: NoticeItem) -> str:
    """The mrkdwn of one item: action, assignee, deadline, issuer and a short evidence quote."""
    kind = ITEM_KIND_NAMES_VI.get(item.kind, escape_mrkdwn(item.kind))
    lines = [
        f"*{index}. [{kind}]* {truncate(escape_mrkdwn(item.text), 1500)}",
        f"• *Đơn vị thực hiện:* {truncate(escape_mrkdwn(item.assignee), 300) if item.assignee else MISSING}",
        f"• *Thời hạn:* {truncate(_deadline_text(item), 300)}",
        f"• *Người chỉ đạo:* {truncate(escape_mrkdwn(item.issuer), 300) if item.issuer else MISSING}",
    ]
    if item.evidence:
        quote = truncate(escape_mrkdwn(" ".join(item.evidence.split())), MAX_EVIDENCE_CHARS)
        lines.append(f"> _{quote}_")
    return truncate("\n".join(lines), MAX_SECTION_CHARS)


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION_CHARS)}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(text, MAX_SECTION_CHARS)}]}


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(text, MAX_HEADER_CHARS)}}


_DIVIDER: dict[str, Any] = {"type": "divider"}


def _article_meta(notice: ArticleNotice) -> str:
    """ "Tỉnh: Kiên Giang · Lĩnh vực: Kinh tế, đầu tư · Ngày đăng: 02/10/2025" (missing parts left out)."""
    parts = []
    if notice.province:
        parts.append(f"*Tỉnh:* {escape_mrkdwn(notice.province)}")
    if notice.topics:
        parts.append(f"*Lĩnh vực:* {escape_mrkdwn(topic_names_vi(notice.topics))}")
    if notice.published:
        parts.append(f"*Ngày đăng:* {format_date_vi(notice.published)}")
    return " · ".join(parts)


def _more_line(count: int, noun: str = "mục") -> str:
    return f"+{count} {noun} khác"


def _fallback_text(lines: Sequence[str]) -> str:
    return truncate("\n".join(lines), MAX_TEXT_CHARS)


ACTION_CONFIRM = "chidao_confirm"
ACTION_REJECT = "chidao_reject"
ACTION_OPEN = "chidao_open"
ITEM_ACTIONS_PREFIX = "chidao_item:"


def item_url(web_base_url: str, item_id: int) -> str:
    return f"{web_base_url.rstrip('/')}/items/{item_id}"


def item_actions(item_id: int, web_base_url: str) -> dict[str, Any]:
    """The buttons under an item: confirm and reject (answered by the web app's ``/slack/actions``), open."""
    value = str(item_id)
    return {
        "type": "actions",
        "block_id": f"{ITEM_ACTIONS_PREFIX}{item_id}",
        "elements": [
            {
                "type": "button",
                "action_id": ACTION_CONFIRM,
                "style": "primary",
                "value": value,
                "text": {"type": "plain_text", "text": "Xác nhận"},
            },
            {
                "type": "button",
                "action_id": ACTION_REJECT,
                "style": "danger",
                "value": value,
                "text": {"type": "plain_text", "text": "Loại"},
            },
            {
                "type": "button",
                "action_id": ACTION_OPEN,
                "url": item_url(web_base_url, item_id),
                "text": {"type": "plain_text", "text": "Mở trong ứng dụng"},
            },
        ],
    }


def mark_item_reviewed(blocks: Sequence[dict[str, Any]], item_id: int, line: str) -> list[dict[str, Any]]:
    """The message's blocks with the item's buttons replaced by who did what ("✅ Đã xác nhận bởi lan ...")."""
    block_id = f"{ITEM_ACTIONS_PREFIX}{item_id}"
    marked = {**_context(escape_mrkdwn(line)), "block_id": block_id}
    return [marked if block.get("block_id") == block_id else dict(block) for block in blocks]


def render_article(notice: ArticleNotice, web_base_url: str | None = None) -> ChatMessage:
    """One message for one article: linked title, province/topics/date line, one section per item.

    With ``web_base_url`` (the review app's public address) each item also gets its buttons: confirm,
    reject, open in the web app. Items beyond what fits in 50 blocks are summarised as a final "+N mục khác"
    context line.
    """
    blocks: list[dict[str, Any]] = [_section(_linked_title(notice.title, notice.url))]
    meta = _article_meta(notice)
    if meta:
        blocks.append(_context(meta))
    blocks.append(_DIVIDER)
    per_item = 2 if web_base_url else 1
    room = (MAX_BLOCKS - len(blocks)) // per_item
    shown = notice.items if len(notice.items) <= room else notice.items[: room - 1]
    for i, item in enumerate(shown, start=1):
        blocks.append(_section(_item_section_text(i, item)))
        if web_base_url and item.item_id is not None:
            blocks.append(item_actions(item.item_id, web_base_url))
    hidden = len(notice.items) - len(shown)
    if hidden:
        blocks.append(_context(_more_line(hidden)))
    count = len(notice.items)
    fallback = [
        f"{escape_mrkdwn(notice.title or '(không có tiêu đề)')} — {count} mục cần theo dõi",
        *(f"{i}. {escape_mrkdwn(item.text)}" for i, item in enumerate(shown, start=1)),
    ]
    if hidden:
        fallback.append(_more_line(hidden))
    return ChatMessage(text=_fallback_text(fallback), blocks=tuple(blocks))


def _digest_item_line(item: NoticeItem) -> str:
    """ "• Hoàn thành đường ABC — _Sở Xây dựng_ — hạn 30/09/2025" (short form used in digests)."""
    line = f"• {truncate(escape_mrkdwn(item.text), 300)}"
    if item.assignee:
        line += f" — _{truncate(escape_mrkdwn(item.assignee), 100)}_"
    if item.due_date:
        line += f" — hạn {format_date_vi(item.due_date)}"
    elif item.deadline:
        line += f" — hạn {truncate(escape_mrkdwn(item.deadline), 60)}"
    return line


def _digest_section_text(notice: ArticleNotice, max_items: int = 10) -> str:
    """A whole article in one section: title, meta line, up to ``max_items`` item lines, "+N mục khác"."""
    lines = [_linked_title(notice.title, notice.url, title_limit=300)]
    meta = _article_meta(notice)
    if meta:
        lines.append(meta)
    lines.extend(_digest_item_line(item) for item in notice.items[:max_items])
    if len(notice.items) > max_items:
        lines.append(_more_line(len(notice.items) - max_items))
    # Cut whole lines so that a link or an item is never half shown.
    text = ""
    for shown, line in enumerate(lines):
        candidate = f"{text}\n{line}" if text else line
        if len(candidate) > MAX_SECTION_CHARS - 40:
            return f"{text}\n{_more_line(len(lines) - shown, 'dòng')}"
        text = candidate
    return text


def id_ranges(ids: Sequence[int]) -> str:
    """Ids as compact ranges for a link: [3, 4, 5, 9] -> "3-5,9"."""
    parts: list[str] = []
    ordered = sorted(set(ids))
    start = previous = ordered[0] if ordered else 0
    for value in [*ordered[1:], None]:
        if value is not None and value == previous + 1:
            previous = value
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if value is not None:
            start = previous = value
    return ",".join(parts) if ordered else ""


def _queue_link(notices: Sequence[ArticleNotice], web_base_url: str) -> dict[str, Any] | None:
    ids = [item.item_id for notice in notices for item in notice.items if item.item_id is not None]
    url = _safe_url(f"{web_base_url.rstrip('/')}/items?ids={id_ranges(ids)}") if ids else None
    return _context(f"<{url}|Duyệt {len(ids)} mục này trong ứng dụng>") if url else None


def render_digest(notices: Sequence[ArticleNotice], web_base_url: str | None = None) -> ChatMessage:
    """One message summarising a backlog: a header with counts, then one section per article.

    Used instead of many single messages when a channel has a large backlog (see ``pacing.should_digest``);
    articles beyond the block limit become "+N bài khác". With ``web_base_url`` a line under the header links
    to the review queue filtered to the digest's items.
    """
    item_count = sum(len(notice.items) for notice in notices)
    title = f"Tổng hợp chỉ đạo: {len(notices)} bài, {item_count} mục cần theo dõi"
    blocks: list[dict[str, Any]] = [_header(title)]
    link = _queue_link(notices, web_base_url) if web_base_url else None
    if link is not None:
        blocks.append(link)
    room = MAX_BLOCKS - len(blocks)
    shown = notices if len(notices) <= room else notices[: room - 1]
    blocks.extend(_section(_digest_section_text(notice)) for notice in shown)
    hidden = len(notices) - len(shown)
    if hidden:
        blocks.append(_context(_more_line(hidden, "bài")))
    fallback = [title]
    fallback.extend(f"• {escape_mrkdwn(notice.title or '(không có tiêu đề)')}" for notice in shown)
    if hidden:
        fallback.append(_more_line(hidden, "bài"))
    return ChatMessage(text=_fallback_text(fallback), blocks=tuple(blocks))


@dataclass(frozen=True)
class EventLine:
    """One item event in an event digest: ``event`` as in ``ITEM_EVENT_LABELS_VI``, the item's text, detail."""

    event: str
    text: str
    detail: str | None = None


def render_event_digest(events: Sequence[EventLine]) -> ChatMessage:
    """One top-level message for a backlog of item events (reminders, status changes, further sources).

    Used instead of one thread reply per event when a channel's backlog of them is over the digest
    threshold (a backfill or a 10,000-entry feed would otherwise ping a thread thousands of times); events
    beyond the block limit become "+N cập nhật khác".
    """
    title = f"Tổng hợp cập nhật: {len(events)} cập nhật về các mục đang theo dõi"
    lines = []
    for event in events:
        label = ITEM_EVENT_LABELS_VI.get(event.event, escape_mrkdwn(event.event))
        line = f"• *{label}:* {truncate(escape_mrkdwn(event.text), 300)}"
        if event.detail:
            line += f" — {truncate(escape_mrkdwn(event.detail), 300)}"
        lines.append(line)
    blocks: list[dict[str, Any]] = [_header(title)]
    section = ""
    shown = 0
    for line in lines:
        candidate = f"{section}\n{line}" if section else line
        if len(candidate) > MAX_SECTION_CHARS - 40:
            if len(blocks) >= MAX_BLOCKS - 2:
                break
            blocks.append(_section(section))
            candidate = line
        section = candidate
        shown += 1
    if section:
        blocks.append(_section(section))
    if shown < len(lines):
        blocks.append(_context(_more_line(len(lines) - shown, "cập nhật")))
    fallback = [title, *lines[:shown]]
    if shown < len(lines):
        fallback.append(_more_line(len(lines) - shown, "cập nhật"))
    return ChatMessage(text=_fallback_text(fallback), blocks=tuple(blocks))


def render_item_event(item: NoticeItem, event: str, detail: str | None = None) -> ChatMessage:
    """A thread reply about one item: status change, reminder or another source reporting it.

    ``event`` is one of ``ITEM_EVENT_LABELS_VI`` ("due_soon" -> "Sắp đến hạn", "overdue" -> "Quá hạn",
    "status_changed", "second_source"); any other value is shown as written. ``detail`` is free text such
    as "open → done" or the second source's URL.
    """
    label = ITEM_EVENT_LABELS_VI.get(event, escape_mrkdwn(event))
    emoji = _ITEM_EVENT_EMOJI.get(event, ":bell:")
    lines = [f"{emoji} *{label}*", truncate(escape_mrkdwn(item.text), 1500)]
    if item.assignee:
        lines.append(f"• *Đơn vị thực hiện:* {truncate(escape_mrkdwn(item.assignee), 300)}")
    if item.deadline or item.due_date:
        lines.append(f"• *Thời hạn:* {truncate(_deadline_text(item), 300)}")
    if detail:
        lines.append(truncate(escape_mrkdwn(detail), 1000))
    fallback = f"{label}: {escape_mrkdwn(item.text)}"
    return ChatMessage(text=_fallback_text([fallback]), blocks=(_section("\n".join(lines)),))


def render_alert(subject: str, detail: str) -> ChatMessage:
    """An operator alert, e.g. render_alert("Nguồn tin lỗi: baokiengiang", "HTTP 503 từ 3 lần thử")."""
    header = f"⚠️ chidao: {subject}"
    return ChatMessage(
        text=_fallback_text([f"{escape_mrkdwn(header)}: {escape_mrkdwn(detail)}"]),
        blocks=(_header(escape_mrkdwn(header)), _section(escape_mrkdwn(detail))),
    )


def render_test_message(channel: str) -> ChatMessage:
    """The message ``chidao notify test`` sends to check a channel is reachable."""
    text = f"chidao: tin nhắn thử nghiệm tới {escape_mrkdwn(channel)}. Kênh đã sẵn sàng nhận thông báo."
    return ChatMessage(text=text, blocks=(_section(text),))


_LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>")
_BARE_LINK = re.compile(r"<([^<>|]+)>")


def mrkdwn_to_plain(text: str) -> str:
    """Slack mrkdwn to readable plain text for non-Slack transports.

    "*<https://a.vn/x|Tiêu đề>*" -> "Tiêu đề (https://a.vn/x)"; "&lt;!channel&gt;" -> "<!channel>".
    """
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _BARE_LINK.sub(lambda m: m.group(1), text)
    text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_([^_\n]+)_(?![\w_])", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


_ZWSP = "\u200b"
_GROUP_MENTION = re.compile(r"@(?=(?:channel|here|all|everyone)\b)", re.IGNORECASE)


def defuse_chat_markup(text: str) -> str:
    """Plain text that no chat target reads as a command: a zero-width space after every "<" (Slack,
    Mattermost and Google Chat read ``<!channel>``, ``<@U…>``, ``<url|text>``, ``<#C…|x>``,
    ``<users/all>``), inside "](" (Markdown links) and after "@" of a group mention.

    "<!channel> họp" -> "<\u200b!channel> họp"; "[bấm](https://x.vn)" -> "[bấm]\u200b(https://x.vn)";
    "@here" -> "@\u200bhere". What a reader sees does not change.
    """
    text = text.replace("<", "<" + _ZWSP).replace("](", "]" + _ZWSP + "(")
    return _GROUP_MENTION.sub("@" + _ZWSP, text)


def to_plain_text(message: ChatMessage) -> str:
    """The whole message as plain text, block by block (the fallback ``text`` is only a summary)."""
    lines: list[str] = []
    for block in message.blocks:
        kind = block.get("type")
        if kind in ("section", "header"):
            lines.append(mrkdwn_to_plain(block["text"]["text"]))
        elif kind == "context":
            lines.extend(mrkdwn_to_plain(element.get("text", "")) for element in block["elements"])
        elif kind == "divider":
            lines.append("—" * 20)
    return "\n".join(lines) if lines else mrkdwn_to_plain(message.text)
