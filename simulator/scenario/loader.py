"""Loading scenario files — and the complete specification of the scenario format.

A scenario is one simulated call: who rings which hotline, what the caller says, and how the caller
reacts to what the trainee (the operator in training) does. ``hotline scenarios lint`` checks files
against everything below; ``hotline scenarios schema`` prints the matching JSON Schema.

File
====
One UTF-8 YAML file per scenario, ``scenarios/<id>.yaml`` (sub-folders are fine). The first line
names the schema so that editors complete and check fields::

    # yaml-language-server: $schema=scenario.schema.json      (../scenario.schema.json in a sub-folder)

Quote text that YAML could read as something else: ``no``/``yes``/``on``/``off`` become true/false,
``010`` becomes 8, ``12:30`` becomes 750, ``~``/``null`` become nothing. Every text field reports
this (HT003): write ``say: "no"``. Phone numbers always in quotes: ``phone: "025-83620000"``.
Anchors, aliases and ``<<:`` merge keys work. Duplicate keys are errors (HT002).

Top level
=========
``id`` (required)         the scenario's id: lowercase letters, digits, hyphens; equals the file name.
``title`` (required)      short title shown in lists (无声来电).
``difficulty`` (required) 1 (easy) … 5 (hard).
``brief`` (required)      what the trainee is told before the call.
``tags``                  list of labels for filtering ([无声来电, 基础]).
``notes``                 for trainers: what the scenario tests, what good handling sounds like.
``clauses``               seed clauses exercised, e.g. ``"000 服务应答规范 3"``.
``grading``               scenario rule families that grading applies: silent, misroute, complaint,
                          harassment, dialect, privacy, transfer (one or a list).
``hotline`` (required)    the line the trainee answers for:
                          ``name`` (required; checked in the greeting), ``aliases`` (list),
                          ``directory``: list of ``{name, phone, note}`` the trainee may refer to.
``caller`` (required)     ``persona`` (a voice id from voices/personas.yaml), ``sex`` (female|male),
                          ``age`` (child|young|adult|elder), ``language`` (mandarin, cantonese,
                          northeastern, shaanxi, taiwanese, english, yunnan, …), ``mood`` (start mood,
                          default calm), ``name`` (the caller's name, if asked), ``effect``
                          (``phone``: the caller's voice band-limited like a phone line; ``none``:
                          clean; default: the global setting). sex/age/language should agree with
                          the persona (HT036).
``mood_rules``            act id → mood steps, overriding the default table of how each act of the
                          trainee changes the caller's mood (``{apologise: -1, argue: 2}``).
``defaults``              ``on:`` a list of transitions appended after the own transitions of every
                          waiting node — the usual place for "silent too long → caller gives up".
``start``                 the first node's id; default: the first node in the file.
``nodes`` (required)      node id → node, in any order (ids: any text, conventionally kebab-case).
``playthroughs``          golden runs that tests replay (see below).

Moods
=====
The caller's mood ladder, calmest first: ``calm`` < ``anxious`` < ``impatient`` < ``angry`` <
``furious``. A mood change of +1 moves one step angrier, -1 one step calmer (clamped at the ends).

Nodes
=====
A node is a state of the caller. On arrival the caller says one of ``say`` and then the node either
goes straight on (``next``), ends the call (``end``), or waits for the trainee (it has ``on``).

``say``          one line or a list of variants (the seeded random generator picks one).
``mood``         set the caller's mood on arrival.
``silent``       true: the caller deliberately says nothing (silent caller); no ``say`` then.
``noise``        none | light | heavy | speakerphone: line noise at this node.
``talks_over``   true: the caller starts before the trainee has finished.
``barge_in``     cut | continue: what the caller's line does when the trainee talks over it.
``unclear``      line(s) the caller says when the trainee's reply matched no transition.
``next``         pass-through: after saying its line the caller goes on to this node at once.
``end``          terminal node: the call ends with this outcome: resolved | caller_hung_up |
                 operator_hung_up | transferred | abandoned. ``say`` is then the last line.
``success``      terminal nodes only: does this ending count as handled well (default false)?
``fail``         failure endings (``success: false``): why it is a failure, reported by grading as
                 a finding — ``{note: 只招呼一次就挂机, clause: 000-yingda-3, category: silent}``:
                 ``note`` (required) the reason the trainee reads, ``clause`` a clause id of
                 grading/standards/clauses.yaml (HT041 when unknown), ``category`` the report
                 category (default: the scenario's first ``grading`` family). Give every failure
                 ending one: without it the report cannot say why the call failed (the shipped
                 library is checked by tests/grading/test_grade_outcomes.py).
``on``           waiting node: its transitions (see below for which one fires).

A node has at most one of ``end``, ``next``, ``on`` (HT014); a node with neither ``end`` nor
``next`` is a waiting node and gets ``defaults.on`` appended. Every waiting node needs a
transition (HT022) and a ``silence`` transition without ``when_mood`` — its own or from
``defaults`` (HT023) — otherwise the caller would wait for ever. Every node must be reachable
from ``start`` (HT021), no set of nodes may loop without a way to an ending (HT025), and at least
one ending with ``success: true`` must be reachable (HT024).

Transitions
===========
Each transition has exactly one trigger (HT013), a ``goto`` (required, a node id) and options.

Triggers:
``act: greet`` or ``act: [apologise, empathise]``  the trainee said any of these speech acts;
                    ``all: [self_identify]`` additionally requires all of these. Act ids are those
                    of grading/standards/acts.yaml (greet, self_identify, offer_help, apologise, …).
``said: "12393"`` or ``said: [六点, 十八点]``  the trainee's words contain one of these (the one
                    matcher, strictly: digits match Chinese numerals and recogniser homophones,
                    五点 does not match 六点); ``all:`` may be added. Use it before a caller line
                    that repeats what the trainee said (“12393是吧？”, “六点啊？”): a caller repeats
                    only what was said, a catch-all branch must not put a number in their mouth.
``otherwise: true`` the trainee said something and no ``act``/``said`` transition of the node matched.
``silence: 8``      the trainee stayed silent 8 s after the caller's line (not while on hold).
``held: 40``        the caller has been on hold for 40 s.
``hold: true`` / ``unhold: true``  the trainee put the caller on hold / took them off it.
``transfer: 医政处`` the trainee transferred the call to that directory entry; ``"*"`` = anywhere.
``hangup: true``    the trainee hung up.

Which one fires (the engine's rules, :mod:`simulator.engine.rules`): when the trainee speaks, the
``act`` and ``said`` transitions are tried in file order and the first whose acts (or phrases) and
``when_mood`` hold fires;
only if none does, the first ``otherwise`` whose ``when_mood`` holds; if none, the caller says the
node's ``unclear`` line and keeps waiting. Of the timeouts (``silence``, ``held``) the one due
first fires (ties: the earlier in the file); of hold/unhold/hangup the first; of ``transfer`` the
first naming the target or ``"*"``. A transition that can never fire is a warning (HT026).
Transfer and hang-up end the call whatever the scenario says: their ``goto`` should be an ending
(or reach one through ``next``), else the outcome is ``transferred``/``operator_hung_up`` with
success false (HT039).

Options:
``when_mood: ">= angry"``  only while the mood compares so (< <= == >= >; a bare mood means ==).
``mood: 1``                mood change (steps) when it fires.
``say: 嗯。``              a line (or variants) the caller says as it fires, before the target's line.
``stay: true``             instead of ``goto`` (act/said/otherwise only): the caller says ``say`` and
                           keeps waiting at the node without saying its line again — the way to
                           react to 禁语 or arguing without derailing the call. In ``defaults.on``
                           it applies to every waiting node; with ``when_mood`` a repeated offence
                           can end the call::

                               defaults:
                                 on:
                                   - {act: [forbidden, argue], when_mood: ">= angry", goto: offended}
                                   - {act: [forbidden, argue], stay: true, say: 你这是什么态度？}

Playthroughs
============
``name`` (required), ``script`` (required; the ``hotline play --script`` format: one trainee action
a line — text to say, ``/answer N``, ``/wait N``, ``/hold``, ``/unhold``, ``/transfer 部门``,
``/hangup``, ``/interrupt N``, ``#`` comments; checked by the play-script parser, HT038; write it
as a ``|`` block so errors point at the right line), ``seed`` (default 0), ``path`` (the node ids
expected from ``start``; each step must follow a transition or ``next``), ``outcome`` and
``success`` (required; must match an ending of the scenario, and the last node of ``path`` if it
is terminal), ``final_mood``; the expected grade, optional: ``passed`` (true/false), ``must_flag``
and ``must_not_flag`` (rule codes such as ``SIL002`` or report categories such as ``silent`` the
report must / must not name; unknown names are HT042).

A script line may name the node it answers: ``@asks-date 好的，我帮您查一下。`` (or
``@asks-date /hold``). It is played when the caller waits at that node, not in order (consecutive
lines naming one node are played together; a node revisited gets the next such group). Plain lines
play in order. A golden call written with ``@node`` lines stays valid when the caller's line
variants or the branches leading to a node change. An ``@node`` naming no node is HT038.

``hotline scenarios test [ID|PATH ...]`` plays every playthrough (``--junit FILE`` for CI);
``hotline scenarios lint`` plays those with a ``path`` and reports a script that cannot produce it
(HT043) at the script line that led the caller astray.

Where scenarios live
====================
The library is the built-in ``scenarios/`` folder plus the trainers' own: ``scenarios/`` in the
user data folder (``HOTLINE_DATA``) and the folders of ``HOTLINE_SCENARIOS=dir1:dir2``, first match
wins (a trainer's scenario overrides a built-in one of the same id, with a warning). Every call
record carries what grading needs from its scenario, so it grades wherever it is.

Diagnostics
===========
Problems have stable codes HT0xx (catalogue: :mod:`simulator.scenario.diagnostics`, or
``hotline scenarios lint --codes``). :func:`load_scenario` raises :class:`~simulator.errors.ScenarioError`
with the first error; :func:`simulator.scenario.lint.lint_paths` collects every problem.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from simulator.errors import ScenarioError
from simulator.fsio import describe_os_error, shown
from simulator.limits import LIMITS
from simulator.scenario.context import CheckContext, default_context
from simulator.scenario.diagnostics import Diagnostic, attach_lines, diag
from simulator.scenario.model import Pos, Scenario
from simulator.scenario.schemaref import check_schema_comment

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

__all__ = ["check_file", "check_text", "load_scenario", "loads_scenario", "text_version"]


def text_version(text: str) -> str:
    """The version of a scenario: sha256 of its text (BOM dropped), first 16 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def check_text(
    text: str,
    file: str,
    context: CheckContext | None = None,
    *,
    schema_ref: str | None = None,
    schema_comment: bool = True,
) -> tuple[Scenario | None, list[Diagnostic]]:
    """Every per-file problem of ``text`` (sorted, source lines attached) and the scenario built.

    The scenario is ``None`` when the text is not a YAML mapping at all. ``schema_ref`` is the
    ``$schema=`` value the first line should carry (``None``: any path ending in the schema name).
    """
    from simulator.scenario.advice import check_advice
    from simulator.scenario.build import build
    from simulator.scenario.checks import check_graph
    from simulator.scenario.yamlpos import compose

    ctx = context if context is not None else default_context()
    tree, diags = compose(text, file)
    lines = _LINE_BREAK.split(text)  # YAML's line breaks, not str.splitlines' wider set
    scenario = None
    if tree is None and not diags:
        diags.append(diag("HT004", "文件是空的：场景应为映射（id: …, title: …, nodes: …）", Pos(file, 1, 1)))
    if tree is not None:
        scenario, more = build(tree, file, ctx, lines)
        diags += more
        if scenario is not None:
            scenario = replace(scenario, version=text_version(text))
        if scenario is not None:
            diags += check_graph(scenario)
            diags += check_advice(scenario)
    if schema_comment:
        diags += check_schema_comment(lines[0] if lines else "", file, schema_ref)
    diags.sort(key=Diagnostic.sort_key)
    return scenario, attach_lines(diags, lines)


