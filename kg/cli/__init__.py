"""The ``sikg`` command line: one Typer app; each module of this package registers its commands."""

import typer

from kg.cli import build, eligibility, serve

app = typer.Typer(no_args_is_help=True, help="SIKG: sacroiliitis knowledge graph and next-therapy eligibility.")
for module in (build, eligibility, serve):
    module.register(app)
