"""The public content API: each endpoint with its parameters and schema beside its view.

Views, query-string validation, OpenAPI shapes, responses with their validators and
conditional requests, renderers, the one error shape (problem documents), canonical
URLs and the policies every view shares. It reads articles only from the store.
"""
