"""Headless play: the play-script parser, the runner with simulated timing, the typed driver and
the golden-playthrough check. ``hotline play`` (:mod:`simulator.cli.play`) is built on these."""

from simulator.play.runner import PlayResult, Runner, play_script
from simulator.play.script import Script, Step, parse_line, parse_script

__all__ = ["PlayResult", "Runner", "Script", "Step", "parse_line", "parse_script", "play_script"]
