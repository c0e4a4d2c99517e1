from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from casemgmt.workflow.admin import ReadOnlyAdmin, ReadOnlyInline

from .fields import COMMON_FIELDS
from .models import DocumentFile, DocumentTemplate, OfficialDocument
from .registry import document_kinds
from .services import template_content_check, template_version_create

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _kind_labels() -> dict[str, str]:
    return {kind.key: kind.label for kind in document_kinds()}


class DocumentFileInline(ReadOnlyInline):
    model = DocumentFile
    fields = ["format", "template", "size", "sha256", "created_at"]
    readonly_fields = fields


@admin.register(OfficialDocument)
class OfficialDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "number", "content_type", "object_id", "template", "created_at", "created_by"]
    list_filter = ["kind", "content_type"]
    inlines = [DocumentFileInline]


class DocumentTemplateForm(forms.ModelForm):
    kind = forms.ChoiceField(label="文书种类")
    upload = forms.FileField(
        label="Word 模板（.docx）",
        help_text=format_html(
            "先在列表中下载当前版本，用 Word 修改后上传；占位符用 docxtpl 语法，如 {{{{ number }}}}。可用的占位符：{}",
            format_html_join("、", "<code>{}</code>（{}）", COMMON_FIELDS.items()),
        ),
    )

    class Meta:
        model = DocumentTemplate
        fields = ["kind", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "---------"), *_kind_labels().items()]
        self.fields["note"].required = True

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is not None and cleaned.get("kind"):
            content = upload.read()
            try:
                # Only checked here; save_model writes the version through the service.
                template_content_check(content)
            except ValidationError as exc:
                raise ValidationError({"upload": exc.message_dict["file"]})
            cleaned["content"] = content
        return cleaned


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    """Versions are only added: editing a template is uploading its next version, which documents
    issued from then on use; earlier documents keep the version they name."""

    form = DocumentTemplateForm
    list_display = ["kind_label", "version", "note", "created_by", "created_at", "download"]
    list_filter = ["kind"]
    readonly_fields = ["kind_label", "version", "note", "sha256", "created_by", "created_at", "download"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "upload", "note"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:  # a saved version's page shows it read-only, with no upload field
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, **kwargs)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="文书种类", ordering="kind")
    def kind_label(self, template):
        return _kind_labels().get(template.kind, template.kind)

    @admin.display(description="下载")
    def download(self, template):
        url = reverse("admin:documents_documenttemplate_download", args=[template.pk])
        return format_html('<a href="{}">下载 v{}.docx</a>', url, template.version)

    def save_model(self, request, obj, form, change):
        created = template_version_create(
            form.cleaned_data["kind"], form.cleaned_data["content"], actor=request.user, note=form.cleaned_data["note"]
        )
        obj.pk, obj.version, obj.created_at = created.pk, created.version, created.created_at

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_view)
        return [
            path("<int:pk>/download/", download, name="documents_documenttemplate_download"),
            *super().get_urls(),
        ]

    def download_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise Http404
        template = get_object_or_404(DocumentTemplate, pk=pk)
        response = HttpResponse(bytes(template.content), content_type=DOCX_MIME)
        response["Content-Disposition"] = f'attachment; filename="{template.kind}-v{template.version}.docx"'
        return response
