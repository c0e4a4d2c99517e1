from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from casemgmt.workflow import diagrams
from casemgmt.workflow.registry import workflow_types
from casemgmt.workflow.transitions import state_choices, transition_specs, workflow_variants


def _transition_rows(model, variant) -> list[dict]:
    states = state_choices(model)
    rows = []
    for spec in transition_specs(model).values():
        if not spec.in_variant(variant):
            continue
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
@require_safe
def workflows(request):
    """Every registered workflow as generated from its code: diagram and transition table."""
    entries = [
        {
            "wf": wf,
            "variant_label": variant_label,
            "diagram": diagrams.svg(wf.model, variant=variant),
            "states": list(diagrams.states_of(wf.model, variant).values()),
            "transitions": _transition_rows(wf.model, variant),
        }
        for wf in workflow_types()
        for variant, variant_label, _ in workflow_variants(wf.model)
    ]
    return render(request, "web/workflows.html", {"entries": entries})
