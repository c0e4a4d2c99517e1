"""Issuing and voiding official document numbers (文号).

A number is taken inside the caller's transaction: if the caller rolls back (the decision
was not saved after all), the number was never consumed and the series stays gapless.
"""

import re
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from casemgmt.errors import Invalid

from .models import DocumentSequence, IssuedNumber

# The series year follows the calendar in China, whatever the server's clock zone.
SERIES_TIME_ZONE = ZoneInfo("Asia/Shanghai")
MIN_YEAR, MAX_YEAR = 2000, 2100
# Whitespace or the year brackets inside a part would make the printed number ambiguous.
_FORBIDDEN = re.compile(r"[\s〔〕\[\]()（）]")


def _clean_code(value, *, field: str, label: str, max_length: int, errors: dict) -> str:
    if not isinstance(value, str) or not value.strip():
        errors[field] = [f"请填写{label}。"]
        return ""
    value = value.strip()
    if len(value) > max_length:
        errors[field] = [f"{label}不能超过{max_length}个字符。"]
    elif _FORBIDDEN.search(value):
        errors[field] = [f"{label}不能包含空格或括号。"]
    return value


def _clean_year(year, errors: dict) -> int:
    if year is None:
        return timezone.localdate(timezone=SERIES_TIME_ZONE).year
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = [f"年度须为{MIN_YEAR}至{MAX_YEAR}之间的整数。"]
        return 0
    return year


def _sequence_id(issuer: str, doc_type: str, year: int) -> int:
    """The id of the series' counter row, created on first use."""
    lookup = {"issuer": issuer, "doc_type": doc_type, "year": year}
    existing = DocumentSequence.objects.filter(**lookup).values_list("pk", flat=True).first()
    if existing is not None:
        return existing
    try:
        # Savepoint: losing the creation race to another issuer must not poison the
        # caller's transaction; the winner's row is then visible and used.
        with transaction.atomic():
            return DocumentSequence.objects.create(**lookup).pk
    except IntegrityError:
        return DocumentSequence.objects.values_list("pk", flat=True).get(**lookup)


def number_allocate(*, issuer: str, doc_type: str, year: int | None = None, obj=None, actor=None) -> IssuedNumber:
    """Take the next number of the (issuer, doc_type, year) series, e.g. 晋市监罚〔2026〕12号.

    Raises casemgmt.errors.Invalid with field errors on bad input; nothing is written then.
    """
    errors: dict = {}
    issuer = _clean_code(issuer, field="issuer", label="发文机关简称", max_length=20, errors=errors)
    doc_type = _clean_code(doc_type, field="doc_type", label="文书类型", max_length=10, errors=errors)
    year = _clean_year(year, errors)
    if obj is not None and getattr(obj, "pk", None) is None:
        errors["obj"] = ["关联对象尚未保存。"]
    if errors:
        raise Invalid(errors=errors)

    link = {}
    if obj is not None:
        link = {"content_type": ContentType.objects.get_for_model(type(obj)), "object_id": obj.pk}

    with transaction.atomic():
        sequence_id = _sequence_id(issuer, doc_type, year)
        # The UPDATE takes the row lock (PostgreSQL) or runs under the database write lock
        # (SQLite, IMMEDIATE transactions), so concurrent issuers queue here and each reads
        # back its own increment; a rollback anywhere later gives the number back.
        DocumentSequence.objects.filter(pk=sequence_id).update(last_number=F("last_number") + 1)
        sequence = DocumentSequence.objects.get(pk=sequence_id)
        text = sequence.format(sequence.last_number)
        try:
            with transaction.atomic():
                return IssuedNumber.objects.create(
                    sequence=sequence, number=sequence.last_number, text=text, issued_by=actor, **link
                )
        except IntegrityError:
            # Another series can print the same text (issuer "晋市" + type "监罚" against
            # "晋市监" + "罚"); leaving the atomic block with this error undoes the increment.
            if IssuedNumber.objects.filter(text=text).exists():
                raise Invalid(errors={"doc_type": [f"文号“{text}”已被其他序列使用，请检查发文机关简称和文书类型。"]})
            raise


