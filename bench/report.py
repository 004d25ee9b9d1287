"""Format benchmark results as a Markdown table, ready to paste into docs/benchmark.md."""

from __future__ import annotations

from collections.abc import Iterable

from .runner import Measurement, ScenarioResult

COLUMNS = (
    "endpoint",
    "API",
    "req/s",
    "p50 ms",
    "p99 ms",
    "CPU ms/req",
    "size KB",
    "SQL/req",
    "ours/Wagtail",
    "ours/ceiling",
)
MISSING = "n/a"


def _number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return MISSING
    return f"{value:,.{digits}f}"


def _rate(value: float | None) -> str:
    # Slow endpoints manage a few requests a second: keep a decimal so they never show as 0.
    return _number(value, 0 if value is None or value >= 10 else 1)


def _ratio(numerator: Measurement | None, denominator: Measurement | None) -> str:
    if numerator is None or denominator is None or not numerator.load or not denominator.load:
        return MISSING
    if not denominator.load.requests_per_second:
        return MISSING
    return f"{numerator.load.requests_per_second / denominator.load.requests_per_second:.2f}×"


def _cells(name: str, api: str, m: Measurement | None, ratios: tuple[str, str]) -> list[str]:
    if m is None:
        return [name, api, *([MISSING] * 6), *ratios]
    load, facts = m.load, m.facts
    return [
        name,
        api + (" ⚠" if m.problem else ""),
        _rate(load.requests_per_second if load else None),
        _number(load.p50_ms if load else None),
        _number(load.p99_ms if load else None),
        _number(m.cpu_ms_per_request, 2),
        _number(facts.size_bytes / 1024 if facts else None),
        str(facts.queries) if facts else MISSING,
        *ratios,
    ]


def table_rows(results: Iterable[ScenarioResult]) -> list[list[str]]:
    """One row per API per scenario; the ratios sit on our API's row."""
    rows = []
    for result in results:
        name = result.scenario.name
        ratios = (_ratio(result.ours, result.wagtail), _ratio(result.ours, result.ceiling))
        rows.append(_cells(name, "ours", result.ours, ratios))
        rows.append(_cells("", "Wagtail v2", result.wagtail, ("", "")))
        rows.append(_cells("", "ceiling", result.ceiling, ("", "")))
    return rows


def markdown_table(results: Iterable[ScenarioResult]) -> str:
    rows = [list(COLUMNS), *table_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("| " + " | ".join("-" * width for width in widths) + " |")
    return "\n".join(lines)


def notes(results: Iterable[ScenarioResult]) -> list[str]:
    """Scenario notes and every measurement problem, one line each."""
    lines = []
    for result in results:
        if result.scenario.note:
            lines.append(f"{result.scenario.name}: {result.scenario.note}")
        for api, m in (
            ("ours", result.ours),
            ("Wagtail v2", result.wagtail),
            ("ceiling", result.ceiling),
        ):
            if m is not None and m.problem:
                lines.append(f"⚠ {result.scenario.name}, {api} ({m.target.url}): {m.problem}")
    return lines


def find_then_detail_line(results: Iterable[ScenarioResult]) -> str | None:
    """v2's find answers only a redirect; what a client needs is that plus v2's detail.

    At saturation each request costs the server 1/rate seconds, so the pair costs the sum:
    complete answers per second = 1 / (1/find + 1/detail).
    """
    by_name = {result.scenario.name: result for result in results}
    find, detail = by_name.get("find by path"), by_name.get("detail")
    measured = [r and r.wagtail and r.wagtail.load for r in (find, detail)]
    if not all(measured) or not find.ours or not find.ours.load:
        return None
    rates = [load.requests_per_second for load in measured]
    if not all(rates):
        return None
    pair = 1 / (1 / rates[0] + 1 / rates[1])
    ours = find.ours.load.requests_per_second
    return (
        f"find by path, as a client gets the article: v2's redirect then its detail make "
        f"{pair:,.0f} complete answers/s; ours {ours:,.0f} req/s is {ours / pair:.2f}× that."
    )


def requests_served(results: Iterable[ScenarioResult]) -> int:
    """Requests the server has answered under load so far (warm-ups not counted)."""
    measurements = [m for r in results for m in (r.ours, r.wagtail, r.ceiling) if m is not None]
    return sum(m.load.requests for m in measurements if m.load)


def memory_line(snapshots: list[tuple[int, list[float]]]) -> str:
    """Worker RSS after each scenario, to see whether memory grows with requests served."""
    steps = "; ".join(
        f"{served:,} req: {'/'.join(f'{mb:.0f}' for mb in sizes)}" for served, sizes in snapshots
    )
    return f"Worker RSS in MB (per worker) by requests served: {steps}."
