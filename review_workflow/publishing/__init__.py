"""The publish path: what makes a reviewed page live, and what refuses it.

The guard (a page row goes live only as a signed revision), the reviewer's decisions
(sign off, request changes), the workflow's finish action, and what a publication
records and announces when a signed version goes live.
"""
