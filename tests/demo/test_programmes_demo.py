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


def test_demo_elite_programme(demo):
    """第8条 as of 2021-06-15: 2020's 巧匠班 and 大师班 trained and completed with their claims (the 大师班
    out of the province), one turned down and one dropped out; 2021's 技工班 training; 2021's 巧匠班 taking
    nominations."""
    from skillup.programmes import selectors_elite
    from skillup.programmes.models_elite import EliteCohort, EliteMember, EliteNomination, EliteRound

    assert set(EliteRound.objects.values_list("year", "kind")) == {
        (2020, "巧匠班"), (2020, "大师班"), (2021, "技工班"), (2021, "巧匠班")
    }  # fmt: skip
    assert set(EliteNomination.objects.values_list("status", flat=True)) == {
        "approved",
        "not_selected",
        "nominated",
    }
    assert EliteCohort.objects.get(round__kind="大师班").out_of_province
    done = EliteMember.objects.filter(outcome="completed")
    assert done.exists() and not done.filter(claim__isnull=True).exists()
    assert all(m.claim.scheme == "elite_training" for m in done.select_related("claim"))
    assert EliteMember.objects.filter(outcome="dropped", claim__isnull=True).exists()
    running = EliteMember.objects.filter(cohort__round__year=2021, outcome="enrolled")
    assert running.exists() and not running.filter(attended_days=0).exists()
    assert selectors_elite.people_trained() == EliteMember.objects.exclude(outcome="dropped").count()


def test_demo_publicity(demo, client):
    """第21条: published cases, honour-roll entries (with consent) and news; a draft and a returned case."""
    from skillup.programmes.models_publicity import Article

    published = Article.objects.filter(status="published")
    assert {a.kind for a in published} == {"case", "honour", "news"}
    assert Article.objects.filter(status="draft").count() == 1
    assert Article.objects.filter(status="returned").exclude(return_reason="").count() == 1
    assert all(a.consent_on and a.person_id for a in published.filter(kind="honour"))
    assert all(a.author_id != a.reviewer_id for a in published)
    html = client.get("/programmes/public/articles/?kind=honour").content.decode()
    assert all(a.title in html for a in published.filter(kind="honour"))
    assert (
        client.get(f"/programmes/public/articles/{Article.objects.get(status='draft').pk}/").status_code
        == 404
    )


def test_demo_competitions(demo, client):
    from skillup.programmes.models_competitions import CompetitionEvent

    events = {e.name: e for e in CompetitionEvent.objects.select_related("claim")}
    assert {e.status for e in events.values()} == {"open", "published"}  # as of 2021-06-15
    drill, cnc = events["2021年焊工岗位练兵"], events["2020年上虞区数控车工职业技能竞赛"]
    assert drill.claim is not None and drill.claim.scheme == "enterprise_competition"
    assert drill.claim.eligible and drill.claim.amount == drill.cost  # below the yearly 30,000
    assert cnc.claim is not None and cnc.claim.scheme == "district_competition"
    assert events["2021年上虞区电工职业技能竞赛"].claim is None  # published in June, not yet claimed
    assert events["2021年电工岗位练兵"].contestants.exists()  # registered, held on the 18th
    html = client.get("/programmes/public/competitions/").content.decode()
    assert drill.name in html and "2021年电工岗位练兵" not in html
