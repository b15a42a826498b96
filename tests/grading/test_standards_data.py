"""The hand-written standards data (grading/standards/*.yaml) against the seeds and the dev calls.

Checks: every reference resolves; quotes really are in the seed they cite; every 禁语 has a clause
and a tip; the dev-call 禁语 are covered; no exemplary operator line and no standard phrase counts
as a 禁语 (verbatim, and through the real matcher); profiles; editing data changes behaviour.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from grading import data
from grading.data import (
    Clause,
    StandardsError,
    clauses,
    courtesy,
    forbidden,
    forbidden_by_id,
    profile_for,
    profiles,
    situations,
    validate_all,
)
from simulator.paths import standards_dir
from simulator.phrases import MatchContext, default_matcher
from simulator.phrases.acts import load_acts
from simulator.phrases.normalize import normalise
from simulator.phrases.types import ForbiddenEntry

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DEV_CALLS = SHARED / "dev-calls"
SEED_NAMES = {
    "000_423174f9e1f791de.txt",
    "001_58a670f6e31513f3.txt",
    "002_1dcf54697941c951.txt",
    "003_9b08cdcd69c52411.txt",
    "004_5fec3ab2139bb8f7.txt",
}
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds 不在")
needs_calls = pytest.mark.skipif(not DEV_CALLS.is_dir(), reason="../shared/dev-calls 不在")


# --------------------------------------------------------------------------- helpers


def _bare(text: str) -> str:
    """Only CJK, digits and letters (for comparing quotes with the seeds)."""
    return re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", text)


def _seed_texts() -> dict[str, str]:
    out = {}
    for path in SEEDS.glob("*.txt"):
        raw = path.read_text(encoding="utf-8")
        raw = re.sub(r"\n+\s*\d{1,2}(、|\n)", "", raw)  # page/chunk numbers of the extraction
        out[path.name] = _bare(raw)
    return out


_SPLIT = re.compile(r"[，。！？；：、“”‘’（）()…—\-\s,.!?;:\"/×*]+|服务用语|服务忌语|XXXX|XX")


def _segments(text: str) -> Iterator[str]:
    """The pieces of a quote between punctuation and placeholders (2+ characters)."""
    for part in _SPLIT.split(text):
        piece = _bare(part)
        if len(piece) >= 2:
            yield piece


def _missing_segments(text: str, seed_text: str) -> list[str]:
    return [s for s in _segments(text) if s not in seed_text]


def _dev_calls() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(DEV_CALLS.glob("0*.json")):
        yield path.name, json.loads(path.read_text(encoding="utf-8"))


def _operator_lines(record: dict[str, Any]) -> list[str]:
    return [e["text"] for e in record["events"] if e.get("type") == "say" and e.get("who") == "operator"]


def _ctx(record: dict[str, Any]) -> MatchContext:
    hotline = record.get("hotline") or {}
    names = tuple(n for n in (hotline.get("name"), *hotline.get("aliases", [])) if n)
    return MatchContext(hotline_names=names)


def _forms(entry: ForbiddenEntry) -> list[str]:
    return [normalise(t) for t in (entry.text, *entry.variants) if normalise(t)]


def _verbatim(entry: ForbiddenEntry, line: str) -> str | None:
    """The text, variant or pattern of ``entry`` that occurs verbatim in ``line`` (normalised)."""
    norm = normalise(line)
    for form in _forms(entry):
        if (norm == form) if entry.standalone else (form in norm):
            return form
    for pat in entry.patterns:
        if re.search(pat, norm):
            if entry.standalone and len(norm) > 6:
                continue
            return pat
    for pat in entry.patterns_anywhere:
        if re.search(pat, norm):
            return pat
    return None


# --------------------------------------------------------------------------- loading and references


def test_everything_loads_and_cross_checks() -> None:
    validate_all()
    assert len(clauses()) >= 150
    assert len(forbidden()) >= 80
    assert len(situations()) >= 15
    assert len(profiles()) == 4


def test_every_referenced_clause_exists() -> None:
    known = clauses()
    refs: list[tuple[str, str]] = []
    for act in load_acts():
        refs += [(f"act {act.id}", c) for c in act.clauses]
    for e in forbidden():
        refs += [(f"禁语 {e.id}", c) for c in (e.clause, *e.also)]
    for s in situations().values():
        refs += [(f"情形 {s.id}", c) for c in (*s.clauses, *(p.clause for p in s.phrases))]
    for p in profiles().values():
        refs += [(f"热线 {p.id}", c) for c in p.clauses]
    c = courtesy()
    refs += [
        (f"courtesy {w}", getattr(c, w).clause) for w in ("vague", "fillers", "civil_words", "honorifics")
    ]
    assert refs
    assert not [r for r in refs if r[1] not in known]


def test_clause_fields_and_citation() -> None:
    for cid, c in clauses().items():
        assert isinstance(c, Clause) and c.id == cid
        assert c.seed in SEED_NAMES, cid
        assert c.place and c.title and c.text, cid
        assert c.citation == f"{c.seed} {c.place}"
    assert clauses()["000-jinyu-9"].citation == "000_423174f9e1f791de.txt 服务禁语(九)"
    assert clauses()["002-fj2-2-4"].citation == "002_1dcf54697941c951.txt 附件2 2(4)"
    assert clauses()["004-ting-3-2"].citation == "004_5fec3ab2139bb8f7.txt 六 3.2"
    assert data.clause("000-yingda-3").short == "000 服务应答规范 3"
    with pytest.raises(StandardsError):
        data.clause("999-nothing")


def test_citations_are_unique() -> None:
    cites = Counter(c.citation for c in clauses().values())
    assert not [c for c, n in cites.items() if n > 1]


def test_every_seed_contributes_clauses() -> None:
    assert {c.seed for c in clauses().values()} == SEED_NAMES


def test_truncated_annex_3_is_noted() -> None:
    annex = clauses()["002-fj3"]
    assert "截断" in annex.note


@needs_seeds
def test_clause_texts_are_quoted_from_their_seed() -> None:
    seeds = _seed_texts()
    bad = {cid: m for cid, c in clauses().items() if (m := _missing_segments(c.text, seeds[c.seed]))}
    assert not bad, f"条款文字在原文里找不到：{bad}"


# --------------------------------------------------------------------------- 禁语


def test_every_forbidden_entry_has_clause_and_tip() -> None:
    for e in forbidden():
        assert e.clause in clauses(), e.id
        assert e.tip.strip(), f"{e.id} 没有 tip"
        assert e.text.strip(), e.id
        assert not e.standalone or len(normalise(e.text)) <= 6, f"{e.id}: standalone 只用于短语"


def test_forbidden_ids_are_unique_and_indexed() -> None:
    ids = [e.id for e in forbidden()]
    assert len(ids) == len(set(ids))
    assert set(forbidden_by_id()) == set(ids)


def test_all_26_jinyu_of_000_have_exactly_one_entry() -> None:
    per_clause = Counter(e.clause for e in forbidden())
    for n in range(1, 27):
        assert per_clause[f"000-jinyu-{n}"] == 1, f"服务禁语({n})"


def test_every_list_of_forbidden_phrases_is_covered() -> None:
    cited = Counter(c for e in forbidden() for c in (e.clause, *e.also))
    # 000 服务应答规范 忌 (the spoken ones), 003 table 忌语 per row, 004 四 2.9 / 六 5 / 七 3.3 / 七 3.5
    for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10):
        assert cited[f"000-yingda-{n}-ji"] >= 1, f"000 服务应答规范 {n} 忌"
    for row in range(1, 29):
        assert cited[f"003-biao-{row}"] >= 1, f"003 表第 {row} 种情形"
    assert cited["004-yan-2-9"] == 9  # the nine phrases of 四 2.9
    assert cited["004-ting-5"] == 12  # 你找谁 … 不知道、不清楚、不行、不能办 … 你怎么什么也不懂
    assert cited["004-hui-3-5b"] == 5
    assert cited["004-hui-3-3"] == 3  # 不知道、不清楚、不归我管


def test_context_dependent_words_are_standalone() -> None:
    by_text = {normalise(e.text): e for e in forbidden()}
    for word in ("不知道", "不清楚", "不行", "不能办", "没办法", "解决不了", "我应该的", "错了", "喂"):
        assert by_text[word].standalone, word
    # 再见 alone is a closing rule (000 服务应答规范 9 忌), not a 禁语
    assert "再见" not in by_text


@needs_seeds
def test_forbidden_texts_are_quoted_from_their_seed() -> None:
    seeds = _seed_texts()
    known = clauses()
    bad = {}
    for e in forbidden():
        if "表格错位" in e.dev_note:  # 003 row 26: the extraction split the phrase
            continue
        seed = seeds[known[e.clause].seed]
        if missing := _missing_segments(e.text, seed):
            bad[e.id] = missing
    assert not bad, f"禁语原文在出处里找不到：{bad}"


@needs_seeds
def test_tips_are_quoted_from_the_seeds() -> None:
    everything = "".join(_seed_texts().values())
    bad = {e.id: m for e in forbidden() if (m := _missing_segments(e.tip, everything))}
    assert not bad, f"tip 不是规范原文：{bad}"


# which clause each flawed dev call's 禁语 belongs to (from its expect.why)
DEV_FORBIDDEN = {
    "004": {"000-yingda-3-ji", "000-jinyu-1"},
    "009": {"000-jinyu-22"},
    "014": {"000-jinyu-18", "004-yan-2-9"},
    "019": {"000-jinyu-8"},
    "024": {"000-jinyu-21"},
    "030": {"000-jinyu-12", "000-yingda-5-ji"},
}


@needs_calls
def test_dev_call_forbidden_phrases_are_covered_by_the_data() -> None:
    records = {name[:3]: rec for name, rec in _dev_calls()}
    for num, wanted in DEV_FORBIDDEN.items():
        found = {
            c
            for line in _operator_lines(records[num])
            for e in forbidden()
            if _verbatim(e, line)
            for c in (e.clause, *e.also)
        }
        assert found & wanted, f"dev call {num} 的禁语没有被任何条目的 text/variants/patterns 覆盖"


def _clean_calls() -> Iterator[tuple[str, dict[str, Any]]]:
    """Dev calls in which no 禁语 may be found (exemplary ones and flawed ones with forbidden absent)."""
    for name, rec in _dev_calls():
        exp = rec.get("expect", {})
        if exp.get("passed") or "forbidden" in exp.get("absent", []):
            yield name, rec


@needs_calls
def test_no_clean_operator_line_contains_a_forbidden_text_verbatim() -> None:
    calls = list(_clean_calls())
    assert len(calls) >= 20
    bad = [
        (name[:3], line, e.id, form)
        for name, rec in calls
        for line in _operator_lines(rec)
        for e in forbidden()
        if (form := _verbatim(e, line))
    ]
    assert not bad, bad


@needs_calls
def test_matcher_finds_no_forbidden_in_clean_calls() -> None:
    m = default_matcher()
    bad = []
    for name, rec in _clean_calls():
        for line in _operator_lines(rec):
            if hit := m.find(line, "forbidden", _ctx(rec)):
                bad.append((name[:3], line, hit.entry, hit.quote))
    assert not bad, bad


@needs_calls
def test_matcher_finds_the_dev_call_forbidden_phrases() -> None:
    m = default_matcher()
    by_id = forbidden_by_id()
    for name, rec in _dev_calls():
        wanted = DEV_FORBIDDEN.get(name[:3])
        if not wanted:
            continue
        hits = [h for line in _operator_lines(rec) if (h := m.find(line, "forbidden", _ctx(rec)))]
        clauses_hit = {c for h in hits if h.entry for c in (by_id[h.entry].clause, *by_id[h.entry].also)}
        assert clauses_hit & wanted, f"{name}: 匹配器没找到应有的禁语（找到 {hits}）"


def test_standard_phrases_are_never_forbidden() -> None:
    m = default_matcher()
    bad = []
    for s in situations().values():
        for p in s.phrases:
            if hit := m.find(p.text, "forbidden"):
                bad.append((s.id, p.text, hit.entry, hit.quote))
    assert not bad, f"规范用语被当成禁语：{bad}"


@pytest.mark.parametrize(
    "line",
    [
        "这个我不清楚的地方我帮您查一下",
        "这个具体时间我不知道，我帮您查一下，请稍等。",
        "真麻烦您了，谢谢您的耐心等待。",
        "先生，电话听不清楚，请您稍后再拨。",
        "对不起，您的问题与我们的服务无关，我将挂断您的电话。",
        "不用谢，这是我应该做的。",
        "同志，您打错了，这里是电业局。",
        "对不起，根据规定，您的业务不能办理，请原谅。",
        "您提的这个问题我们无法解决，我们会马上反映给相关部门。",
        "社保局下午五点就要下班了，您尽快过去。",
        "请您听我详细解释一下好吗？",
        "您说的是这个意思吗？",
        "您可以在网上国网App上自己查询电费。",
        "谢谢您的来电，再见。",
        "您别着急，什么时候来电我马上帮您查。",
        "请问您是找哪个部门？",
        "好的，我这就帮您转过去，您看可以吗？",
        # f000-24 is X的事与我们无关 for any X, but not the prescribed harassment line nor taking it on
        "您的问题与我们的服务无关，我将挂断您的电话。",
        "这不是跟我们没关系，我们一定负责到底。",
        "这件事怎么会跟我们没关系呢，我们马上处理。",
        # f004-t5-2 急什么 opening an utterance, not 急 inside one
        "不急，什么时候来都行。",
        "您别着急，什么时候方便再来电都可以。",
    ],
)
def test_correct_sentences_are_not_forbidden(line: str) -> None:
    hit = default_matcher().find(line, "forbidden")
    assert hit is None, f"「{line}」被误判为禁语 {hit.entry}（{hit.quote}）"


@pytest.mark.parametrize(
    ("line", "clause"),
    [
        ("这事儿跟我们没关系", "000-jinyu-24"),
        ("你问我我去问谁啊", "000-jinyu-12"),
        ("你要投诉就去投诉吧", "000-jinyu-18"),
        ("暖气的事不归我们管", "000-jinyu-22"),
        ("不清楚。", "004-ting-5"),
        ("我不知道。", "004-ting-5"),
        ("喂，喂", "000-yingda-3-ji"),
        ("你怎么还不挂电话", "000-jinyu-8"),
        ("我快下班了，您明天再打来吧", "000-jinyu-25"),
        ("有本事你去告啊", "000-yingda-10-ji"),
        ("爱上哪告上哪告", "003-biao-14"),
        ("你能把我怎么样", "004-yan-2-9"),
        ("少 废 话", "003-biao-7"),
        ("打官司的事与我们无关。", "000-jinyu-24"),
        ("停电的事跟我们没关系。", "000-jinyu-24"),
        ("那跟我没关系。", "000-jinyu-24"),
        ("急什么，您先把地址报一下。", "004-ting-5"),
        ("急 什 么 先 把 地 址 报 一 下", "004-ting-5"),
    ],
)
def test_paraphrased_forbidden_phrases_are_found(line: str, clause: str) -> None:
    hit = default_matcher().find(line, "forbidden")
    assert hit is not None and hit.entry is not None, f"「{line}」没有被认出是禁语"
    entry = forbidden_by_id()[hit.entry]
    assert clause in (entry.clause, *entry.also), (line, hit.entry)


# --------------------------------------------------------------------------- situations


def test_situations_have_phrases_and_known_references() -> None:
    acts = load_acts().ids
    ids = forbidden_by_id()
    for s in situations().values():
        assert s.name and s.phrases and s.clauses, s.id
        assert set(s.acts) <= acts and set(s.avoid) <= set(ids), s.id
        assert s.tip == s.phrases[0].text
    for sid in (
        "pickup",
        "misroute",
        "silent",
        "lookup",
        "suggestion",
        "apology",
        "closing",
        "complaint",
        "escalation",
        "harassment",
        "dialect",
        "speakerphone",
        "privacy",
        "transfer",
        "praise",
    ):
        assert sid in situations(), sid


@needs_seeds
def test_situation_phrases_are_quoted_from_their_seed() -> None:
    seeds = _seed_texts()
    known = clauses()
    bad = {
        (s.id, p.text): m
        for s in situations().values()
        for p in s.phrases
        if (m := _missing_segments(p.text, seeds[known[p.clause].seed]))
    }
    assert not bad, f"规范用语在出处里找不到：{bad}"


# --------------------------------------------------------------------------- profiles


@pytest.mark.parametrize(
    ("name", "pid"),
    [
        ("96128政务信息查询专线", "gov-96128"),
        ("96128", "gov-96128"),
        ("12320卫生热线", "health-12320"),
        ("12320", "health-12320"),
        ("南京市12320", "health-12320"),
        ("95598供电服务热线", "power-95598"),
        ("95598", "power-95598"),
        ("恒源热力集团", "heating-hengyuan"),
        ("恒源热力", "heating-hengyuan"),
    ],
)
def test_profile_for_names_and_aliases(name: str, pid: str) -> None:
    p = profile_for(name)
    assert p.id == pid and not p.is_default
    assert p.name in p.greeting
    assert p.pass_mark == 80 and p.speech_rate == (120, 280) and p.answer_within == 10


def test_unknown_line_falls_back_to_the_defaults() -> None:
    p = profile_for("某市12345市民热线")
    assert p.is_default and p.name == "某市12345市民热线"
    assert p.greeting == "您好，某市12345市民热线，请问有什么可以帮您？"
    assert (p.speech_rate_min, p.speech_rate_max) == (120, 280)
    assert profile_for(None).is_default and profile_for("").greeting == "您好，请问有什么可以帮您？"


def test_heating_greeting_is_the_004_one() -> None:
    assert profile_for("恒源热力").greeting == "您好，我是恒源热力集团话务员，请问有什么可以帮您？"
    assert profile_for("12320").greeting == "您好，12320卫生热线，请讲。"


@needs_calls
def test_every_dev_call_line_has_a_profile() -> None:
    for name, rec in _dev_calls():
        assert not profile_for(rec["hotline"]["name"]).is_default, name


# --------------------------------------------------------------------------- courtesy lists


def test_courtesy_lists() -> None:
    c = courtesy()
    assert c.vague.words == ("大概", "可能", "也许") and c.vague.clause == "004-hui-3-5"
    assert set(c.fillers.words) == {"喽", "嘛"} and c.fillers.limit
    # words that contain a filler character without being one are data, not code
    assert {"干嘛", "喇嘛"} <= set(c.fillers.exceptions)
    assert c.civil_words.words == ("您好", "请", "谢谢", "对不起", "再见")
    # the standard misroute phrase uses 可能; it is listed as an exception
    assert any("可能" in x for x in c.vague.exceptions)


# --------------------------------------------------------------------------- the files themselves


@pytest.mark.parametrize("path", sorted(standards_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_every_file_starts_with_a_chinese_header(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and re.search(r"[\u4e00-\u9fff]", first), path.name


@pytest.fixture()
def tmp_standards(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "standards"
    shutil.copytree(standards_dir(), root)
    yield root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line
    )


def test_a_trainer_can_adjust_a_profile_by_editing_data(tmp_standards: Path) -> None:
    path = tmp_standards / "profiles.yaml"
    _edit(
        path,
        '    greeting: "您好，{name}，请讲。"\n',
        '    greeting: "您好，{name}，请讲。"\n    pass_mark: 90\n',
    )
    assert profile_for("12320", tmp_standards).pass_mark == 90
    assert profile_for("95598", tmp_standards).pass_mark == 80


def test_unknown_clause_in_a_situation_names_file_and_line(tmp_standards: Path) -> None:
    path = tmp_standards / "situations.yaml"
    _edit(path, "clause: 002-fj2-3-3}", "clause: 002-fj2-3-9}")
    with pytest.raises(StandardsError) as info:
        validate_all(tmp_standards)
    assert f"situations.yaml:{_line_of(path, '002-fj2-3-9')}:" in info.value.message


def test_unknown_act_or_entry_in_a_situation_is_an_error(tmp_standards: Path) -> None:
    path = tmp_standards / "situations.yaml"
    _edit(path, "avoid: [f000-08, f000-24]", "avoid: [f000-08, f000-99]")
    with pytest.raises(StandardsError, match="f000-99"):
        validate_all(tmp_standards)


def test_bad_profile_values_are_errors(tmp_standards: Path) -> None:
    path = tmp_standards / "profiles.yaml"
    _edit(path, "  speech_rate: [120, 280]", "  speech_rate: [280, 120]")
    with pytest.raises(StandardsError) as info:
        validate_all(tmp_standards)
    assert f"profiles.yaml:{_line_of(path, 'speech_rate: [280')}:" in info.value.message


def test_duplicate_alias_across_profiles_is_an_error(tmp_standards: Path) -> None:
    path = tmp_standards / "profiles.yaml"
    _edit(path, '["95598", ', '["95598", "12320", ')
    with pytest.raises(StandardsError, match="12320"):
        validate_all(tmp_standards)


def test_bad_seed_name_in_clauses_is_an_error(tmp_standards: Path) -> None:
    path = tmp_standards / "clauses.yaml"
    _edit(path, "seed: 001_58a670f6e31513f3.txt", "seed: 001.txt")
    with pytest.raises(StandardsError, match="seed"):
        validate_all(tmp_standards)


def test_clear_cache_reloads() -> None:
    before = clauses()
    data.clear_cache()
    after = clauses()
    assert before == after and before is not after


def test_standard_phrases_show_the_acts_of_their_situation() -> None:
    m = default_matcher()
    ctx = MatchContext(hotline_names=("12320卫生热线", "12320"))
    bad = []
    for s in situations().values():
        if not s.acts:
            continue
        for p in s.phrases:
            found = {h.act for h in m.detect(p.text, ctx)}
            if not found & set(s.acts):
                bad.append((s.id, p.text, sorted(found)))
    assert not bad, f"规范用语认不出本情形应有的行为：{bad}"
