"""Command line: ``python -m standins serve`` runs the stand-ins; ``check`` validates manifests."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from .hub_app import DEFAULT_PAGE_SIZE
from .issues import ManifestError
from .loader import PACKAGED_SNAPSHOTS, load_snapshot
from .runtime import start


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m standins", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("serve", "serve the stand-ins until interrupted"),
        ("check", "validate manifests and print a summary"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument(
            "--folder",
            action="append",
            type=Path,
            default=[],
            help="an extra manifest folder (repeatable; later ones override earlier)",
        )
        command.add_argument(
            "--no-packaged",
            action="store_true",
            help=f"do not load the packaged snapshots ({PACKAGED_SNAPSHOTS})",
        )
    serve = commands.choices["serve"]
    serve.add_argument("--port-hub", type=int, default=0, help="Hub port (default: any free port)")
    serve.add_argument("--port-git", type=int, default=0, help="git port (default: any free port)")
    serve.add_argument("--port-url", type=int, default=0, help="URL port (default: any free port)")
    serve.add_argument(
        "--hub-page-size", type=int, default=DEFAULT_PAGE_SIZE, help="tree entries per page"
    )
    serve.add_argument("--verbose", action="store_true", help="log every request")
    return parser.parse_args(argv)


def folders_of(args: argparse.Namespace) -> list[Path]:
    """The manifest folders in load order."""
    return ([] if args.no_packaged else [PACKAGED_SNAPSHOTS]) + list(args.folder)


def check(args: argparse.Namespace) -> int:
    """Validate manifests; print every problem, or a count per kind."""
    try:
        snapshot = load_snapshot(folders_of(args))
    except ManifestError as error:
        print(error, file=sys.stderr)
        return 1
    hub, git, urls = len(snapshot.hub), len(snapshot.git), len(snapshot.urls)
    print(f"ok: {hub} Hub repos, {git} git repos, {urls} URLs")
    return 0


def serve(args: argparse.Namespace) -> int:
    """Run until Ctrl-C, printing the endpoints and rewrites first."""
    try:
        standins = start(
            folders_of(args),
            hub_page_size=args.hub_page_size,
            hub_port=args.port_hub,
            git_port=args.port_git,
            url_port=args.port_url,
            verbose=args.verbose,
        )
    except ManifestError as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"hub_endpoint {standins.hub_endpoint}\ngit_base     {standins.git_base}\n"
        f"url_base     {standins.url_base}",
        flush=True,
    )
    for public, loopback in standins.rewrites.items():
        print(f"rewrite      {public} -> {loopback}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        standins.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = parse_args(argv)
    return {"serve": serve, "check": check}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
