"""The rows a staff list (/w/<type_key>/) shows for a query string: the type's selector for the
user, the filters apps contribute, county, "mine", deadline and state, then the sort. The list page,
its immediate Excel export and the background export (casemgmt.web.list_exports, which recomputes
them in the task for the requester) all read through this, so an export holds exactly the rows
the list shows the requester — never another county's."""

from dataclasses import dataclass

from django.db.models import Count

from casemgmt.org.scoping import assignable_jurisdictions
from casemgmt.workflow.transitions import state_choices

from . import case_lists
from .list_filters import apply_list_filters


@dataclass
class ListQuery:
    wf: object
    queryset: object  # filtered, sorted, prepared for case_lists.rows
    total: int  # all the user's rows of the type, before any filter
    counts: dict  # state → rows the other filters leave
    state: str
    mine: bool
    due: str
    sort: str
    jurisdiction: str
    jurisdictions: list
    list_filters: list

    @property
    def filtered_total(self) -> int:
        return sum(self.counts.values())

    @property
    def matching(self) -> int:
        """How many rows the list (and its export) holds."""
        return self.counts.get(self.state, 0) if self.state else self.filtered_total


def list_query(user, wf, queryset, params) -> ListQuery:
    """`queryset` is the type's selector for `user` (objects.readable_queryset); `params` the
    list's query string (a QueryDict)."""
    model = wf.model
    states = state_choices(model)
    total = queryset.count()
    # Filters apps contribute (e.g. the dashboard's ?dash=…): before the counts, which then count them.
    queryset, list_filters = apply_list_filters(params, wf, queryset, user)

    mine = params.get("mine") == "1"
    jurisdictions = list(assignable_jurisdictions(user))
    jurisdiction = params.get("jurisdiction", "")
    if len(jurisdictions) > 1 and jurisdiction in {j.code for j in jurisdictions}:
        queryset = queryset.filter(jurisdiction_id=jurisdiction)
    else:
        jurisdiction = ""
    due = params.get("due", "")
    if due in case_lists.DUE_FILTERS:
        queryset = case_lists.filter_by_due(queryset, model, due, user=user, mine=mine)
    else:  # with a deadline filter, "mine" also counts the limits the user answers for (filter_by_due)
        due = ""
        if mine:
            queryset = queryset.filter(model.mine_filter(user))
    # The state chips count what the other filters leave, and only states that have cases show.
    counts = dict(queryset.order_by().values_list("state").annotate(n=Count("pk")))
    state = params.get("state", "")
    if state in states:
        queryset = queryset.filter(state=state)
    else:
        state = ""
    sort = case_lists.chosen_sort(model, params.get("sort", ""))
    queryset = case_lists.prepare(case_lists.sort(case_lists.annotate(queryset, model), model, sort), model)
    return ListQuery(
        wf=wf,
        queryset=queryset,
        total=total,
        counts=counts,
        state=state,
        mine=mine,
        due=due,
        sort=sort,
        jurisdiction=jurisdiction,
        jurisdictions=jurisdictions,
        list_filters=list_filters,
    )
