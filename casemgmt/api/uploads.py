"""Request bodies shared by the apps' upload endpoints (one schema component each)."""

from rest_framework import serializers


class SheetUploadSerializer(serializers.Serializer):
    """An .xlsx sheet to import (multipart field `file`)."""

    file = serializers.FileField(label=".xlsx 文件")
