"""Does a worker's memory grow with the requests it serves? RSS after 1,000 and 10,000 requests.

Run on fresh workers before the load runs: requests go one at a time, round-robin over our
endpoints, so every path that allocates per request is exercised. The issue's rule: RSS after
10,000 within 10 % of RSS after 1,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import cycle

from .runner import http_status
from .scenarios import Scenario, Target
from .server import GunicornServer

CHECKPOINTS = (1_000, 10_000)
ALLOWED_GROWTH = 0.10


@dataclass(frozen=True)
class MemoryGrowth:
    """Worker RSS (MB, per worker) at each checkpoint of requests served."""

    rss_mb: dict[int, list[float]]

    @property
    def growth(self) -> float | None:
        """Relative growth of the workers' total RSS from the first checkpoint to the last."""
        first, last = (sum(self.rss_mb[n]) for n in (CHECKPOINTS[0], CHECKPOINTS[-1]))
        return (last - first) / first if first else None

    def line(self) -> str:
        points = "; ".join(
            f"after {served:,} requests {'/'.join(f'{mb:.0f}' for mb in sizes)}"
            for served, sizes in self.rss_mb.items()
        )
        growth = self.growth
        verdict = (
            "n/a"
            if growth is None
            else f"{growth:+.1%} ({'within' if growth <= ALLOWED_GROWTH else 'over'} 10 %)"
        )
        return f"Worker RSS in MB (per worker), {points}: {verdict}."


def memory_targets(scenarios: list[Scenario]) -> list[Target]:
    """Our 200 requests."""
    return [
        scenario.ours
        for scenario in scenarios
        if scenario.ours is not None and scenario.ours.expected_status == 200
    ]


def measure_memory_growth(server: GunicornServer, scenarios: list[Scenario]) -> MemoryGrowth:
    """Serve ``CHECKPOINTS[-1]`` requests one by one, reading worker RSS at each checkpoint."""
    targets = cycle(memory_targets(scenarios))
    rss_mb, served = {}, 0
    for checkpoint in CHECKPOINTS:
        while served < checkpoint:
            http_status(server.base_url, next(targets))
            served += 1
        rss_mb[checkpoint] = server.worker_rss_mb()
    return MemoryGrowth(rss_mb)
