"""Laptop settings: the embedded SQLite default, DEBUG on, console e-mail."""

import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F403
