"""Industries and towns keep days and months only (the one rollup definition, archive/definition.py:
`ScopeRule.grains`): their stored hour rows go, so that the stored rollups match what every engine now writes.

Nothing reads them (the unit page draws a unit's hours); a backfill spent a third of its rollup writes on them
(docs/performance.md). Going back keeps the rows deleted: the hours of a town are the sum of its total meters'
hours, which `rollups.rebuild` under the old definition would recompute.
"""

from typing import Any

from django.db import migrations

WIDE_SCOPES = ("industry", "town")


def drop_wide_scope_hours(apps: Any, schema_editor: Any) -> None:
    Rollup = apps.get_model("monitoring", "Rollup")
    Rollup.objects.using(schema_editor.connection.alias).filter(scope__in=WIDE_SCOPES, grain="hour").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0002_annual_pue_alert"),
    ]

    operations = [
        migrations.RunPython(drop_wide_scope_hours, migrations.RunPython.noop, elidable=True),
    ]
