"""Spot checks on the database (第二十一条): HR's draw is replayable, stratified and risk-weighted; the
evaluator's form raises a spot_check finding that holds the class's money."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from skillup.accounts.models import AuditEntry
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.registry import claim_holds
from skillup.integrity import selectors_spot, services_spot
from skillup.integrity.models import Finding, SpotCheck, SpotDraw
from skillup.integrity.permissions import can_clear_finding
from skillup.integrity.services import finding_clear
from skillup.training.models import TrainingClass
from tests.factories import UserFactory
from tests.integrity.spot_helpers import JUNE, district, finding, june_class

S = TrainingClass.Status


def codes(draw):
    return list(draw.items.order_by("rank").values_list("klass__code", flat=True))


def test_hr_draws_a_month_and_the_draw_replays_to_the_same_classes(cast):
    classes = district(cast)
    draw = services_spot.draw_create(actor=cast.hr, month=dt.date(2021, 6, 18), size=5)
    assert draw.month == JUNE and draw.population == len(classes) == 32 and draw.size == 5
    assert draw.items.count() == 5 and draw.seed
    assert services_spot.draw_replay(draw) == codes(draw)
    # Findings raised after the draw change today's weights, not the recorded frame: the replay holds.
    for klass in classes[:10]:
        finding(klass, "0.95")
    assert [r.unit.weight for r in selectors_spot.frame(JUNE)][:1] != [Decimal("1.00")]
    draw.refresh_from_db()
    assert services_spot.draw_replay(draw) == codes(draw)
    entry = AuditEntry.objects.get(action="integrity.spot_draw")
    assert entry.changes["seed"][1] == draw.seed
    assert entry.changes["frame_sha256"][1] == draw.parameters["frame_sha256"]
    assert entry.changes["classes"][1] == codes(draw)


def test_a_tampered_frame_no_longer_replays(cast):
    district(cast)
    draw = services_spot.draw_create(actor=cast.hr, month=JUNE, size=4, seed=99)
    drawn = set(codes(draw))
    # Give the classes not drawn a huge weight: the record now tells another story.
    draw.frame = [[c, d, i, "5.00" if c not in drawn else "1.00"] for c, d, i, _w in draw.frame]
    assert services_spot.draw_replay(draw) != codes(draw)


def test_the_same_seed_on_the_same_month_gives_the_same_sample(cast):
    district(cast)
    first = services_spot.draw_create(actor=cast.hr, month=JUNE, size=6, seed=4242)
    picked = codes(first)
    SpotCheck.objects.filter(draw=first).delete()
    SpotDraw.objects.filter(pk=first.pk).delete()
    again = services_spot.draw_create(actor=cast.hradmin, month=JUNE, size=6, seed=4242)
    assert codes(again) == picked


def test_the_population_is_the_months_running_and_finished_classes(cast):
    org, dept = cast.institution_org, cast.department
    running = june_class(org, dept, status=S.RUNNING)
    finished = june_class(org, dept, status=S.FINISHED, start=dt.date(2021, 5, 10), end=dt.date(2021, 6, 2))
    june_class(org, dept, status=S.APPROVED)  # not started
    june_class(org, dept, status=S.SUBMITTED)
    june_class(org, dept, status=S.FINISHED, start=dt.date(2021, 4, 1), end=dt.date(2021, 5, 31))  # May
    june_class(org, dept, status=S.RUNNING, start=dt.date(2021, 7, 1), end=dt.date(2021, 7, 30))
    frame = selectors_spot.frame(JUNE)
    assert sorted(r.unit.code for r in frame) == sorted([running.code, finished.code])


def test_default_size_is_five_percent_with_one_per_department(cast):
    classes = district(cast, per_institution=6, extra_institutions=3)  # 2 × 5 × 6 = 60 classes
    draw = services_spot.draw_create(actor=cast.hr, month=JUNE)
    assert len(classes) == 60 and draw.size == 3 and draw.parameters["default_size"] == 3
    by_dept = Counter(draw.items.values_list("department_id", flat=True))
    assert set(by_dept) == {cast.department.pk, cast.other_department.pk}


def test_every_department_and_institution_stratum_gets_its_share(cast):
    district(cast, per_institution=3, extra_institutions=4)  # 2 departments × 6 institutions × 3
    draw = services_spot.draw_create(actor=cast.hr, month=JUNE, size=8)
    items = list(draw.items.select_related("department", "institution"))
    quotas = draw.parameters["departments"]
    by_dept = Counter(i.department.code for i in items)
    assert by_dept == {code: v["quota"] for code, v in quotas.items()} and min(by_dept.values()) >= 1
    drawn = Counter((i.department.code, i.institution.code) for i in items)
    for s in draw.strata:
        share = float(s["share"])
        assert s["drawn"] == drawn[(s["department"], s["institution"])]
        assert int(share) <= s["drawn"] <= int(share) + 1


def test_a_class_with_open_findings_weighs_more_and_is_drawn_far_more_often(cast):
    classes = district(cast, per_institution=5, extra_institutions=0)  # 20 classes
    risky = classes[0]
    finding(risky, "0.90")
    finding(risky, "0.85", signal="shared_phones")
    finding(classes[1], "0.70", status=Finding.Status.CLEARED)  # cleared: no weight
    weights = {r.unit.code: r.unit.weight for r in selectors_spot.frame(JUNE)}
    assert weights[risky.code] == Decimal("2.75")
    # the institution's other classes carry half of its other findings' scores
    same_inst = [c for c in classes[2:] if c.institution_id == risky.institution_id]
    assert {weights[c.code] for c in same_inst} == {Decimal("1.88")}
    other_inst = [c for c in classes if c.institution_id != risky.institution_id]
    assert {weights[c.code] for c in other_inst} == {Decimal("1.00")}
    units = [r.unit for r in selectors_spot.frame(JUNE)]
    drawn = Counter()
    for seed in range(1000):
        drawn.update(services_spot.spot.draw(units, 2, seed).codes)
    honest = [drawn[c.code] for c in other_inst]
    assert drawn[risky.code] > 2 * sum(honest) / len(honest)  # expected about 2.7 times
    assert min(honest) > 0


def test_one_draw_per_month_and_the_inputs_are_checked(cast):
    district(cast, per_institution=1, extra_institutions=0)  # 4 classes, 2 departments
    with pytest.raises(NotAllowed):
        services_spot.draw_create(actor=cast.auditor, month=JUNE)
    with pytest.raises(NotAllowed):
        services_spot.draw_create(actor=cast.dept, month=JUNE)
    with pytest.raises(RuleViolation) as e:
        services_spot.draw_create(actor=cast.hr, month=dt.date(2021, 7, 1))
    assert "尚未到来" in str(e.value)
    with pytest.raises(RuleViolation) as e:
        services_spot.draw_create(actor=cast.hr, month=dt.date(2021, 3, 1))
    assert "没有培训中或已结业的班级" in str(e.value)
    for size in (1, 5):
        with pytest.raises(RuleViolation) as e:
            services_spot.draw_create(actor=cast.hr, month=JUNE, size=size)
        assert "2 到 4" in str(e.value)
    with pytest.raises(RuleViolation):
        services_spot.draw_create(actor=cast.hr, month=JUNE, auditor=cast.hr)
    assert not SpotDraw.objects.exists()
    services_spot.draw_create(actor=cast.hr, month=JUNE, auditor=cast.auditor)
    assert set(SpotCheck.objects.values_list("auditor_id", flat=True)) == {cast.auditor.pk}
    with pytest.raises(StateConflict):
        services_spot.draw_create(actor=cast.hr, month=JUNE)
    assert SpotDraw.objects.count() == 1


def _drawn(cast, **kw):
    district(cast, per_institution=1, extra_institutions=0)
    return services_spot.draw_create(actor=cast.hr, month=JUNE, size=2, **kw)


def test_hr_assigns_and_reassigns_all_or_nothing(cast):
    draw = _drawn(cast)
    second = UserFactory(username="auditor2", role="auditor")
    items = list(draw.items.all())
    assert services_spot.spot_assign(actor=cast.hr, items=items, auditor=cast.auditor) == 2
    assert services_spot.spot_assign(actor=cast.hr, items=items[:1], auditor=second) == 1
    assert dict(draw.items.values_list("pk", "auditor_id")) == {
        items[0].pk: second.pk,
        items[1].pk: cast.auditor.pk,
    }
    assert AuditEntry.objects.filter(action="integrity.spot_assign").count() == 3
    with pytest.raises(RuleViolation):
        services_spot.spot_assign(actor=cast.hr, items=items, auditor=cast.finance)
    with pytest.raises(NotAllowed):
        services_spot.spot_assign(actor=cast.auditor, items=items, auditor=cast.auditor)
    SpotCheck.objects.filter(pk=items[0].pk).update(status=SpotCheck.Status.DONE)
    with pytest.raises(NotAllowed):
        services_spot.spot_assign(actor=cast.hr, items=items, auditor=cast.auditor)
    assert SpotCheck.objects.get(pk=items[1].pk).auditor_id == cast.auditor.pk  # unchanged
    assert AuditEntry.objects.filter(action="integrity.spot_assign").count() == 3


def _item_with_roster(cast, people=10):
    file_class = june_class(cast.institution_org, cast.department, people=people)
    draw = services_spot.draw_create(actor=cast.hr, month=JUNE, size=1, auditor=cast.auditor)
    item = draw.items.get()
    assert item.klass == file_class
    return item


FIGURES = {
    "interviewed": 10,
    "attended": 4,
    "called": 8,
    "reached": 8,
    "certs_checked": 5,
    "certs_genuine": 5,
}


def test_a_problem_found_raises_a_spot_check_finding_that_holds_the_money(cast):
    from tests.subsidies.factories import claims_for_class

    item = _item_with_roster(cast)
    claims = claims_for_class(cast, people=2)  # another class: its money stays free
    done = services_spot.spot_submit(
        actor=cast.auditor,
        item=item,
        visited_on=dt.date(2021, 6, 14),
        result="problem",
        notes="现场仅 4 人在训，其余学员称未参加培训",
        **FIGURES,
    )
    f = done.finding
    assert done.status == "done" and f.source == Finding.Source.SPOT_CHECK and f.signal == "spot_check"
    assert f.raised_by == cast.auditor and f.klass == item.klass and f.subject_type == "class"
    assert f.institution_id == item.klass.institution_id and f.department_id == item.klass.department_id
    assert f.score == Decimal("0.79")  # 0.50 + 0.49 × 6/10 interviewed who do not confirm
    assert "受访学员 10 人，确认本人参训 4 人" in f.detail and "电话回访 8 人" in f.detail
    assert "现场仅 4 人在训" in f.detail and f.evidence[0]["attended"] == 4
    assert f.flagged and f.status == Finding.Status.OPEN
    assert AuditEntry.objects.filter(action="integrity.spot_submit", object_id=str(item.pk)).exists()
    assert claim_holds(claims) == {}  # another class's claims stay free
    # the evaluator cannot clear their own finding; HR can, with a reason
    assert not can_clear_finding(cast.auditor, f)
    finding_clear(actor=cast.hr, finding=f, reason="复核后确认学员均已参训，系访谈对象误解")
    f.refresh_from_db()
    assert f.status == Finding.Status.CLEARED


def test_the_spot_check_finding_holds_the_claims_of_its_class(cast):
    from tests.subsidies.factories import claims_for_class

    claims = claims_for_class(cast, people=2, end=dt.date(2021, 6, 10))
    klass = claims[0].klass
    draw = services_spot.draw_create(actor=cast.hr, month=JUNE, size=1, auditor=cast.auditor)
    item = draw.items.get()
    assert item.klass == klass
    services_spot.spot_submit(
        actor=cast.auditor,
        item=item,
        visited_on=dt.date(2021, 6, 14),
        result="problem",
        notes="电话回访无人确认参训",
        called=2,
        reached=0,
    )
    holds = claim_holds(claims)
    assert set(holds) == {c.pk for c in claims}
    assert "抽查发现问题" in holds[claims[0].pk][0] and "0.99" in holds[claims[0].pk][0]


def test_no_problem_needs_no_finding_but_explains_any_shortfall(cast):
    item = _item_with_roster(cast)
    args = {"actor": cast.auditor, "item": item, "visited_on": dt.date(2021, 6, 14), "result": "ok"}
    with pytest.raises(RuleViolation) as e:
        services_spot.spot_submit(**args, **FIGURES)
    assert e.value.errors[0].field == "notes"
    done = services_spot.spot_submit(
        **args, **{**FIGURES, "attended": 10}, notes=""
    )  # every figure fits: no note needed
    assert done.result == "ok" and done.finding is None and not Finding.objects.exists()
    with pytest.raises(NotAllowed):  # final once submitted
        services_spot.spot_submit(**args, **FIGURES, notes="再次提交试试看是否可以")


@pytest.mark.parametrize(
    "figures,field",
    [
        ({"interviewed": 11, "attended": 1}, "interviewed"),  # more than the roster of 10
        ({"interviewed": 5, "attended": 6}, "attended"),
        ({"called": 3}, "reached"),
        ({"reached": 3}, "called"),
        ({"certs_checked": "x", "certs_genuine": 1}, "certs_checked"),
        ({"interviewed": 0, "attended": 0}, "interviewed"),  # nothing checked
        ({}, "interviewed"),
    ],
)
def test_the_forms_figures_must_add_up(cast, figures, field):
    item = _item_with_roster(cast)
    with pytest.raises(RuleViolation) as e:
        services_spot.spot_submit(
            actor=cast.auditor,
            item=item,
            visited_on=dt.date(2021, 6, 14),
            result="problem",
            notes="问题描述",
            **figures,
        )
    assert field in [err.field for err in e.value.errors]
    assert all(err.label for err in e.value.errors)
    item.refresh_from_db()
    assert item.status == "pending" and not Finding.objects.exists()


def test_the_date_result_and_who_may_submit(cast):
    item = _item_with_roster(cast)
    base = {"item": item, "result": "problem", "notes": "问题描述", "called": 2, "reached": 0}
    for day in (dt.date(2021, 6, 16), dt.date(2021, 5, 31), None):
        with pytest.raises(RuleViolation) as e:
            services_spot.spot_submit(actor=cast.auditor, visited_on=day, **base)
        assert e.value.errors[0].field == "visited_on"
    with pytest.raises(RuleViolation):
        services_spot.spot_submit(
            actor=cast.auditor, visited_on=dt.date(2021, 6, 14), **{**base, "result": "x"}
        )
    with pytest.raises(RuleViolation):
        services_spot.spot_submit(
            actor=cast.auditor, visited_on=dt.date(2021, 6, 14), **{**base, "notes": ""}
        )
    other = UserFactory(username="auditor2", role="auditor")
    for user in (other, cast.hr, cast.institution):
        with pytest.raises(NotAllowed):
            services_spot.spot_submit(actor=user, visited_on=dt.date(2021, 6, 14), **base)
    assert not Finding.objects.exists()
