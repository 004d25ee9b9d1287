"""A progress bar for long management commands (imports, the benchmark's seeding)."""

from __future__ import annotations

import time


class ProgressBar:
    """A one-line text progress bar with rate and time left, redrawn in place."""

    WIDTH = 30

    def __init__(self, stream, label: str):
        self.stream = stream
        self.label = label
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if done == 0:
            # The work starts now (a bar may be made before its step, as the seeding's are).
            self.started = time.monotonic()
        elapsed = max(time.monotonic() - self.started, 1e-6)
        filled = int(self.WIDTH * done / total) if total else self.WIDTH
        rate = done / elapsed
        left = (total - done) / rate if rate else 0
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
            f"{done:,}/{total:,}  {rate:,.0f}/s  {_minutes(elapsed)} elapsed, "
            f"{_minutes(left)} left"
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}m{int(seconds % 60):02d}s"
