"""Demo content for a fresh install: a health site with a Back Pain center and its articles.

Written for this project in the shape of a consumer treatment overview; not copied from any
publisher.
"""
