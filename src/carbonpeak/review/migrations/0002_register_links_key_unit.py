"""The register links a monitored key unit; actual energy carries its origin; projects carry a design
PUE and the day they started operating.

The old free-text `monitored_unit` becomes `monitored_unit_legacy`; `link_units` then links every
entry whose text names a unit by code or name (`review.key_unit_links.match_key_units`) and clears its text;
the rest stay listed for the office (docs/methodology/review.md, "The register and monitoring").
"""

import django.db.models.deletion
from django.db import migrations, models

from carbonpeak.review.key_unit_links import KeyUnitRow, match_key_units


def link_units(apps, schema_editor):  # type: ignore[no-untyped-def]
    entries = apps.get_model("review", "RegisterEntry")
    units = apps.get_model("monitoring", "KeyUnit")
    matches = match_key_units(
        entries.objects.exclude(monitored_unit_legacy="").values_list("id", "monitored_unit_legacy"),
        (KeyUnitRow(u.id, u.code, u.name) for u in units.objects.all()),
    )
    for entry_id, (unit_id, _how) in matches.linked.items():
        entries.objects.filter(pk=entry_id).update(monitored_unit_id=unit_id, monitored_unit_legacy="")


def unlink_units(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Back to free text: a linked entry's text becomes its unit's code."""
    entries = apps.get_model("review", "RegisterEntry")
    for entry in entries.objects.filter(monitored_unit__isnull=False).select_related("monitored_unit"):
        entries.objects.filter(pk=entry.pk).update(monitored_unit_legacy=entry.monitored_unit.code)


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0001_initial"),
        ("review", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="registerentry", old_name="monitored_unit", new_name="monitored_unit_legacy"),
        migrations.AddField(
            model_name="registerentry",
            name="monitored_unit",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="register_entries", to="monitoring.keyunit"),
        ),
        migrations.RunPython(link_units, unlink_units),
        migrations.AddField(
            model_name="actualenergy",
            name="origin",
            field=models.CharField(choices=[("monitoring", "Monitoring"), ("typed", "Typed")], default="typed",
                                   max_length=10),
        ),
        migrations.AddField(model_name="actualenergy", name="partial", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="actualenergy", name="provenance",
                            field=models.JSONField(blank=True, default=dict)),
        migrations.AddField(model_name="project", name="design_pue", field=models.FloatField(blank=True, null=True)),
        migrations.AddField(model_name="project", name="operating_since",
                            field=models.DateField(blank=True, null=True)),
        migrations.AddConstraint(
            model_name="actualenergy",
            constraint=models.CheckConstraint(condition=models.Q(("origin__in", ["monitoring", "typed"])),
                                              name="review_actual_origin_valid"),
        ),
        migrations.AddConstraint(
            model_name="actualenergy",
            constraint=models.CheckConstraint(condition=models.Q(("origin", "monitoring"), ("partial", False),
                                                                 _connector="OR"),
                                              name="review_actual_typed_is_whole_year"),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(condition=models.Q(("design_pue__isnull", True),
                                                                 ("design_pue__gte", 1), _connector="OR"),
                                              name="review_project_design_pue_at_least_1"),
        ),
    ]
