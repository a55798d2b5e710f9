from django.db import migrations, models

# How each metric of the seeds' charter is computed; a row of another code stays to be told.
MEASURE_OF = {
    "mql_response_t1": ("clock_compliance", "sdr_first_touch_t1"),
    "mql_response_t2": ("clock_compliance", "sdr_first_touch_t2"),
    "mql_live_contact_rate": ("live_contact", ""),
    "mql_to_sal_rate": ("mql_to_sal", ""),
    "sal_to_sql_conversion": ("sal_to_sql", ""),
    "sql_acceptance_rate": ("clock_compliance", "ae_sql_acceptance"),
    "sql_to_opportunity_rate": ("sql_to_opportunity", ""),
    "mql_quality_rate": ("mql_quality", ""),
    "sla_breach_rate": ("breach_rate", ""),
    "data_enrichment_rate": ("enrichment", ""),
    "activity_logging_timeliness": ("logging_timeliness", ""),
    "tal_coverage": ("tal_coverage", ""),
    "mql_quality_to_sal_30d": ("quality_mql_to_sal_30d", ""),
    "intent_signal_coverage": ("intent_coverage", ""),
    "tier1_account_cadence": ("tier1_cadence", ""),
    "leads_touched_24h": ("touched_24h", ""),
    "win_loss_documented": ("clock_compliance", "win_loss_feedback"),
}


def tell_each_metric_its_measure(apps, schema_editor):
    metrics = apps.get_model("charter", "ScoreboardMetric").objects
    for code, (measure, policies) in MEASURE_OF.items():
        metrics.filter(code=code).update(measure=measure, policies=policies)
    # Until RevOps says otherwise, an unknown metric counts MQLs not rejected (never a crash).
    metrics.filter(measure="").update(measure="mql_quality")


class Migration(migrations.Migration):
    dependencies = [("charter", "0005_policy_preconditions_concerns_calendar_snapshots")]

    operations = [
        migrations.AddField(
            model_name="scoreboardmetric",
            name="measure",
            field=models.CharField(default="", max_length=30),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="scoreboardmetric",
            name="policies",
            field=models.CharField(
                blank=True,
                help_text="Clock compliance: the codes of the policies whose clocks count, "
                "separated by spaces.",
                max_length=300,
            ),
        ),
        migrations.RunPython(tell_each_metric_its_measure, migrations.RunPython.noop),
    ]
