from import_export import fields, resources, widgets

from . import search
from .models import Organisation, TargetGroup, Topic


class OrganisationResource(resources.ModelResource):
    parent = fields.Field(
        attribute="parent",
        column_name="parent",
        widget=widgets.ForeignKeyWidget(Organisation, "slug"),
    )
    target_groups = fields.Field(
        attribute="target_groups",
        column_name="target_groups",
        widget=widgets.ManyToManyWidget(TargetGroup, field="slug", separator="|"),
    )
    topics = fields.Field(
        attribute="topics",
        column_name="topics",
        widget=widgets.ManyToManyWidget(Topic, field="slug", separator="|"),
    )

    class Meta:
        model = Organisation
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name",
            "short_description",
            "description",
            "website",
            "email",
            "phone",
            "phone_other",
            "legal_status",
            "parent",
            "target_groups",
            "topics",
            "is_published",
            "last_checked",
        )
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def after_import(self, dataset, result, **kwargs):
        if not kwargs.get("dry_run") and not result.has_errors():
            search.index([row.object_id for row in result.valid_rows() if row.object_id])
