from django.db import migrations


class Migration(migrations.Migration):
    """The hand-made page cache is gone. Its table held people's progress and history
    pages (their check-ins, what helps them), some built from data they had since
    deleted: it goes with it, so nothing personal stays behind in a cache."""

    dependencies = [
        ("tracking", "0002_preferences_data_version"),
    ]

    operations = [
        migrations.RemoveField(model_name="trackingpreferences", name="data_version"),
        migrations.RunSQL("DROP TABLE IF EXISTS aira_fragments", migrations.RunSQL.noop),
    ]
