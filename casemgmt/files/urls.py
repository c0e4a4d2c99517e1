from django.urls import path

from .api import AttachmentDownloadView, AttachmentListView

urlpatterns = [
    path("attachments/", AttachmentListView.as_view(), name="attachment-list"),
    path("attachments/<int:pk>/download/", AttachmentDownloadView.as_view(), name="attachment-download"),
]
