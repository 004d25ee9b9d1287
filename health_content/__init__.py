"""Treatment articles, health centers, their StreamField blocks and snippets.

Knows nothing of DRF. Of the review workflow it knows only the review contract
(``review_workflow.contract``): the article adopts ``MedicallyReviewedPage`` (its review facts
and hooks), a health center ``ReviewPolicyMixin``, and its settings follow the contract's
``AppSettings``; the guard, the sign-offs and the records stay out of sight. Exposes the models and
``health_content.rendering.render_article``: the one function that turns an article (or any
revision of it) into plain, JSON-ready data for the API, the preview and the review fingerprint.
"""
