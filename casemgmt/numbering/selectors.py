from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import IssuedNumber


def issued_numbers_for(obj) -> QuerySet[IssuedNumber]:
    """The numbers issued for one case or document, voided ones included, oldest first."""
    return (
        IssuedNumber.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)
        .select_related("sequence", "issued_by", "voided_by")
        .order_by("issued_at", "id")
    )
