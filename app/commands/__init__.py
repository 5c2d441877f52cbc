"""Subcommands of `cleanroom`, one module per area, all registered in `register_all`."""
from __future__ import annotations

import click


def register_all(group: click.Group) -> None:
    """Attach every shipped subcommand to the `cleanroom` group (idempotent)."""
    from . import accounts, cohorts, deid, ingest, ontology, operations, pixels, profiles, quarantine, receiver

    for command in (*accounts.COMMANDS, *operations.COMMANDS, *profiles.COMMANDS, *deid.COMMANDS,
                    *ontology.COMMANDS, *pixels.COMMANDS, *ingest.COMMANDS, *cohorts.COMMANDS,
                    *quarantine.COMMANDS, *receiver.COMMANDS):
        if command.name not in group.commands:
            group.add_command(command)
