"""The demo district gives every training page real material: classes in every status at several
departments, the demo logins' own classes, and thousands of enrolments with mostly passed results."""

import pytest
from django.db.models import Count

from skillup.accounts.models import User
from skillup.registry.models import Filing
from skillup.training.models import Attendance, Enrolment, Result, TrainingClass


@pytest.mark.django_db
def test_the_demo_district_has_training_in_every_state(demo):
    statuses = set(TrainingClass.objects.values_list("status", flat=True))
    assert statuses == set(TrainingClass.Status.values)
    departments = set(TrainingClass.objects.values_list("department__code", flat=True))
    assert {"jxj", "yjglj", "mzj", "rsj"} <= departments
    assert Enrolment.objects.count() > 3000
    assert Result.objects.filter(passed=True).count() > Result.objects.filter(passed=False).count() * 3
    assert set(Filing.objects.values_list("status", flat=True)) == set(Filing.Status.values)
    mine = TrainingClass.objects.filter(institution__users__username="institution")
    assert {"vocational_certificate"} <= set(mine.values_list("scheme", flat=True))
    assert mine.filter(status="running").exists()
    trainee = User.objects.get(username="trainee")
    assert Result.objects.filter(enrolment__person=trainee.person, passed=True).count() >= 2
    assert TrainingClass.objects.filter(department__code="jxj", status="submitted").exists()
    assert Attendance.objects.filter(low_trust=True).exists()
    # A pass always has the class hours behind it.
    for r in Result.objects.filter(passed=True).select_related("enrolment__klass")[:200]:
        assert r.attended_hours >= r.enrolment.klass.hours
    per_class = Enrolment.objects.values("klass").annotate(n=Count("id"))
    capacity = dict(TrainingClass.objects.values_list("pk", "capacity"))
    assert all(row["n"] <= capacity[row["klass"]] for row in per_class)