def number_void(issued: IssuedNumber, *, reason: str, actor) -> IssuedNumber:
    """Mark a number voided (the document was withdrawn). The number is not given out again."""
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise Invalid(errors={"reason": ["请填写作废原因。"]})
    with transaction.atomic():
        locked = IssuedNumber.objects.select_for_update().get(pk=issued.pk)
        if locked.is_voided:
            raise Invalid(errors={"status": [f"文号“{locked.text}”已作废。"]})
        locked.status = IssuedNumber.Status.VOIDED
        locked.void_reason = reason
        locked.voided_by = actor
        locked.voided_at = timezone.now()
        locked.save(update_fields=["status", "void_reason", "voided_by", "voided_at"])
    return locked


# An external number as printed: issuer and type, the year in 〔〕 brackets, the number, 号.
_PRINTED = re.compile(r"(?P<prefix>[^\s〔〕]+)〔(?P<year>\d{4})〕(?P<number>[1-9]\d{0,8})号")


def number_parse(text: str, *, doc_type: str) -> tuple[str, int, int]:
    """(issuer, year, number) of a printed 文号 of the type `doc_type`, e.g. 泽市监立〔2024〕7号 with
    doc_type 立 → ("泽市监", 2024, 7). Raises ValueError with the message to show."""
    match = _PRINTED.fullmatch((text or "").strip())
    example = f"晋市监{doc_type}〔2024〕12号"
    if match is None or not match["prefix"].endswith(doc_type) or len(match["prefix"]) == len(doc_type):
        raise ValueError(f"格式应为“{example}”（发文机关代字、“{doc_type}”、〔年度〕、序号、号）。")
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"年度须为{MIN_YEAR}至{MAX_YEAR}之间。")
    return match["prefix"][: -len(doc_type)], year, int(match["number"])


def number_taken(text: str, *, doc_type: str) -> bool:
    """Whether the printed number is already on record (issued, voided or recorded)."""
    issuer, year, number = number_parse(text, doc_type=doc_type)
    return (
        IssuedNumber.objects.filter(text=text.strip()).exists()
        or IssuedNumber.objects.filter(
            sequence__issuer=issuer, sequence__doc_type=doc_type, sequence__year=year, number=number
        ).exists()
    )


def number_record(text: str, *, doc_type: str, obj=None, actor=None) -> IssuedNumber:
    """Put on record a number issued outside this system (a historical case imported from Excel),
    so that it is reserved: its series' counter is raised to at least that number, and
    number_allocate never gives it — or any number below it, which the paper series had already
    reached — again.

    Raises Invalid when the text is no number of this type or is already on record."""
    try:
        issuer, year, number = number_parse(text, doc_type=doc_type)
    except ValueError as exc:
        raise Invalid(errors={"number": [str(exc)]}) from None
    if obj is not None and getattr(obj, "pk", None) is None:
        raise Invalid(errors={"obj": ["关联对象尚未保存。"]})
    link = {}
    if obj is not None:
        link = {"content_type": ContentType.objects.get_for_model(type(obj)), "object_id": obj.pk}
    with transaction.atomic():
        sequence_id = _sequence_id(issuer, doc_type, year)
        # Raised in one UPDATE, like number_allocate's increment (the same lock serialises both).
        DocumentSequence.objects.filter(pk=sequence_id, last_number__lt=number).update(last_number=number)
        sequence = DocumentSequence.objects.get(pk=sequence_id)
        try:
            with transaction.atomic():
                return IssuedNumber.objects.create(
                    sequence=sequence,
                    number=number,
                    text=sequence.format(number),
                    issued_by=actor,
                    **link,
                )
        except IntegrityError:
            raise Invalid(errors={"number": [f"文号“{text}”已被使用。"]}) from None
