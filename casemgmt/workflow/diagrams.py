"""State diagrams generated from the transitions declared in code (never drawn by hand).

`mermaid(model)` gives Mermaid text for the docs; `svg(model)` a self-contained SVG for the UI:
states in columns by their longest forward path from the initial state (back edges found by a
depth-first search are drawn as arcs), rows ordered by their predecessors to limit crossings.
Transitions that leave from many states (withdrawal, for instance) are listed under the drawing
instead of adding an arrow from every state.
"""

from html import escape

from django.utils.safestring import mark_safe

from .transitions import state_choices, transition_specs, workflow_variants

NODE_W, NODE_H, COL_GAP, ROW_GAP, MARGIN = 120, 36, 96, 34, 30
# A transition leaving from this many states or more is listed, not drawn.
MANY_SOURCES = 3


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


def _split_edges(model, variant):
    """(drawn edges, [(label, [sources], target)] listed below the drawing)."""
    drawn, listed = [], []
    states = list(states_of(model, variant))
    for spec in transition_specs(model).values():
        if not spec.in_variant(variant):
            continue
        sources = states if "*" in spec.sources else [s for s in spec.sources if s in states]
        if len(sources) >= MANY_SOURCES:
            listed.append((spec.label, sources, spec.target))
        else:
            drawn.extend((source, spec.target, spec.label) for source in sources)
    return drawn, listed


def _layers(states: list[str], drawn, start: str) -> dict[str, int]:
    graph: dict[str, list[str]] = {}
    for source, target, _ in drawn:
        if source != target:
            graph.setdefault(source, []).append(target)
    back, seen, on_stack = set(), set(), set()

    def visit(node):
        seen.add(node)
        on_stack.add(node)
        for target in graph.get(node, []):
            if target in on_stack:
                back.add((node, target))
            elif target not in seen:
                visit(target)
        on_stack.discard(node)

    visit(start)
    for state in states:
        if state not in seen:
            visit(state)
    forward = [(s, t) for s, ts in graph.items() for t in ts if (s, t) not in back]
    layer = {state: 0 for state in states}
    for _ in states:  # longest path on the acyclic remainder
        for source, target in forward:
            layer[target] = max(layer[target], layer[source] + 1)
    return layer


def _rows(layer: dict[str, int], drawn, current_order: list[str]) -> dict[str, int]:
    columns: dict[int, list[str]] = {}
    for state in current_order:
        columns.setdefault(layer[state], []).append(state)
    row: dict[str, float] = {}
    predecessors: dict[str, list[str]] = {}
    for source, target, _ in drawn:
        if source != target and layer[source] < layer[target]:
            predecessors.setdefault(target, []).append(source)
    for col in sorted(columns):
        placed = columns[col]
        keys = {
            state: (
                sum(row[p] for p in predecessors.get(state, []) if p in row)
                / max(1, len([p for p in predecessors.get(state, []) if p in row])),
                index,
            )
            for index, state in enumerate(placed)
        }
        for index, state in enumerate(sorted(placed, key=lambda st: keys[st])):
            row[state] = index
    return {state: int(value) for state, value in row.items()}


def svg(model, current: str | None = None, variant: str | None = None) -> str:
    labels = states_of(model, variant)
    drawn, listed = _split_edges(model, variant)
    # Listed transitions still place their target after the states they leave from.
    placing = drawn + [(source, target, label) for label, sources, target in listed for source in sources]
    layer = _layers(list(labels), placing, initial_state(model, variant))
    rows = _rows(layer, placing, list(labels))
    position = {
        state: (MARGIN + layer[state] * (NODE_W + COL_GAP), MARGIN + 24 + rows[state] * (NODE_H + ROW_GAP))
        for state in labels
    }
    width = MARGIN * 2 + (max(layer.values()) + 1) * (NODE_W + COL_GAP) - COL_GAP
    body_height = MARGIN + 24 + (max(rows.values()) + 1) * (NODE_H + ROW_GAP) + 24
    height = body_height + 18 * len(listed) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="state-diagram" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="状态流转图">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#64748b"/></marker></defs>',
    ]
    texts = []
    for source, target, label in drawn:
        (x1, y1), (x2, y2) = position[source], position[target]
        if source == target:  # e.g. reassignment: a loop over the top of the node
            path = f"M {x1 + 30} {y1} C {x1 + 30} {y1 - 28}, {x1 + 90} {y1 - 28}, {x1 + 90} {y1}"
            anchor = (x1 + 60, y1 - 24)
        elif x2 > x1:  # forward: right side to left side
            sx, sy, ex, ey = x1 + NODE_W, y1 + NODE_H / 2, x2, y2 + NODE_H / 2
            path = f"M {sx} {sy} C {sx + COL_GAP / 2} {sy}, {ex - COL_GAP / 2} {ey}, {ex} {ey}"
            anchor = ((sx + ex) / 2, (sy + ey) / 2 - 4)
        else:  # backward or same column: an arc under the two nodes
            sx, ex = x1 + NODE_W / 2 + 8, x2 + NODE_W / 2 - 8
            bottom = max(y1, y2) + NODE_H
            dip = bottom + 22 + 6 * abs(layer[source] - layer[target])
            path = f"M {sx} {y1 + NODE_H} C {sx} {dip}, {ex} {dip}, {ex} {y2 + NODE_H}"
            anchor = ((sx + ex) / 2, dip - 4)
        parts.append(f'<path d="{path}" fill="none" stroke="#94a3b8" stroke-width="1.2" marker-end="url(#arrow)"/>')
        texts.append(
            f'<text x="{anchor[0]:.0f}" y="{anchor[1]:.0f}" font-size="10" text-anchor="middle" fill="#334155" '
            f'paint-order="stroke" stroke="#ffffff" stroke-width="3">{escape(label)}</text>'
        )
    parts.extend(texts)
    for state, label in labels.items():
        x, y = position[state]
        fill, stroke = ("#1d4ed8", "#1e3a8a") if state == current else ("#f8fafc", "#334155")
        colour = "#ffffff" if state == current else "#0f172a"
        parts.append(
            f'<g data-state="{escape(state)}"><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="8" '
            f'fill="{fill}" stroke="{stroke}"/><text x="{x + NODE_W / 2}" y="{y + NODE_H / 2 + 5}" font-size="13" '
            f'text-anchor="middle" fill="{colour}">{escape(label)}</text></g>'
        )
    for index, (label, sources, target) in enumerate(listed):
        names = "、".join(labels[s] for s in sources)
        parts.append(
            f'<text x="{MARGIN}" y="{body_height + 18 * index + 4}" font-size="11" fill="#475569">'
            f"{escape(label)}：{escape(names)} → {escape(labels[target])}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text and attribute above goes through escape())
