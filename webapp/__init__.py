"""The nlpmap explorer: a Flask app over one built graph and its workspace.

``create_app({"NLPMAP_GRAPH": <graph file>, "NLPMAP_WORKSPACE": <folder>})``
loads the graph once into ``app.extensions["nlpmap"]`` (an
:class:`webapp.state.Explorer`) and registers its blueprints: ``pages``
(explorer, hub, concepts, vendored vis-network), ``articles`` (the corpus
files), ``api`` (JSON) and ``exports`` (``/export/<format>`` downloads).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import Flask

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def create_app(config: Mapping | None = None) -> Flask:
    """Create the explorer app.

    Args:
        config (Mapping | None): Settings applied last, over the defaults and
            the instance folder's ``config.py``. ``NLPMAP_GRAPH`` is a graph
            file (from ``nlpmap build``); ``NLPMAP_WORKSPACE`` the workspace
            folder (default: the graph's ``workspace``). With a workspace and
            no graph file, the workspace is built in memory.

    RETURNS (Flask): The app, graph loaded.

    Raises:
        GraphFileError: No graph configured, or a bad graph file.
        CorpusNotFound: The workspace folder does not exist.
    """
    from webapp import api, articles, caching, exports, guard, pages, params, responses
    from webapp.state import load_explorer

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        NLPMAP_GRAPH=None,
        NLPMAP_WORKSPACE=None,
        NLPMAP_MAX_QUERY=200,
        NLPMAP_MAX_TOP=100,
    )
    app.config.from_pyfile("config.py", silent=True)
    if config is not None:
        app.config.from_mapping(config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    explorer = load_explorer(app.config["NLPMAP_GRAPH"], app.config["NLPMAP_WORKSPACE"])
    app.extensions["nlpmap"] = explorer
    log.info(
        "serving %d nodes, %d edges of %s",
        explorer.graph.number_of_nodes(),
        explorer.graph.number_of_edges(),
        explorer.workspace,
    )

    responses.init_app(app)
    params.init_app(app)
    guard.init_app(app)
    caching.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(exports.bp)
    if app.config.get("NLPMAP_LIVE"):  # nlpmap serve --watch
        from webapp import live

        live.init_app(app)
    return app
