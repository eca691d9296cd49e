"""Reads of integrity runs and findings, scoped to the acting user (issue 11 items 2, 5, 6 and 7).

Who sees which findings is one rule, `findings_visible_to` (the readers are named in permissions.py):
- HR and the auditor (the third-party evaluator) see every finding;
- a competent department's officer sees the findings on its own classes and claims, read only;
- an institution sees the findings on its own classes (and their claims) only once a case including them
  has been opened: an investigation is not announced before it starts;
- nobody else sees any (finance reads only the holds, through core.registry.claim_holds).

The risk list page, its spreadsheet, the home tile and the API all read `findings_filtered`; the object
pages (class, claim, person) read `findings_of_*`; the overview's tiles and charts read `overview`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation

from django.db.models import Case as Ranked
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from skillup.accounts.roles import Role
from skillup.core.clock import business_shift
from skillup.core.errors import FieldError, RuleViolation
from skillup.integrity.engine import LABELS
from skillup.integrity.models import FLAG, Case, Finding, ScanRun
from skillup.integrity.permissions import READERS, can_read_findings

FILTERS = ("signal", "status", "institution", "department", "min_score", "subject_type", "q", "run")
DEFAULT_MIN_SCORE = FLAG
LIST_RELATED = ("klass", "claim", "claim__person", "person", "institution", "department")


def findings_visible_to(user) -> QuerySet[Finding]:
    """The one scoping rule of findings (module docstring): everything else is not found (404)."""
    qs = Finding.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role in READERS:
        return qs
    if user.role == Role.DEPT and user.organisation_id:
        return qs.filter(
            department_id=user.organisation_id,
            subject_type__in=(Finding.Subject.CLASS, Finding.Subject.CLAIM),
        )
    if user.role == Role.INSTITUTION and user.organisation_id:
        in_a_case = Case.findings.through.objects.filter(finding_id=OuterRef("pk"))
        return qs.filter(Exists(in_a_case), institution_id=user.organisation_id)
    return qs.none()


def parse_min_score(value, *, default: Decimal = DEFAULT_MIN_SCORE) -> Decimal:
    """The 最低风险分 filter: empty → the flag (0.50); otherwise a number from 0 to 1."""
    text = str(value if value is not None else "").strip()
    if text == "":
        return default
    try:
        score = Decimal(text)
    except InvalidOperation:
        score = None
    if score is None or not score.is_finite() or not Decimal(0) <= score <= Decimal(1):
        raise RuleViolation(
            [FieldError("请填写 0 到 1 之间的数字，如 0.5", field="min_score", label="最低风险分")]
        )
    return score.quantize(Decimal("0.01"))


def findings_filter(
    qs: QuerySet[Finding],
    *,
    signal="",
    status="",
    institution="",
    department="",
    min_score=None,
    subject_type="",
    q="",
    run="",
) -> QuerySet[Finding]:
    """`institution` and `department` are organisation codes; `q` searches the subject's reference
    (class code, claim A123, person P45, institution code) and the class code; `run` is a scan run id
    (the findings that run saw)."""
    if signal:
        qs = qs.filter(signal=signal)
    if status:
        qs = qs.filter(status=status)
    if institution:
        qs = qs.filter(institution__code=institution)
    if department:
        qs = qs.filter(department__code=department)
    if subject_type:
        qs = qs.filter(subject_type=subject_type)
    score = parse_min_score(min_score)
    if score > 0:
        qs = qs.filter(score__gte=score)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(subject_ref__icontains=q) | Q(klass__code__icontains=q))
    run = str(run or "").strip()
    if run:
        qs = qs.filter(last_run_id=int(run)) if run.isdigit() and len(run) < 12 else qs.none()
    return qs


def findings_filtered(user, params) -> QuerySet[Finding]:
    """The risk list of the page, its export, the home tile and the API: `params` holds the filters (a
    QueryDict or a plain dict; a missing min_score means 0.50). Highest score first."""
    values = {k: str(params.get(k) or "").strip() for k in FILTERS if k != "min_score"}
    return (
        findings_filter(findings_visible_to(user), min_score=params.get("min_score"), **values)
        .select_related(*LIST_RELATED)
        .order_by("-score", "-id")
    )


def filter_values(params) -> dict:
    """The filters as the page shows them back (min_score defaulting to 0.50)."""
    values = {k: str(params.get(k) or "").strip() for k in FILTERS}
    values["min_score"] = values["min_score"] or str(DEFAULT_MIN_SCORE)
    return values


def finding_for(user, pk: int) -> Finding:
    """One finding with what its page shows; not visible → Finding.DoesNotExist (the view's 404)."""
    return (
        findings_visible_to(user)
        .select_related(*LIST_RELATED, "first_run", "last_run", "raised_by", "cleared_by")
        .get(pk=pk)
    )


def finding_cases(finding: Finding) -> QuerySet[Case]:
    return finding.cases.select_related("assignee").order_by("id")


# The findings shown on another app's object page (integrity/panels.py): open ones first.
_PANEL_ORDER = ("status_rank", "-score", "-id")


def _panel(qs: QuerySet[Finding]) -> list[Finding]:
    rank = Ranked(
        When(status=Finding.Status.OPEN, then=Value(0)),
        When(status=Finding.Status.CONFIRMED, then=Value(1)),
        When(status=Finding.Status.CLEARED, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return list(qs.annotate(status_rank=rank).select_related("cleared_by").order_by(*_PANEL_ORDER))


def class_findings(user, klass) -> QuerySet[Finding]:
    """The class's own findings and those of its claims (the class page and the API)."""
    return findings_visible_to(user).filter(klass_id=klass.pk)


def findings_of_class(user, klass) -> list[Finding]:
    return _panel(class_findings(user, klass))


def findings_of_person(user, person) -> list[Finding]:
    """The person's own findings and those of their claims."""
    return _panel(findings_visible_to(user).filter(person_id=person.pk))


def findings_of_claim(user, claim) -> list[Finding]:
    """What can hold the claim (integrity/holds.py): its own findings, its class's and its person's."""
    cond = Q(claim_id=claim.pk)
    if claim.klass_id:
        cond |= Q(subject_type=Finding.Subject.CLASS, klass_id=claim.klass_id)
    if claim.person_id:
        cond |= Q(subject_type=Finding.Subject.PERSON, person_id=claim.person_id)
    return _panel(findings_visible_to(user).filter(cond))


OPEN_FLAGGED = {"status": Finding.Status.OPEN, "min_score": str(FLAG)}  # the home tile and its link


def open_flagged_count(user) -> int:
    return findings_filtered(user, OPEN_FLAGGED).count()


# Scan runs


def runs_visible_to(user) -> QuerySet[ScanRun]:
    if not can_read_findings(user):
        return ScanRun.objects.none()
    return ScanRun.objects.select_related("started_by").order_by("-id")


def run_busy() -> ScanRun | None:
    """The run queued or running now, if any (there is at most one: services.scan_start)."""
    return ScanRun.objects.filter(status__in=(ScanRun.Status.QUEUED, ScanRun.Status.RUNNING)).first()


# What each threshold means, for the run page (the figures themselves live in engine/thresholds.py).
THRESHOLD_NAMES = {
    "VERSION": "规则版本",
    "FLAG": "线索提示分（达到即须核查，并暂缓支付）",
    "PHONE_GROUP": "共用手机号：同一号码登记的学员达到此人数才计入（家庭共用通常 2–3 人）",
    "PHONE_TRAINEES": "共用手机号：同班计入的学员达到此人数即提示",
    "QR_DEVICE_TRAINEES": "代签到：同一手机为同班此人数的学员扫码签到即提示",
    "FACE_GAP_SECONDS": "代签到：人脸终端两次签到间隔小于此秒数视为过快（真实排队每人 4 秒以上）",
    "FACE_RUN": "代签到：连续此次数的过快人脸签到即提示",
    "BACKFILL_RECORDS": "事后补录：晚于出勤日录入的人工考勤达到此条数",
    "BACKFILL_SHARE": "事后补录：且占本班考勤的比例达到此值",
    "DOUBLE_TRAINEES": "两地出勤：同一时间在两处地点签到的学员达到此人数",
    "PAYEE_PERSONS": "共用收款账户：同一个人账户收取此人数以上不同人员的补贴",
    "SERIAL_CLAIMS": "反复参训：同一人申领达到此次数",
    "SERIAL_OCCUPATIONS": "反复参训：且涉及此数目以上的不同职业",
    "MIN_AGE": "年龄：开班时低于此年龄",
    "MAX_AGE": "年龄：开班时高于此年龄",
    "MAX_AGE_PHYSICAL": "年龄：体力工种开班时高于此年龄",
    "PHYSICAL_TRADES": "体力工种",
}


def run_thresholds(run: ScanRun) -> list[tuple[str, str, object]]:
    """(name, meaning, value) of every threshold the run used, in the stored order."""
    rows = []
    for name, value in (run.thresholds or {}).items():
        shown = "、".join(str(v) for v in value) if isinstance(value, list) else value
        rows.append((name, THRESHOLD_NAMES.get(name, ""), shown))
    return rows


RECORD_NAMES = {
    "institution": "培训机构",
    "person": "人员",
    "class": "培训班",
    "enrolment": "名册",
    "attendance": "考勤",
    "result": "考核结果",
    "claim": "补贴申领",
}


def run_counts(run: ScanRun) -> list[tuple[str, int]]:
    return [(RECORD_NAMES.get(k, k), v) for k, v in (run.counts or {}).items()]


# The overview: tiles and charts (ECharts, fed by json_script)


def _month(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


BY = {"seen": "按首次发现月份", "class": "按培训班开班月份"}
TOP_INSTITUTIONS = 10
TRENDED_INSTITUTIONS = 5


def overview(user, *, by: str = "seen") -> dict:
    """Counts by status for the tiles; flagged findings (score ≥ 0.50) by signal and by institution,
    month by month. `by` = "seen": the month a scan first saw the finding (on the business clock);
    "class": the month its class started (findings without a class are left out of that view)."""
    visible = findings_visible_to(user)
    statuses = dict(visible.order_by().values_list("status").annotate(n=Count("id")))
    open_flagged = visible.filter(status=Finding.Status.OPEN, score__gte=FLAG).count()
    flagged = visible.filter(score__gte=FLAG).order_by()
    shift = business_shift()
    if by == "class":
        rows = (
            flagged.filter(klass__isnull=False)
            .values_list("klass__start_date", "signal", "institution_id")
            .annotate(n=Count("id"))
        )
    else:
        by = "seen"
        rows = (
            flagged.annotate(day=TruncDate("first_seen_at", tzinfo=timezone.get_current_timezone()))
            .values_list("day", "signal", "institution_id")
            .annotate(n=Count("id"))
        )
    by_signal: dict[str, Counter] = defaultdict(Counter)
    by_inst: dict[int, Counter] = defaultdict(Counter)
    months: set[str] = set()
    for day, signal, inst, n in rows:
        if day is None:
            continue
        if by == "seen":
            day = day + shift  # shown on the business clock, like every stored moment
        month = _month(day)
        months.add(month)
        by_signal[signal][month] += n
        if inst:
            by_inst[inst][month] += n
    axis = _months_between(min(months), max(months)) if months else []
    top = list(
        visible.filter(status=Finding.Status.OPEN, score__gte=FLAG, institution__isnull=False)
        .order_by()
        .values_list("institution_id", "institution__name")
        .annotate(n=Count("id"))
        .order_by("-n", "institution__name")[:TOP_INSTITUTIONS]
    )
    names = dict((pk, name) for pk, name, _ in top)
    trended = sorted(by_inst, key=lambda pk: (-sum(by_inst[pk].values()), pk))[:TRENDED_INSTITUTIONS]
    if missing := [pk for pk in trended if pk not in names]:
        from skillup.registry.models import Organisation

        names.update(Organisation.objects.filter(pk__in=missing).values_list("pk", "name"))
    return {
        "tiles": {
            "open_flagged": open_flagged,
            "open": statuses.get(Finding.Status.OPEN, 0),
            "cleared": statuses.get(Finding.Status.CLEARED, 0),
            "confirmed": statuses.get(Finding.Status.CONFIRMED, 0),
            "lapsed": statuses.get(Finding.Status.LAPSED, 0),
        },
        "charts": {
            "by": by,
            "months": axis,
            "signals": [
                {"name": LABELS.get(s, s), "data": [by_signal[s].get(m, 0) for m in axis]}
                for s in sorted(by_signal, key=lambda s: list(LABELS).index(s) if s in LABELS else 99)
            ],
            "top_institutions": {
                "names": [name for _, name, _ in top],
                "open_flagged": [n for _, _, n in top],
            },
            "institutions": [
                {"name": names.get(pk, str(pk)), "data": [by_inst[pk].get(m, 0) for m in axis]}
                for pk in trended
            ],
        },
    }
