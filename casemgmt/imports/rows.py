"""Reading one row of an import sheet: its cells by field, and its errors under the columns'
Chinese headers (what the uploader sees in Excel). Each read records its own error and returns
None (or "") so a workflow's check reads every column and reports all a row's faults at once."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from casemgmt.imports.sheets import Column, _labels, cell_choice, cell_date, cell_text
from casemgmt.org.models import Jurisdiction, User
from casemgmt.org.scoping import assignable_jurisdictions, may_see_jurisdiction
from casemgmt.parties.models import Party
from casemgmt.parties.serializers import PartyInputSerializer


def party_columns(prefix: str, label: str, required: bool) -> tuple:
    """A party's three columns, as Row.party reads them: its kind, name and code (统一社会信用代码
    or 身份证号)."""
    return (
        Column(f"{label}类型", f"{prefix}_kind", required=required, width=16),
        Column(f"{label}名称", f"{prefix}_name", required=required, width=30),
        Column(f"{label}统一社会信用代码或身份证号", f"{prefix}_code", (f"{label}证件号码",), False, 24, True),
    )


def same_party(first: dict | None, second: dict | None) -> bool:
    """Whether two parties read by Row.party are one: the same code, or without codes the same name."""
    if not first or not second:
        return False
    codes = [(p.get("credit_code") or p.get("id_number") or "") for p in (first, second)]
    return codes[0] == codes[1] if codes[0] or codes[1] else first["name"] == second["name"]


DATE_HINT = "日期无效，请按 2025-03-15 的格式填写。"


class Row:
    def __init__(self, number: int, cells: dict, headers: dict, *, actor, seen: dict):
        self.number = number
        self.cells = cells
        self.headers = headers
        self.actor = actor
        # Keys already used by earlier rows of the sheet ({(kind, value): row number}).
        self.seen = seen
        self.errors: dict[str, list[str]] = {}

    # --- errors ---

    def error(self, field: str, message: str) -> None:
        messages = self.errors.setdefault(self.headers.get(field, "表格"), [])
        if message not in messages:
            messages.append(message)

    def has_error(self, field: str) -> bool:
        return self.headers.get(field, "表格") in self.errors

    def header(self, field: str) -> str:
        return self.headers[field]

    # --- cells ---

    def text(self, field: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = cell_text(self.cells.get(field))
        if required and not value:
            self.error(field, f"请填写{self.headers[field]}。")
        elif max_length and len(value) > max_length:
            self.error(field, f"不能超过{max_length}个字符。")
        return value

    def choice(self, field: str, choices, *, required: bool = True, allowed=None) -> str | None:
        """The value of a choice given by its Chinese label or its code."""
        text = cell_text(self.cells.get(field))
        if not text:
            if required:
                self.error(field, f"请填写{self.headers[field]}：{_labels(choices)}。")
            return None
        value = cell_choice(text, choices)
        if value is None or (allowed is not None and value not in allowed):
            labels = "、".join(str(choices(v).label) for v in allowed) if allowed is not None else _labels(choices)
            self.error(field, f"须为：{labels}。")
            return None
        return value

    def date(self, field: str, *, required: bool = False) -> dt.date | None:
        try:
            day = cell_date(self.cells.get(field))
        except (ValueError, OverflowError, TypeError):
            self.error(field, DATE_HINT)
            return None
        if day is None and required:
            self.error(field, f"请填写{self.headers[field]}。")
        elif day is not None and day > timezone.localdate():
            self.error(field, "不能晚于今天。")
            return None
        return day

    def money(self, field: str, *, required: bool = False) -> Decimal | None:
        text = cell_text(self.cells.get(field)).replace(",", "").replace("，", "").removesuffix("元")
        if not text:
            if required:
                self.error(field, f"请填写{self.headers[field]}（元）。")
            return None
        try:
            value = Decimal(text).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            self.error(field, "请填写金额（元），如 50000 或 50000.00。")
            return None
        if value < 0 or value >= Decimal("1e12"):
            self.error(field, "金额须在0至一万亿元之间。")
            return None
        return value

    # --- facts that depend on more than a cell ---

    def requires(self, field: str, value, state_label: str) -> None:
        """A fact the row's state implies (the workflow could not have reached it without)."""
        if value in (None, "") and not self.has_error(field):
            self.error(field, f"状态为“{state_label}”的须填写{self.headers[field]}。")

    def not_before(self, later: str, earlier: str, values: dict) -> None:
        if values.get(later) and values.get(earlier) and values[later] < values[earlier]:
            self.error(later, f"{self.headers[later]}不能早于{self.headers[earlier]}。")

    def jurisdiction(self, field: str = "jurisdiction_code") -> Jurisdiction | None:
        """The area the row names, or the uploader's own: one the uploader may register cases in."""
        code = cell_text(self.cells.get(field))
        if not code:
            if self.actor.jurisdiction_id is None:
                self.error(field, "请填写区划代码。")
            return self.actor.jurisdiction
        place = Jurisdiction.objects.filter(code=code).first()
        if place is None:
            self.error(field, f"没有区划代码为{code}的区划。")
            return None
        if not assignable_jurisdictions(self.actor).filter(pk=place.pk).exists():
            self.error(field, "不能在该区划登记案件。")
            return None
        return place

    def party(self, prefix: str, *, required: bool = True) -> dict | None:
        """A party from the columns <prefix>_kind, <prefix>_name, <prefix>_code, validated as the
        registry validates one (casemgmt.parties: credit code and ID number check digits)."""
        kind_field, name_field, code_field = f"{prefix}_kind", f"{prefix}_name", f"{prefix}_code"
        name, code = self.text(name_field), self.text(code_field)
        kind_text = cell_text(self.cells.get(kind_field))
        if not (name or code or kind_text):
            if required:
                self.error(name_field, f"请填写{self.headers[name_field]}。")
            return None
        kind = cell_choice(kind_text, Party.Kind)
        if kind is None:
            self.error(kind_field, f"须为：{_labels(Party.Kind)}。")
            return None
        body = {"kind": kind, "name": name}
        if code:
            body["id_number" if kind == Party.Kind.PERSON else "credit_code"] = code
        serializer = PartyInputSerializer(data=body)
        if serializer.is_valid():
            return dict(serializer.validated_data)
        for inner, messages in serializer.errors.items():
            target = {"kind": kind_field, "name": name_field}.get(inner, code_field)
            for message in messages if isinstance(messages, list) else [messages]:
                self.error(target, str(message))
        return None

    def user(self, field: str, roles, place, *, what: str) -> User | None:
        """An active user of one of `roles` working in `place`, named by login name."""
        username = self.text(field)
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True, role__in=list(roles)).first()
        if user is None or (place is not None and not may_see_jurisdiction(user, place.pk)):
            self.error(field, f"没有本区划的{what}“{username}”。")
            return None
        return user

    def unique(self, field: str, value: str, *, kind: str = "", taken: bool = False) -> None:
        """A key each row must use once and no case may already have (a 案号, a 查询码)."""
        if not value or self.has_error(field):
            return
        key = (kind or field, value)
        if key in self.seen:
            self.error(field, f"与第{self.seen[key]}行的{self.headers[field]}重复。")
        elif taken:
            self.error(field, f"该{self.headers[field]}已被使用。")
        else:
            self.seen[key] = self.number
