"""Treatment articles, health centers, their StreamField blocks and snippets.

Knows nothing of DRF or of the review workflow. Exposes the models and
``health_content.rendering.render_article``: the one function that turns an article (or any
revision of it) into plain, JSON-ready data for the API, the preview and the review fingerprint.
"""
