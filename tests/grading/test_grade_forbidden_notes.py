"""forbidden.yaml keeps notes for trainees (``note``, shown with the FRB001 finding) apart from notes
for maintainers (``dev_note``, never shown)."""

from __future__ import annotations

from gradekit import GOOD_OPENING, call

from grading.data import forbidden_by_id
from grading.grader import grade


def _messages(text: str) -> list[str]:
    record = call([
        {"operator": GOOD_OPENING}, {"caller": "我家漏电了，快来人！"},
        {"operator": text}, {"caller": "好吧。"}, {"hangup": "caller"},
    ])
    return [f.message for f in grade(record).findings if f.rule == "FRB001"]


def test_the_trainee_note_is_shown_and_the_maintainer_note_is_not() -> None:
    entry = forbidden_by_id()["f004-t5-2"]
    assert entry.note and entry.dev_note and entry.patterns_anywhere
    (message,) = _messages("急什么，您先把地址报一下。")
    assert entry.note.rstrip("。") in message
    assert entry.dev_note[:12] not in message


def test_an_entry_without_a_note_gives_the_plain_message() -> None:
    entry = forbidden_by_id()["f000-12"]
    assert not entry.note
    (message,) = _messages("你问我，我问谁？")
    assert message.startswith("说了服务禁语“您问我，我问谁？”（推诿）：“") and message.endswith("”"), message
    assert message.count("。") == 0, message


def test_the_finding_names_the_kind_of_speech() -> None:
    """The seeds list 禁语 as examples of kinds of speech: the report says which kind."""
    (message,) = _messages("这事儿俺们管不着")
    assert "（推诿）" in message, message


def test_matching_notes_are_dev_notes() -> None:
    """Notes about the matcher (standalone, patterns, table extraction) are not for trainees."""
    words = ("standalone", "正则", "匹配器", "表格错位", "patterns", "variants", "命中")
    shown = {e.id: e.note for e in forbidden_by_id().values() if any(w in e.note for w in words)}
    assert not shown, f"这些 note 写的是匹配细节，应放进 dev_note：{shown}"
