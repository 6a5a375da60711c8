"""Command-line client: ``qkd-planner`` (``python -m planner``).

``qkd-planner [FILE]`` starts the desktop app; subcommands run the engine headless. Each subcommand is
a module here exposing ``register(subparsers)`` (which sets ``func=run``) and ``run(args) -> int``.
A ``PlanError`` becomes one line on stderr and exit code 2; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from planner import __version__
from planner.errors import PlanError

#: Subcommand modules, in the order ``--help`` lists them.
COMMANDS = ["evaluate", "convert", "devices", "linkcalc", "simulate", "report", "export"]
EXIT_USAGE = 2


def _print_error(message: str) -> None:
    print(f"qkd-planner: error: {message}", file=sys.stderr)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that command is registered (its module alone is
    imported, which keeps start-up fast: the app does not load the report code to open)."""
    parser = argparse.ArgumentParser(
        prog="qkd-planner",
        description="Plan QKD networks at ports: key rates, trusted nodes, rollout and reports.\n"
        "Without a command, starts the desktop app (optionally on FILE).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    app = sub.add_parser("open", help="start the desktop app on a plan (the default command)",
                         description="Start the desktop app, optionally on a plan file.")
    add_app_arguments(app)
    app.set_defaults(func=run_app)
    for name in COMMANDS:
        if only is None or name == only:
            importlib.import_module(f"planner.cli.{name}").register(sub)
    return parser


def add_app_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", metavar="FILE", help="plan to open (.qkdplan or .geojson)")
    parser.add_argument("--screenshot", metavar="PNG", help="render the main window to PNG and exit")
    parser.add_argument("--smoke", action="store_true", help="open, evaluate and exit 0 (installation check)")
    parser.add_argument("--lang", choices=("en", "zh"), help="user interface language")


def run_app(args: argparse.Namespace) -> int:
    try:
        from planner.gui.app import run_app as gui_main
    except ImportError as e:
        _print_error(f"the desktop app cannot start: {e} (the headless commands still work: see --help)")
        return 1
    return gui_main(args.file, screenshot=args.screenshot, smoke=args.smoke, lang=args.lang)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = set(COMMANDS) | {"open"}
    first = next((a for a in argv if not a.startswith("-")), None)
    if first not in commands and not ({"-h", "--help", "--version"} & set(argv)):
        argv = ["open", *argv]
        first = "open"
    parser = build_parser(only=first if first in commands else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    if not hasattr(args, "func"):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except PlanError as e:
        _print_error(str(e))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _print_error("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        _print_error("out of memory: the plan is too large for this machine")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
