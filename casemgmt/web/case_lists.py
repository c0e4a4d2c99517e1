"""The generic staff list of a workflow type as people work from it: the columns (next open
deadline, the person handling the case, its parties, its state), the whitelisted sort orders, the
deadline filters behind the saved links ("我的逾期", "本周到期") and the rows of its Excel export.

Reads only, on a queryset the type's selector has already scoped to the user. The columns are found
on the model (its assignee field, its foreign keys to the party registry), so a workflow type
registered later gets them without naming itself here."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from casemgmt.calendar.models import Deadline
from casemgmt.calendar.selectors import ACTIVE, due_within_q, past_due_q, ran_out_q
from casemgmt.parties.models import Party
from casemgmt.workflow.transitions import state_choices

from .deadline_rows import DeadlineRow, deadline_rows

# Who handles an object, first field the model has wins; the registrar when none of them.
ASSIGNEE_FIELDS = ("lead_officer", "handler", "mediator", "reviewer", "created_by")

DUE_FILTERS = {"overdue": "已逾期", "this_week": "本周到期"}


@dataclass(frozen=True)
class SortColumn:
    key: str
    label: str


def assignee_field(model) -> models.Field:
    names = {f.name for f in model._meta.get_fields()}
    return model._meta.get_field(next(name for name in ASSIGNEE_FIELDS if name in names))


def party_fields(model) -> list[models.Field]:
    """The model's links to the party registry (申请人, 被申请人, 当事人…), in declaration order."""
    return [
        f
        for f in model._meta.get_fields()
        if (f.many_to_one or f.many_to_many) and not f.auto_created and f.related_model is Party
    ]


def columns(model) -> list[SortColumn]:
    """The list's columns in order; each key is also a sort key."""
    cols = [SortColumn("title", "编号/标题"), SortColumn("state", "状态"), SortColumn("deadline", "下一期限")]
    cols.append(SortColumn("assignee", str(assignee_field(model).verbose_name)))
    if party_fields(model):
        cols.append(SortColumn("parties", "当事人"))
    cols += [SortColumn("jurisdiction", "区划"), SortColumn("updated", "更新时间")]
    return cols


DEFAULT_SORT = "-updated"


def _next_deadline(model):
    """The object's next active deadline: a running one before a suspended one, then the soonest
    (a party's own period that ran out is no longer one, even before the sweep marks it lapsed)."""
    today = timezone.localdate()
    ran_out_party_period = Q(party_period=True) & ran_out_q(today, timezone.now())
    return (
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk"), status__in=ACTIVE
        )
        .exclude(ran_out_party_period)
        .order_by(F("suspended_since").asc(nulls_first=True), "due", F("due_at").asc(nulls_first=True), "pk")
    )


def _first_party_name(model):
    field = party_fields(model)[0]
    if field.many_to_one:
        return F(f"{field.name}__name")
    names = Party.objects.filter(**{field.related_query_name(): OuterRef("pk")}).order_by("name", "pk")
    return Subquery(names.values("name")[:1])


def _sort_expression(model, key: str):
    if key == "title":
        return F("title") if any(f.name == "title" for f in model._meta.get_fields()) else F("pk")
    if key == "state":
        order = [When(state=value, then=Value(index)) for index, value in enumerate(state_choices(model))]
        return Case(*order, default=Value(len(order)), output_field=IntegerField())
    if key == "deadline":
        return F("next_due")
    if key == "assignee":
        return F(f"{assignee_field(model).name}__full_name")
    if key == "parties":
        return F("party_sort")
    if key == "jurisdiction":
        return F("jurisdiction_id")
    return F("updated_at")


def chosen_sort(model, value: str) -> str:
    """The sort asked for when it is one of the columns (a leading "-" for descending), else the default."""
    keys = {column.key for column in columns(model)}
    return value if value.lstrip("-") in keys and value.count("-") <= 1 else DEFAULT_SORT


def annotate(queryset, model):
    """The values the columns sort and show by, computed in the database."""
    nxt = _next_deadline(model)
    queryset = queryset.annotate(
        next_due=Subquery(nxt.values("due")[:1]), next_deadline_id=Subquery(nxt.values("pk")[:1])
    )
    if party_fields(model):
        queryset = queryset.annotate(party_sort=_first_party_name(model))
    return queryset


