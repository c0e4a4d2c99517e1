from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe

from casemgmt.workflow import diagrams
from casemgmt.workflow.registry import workflow_types
from casemgmt.workflow.transitions import state_choices, transition_specs


def _transition_rows(model) -> list[dict]:
    states = state_choices(model)
    rows = []
    for spec in transition_specs(model).values():
        sources = list(states) if "*" in spec.sources else spec.sources
        describe = getattr(spec.permission, "describe", None)
        rows.append(
            {
                "label": spec.label,
                "sources": [states.get(s, s) for s in sources],
                "target": states.get(spec.target, spec.target),
                "who": describe() if describe else "—",
                "reason_required": spec.reason_required,
                "fields": [str(f.label or name) for name, f in spec.payload().fields.items() if not f.read_only]
                if spec.payload is not None
                else [],
                "conditions": [c.message for c in spec.conditions],
            }
        )
    return rows


@login_required
def workflows(request):
    """Every registered workflow as generated from its code: diagram and transition table."""
    entries = [
        {
            "wf": wf,
            "diagram": mark_safe(diagrams.svg(wf.model)),  # noqa: S308  (built with escape())
            "states": list(state_choices(wf.model).values()),
            "transitions": _transition_rows(wf.model),
        }
        for wf in workflow_types()
    ]
    return render(request, "web/workflows.html", {"entries": entries})
