class ExportAllRowsMixin:
    """`?format=xlsx` exports every row of the filtered list, not one page."""

    def paginate_queryset(self, queryset):
        if self.request.accepted_renderer.format == "xlsx":
            return None
        return super().paginate_queryset(queryset)
