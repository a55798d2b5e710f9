import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("leads", "0005_account_signals")]

    operations = [
        migrations.AddField(
            model_name="intentaction",
            name="account",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="leads.account",
            ),
        ),
        # Each recorded action takes its lead's account (actions are written once: SQL, not
        # the model's save, which refuses to change a record).
        migrations.RunSQL(
            "UPDATE leads_intentaction SET account_id = "
            "(SELECT account_id FROM leads_lead WHERE leads_lead.id = leads_intentaction.lead_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="intentaction",
            name="account",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="leads.account",
            ),
        ),
        migrations.AddIndex(
            model_name="intentaction",
            index=models.Index(
                fields=["account", "occurred_at"], name="intent_action_by_account"
            ),
        ),
    ]
