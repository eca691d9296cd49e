"""Employment rows from today's `Person.employer`, and dated recognitions from the enterprise flags.

Earlier employment is unknown, so a migrated employment starts on the plan's first day (2019-10-29) or
on the day the person was registered, whichever is earlier. A trade-friction flag becomes a recognition
over the uplift's period (2019-10-29 to 2021-12-31), a difficulty flag a recognition for the year the
enterprise was registered (with its recorded premiums), a demonstration flag an open recognition; each
says in `document` that it was migrated, so HR can replace it with the real recognition document.
"""

import datetime as dt

from django.db import migrations

PLAN_START = dt.date(2019, 10, 29)
MIGRATED = "由原企业标记迁移（请补录认定文件）"


def forwards(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    Employment = apps.get_model("registry", "Employment")
    Enterprise = apps.get_model("registry", "Enterprise")
    Recognition = apps.get_model("registry", "Recognition")
    rows = []
    for pid, eid, created in Person.objects.filter(employer__isnull=False).values_list(
        "id", "employer_id", "created_at"
    ):
        start = min(PLAN_START, created.date()) if created else PLAN_START
        rows.append(Employment(person_id=pid, enterprise_id=eid, start=start, source="migration"))
    Employment.objects.bulk_create(rows, batch_size=1000)
    recs = []
    for e in Enterprise.objects.select_related("organisation"):
        if e.trade_friction:
            recs.append(
                Recognition(
                    enterprise_id=e.pk,
                    kind="trade_friction",
                    valid_from=PLAN_START,
                    valid_until=dt.date(2021, 12, 31),
                    document=MIGRATED,
                )
            )
        if e.in_difficulty:
            year = e.organisation.created_at.year
            recs.append(
                Recognition(
                    enterprise_id=e.pk,
                    kind="difficulty",
                    year=year,
                    valid_from=dt.date(year, 1, 1),
                    valid_until=dt.date(year, 12, 31),
                    ui_premiums_last_year=e.ui_premiums_last_year,
                    document=MIGRATED,
                )
            )
        if e.high_skill_demo:
            recs.append(
                Recognition(enterprise_id=e.pk, kind="high_skill_demo", valid_from=PLAN_START, document=MIGRATED)
            )
    Recognition.objects.bulk_create(recs, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_registry_facts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
