"""The ``kg`` command, assembled from the command modules of :mod:`kg.commands`.

Every command that reads the graph takes ``--workspace`` (default ``./kg-workspace`` or
``$KG_WORKSPACE``) and ``--lang zh|en`` (default Chinese, or ``$KG_LANG``).
"""

from __future__ import annotations

import typer

from kg.commands import alignment, build, corrections, evaluation, neo4j, questions, rdf, scale, uptake, validity, views
from kg.commands.common import as_prose

app = typer.Typer(
    help=(
        "policy-kg: a knowledge graph of Chinese government policy documents.\n\n"
        "Start with `kg build seeds` (reads the sample documents into ./kg-workspace), then ask "
        "`kg lineage 沈政发〔2021〕14号` or `kg implementers 国发〔2019〕4号`."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

#: the command modules, in the order of the command list
MODULES = (build, corrections, evaluation, questions, alignment, uptake, neo4j, rdf, views, scale, validity)

for _module in MODULES:
    app.registered_commands += _module.commands.registered_commands
    app.registered_groups += _module.commands.registered_groups
as_prose(app)


if __name__ == "__main__":  # pragma: no cover - `python -m kg.cli`
    app()
