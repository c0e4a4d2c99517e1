"""回避: a staff member with a declared relation to a party may not handle, mediate or inspect
that party's matter. Used by every assignment in every workflow."""

from .models import StaffRelation


def conflict_reasons(user, parties) -> list[str]:
    """Human-readable reasons why `user` must recuse from a matter involving `parties` (empty: none)."""
    party_ids = [p.pk for p in parties if p is not None]
    if user is None or not party_ids:
        return []
    relations = StaffRelation.objects.filter(user=user, party_id__in=party_ids).select_related("party")
    return [
        f"{user.display_name}与当事人“{r.party.name}”存在利害关系（{r.get_relation_display()}），应当回避。"
        for r in relations
    ]
