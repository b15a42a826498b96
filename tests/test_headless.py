"""The headless core never imports a UI, audio, recognition or speech-synthesis library."""

from __future__ import annotations

import subprocess
import sys
import textwrap

FORBIDDEN = ("textual", "sounddevice", "vosk", "faster_whisper", "edge_tts", "ctranslate2", "onnxruntime")
CORE = (
    "simulator.scenario.loader",
    "simulator.scenario.lint",
    "simulator.scenario.library",
    "simulator.phrases",
    "simulator.phrases.matcher",
    "simulator.engine",
    "simulator.play.runner",
    "simulator.records",
    "simulator.records.recover",
    "simulator.records.legacy",
    "simulator.exams.library",
    "simulator.exams.take",
    "simulator.exams.trainer",
    "simulator.exams.verify",
    "simulator.exams.results",
    "simulator.exams.report_html",
    "simulator.exams.roles",
    "simulator.call.session",
    "simulator.call.hands",
    "simulator.call.render_ahead",
    "simulator.call.wording",
    "grading",
    "grading.grader",
)


def test_core_imports_no_ui_audio_asr_or_tts_library() -> None:
    code = textwrap.dedent(
        f"""
        import importlib, sys
        for name in {CORE!r}:
            importlib.import_module(name)
        from simulator.phrases import default_matcher
        default_matcher().detect("您好，12320卫生热线，请讲。")
        bad = sorted(m for m in sys.modules if m.split(".")[0] in {FORBIDDEN!r})
        print(",".join(bad))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"headless core imported: {out.stdout.strip()}"


def test_help_is_light() -> None:
    """``hotline --help`` imports only the CLI parsers, not the engine or the matcher data."""
    code = textwrap.dedent(
        """
        import sys
        from simulator.cli import build_parser
        build_parser().format_help()
        names = ("networkx", "pypinyin", "rapidfuzz", "yaml", "simulator.engine")
        heavy = [m for m in names if m in sys.modules]
        print(",".join(heavy))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"hotline --help imported heavy modules: {out.stdout.strip()}"