def check_file(
    path: Path | str, context: CheckContext | None = None
) -> tuple[Scenario | None, list[Diagnostic]]:
    """Like :func:`check_text` for a file; unreadable files give HT040."""
    from simulator.scenario.schemaref import expected_schema_ref

    file = str(path)
    try:
        with Path(path).open("rb") as fh:
            data = fh.read(LIMITS.scenario_file_bytes + 1)
        if len(data) > LIMITS.scenario_file_bytes:
            limit = f"{LIMITS.scenario_file_bytes:,}"
            return None, [diag("HT060", f"文件超过 {limit} 字节的上限", Pos(file, 1, 1),
                               hint="场景文件通常只有几十 KB；检查是否选错了文件")]
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [diag("HT040", f"不是 UTF-8 文本（第 {exc.start + 1} 字节）", Pos(file, 1, 1),
                           hint="用 UTF-8 编码保存场景文件")]
    except OSError as exc:
        message, hint = describe_os_error(exc, path, action="读取")
        return None, [diag("HT040", message, Pos(shown(file), 1, 1), hint=hint)]
    text = text.removeprefix("\ufeff")
    return check_text(text, file, context, schema_ref=expected_schema_ref(Path(path)))


def _first_error(scenario: Scenario | None, diags: list[Diagnostic]) -> Scenario:
    errors = [d for d in diags if d.is_error]
    if errors or scenario is None:
        raise ScenarioError(errors[:1], hint="运行 hotline scenarios lint 查看全部问题")
    return scenario


def load_scenario(path: Path | str, *, context: CheckContext | None = None) -> Scenario:
    """Load and check one scenario file; raises :class:`ScenarioError` with the first error."""
    return _first_error(*check_file(path, context))


def loads_scenario(text: str, file: str = "<string>", *, context: CheckContext | None = None) -> Scenario:
    """Like :func:`load_scenario` from text (tests, tools); the schema comment is not required."""
    return _first_error(*check_text(text, file, context, schema_comment=False))
