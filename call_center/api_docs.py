"""``/docs``: Swagger UI for the ``/v1`` contract, only when asked for (``api_docs``: the demo
turns it on; production leaves it off), and served from this process.

APIFlask's own page loads unpinned scripts from a CDN and starts them with an inline script:
on the console's origin that would let a CDN run code next to an agent's session. Here every
file comes from the ``swagger-ui-bundle`` package (pinned in pyproject.toml) or from
``api_docs_static/``, and the page's policy allows scripts from this origin only.
"""
from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, render_template_string, send_from_directory

STATIC = ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>一键通 central API</title>
  <link rel="stylesheet" href="{{ url_for('api_docs.asset', filename='swagger-ui.css') }}">
</head>
<body>
  <div id="swagger-ui" data-spec="{{ url_for('openapi.spec') }}"></div>
  <script src="{{ url_for('api_docs.asset', filename='swagger-ui-bundle.js') }}"></script>
  <script src="{{ url_for('api_docs.asset', filename='swagger-ui-standalone-preset.js') }}"></script>
  <script src="{{ url_for('api_docs.asset', filename='docs-start.js') }}"></script>
</body>
</html>
"""

bp = Blueprint("api_docs", __name__, url_prefix="/docs")


@bp.get("")
def page() -> str:
    return render_template_string(PAGE)


@bp.get("/static/<path:filename>")
def asset(filename: str) -> Response:
    from pathlib import Path

    from swagger_ui_bundle import swagger_ui_path

    if filename == "docs-start.js":
        return send_from_directory(Path(__file__).parent / "api_docs_static", filename)
    if filename not in STATIC:
        abort(404)
    return send_from_directory(str(swagger_ui_path), filename)


@bp.after_request
def _policy(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
