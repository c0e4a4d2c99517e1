"""Extra filters of the generic staff list (/w/<type_key>/), contributed by apps: the kernel's list
knows no app, so an app registers a function here (in its AppConfig.ready) and the list calls
every registered one. The programme dashboard uses this so each of its numbers links to the list
of exactly the cases it counts (?dash=…&period=…).

A filter is ``func(params, wf, queryset, user) -> ListFilter | None``: None when the query string
does not concern it; otherwise the narrowed queryset, a caption saying what the list now shows
and the query parameters the list's own forms must carry along."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ListFilter:
    queryset: object
    caption: str
    params: dict = field(default_factory=dict)  # kept by the list's forms (e.g. the county select)
    back_url: str = ""  # where the filter came from (e.g. the dashboard)
    back_label: str = ""


_filters: list = []


def register_list_filter(func) -> None:
    if func not in _filters:
        _filters.append(func)


def apply_list_filters(params, wf, queryset, user) -> tuple[object, list[ListFilter]]:
    applied = []
    for func in _filters:
        result = func(params, wf, queryset, user)
        if result is not None:
            queryset = result.queryset
            applied.append(result)
    return queryset, applied
