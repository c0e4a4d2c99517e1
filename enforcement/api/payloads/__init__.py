"""Payloads of the enforcement transitions: one serializer per step that needs more than a reason.

Each reads the case from context["instance"] (the row locked by the transition service, or the
case a form is drawn for) and checks dates against what the case already holds."""
