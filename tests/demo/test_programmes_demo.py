"""The demo's skill-master studios (issue 15 item 2): each state of the life cycle, on the public list."""

import pytest

pytestmark = pytest.mark.django_db


def test_demo_studios(demo, client):
    from skillup.programmes.models import Studio, StudioReview

    states = set(Studio.objects.values_list("status", flat=True))
    assert states == {"named", "applied", "rejected", "withdrawn"}
    assert StudioReview.objects.filter(rating="excellent").exists()
    assert StudioReview.objects.filter(rating="").exists()  # a report waiting for HR's rating
    html = client.get("/programmes/public/studios/").content.decode()
    for studio in Studio.objects.filter(status="named"):
        assert studio.name in html
    assert not any(s.name in html for s in Studio.objects.exclude(status="named"))


def test_demo_bases_and_rotations(demo, client):
    from skillup.programmes.models import TeacherRotation
    from skillup.subsidies.models import Claim
    from skillup.training.models import BaseBooking, BasePlace

    assert BasePlace.objects.exists()
    assert BaseBooking.objects.filter(status="confirmed").exists()
    # Every practical session at a base in the demo is booked, so the base uplift still reaches claims.
    assert any(
        "预约工位进行" in line.get("detail", "")
        for basis in Claim.objects.values_list("basis", flat=True)
        for line in basis
    )
    assert set(TeacherRotation.objects.values_list("status", flat=True)) == {"planned", "completed"}


def test_demo_leadership_and_farmer_programmes(demo):
    from skillup.programmes.models_projects import Project, ProjectParticipant

    leadership = Project.objects.get(kind="leadership")
    assert leadership.status == "finished" and leadership.department.code == "rsj"
    assert not leadership.participants.filter(employer__enterprise__listed=False).exists()
    farmers = Project.objects.get(kind="hq_farmer")
    assert farmers.status == "running" and farmers.department.code == "nyncj"
    assert ProjectParticipant.objects.filter(project=farmers, outcome="certified").exists()
