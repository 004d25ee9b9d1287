"""axe-core (npm, ``make browser``) in the browser tests: what it finds on a page, split into
what the plugin renders and what Wagtail renders.

The tests assert no serious or critical violation in the plugin's markup and list Wagtail's
own: a violation node is the plugin's when it sits inside one of the containers the test names
(the plugin's panels, forms, templates and block forms, found by their selectors) and is
not one of Wagtail's own widgets there (its rich text editor, Draftail, whose editable area has
no accessible name in Wagtail itself).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.x, levels A and AA (what the audit ran).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SEVERE = ("serious", "critical")

# Wagtail's widgets inside the plugin's forms: their markup is Wagtail's.
WAGTAIL_WIDGETS = [".Draftail-Editor"]

_RUN = """async ([tags, containers, widgets]) => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const result = await axe.run(document, options);
  const found = [];
  for (const violation of result.violations) {
    for (const node of violation.nodes) {
      const last = node.target[node.target.length - 1];
      const element = typeof last === "string" ? document.querySelector(last) : null;
      const inside = Boolean(element && containers.length && element.closest(containers.join(",")));
      const ours = inside && !element.closest(widgets.join(","));
      found.push({
        rule: violation.id, impact: node.impact || violation.impact, help: violation.help,
        target: node.target.join(" "), html: node.html.slice(0, 240), ours,
      });
    }
  }
  return found;
}"""


@dataclass
class Findings:
    """What axe found on one view."""

    view: str
    nodes: list[dict] = field(default_factory=list)

    @property
    def ours_severe(self) -> list[dict]:
        return [n for n in self.nodes if n["ours"] and n["impact"] in SEVERE]

    @property
    def wagtails(self) -> list[dict]:
        return [n for n in self.nodes if not n["ours"]]

    def explain(self) -> str:
        return "\n".join(
            f"{n['impact']} {n['rule']} ({n['help']}): {n['target']} {n['html']}"
            for n in self.ours_severe
        )


def audit(tab, view: str, containers: list[str], report: Path | None = None) -> Findings:
    """Run axe over the page; the nodes inside ``containers`` are the plugin's."""
    if not AXE_SCRIPT.exists():
        pytest.skip("axe-core is not installed: run `make browser` (npm install)")
    tab.add_script_tag(path=str(AXE_SCRIPT))
    findings = Findings(view, tab.evaluate(_RUN, [WCAG_TAGS, containers, WAGTAIL_WIDGETS]))
    if report is not None:
        with report.open("a") as out:
            out.write(json.dumps({"view": view, "nodes": findings.nodes}) + "\n")
    # Listed, not asserted: Wagtail's own violations on the view.
    for node in findings.wagtails:
        print(f"[axe, Wagtail's] {view}: {node['impact']} {node['rule']}: {node['target']}")
    return findings


def assert_accessible(findings: Findings) -> None:
    assert not findings.ours_severe, f"{findings.view}:\n{findings.explain()}"
