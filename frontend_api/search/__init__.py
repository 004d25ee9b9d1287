"""Public search over the published-article store: what is served, nothing else.

A package because search has several parts with their own rules:

- ``models``: the search entry of each stored article, the vocabulary, synonym groups;
- ``indexing``: entries written by the store in the transaction that stores the article;
- ``query``: the reader's query (quoted phrases, ``-word``, ``or``, a prefix on the last word)
  parsed once, expanded with synonyms, and written as a PostgreSQL ``tsquery`` or an FTS5
  match expression without ever passing the reader's syntax to the database;
- ``engine``: the statements per database (ranked page, excerpts, facets, suggestions);
- ``service``: what the article list calls: a search result with its facets and suggestion.
"""
