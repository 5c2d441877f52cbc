"""Subcommands of `cleanroom`, one module per area, all registered in `register_all`."""
from __future__ import annotations

import click


def register_all(group: click.Group) -> None:
    """Attach every shipped subcommand to the `cleanroom` group (idempotent)."""
    from . import (accounts, audit, cohorts, database, deid, demo, ingest, jobs, ontology, pixels, profiles,
                   quarantine, receiver, serve)

    for command in (*accounts.COMMANDS, *database.COMMANDS, *audit.COMMANDS, *jobs.COMMANDS, *serve.COMMANDS,
                    *demo.COMMANDS, *profiles.COMMANDS, *deid.COMMANDS, *ontology.COMMANDS, *pixels.COMMANDS,
                    *ingest.COMMANDS, *cohorts.COMMANDS, *quarantine.COMMANDS, *receiver.COMMANDS):
        if command.name not in group.commands:
            group.add_command(command)
