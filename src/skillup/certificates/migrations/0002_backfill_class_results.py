"""Every passed result with a certificate number recorded before the register existed enters it (source
class_result), as the results service does from now on."""

from django.db import migrations

from skillup.certificates.normalise import certificate_number, issuer_name, occupation_key

FAMILY_OF_SCHEME = {  # as data/certificates.yaml `family_of_scheme` on the day of this migration
    "skill_level_certificate": "skill_level",
    "special_ability": "special_ability",
    "chemical_dual_certificate": "special_ability",
}


def backfill(apps, schema_editor):
    Result = apps.get_model("training", "Result")
    Certificate = apps.get_model("certificates", "Certificate")
    taken = set(Certificate.objects.values_list("issuer_name", "number"))
    batch = []
    results = (
        Result.objects.filter(passed=True, certificate__isnull=True)
        .exclude(certificate_no="")
        .select_related("enrolment__klass__institution")
        .order_by("id")
    )
    for r in results.iterator(chunk_size=2000):
        klass = r.enrolment.klass
        name = issuer_name(r.issuer or klass.institution.name)
        number = certificate_number(r.certificate_no)
        if (name, number) in taken:
            continue
        taken.add((name, number))
        batch.append(
            Certificate(
                person_id=r.enrolment.person_id,
                family=FAMILY_OF_SCHEME.get(klass.scheme, "qualification"),
                occupation=r.occupation,
                occupation_key=occupation_key(r.occupation),
                level=r.level,
                number=number,
                issuer_id=klass.institution_id if name == issuer_name(klass.institution.name) else None,
                issuer_name=name,
                issued_on=r.certified_on or klass.end_date,
                source="class_result",
                result_id=r.pk,
                created_by_id=r.recorded_by_id,
            )
        )
        if len(batch) >= 2000:
            Certificate.objects.bulk_create(batch)
            batch = []
    Certificate.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_register"), ("training", "0002_attendance_once_per_session")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
