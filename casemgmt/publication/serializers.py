from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casemgmt.workflow.selectors import history_of
from casemgmt.workflow.serializers import WorkflowSerializer

from .kinds import get_publication_kind
from .masking import CATEGORY_LABELS
from .models import Publication, PublicationVersion

# The transitions that leave a version behind: version n is the n-th of them in the history.
VERSIONING_TRANSITIONS = ("publish", "correct")


def version_actor_names(publication) -> dict[int, str]:
    """{version number: who published or corrected it, as the history recorded them then}."""
    logs = history_of(publication).filter(transition__in=VERSIONING_TRANSITIONS)
    return {number: log.actor_display for number, log in enumerate(logs, start=1)}


class PublicationVersionSerializer(serializers.ModelSerializer):
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = PublicationVersion
        fields = ["number", "summary", "published_text", "masked_spans", "reason", "created_by", "created_at"]

    def get_created_by(self, version) -> str:
        recorded = self.context.get("version_actors", {}).get(version.number)
        if recorded:
            return recorded
        return version.created_by.display_name if version.created_by else "系统"


class PublicationSerializer(WorkflowSerializer):
    """Staff view of a publication: the text as served next to the masked one, and what was masked."""

    subject_type = serializers.CharField(source="content_type.model", read_only=True)
    subject_id = serializers.IntegerField(source="object_id", read_only=True)
    reviewer = serializers.CharField(source="reviewer.display_name", default=None, read_only=True)
    masked = serializers.SerializerMethodField()
    public_url = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()

    class Meta:
        model = Publication
        fields = [
            *WorkflowSerializer.common_fields,
            "kind",
            "title",
            "subject_type",
            "subject_id",
            "summary",
            "source_date",
            "period_months",
            "public_from",
            "public_until",
            "published_at",
            "reviewer",
            "version",
            "source_text",
            "published_text",
            "masked_spans",
            "masked",
            "public_url",
            "withdrawal_required_on",
            "withdrawal_required_reason",
            "changed_on",
            "replacement_text",
            "corrected_at",
            "withdrawal_reason",
            "withdrawn_at",
            "ended_on",
            "versions",
        ]
        read_only_fields = fields

    @extend_schema_field(PublicationVersionSerializer(many=True))
    def get_versions(self, publication) -> list[dict]:
        """Each version the public has read; who made it is named as the history recorded them
        (renaming a user later does not rewrite it)."""
        versions = list(publication.versions.all())
        if not versions:
            return []
        context = {**self.context, "version_actors": version_actor_names(publication)}
        return PublicationVersionSerializer(versions, many=True, context=context).data

    def get_public_url(self, publication) -> str:
        """Where the public reads it, while it is public."""
        kind = get_publication_kind(publication.kind)
        if not publication.is_public or kind is None or kind.public_url is None:
            return ""
        return kind.public_url(publication)

    def get_masked(self, publication) -> list[dict]:
        """Each masked span with its original text, for the reviewer's check."""
        return [
            {
                "start": start,
                "end": end,
                "category": category,
                "category_label": CATEGORY_LABELS.get(category, category),
                "text": publication.source_text[start:end],
            }
            for start, end, category in publication.masked_spans
        ]
