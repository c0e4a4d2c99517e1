from django.urls import reverse
from rest_framework import serializers

from .models import Attachment


class AttachmentSerializer(serializers.ModelSerializer):
    owner_type = serializers.SerializerMethodField()
    owner_id = serializers.IntegerField(source="object_id", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    uploaded_by_name = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "owner_type",
            "owner_id",
            "jurisdiction",
            "kind",
            "kind_label",
            "description",
            "original_name",
            "size",
            "sha256",
            "mime_type",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
            "superseded_by",
            "supersede_reason",
            "download_url",
        ]
        read_only_fields = fields

    def get_owner_type(self, attachment) -> str:
        model = attachment.content_type.model_class()
        return getattr(model, "workflow_type", "") or attachment.content_type.model

    def get_uploaded_by_name(self, attachment) -> str:
        return attachment.uploaded_by.display_name if attachment.uploaded_by else "公众（网上提交）"

    def get_download_url(self, attachment) -> str:
        return reverse("attachment-download", args=[attachment.pk])
