"""A finding's citation ("<seed file> <place>") resolved for the trainee: the standard's Chinese
name (``documents:`` in clauses.yaml), the clause's place, title and text — in the text and HTML
reports, for every clause any rule can cite; the data checks that make it so at load."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from gradekit import DEV_CALLS

from grading import data
from grading.casebuild import build_call, case_files, load_cases
from grading.citation import quoted, resolve, shorten
from grading.data import StandardsError, clauses, courtesy, documents, forbidden, validate_all
from grading.model import Finding, Report
from grading.report_html import render as render_html
from grading.report_text import render as render_text
from grading.rules import rule_classes
from simulator.paths import standards_dir

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
JIANGSU = "江苏省12320咨询服务工作规范（试行）"


def _rule_clause_ids() -> dict[str, set[str]]:
    """Every clause id a rule can cite, with the rules citing it: each rule's own clause, the word
    lists CRT002 / CRT003 cite, and the 禁语 entries FRB001 cites."""
    out: dict[str, set[str]] = {}
    for cls in rule_classes():
        out.setdefault(cls.clause, set()).add(cls.code)
    words = courtesy()
    for name in ("vague", "fillers", "civil_words", "honorifics"):
        out.setdefault(getattr(words, name).clause, set()).add(f"courtesy.{name}")
    for entry in forbidden():
        out.setdefault(entry.clause, set()).add(f"FRB001 {entry.id}")
    return out


RULE_CLAUSES = _rule_clause_ids()


def _finding(citation: str, **kw: object) -> Finding:
    args: dict[str, object] = {
        "rule": "SIL002", "category": "silent", "severity": "blocker", "t": 27.8,
        "quote": "您好，请问您能听到我的声音吗？", "clause": citation,
        "message": "来电无声，话务员没有说无声告知语就挂机", "tip": "挂机前先说“对不起，我听不到您的声音”",
    }
    args.update(kw)
    return Finding(**args)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- resolving


@pytest.mark.parametrize("clause_id", sorted(RULE_CLAUSES))
def test_every_clause_a_rule_cites_resolves_to_document_title_and_text(clause_id: str) -> None:
    assert clause_id in clauses(), f"{sorted(RULE_CLAUSES[clause_id])} 引用了不存在的条款 {clause_id}"
    c = resolve(clauses()[clause_id].citation)
    assert c.known and c.clause_id == clause_id
    assert c.document and c.document == documents()[clauses()[clause_id].seed]
    assert c.title and c.text and c.place
    assert c.label.startswith(f"《{c.document}》{c.place}")
    assert c.title in c.label or c.title in c.place


def test_every_finding_of_the_rule_cases_and_dev_calls_resolves() -> None:
    from grading.grader import build_context, grade
    from grading.record import load_record, parse_record
    from grading.rules import get_rule

    cited: set[str] = set()
    for path in case_files():
        code, cases = load_cases(path)
        rule = get_rule(code)
        for case in cases:
            record = parse_record(build_call(case), source=case["name"])
            cited |= {f.clause for f in rule.run(build_context(record))}
    for path in sorted(DEV_CALLS.glob("*.json")):
        cited |= {f.clause for f in grade(load_record(path)).findings}
    assert len(cited) > 20
    assert not [c for c in cited if not (resolve(c).known and resolve(c).document)]


def test_every_seed_has_a_document_name_from_its_title() -> None:
    names = documents()
    assert set(names) == {c.seed for c in clauses().values()}
    assert names["002_1dcf54697941c951.txt"] == JIANGSU
    assert all(name.strip() and "《" not in name for name in names.values())
    if SEEDS.is_dir():  # the names say what the seeds themselves are called
        assert "96128" in names["000_423174f9e1f791de.txt"] and "云南" in names["000_423174f9e1f791de.txt"]
        for seed, words in {
            "001_58a670f6e31513f3.txt": "96128政务信息查询专线服务交流",
            "002_1dcf54697941c951.txt": "江苏省12320咨询服务工作规范",
            "003_9b08cdcd69c52411.txt": "营业窗口服务行为与规范培训讲义",
            "004_5fec3ab2139bb8f7.txt": "富源热电公司客户服务中心服务规范",
        }.items():
            assert words in names[seed]
            assert words in (SEEDS / seed).read_text(encoding="utf-8")[:3000]


def test_label_leaves_out_a_title_the_place_already_says() -> None:
    c = resolve("000_423174f9e1f791de.txt 服务禁语(九)")
    assert c.label == "《96128政务信息查询规范服务用语（云南）》服务禁语(九)"
    assert quoted(c.text) == "“（九）‘我怎么知道？！’”"


def test_unknown_citations_still_say_what_they_can() -> None:
    part = resolve("002_1dcf54697941c951.txt 附件9 9(9)")
    assert not part.known and part.document == JIANGSU and part.place == "附件9 9(9)"
    assert part.label == f"《{JIANGSU}》附件9 9(9)" and part.excerpt() == ""
    bare = resolve("c")
    assert not bare.known and not bare.document and bare.label == "c"


def test_shorten() -> None:
    assert shorten("短句", 80) == "短句"
    cut = shorten("一二三四五，六七八九十", 6)
    assert cut == "一二三四五…" and len(cut) <= 6
    assert len(shorten("字" * 300, 80)) == 80


# --------------------------------------------------------------------------- the reports


def test_text_report_names_the_standard_and_quotes_the_clause() -> None:
    citation = "002_1dcf54697941c951.txt 附件2 2(4)"
    report = Report(scenario="silent-caller", passed=False, score=50, findings=(_finding(citation),))
    text = render_text(report)
    assert f"    依据：《{JIANGSU}》附件2 2(4)「来电者不讲话」\n" in text
    assert "    条文：“（4）接听电话过程中遇到来电者不讲话时，" in text
    assert "‘对不起，我听不到您的声音，请您重新拨打。’稍停挂断电话。”\n" in text  # in full
    assert f"    出处：{citation}\n" in text
    order = [text.index(k) for k in ("原话：", "问题：", "依据：", "条文：", "出处：", "建议：")]
    assert order == sorted(order)


def test_html_report_names_the_standard_and_quotes_the_clause_in_full() -> None:
    citation = "002_1dcf54697941c951.txt 附件2 2(4)"
    report = Report(scenario="silent-caller", passed=False, score=50, findings=(_finding(citation),))
    page = render_html(report)
    assert f"《{JIANGSU}》附件2 2(4)「来电者不讲话」" in page
    text = resolve(citation).text
    assert f'<blockquote class="clause">{text}</blockquote>' in page
    assert f'title="{citation}"' in page


def test_finding_json_keeps_the_contract_citation() -> None:
    citation = "002_1dcf54697941c951.txt 附件2 2(4)"
    assert _finding(citation).to_json()["clause"] == citation


# --------------------------------------------------------------------------- data checks at load


@pytest.fixture
def tmp_standards(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "standards"
    shutil.copytree(standards_dir(), root)
    yield root
    data.clear_cache()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_a_seed_without_a_document_name_is_an_error(tmp_standards: Path) -> None:
    path = tmp_standards / "clauses.yaml"
    _edit(path, "  003_9b08cdcd69c52411.txt: 营业窗口服务行为与规范培训讲义（供电）\n", "")
    with pytest.raises(StandardsError, match="documents") as info:
        validate_all(tmp_standards)
    assert f"clauses.yaml:{_line_of(path, 'seed: 003_9b08cdcd69c52411.txt')}:" in info.value.message


def test_missing_or_malformed_documents_are_errors(tmp_standards: Path) -> None:
    path = tmp_standards / "clauses.yaml"
    original = path.read_text(encoding="utf-8")
    _edit(path, "documents:\n", "papers:\n")
    with pytest.raises(StandardsError, match="documents"):
        validate_all(tmp_standards)
    data.clear_cache()
    path.write_text(original.replace("  004_5fec3ab2139bb8f7.txt: 富源", "  004.txt: 富源"), encoding="utf-8")
    with pytest.raises(StandardsError, match=r"004\.txt") as info:
        validate_all(tmp_standards)
    assert f"clauses.yaml:{_line_of(path, '004.txt')}:" in info.value.message
    data.clear_cache()
    path.write_text(original.replace(": 富源热电公司客户服务中心服务规范", ": ''"), encoding="utf-8")
    with pytest.raises(StandardsError, match="名称"):
        validate_all(tmp_standards)


def test_two_clauses_with_one_citation_are_an_error(tmp_standards: Path) -> None:
    path = tmp_standards / "clauses.yaml"
    _edit(path, "place: 服务应答规范 2\n", "place: 服务应答规范 1\n")
    with pytest.raises(StandardsError, match="000-yingda-1"):
        validate_all(tmp_standards)
