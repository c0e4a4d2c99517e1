"""State diagrams generated from the transitions declared in code (never drawn by hand).

`mermaid(model)` gives Mermaid text for the docs; `svg(model)` a self-contained SVG for the UI,
laid out in columns by distance from the initial state.
"""

from collections import deque
from html import escape

from django.utils.safestring import mark_safe

from .transitions import state_choices, transition_specs, workflow_variants

NODE_W, NODE_H, COL_GAP, ROW_GAP, MARGIN = 120, 36, 90, 26, 30


def edges(model, variant: str | None = None) -> list[tuple[str, str, str]]:
    """(source, target, label) for every declared transition of the procedure; '*' sources expand
    to every state."""
    states = list(state_choices(model))
    result = []
    for spec in transition_specs(model).values():
        if not spec.in_variant(variant):
            continue
        sources = states if "*" in spec.sources else spec.sources
        result.extend((source, spec.target, spec.label) for source in sources)
    return result


def initial_state(model, variant: str | None = None) -> str:
    return next(initial for key, _, initial in workflow_variants(model) if key == variant or variant is None)


def states_of(model, variant: str | None = None) -> dict[str, str]:
    """The states a procedure uses (all states when the model serves a single procedure)."""
    labels = state_choices(model)
    if variant is None:
        return labels
    used = {initial_state(model, variant)}
    for source, target, _ in edges(model, variant):
        used.update((source, target))
    return {state: label for state, label in labels.items() if state in used}


def mermaid(model, variant: str | None = None) -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {initial_state(model, variant)}"]
    for state, label in states_of(model, variant).items():
        lines.append(f"    {state} : {label}")
    for source, target, label in edges(model, variant):
        lines.append(f"    {source} --> {target} : {label}")
    return "\n".join(lines) + "\n"


def _columns(model, variant: str | None) -> dict[str, int]:
    graph: dict[str, list[str]] = {}
    for source, target, _ in edges(model, variant):
        graph.setdefault(source, []).append(target)
    start = initial_state(model, variant)
    depth = {start: 0}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        for target in graph.get(state, []):
            if target not in depth:
                depth[target] = depth[state] + 1
                queue.append(target)
    deepest = max(depth.values(), default=0)
    for state in states_of(model, variant):
        depth.setdefault(state, deepest + 1)
    return depth


def svg(model, current: str | None = None, variant: str | None = None) -> str:
    labels = states_of(model, variant)
    columns = _columns(model, variant)
    rows: dict[int, int] = {}
    position = {}
    for state in labels:
        col = columns[state]
        row = rows.get(col, 0)
        rows[col] = row + 1
        position[state] = (MARGIN + col * (NODE_W + COL_GAP), MARGIN + row * (NODE_H + ROW_GAP) + 20)
    width = MARGIN * 2 + (max(columns.values()) + 1) * (NODE_W + COL_GAP)
    height = MARGIN * 2 + max(rows.values()) * (NODE_H + ROW_GAP) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="state-diagram" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="状态流转图">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b"/></marker></defs>',
    ]
    for source, target, label in edges(model, variant):
        (x1, y1), (x2, y2) = position[source], position[target]
        if source == target:  # e.g. reassignment: a loop over the top of the node
            parts.append(
                f'<path d="M {x1 + 30} {y1} C {x1 + 30} {y1 - 28}, {x1 + 90} {y1 - 28}, {x1 + 90} {y1}" '
                'fill="none" stroke="#94a3b8" stroke-width="1.2" marker-end="url(#arrow)"/>'
                f'<text x="{x1 + 60}" y="{y1 - 22}" font-size="10" text-anchor="middle" fill="#475569">'
                f"{escape(label)}</text>"
            )
            continue
        start = (x1 + NODE_W, y1 + NODE_H / 2) if x2 > x1 else (x1, y1 + NODE_H / 2)
        end = (x2, y2 + NODE_H / 2) if x2 > x1 else (x2 + NODE_W, y2 + NODE_H / 2)
        if x1 == x2:
            start, end = (x1 + NODE_W, y1 + NODE_H / 2), (x2 + NODE_W, y2 + NODE_H / 2)
            bend = (x1 + NODE_W + 45, (start[1] + end[1]) / 2)
        else:
            bend = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 - (18 if x2 < x1 else 0))
        parts.append(
            f'<path d="M {start[0]:.0f} {start[1]:.0f} Q {bend[0]:.0f} {bend[1]:.0f} {end[0]:.0f} {end[1]:.0f}" '
            'fill="none" stroke="#94a3b8" stroke-width="1.2" marker-end="url(#arrow)"/>'
        )
        parts.append(
            f'<text x="{bend[0]:.0f}" y="{bend[1] - 3:.0f}" font-size="10" text-anchor="middle" '
            f'fill="#475569">{escape(label)}</text>'
        )
    for state, label in labels.items():
        x, y = position[state]
        fill, stroke = ("#1d4ed8", "#1e3a8a") if state == current else ("#f8fafc", "#334155")
        colour = "#ffffff" if state == current else "#0f172a"
        parts.append(
            f'<g data-state="{escape(state)}"><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="8" '
            f'fill="{fill}" stroke="{stroke}"/><text x="{x + NODE_W / 2}" y="{y + NODE_H / 2 + 5}" font-size="13" '
            f'text-anchor="middle" fill="{colour}">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text and attribute above goes through escape())
