"""``hotline`` with no subcommand opens the app; without textual it says how to install it."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_without_textual_the_install_hint_is_shown() -> None:
    code = textwrap.dedent("""
        import sys
        sys.modules["textual"] = None  # as if the tui extra were not installed
        from simulator.cli import main
        sys.exit(main([]))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "没有安装 textual" in out.stderr and ".[tui]" in out.stderr


def test_help_still_lists_the_commands() -> None:
    out = subprocess.run([sys.executable, "-m", "simulator", "--help"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0 and "play" in out.stdout and "scenarios" in out.stdout
