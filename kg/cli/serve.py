"""``sikg serve``: run the HTTP service (uvicorn) on the embedded store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    data_dir: Annotated[Optional[Path], typer.Option(help="Store location [env SIKG_DATA_DIR]")] = None,
    admin_token: Annotated[Optional[str], typer.Option(help="Bearer token enabling writes [env SIKG_ADMIN_TOKEN]")] = None,
    query_timeout: Annotated[Optional[float], typer.Option(help="Per-query seconds [env SIKG_QUERY_TIMEOUT_S]")] = None,
    max_rows: Annotated[Optional[int], typer.Option(help="Row limit of /sparql [env SIKG_QUERY_MAX_ROWS]")] = None,
    load: Annotated[Optional[list[Path]], typer.Option(help="RDF file to load at start-up (pair with --graph)")] = None,
    graph: Annotated[Optional[list[str]], typer.Option(help="Graph IRI for the matching --load")] = None,
    examples: Annotated[bool, typer.Option(help="Load the example patients at start-up")] = False,
    no_knowledge: Annotated[bool, typer.Option("--no-knowledge", help="Do not load the knowledge graphs")] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "info",
) -> None:
    """Start the SIKG HTTP service (OpenAPI docs at /docs)."""
    import uvicorn
    from pydantic import ValidationError

    from api.main import create_app
    from api.settings import Settings

    load, graph = load or [], graph or []
    if len(load) != len(graph):
        raise typer.BadParameter("give one --graph IRI for every --load FILE", param_hint="--load/--graph")
    for path in load:
        if not path.is_file():
            raise typer.BadParameter(f"no such file: {path}", param_hint="--load")
    overrides = {"data_dir": data_dir, "admin_token": admin_token, "query_timeout_s": query_timeout,
                 "query_max_rows": max_rows}
    overrides = {k: v for k, v in overrides.items() if v is not None}
    try:
        settings = Settings(**overrides, preload=list(zip(load, graph)), examples=examples,
                            load_knowledge=not no_knowledge)
    except ValidationError as e:
        typer.echo(f"error: invalid settings:\n{e}", err=True)
        raise typer.Exit(2) from None
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level)
