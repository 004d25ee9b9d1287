"""The medical review in the Wagtail admin, and what people are told.

Admin views (reviewer profiles, the sign-off log, the reviews-due report, the audit
trail), dashboard panels, decisions taken in the page editor, history formatters, the
messages a reviewer gets after deciding and the daily reminder e-mails. Wagtail finds
the hooks that register them in the app's root ``wagtail_hooks``.
"""
