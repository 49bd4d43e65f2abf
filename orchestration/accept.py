"""`pcp accept`: an analyst accepts a month's delivery whose volume or shape is outside its
history as a genuine change (pcp_assets/acceptances.py; docs/data-quality.md)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from orchestration.runner import say
from pcp_assets.acceptances import accept
from pcp_assets.checking import sha256_of
from pcp_assets.partitions import parse_month
from pcp_assets.settings import Settings
from pcp_assets.sources import SOURCES, source_named


def command_accept(args: argparse.Namespace, settings: Settings) -> int:
    try:
        month = parse_month(args.month)
        settings = replace(settings, source=args.source or settings.source)
        source = source_named(settings.source)
        if args.input:
            settings = source.with_input(settings, args.input)
        settings = source.settle_force(settings)
    except ValueError as error:
        say(str(error))
        return 2
    if len(settings.forces) > 1:
        say(f"--force: which force's delivery to accept ({', '.join(settings.forces)})")
        return 2
    settings = settings.of_force(settings.force_id)
    if args.extract not in source.extracts:
        say(f"--extract {args.extract}: {source.label} delivers {', '.join(source.extracts)}")
        return 2
    delivery = source.delivery_path(settings, args.extract, month)
    if not delivery.is_file():
        say(f"{delivery}: no delivery of {args.extract} for {month:%Y-%m} to accept")
        return 2
    try:
        recorded = accept(settings, args.extract, month, sha256_of(delivery), args.reason)
    except ValueError as error:
        say(str(error))
        return 2
    say(
        f"accepted {delivery} as a genuine change: its volume check passes from the next run, "
        f"and the paper's data-quality section gives the reason (recorded in {recorded})"
    )
    return 0


def add_accept_command(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "accept",
        help="accept a month's delivery outside its history (volume check) as a genuine change",
    )
    parser.add_argument("--extract", required=True, help="the extract, e.g. crimes")
    parser.add_argument("--month", required=True, help="the delivery's month, YYYY-MM")
    parser.add_argument("--reason", required=True, help="why the change is genuine (printed)")
    parser.add_argument("--force", help="the force's id, e.g. midshire (PCP_FORCE_ID)")
    parser.add_argument("--source", choices=list(SOURCES), help="the source (PCP_SOURCE)")
    parser.add_argument("--input", type=Path, help="the source's folder, as for pcp run")
    parser.set_defaults(handler=command_accept)
