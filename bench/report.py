"""Format benchmark results as a Markdown table, ready to paste into docs/benchmark.md."""

from __future__ import annotations

from collections.abc import Iterable

from .runner import Measurement, WorkloadResult

COLUMNS = (
    "workload",
    "API",
    "conns",
    "URLs walked",
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
    if numerator is None or denominator is None:
        return MISSING
    if not numerator.result or not denominator.result:
        return MISSING
    if not denominator.result.requests_per_second:
        return MISSING
    ratio = numerator.result.requests_per_second / denominator.result.requests_per_second
    return f"{ratio:.2f}×"


def _walked(m: Measurement) -> str:
    """Answers out of the list's URLs; a walk cut short by its time limit shows fewer."""
    if not m.result:
        return MISSING
    return f"{m.result.requests:,}/{m.result.planned:,}"


def _named(workload) -> str:
    """The workload's name; beside a search, the median and 90th-percentile number of
    articles its queries match."""
    if workload.matches is None:
        return workload.name
    median, p90 = workload.matches
    return f"{workload.name} (matches per query: median {median:,}, p90 {p90:,})"


def _cells(
    name: str, api: str, connections: int, m: Measurement | None, ratios: tuple[str, str]
) -> list[str]:
    if m is None:
        return [name, api, str(connections), *([MISSING] * 7), *ratios]
    result, facts = m.result, m.facts
    # A walk that got no answer within its time limit has a rate (zero) but no latencies.
    answered = result if result and result.requests else None
    return [
        name,
        api + (" ⚠" if m.problem else ""),
        str(connections),
        _walked(m),
        _rate(result.requests_per_second if result else None),
        _number(answered.p50_ms if answered else None),
        _number(answered.p99_ms if answered else None),
        _number(m.cpu_ms_per_request, 2),
        _number(facts.size_bytes / 1024 if facts else None),
        str(facts.queries) if facts else MISSING,
        *ratios,
    ]


def table_rows(results: Iterable[WorkloadResult]) -> list[list[str]]:
    """One row per API per workload; the ratios sit on our API's row. A workload without a
    ceiling walk has no ceiling row."""
    rows = []
    for result in results:
        conns = result.connections
        ceiling_ratio = _ratio(result.ours, result.ceiling) if result.ceiling else ""
        ratios = (_ratio(result.ours, result.wagtail), ceiling_ratio)
        rows.append(_cells(_named(result.workload), "ours", conns, result.ours, ratios))
        rows.append(_cells("", "Wagtail v2", conns, result.wagtail, ("", "")))
        if result.workload.ceiling is not None:
            rows.append(_cells("", "ceiling", conns, result.ceiling, ("", "")))
    return rows


def markdown_table(results: Iterable[WorkloadResult]) -> str:
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


def _measurements(result: WorkloadResult):
    return (("ours", result.ours), ("Wagtail v2", result.wagtail), ("ceiling", result.ceiling))


def notes(results: Iterable[WorkloadResult]) -> list[str]:
    """Workload notes, walks cut short by the time limit, and every problem, one line each."""
    lines = []
    for result in results:
        name = result.workload.name
        if result.workload.note:
            lines.append(f"{name}: {result.workload.note}.")
        for api, m in _measurements(result):
            if m is None:
                continue
            if m.result and not m.result.complete:
                lines.append(
                    f"{name}, {api}: stopped at the time limit after {m.result.requests:,} of "
                    f"{m.result.planned:,} URLs (each still requested once)."
                )
            if m.problem:
                lines.append(f"⚠ {name}, {api} (first URL {m.walk.urls[0]}): {m.problem}")
    return lines


def memory_line(results: Iterable[WorkloadResult]) -> str:
    """Worker RSS at the end of each walk (each on fresh workers), to see what a walk costs."""
    steps = [
        f"{result.workload.name} {api}: {'/'.join(f'{mb:.0f}' for mb in m.worker_rss_mb)}"
        for result in results
        for api, m in _measurements(result)
        if m is not None and m.worker_rss_mb
    ]
    return "Worker RSS in MB (per worker) at the end of each walk: " + "; ".join(steps) + "."


def servers_line(results: Iterable[WorkloadResult]) -> str:
    """How many servers served the walks: one each, so no walk warmed another."""
    pids = [
        m.server_pid
        for result in results
        for _, m in _measurements(result)
        if m is not None and m.server_pid is not None
    ]
    return (
        f"{len(pids)} walks on {len(set(pids))} freshly started servers "
        "(each stopped after its walk)."
    )
