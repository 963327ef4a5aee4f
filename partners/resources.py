from import_export import fields, resources, widgets

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
