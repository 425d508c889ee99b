"""/docs: Swagger UI from files served here (the assets ship in the fastapi-offline package),
so the API docs work offline and under the strict CSP (the page's set-up script is a file)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from chorus.errors import NotFound

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parent / "static"
_ASSETS = {"swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chorus API docs</title>
<link rel="stylesheet" href="/static/swagger/swagger-ui.css">
<link rel="icon" href="/static/swagger/favicon.png">
</head><body><div id="swagger-ui"></div>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script>
</body></html>
"""


def swagger_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


@router.get("/docs", response_class=HTMLResponse)
async def docs() -> HTMLResponse:
    return HTMLResponse(PAGE)


@router.get("/static/swagger/{name}")
async def swagger_asset(name: str) -> FileResponse:
    if name not in _ASSETS:
        raise NotFound("no such asset")
    return FileResponse(swagger_dir() / name, headers={"Cache-Control": "public, max-age=86400"})


__all__ = ["STATIC", "router", "swagger_dir"]
