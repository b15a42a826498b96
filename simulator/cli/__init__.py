"""The ``hotline`` command line.

Each subcommand lives in its own module exposing ``register(subparsers)`` and is imported
only to build the parser; heavy libraries are imported inside the ``run`` functions so that
``hotline --help`` stays fast. Errors from every package are rendered here, once, on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Subcommand modules, in the order ``hotline --help`` lists them.
_COMMANDS = (
    "simulator.cli.play",
    "simulator.cli.scenarios",
    "simulator.cli.grade",
    "simulator.cli.rules",
    "simulator.cli.calls",
    "simulator.cli.regrade",
    "simulator.cli.exam",
    "simulator.cli.hearing",
    "simulator.cli.voices",
)


def build_parser() -> argparse.ArgumentParser:
    from simulator.cli import zh

    zh.install()
    parser = argparse.ArgumentParser(
        prog="hotline",
        description="热线话务员培训模拟器 hotline-trainer：练习接听热线电话，并按服务规范逐条评分。",
    )
    parser.add_argument("--version", action="version", version=_version(), help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in _COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # not written yet
                continue
            raise
        module.register(sub)
    return parser


def _version() -> str:
    from simulator import __version__

    return f"hotline-trainer {__version__}"


def _open_app() -> int:
    """``hotline`` with no subcommand: the training-room app (textual is imported only here)."""
    from simulator.errors import MissingExtraError

    try:
        import textual  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError("没有安装 textual，无法打开培训界面",
                                hint="pip install -e \".[tui]\"（或重新运行 ./setup.sh）") from exc
    from simulator.tui.launch import run

    return run()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Its output may quote records, scenarios and scripts, so stdout and stderr
    escape control characters (ANSI sequences, carriage returns, bidi overrides) while it runs:
    no file can drive the terminal (:mod:`simulator.textsafe`)."""
    from simulator.textsafe import SafeWriter

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # the app draws its own screen
        return _run(parser, args)
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeWriter(out), SafeWriter(err)
    try:
        return _run(parser, args)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from simulator.errors import HotlineError

    try:
        if args.command is None:
            return _open_app()
        if not getattr(args, "func", None):
            parser.print_help()
            return 0
        code = args.func(args)
    except HotlineError as exc:
        print(exc.render(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file the command could not read or write: say which and why
        from simulator.fsio import describe_os_error

        message, hint = describe_os_error(exc, action="读写")
        print(HotlineError(message, hint=hint).render(), file=sys.stderr)
        return 2
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
