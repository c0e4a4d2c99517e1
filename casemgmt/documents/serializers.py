from django.urls import reverse
from rest_framework import serializers

from .models import OfficialDocument


class OfficialDocumentSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="number_text")
    html_url = serializers.SerializerMethodField()
    # PDF and Word renderings come with the document-generation issue; until then only HTML exists.
    pdf_url = serializers.SerializerMethodField()
    docx_url = serializers.SerializerMethodField()

    class Meta:
        model = OfficialDocument
        fields = [
            "id",
            "kind",
            "title",
            "number",
            "template_version",
            "created_at",
            "sha256",
            "html_url",
            "pdf_url",
            "docx_url",
        ]

    def get_html_url(self, document) -> str:
        return reverse("web:document-print", args=[document.pk])

    def get_pdf_url(self, document) -> str | None:
        return None

    def get_docx_url(self, document) -> str | None:
        return None