def sort(queryset, model, sort_key: str):
    """Ordered by the column, empty values last in both directions, ties broken by id (stable across pages)."""
    descending = sort_key.startswith("-")
    expression = _sort_expression(model, sort_key.lstrip("-"))
    ordered = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return queryset.order_by(ordered, "-pk" if descending else "pk")


def _week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def filter_by_due(queryset, model, due: str, *, user=None, mine: bool = False):
    """Objects with an overdue deadline, or one due from today to Sunday. With `mine`, also those
    whose matching deadline names the user as responsible (heads answer for limits, not cases)."""
    today = timezone.localdate()
    condition = past_due_q(today=today) if due == "overdue" else due_within_q(_week_end(today), today=today)
    deadlines = Deadline.objects.filter(condition, content_type=ContentType.objects.get_for_model(model))
    queryset = queryset.filter(pk__in=deadlines.values("object_id"))
    if mine and user is not None:
        queryset = queryset.filter(
            model.mine_filter(user) | Q(pk__in=deadlines.filter(responsible=user).values("object_id"))
        )
    return queryset


@dataclass(frozen=True)
class ListRow:
    obj: object
    deadline: DeadlineRow | None
    assignee: str
    parties: list[str]

    @property
    def parties_text(self) -> str:
        return "；".join(self.parties)


def _role_links(field, model) -> tuple[str, str] | None:
    """For parties linked through a model that records each one's role (an enforcement case's
    当事人 / 举报人 / 权利人): the accessor of those links and their party field."""
    through = field.remote_field.through
    if through._meta.auto_created or not any(f.name == "role" for f in through._meta.fields):
        return None
    to_model = next(f for f in through._meta.fields if f.is_relation and f.related_model is model)
    return to_model.remote_field.get_accessor_name(), field.m2m_reverse_field_name()


def prepare(queryset, model):
    """Loads what the rows show in a constant number of queries."""
    related = ["jurisdiction", assignee_field(model).name]
    related += [f.name for f in party_fields(model) if f.many_to_one]
    queryset = queryset.select_related(*related)
    for field in party_fields(model):
        if field.many_to_many:
            links = _role_links(field, model)
            queryset = queryset.prefetch_related(f"{links[0]}__{links[1]}" if links else field.name)
    return queryset


def _party_texts(obj, model) -> list[str]:
    texts = []
    for field in party_fields(model):
        if field.many_to_one:
            party = getattr(obj, field.name)
            if party is not None:
                texts.append(f"{field.verbose_name}：{party.name}")
        elif links := _role_links(field, model):
            accessor, party_name = links
            texts += [
                f"{getattr(link, party_name).name}（{link.get_role_display()}）"
                for link in getattr(obj, accessor).all()
            ]
        else:
            texts += [party.name for party in getattr(obj, field.name).all()]
    return texts


def rows(objects, model) -> list[ListRow]:
    objects = list(objects)
    ids = [obj.next_deadline_id for obj in objects if obj.next_deadline_id]
    by_id = {}
    for start in range(0, len(ids), 500):
        chunk = Deadline.objects.filter(pk__in=ids[start : start + 500]).select_related("responsible")
        by_id.update({row.deadline.pk: row for row in deadline_rows(chunk, with_objects=False)})
    assignee = assignee_field(model).name
    return [
        ListRow(
            obj=obj,
            deadline=by_id.get(obj.next_deadline_id),
            assignee=getattr(getattr(obj, assignee), "display_name", "") or "",
            parties=_party_texts(obj, model),
        )
        for obj in objects
    ]


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def export_table(list_rows: list[ListRow], model) -> tuple[list[str], list[list]]:
    """Header and cells of the Excel export: the list's columns, the deadline spelled out."""
    assignee_label = str(assignee_field(model).verbose_name)
    header = ["编号/标题", "状态", "下一期限", "届满", "期限状态", "剩余", assignee_label]
    if party_fields(model):
        header.append("当事人")
    header += ["区划", "登记时间", "更新时间"]
    table = []
    for row in list_rows:
        deadline = row.deadline
        cells = [
            row.obj.display_title,
            row.obj.state_label,
            deadline.deadline.label if deadline else "",
            deadline.deadline.due_text if deadline else "",
            deadline.urgency_label if deadline else "",
            deadline.countdown if deadline else "",
            row.assignee,
        ]
        if party_fields(model):
            cells.append(row.parties_text)
        cells += [row.obj.jurisdiction.name, _local(row.obj.created_at), _local(row.obj.updated_at)]
        table.append(cells)
    return header, table
