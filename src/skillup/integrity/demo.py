"""Demo district, integrity part (issue 11 item 8): a few frauds of each kind planted among the honest
classes, each beside its honest look-alike, so the nightly scan opens the demo with findings to work on.

Two steps, registered in core/demo.py:
- `plant(ctx)` runs right after the training demo, before certificates and claims, so the subsidies demo
  claims the planted trainees' results, reviews and pays them like any others:

  | planted (found)                                        | honest look-alike (left alone)              |
  |--------------------------------------------------------|---------------------------------------------|
  | shared_phones: 7 made-up trainees on 2 phone numbers   | a couple in one class on one phone          |
  | cloned_checkins: one phone scans most of a roster;     | a venue's Wi-Fi: one IP for every phone     |
  |   a face terminal "sees" a roster 1–2 s apart          |   (real face queues run 4–15 s a person)    |
  | backfilled: every day typed in by hand after the end   | a terminal broke: one day typed in that day |
  | double_presence: trainees of a class also checked in   | —                                           |
  |   at another institution at the same hours             |   (the genuine class is flagged too)        |
  | shared_payee: citizen-card subsidies of unrelated      | institutions' and employers' own accounts   |
  |   people paid into one card                            |   (claims of many people, as always)        |
  | serial_trainee: one person trained and paid 7 times    | people training two or three times          |
  |   at four institutions in unrelated trades             |   (the training demo's rule)                |
  | implausible_age: a child of 13, an 82-year-old in a    | a 66-year-old without a pension in elderly  |
  |   physical trade                                       |   care; a 64-year-old electrician           |

  What was planted is kept in ctx.data["integrity"] and on the audit trail (demo.seed_integrity), so a
  presenter can find it and tests/demo/test_integrity.py can check the scan against it.
- `seed(ctx)` runs last: the nightly scan over the whole district, stored as any night's would be.

Everything draws from a random stream of its own (ctx.seed + 11), so the plants are the same on every
seed-demo; attendance is written in bulk; moments are stored as real time, the business moment minus
core.clock.business_shift().
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.models import User
from skillup.core.clock import business_shift, today
from skillup.policy.catalogue import default_catalogue
from skillup.registry import crypto
from skillup.registry.models import Person
from skillup.registry.validators import make_id_number, mask_id_number
from skillup.training.demo import Stamps
from skillup.training.models import Attendance, Enrolment, Result, Session, TrainingClass

# The physical trades the demo trains (among the engine's PHYSICAL_TRADES), and care and service trades.
PHYSICAL = {"焊工", "电工", "砌筑工", "钳工", "车工", "电梯安装维修工"}
CARE = {"养老护理员", "育婴员", "中式烹调师", "美容师", "老年照护与管理", "母婴护理"}
SETTLED = 20  # planted classes ended at least this many days before the business date


class World:
    """The finished classes of the training demo, with rosters and sessions, and what was planted where."""

    def __init__(self, ctx):
        self.rng = random.Random(ctx.seed + 11)
        self.on = today()
        self.shift = business_shift()
        self.key = {"classes": {}, "persons": {}, "genuine": []}
        self.lookalikes = {"classes": {}, "persons": {}}
        self.used: set[int] = set()
        self.seq = 0
        self.stamps = Stamps(ctx.seed)  # the trainees' phones, as training/demo.py fingerprints them
        trainee = User.objects.filter(username="trainee").values_list("person_id", flat=True).first()
        classes = TrainingClass.objects.filter(
            status=TrainingClass.Status.FINISHED, end_date__lte=self.on - dt.timedelta(days=SETTLED)
        ).select_related("institution")
        self.classes = list(classes.order_by("code"))
        ids = [k.pk for k in self.classes]
        self.roster: dict[int, list[Enrolment]] = defaultdict(list)
        for e in Enrolment.objects.filter(klass_id__in=ids).select_related("person").order_by("id"):
            self.roster[e.klass_id].append(e)
        self.sessions: dict[int, list[Session]] = defaultdict(list)
        for s in Session.objects.filter(klass_id__in=ids).order_by("date"):
            self.sessions[s.klass_id].append(s)
        # Everyone's classes (start, end): the busy map of training/demo.py, read back.
        self.spans: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for pid, first, last in Enrolment.objects.values_list(
            "person_id", "klass__start_date", "klass__end_date"
        ):
            self.spans[pid].append((first, last))
        if trainee:  # the demo trainee's classes stay as they are
            self.used |= {k for k, rs in self.roster.items() if any(e.person_id == trainee for e in rs)}
        self.passed = set(
            Result.objects.filter(enrolment__klass_id__in=ids, passed=True).values_list(
                "enrolment_id", flat=True
            )
        )
        self.payee = {code: s.payee for code, s in default_catalogue().schemes_by_code.items()}

    # -- picking -----------------------------------------------------------------------------------
    def pick(self, test=lambda k: True) -> TrainingClass | None:
        """A random unused finished class of a plain roster (no target group or employer) passing `test`."""
        pool = [
            k
            for k in self.classes
            if k.pk not in self.used
            and not k.target_group
            and k.employer_id is None
            and len(self.roster[k.pk]) >= 12
            and self.sessions[k.pk]
            and test(k)
        ]
        if not pool:
            return None
        k = self.rng.choice(pool)
        self.used.add(k.pk)
        return k

    def seats(self, k) -> int:
        return k.capacity - len(self.roster[k.pk])

    def free(self, pid: int, k) -> bool:
        return all(k.end_date < a or b < k.start_date for a, b in self.spans[pid])

    # -- writing -----------------------------------------------------------------------------------
    def stored(self, moment: dt.datetime) -> dt.datetime:
        return timezone.make_aware(moment) - self.shift

    def local(self, stored: dt.datetime) -> dt.datetime:
        return (timezone.localtime(stored) + self.shift).replace(tzinfo=None)

    def person(self, *, birth: dt.date, phone: str | None = None, pension=False, sex=None) -> Person:
        rng = self.rng
        sex = sex or rng.choice(["男", "女"])
        while True:
            number = make_id_number("330604", birth, rng.randint(500, 999), sex)
            digest = crypto.lookup_hash(number)
            if not Person.objects.filter(id_hash=digest).exists():
                break
        surname, given = (
            rng.choice("王李张刘陈杨黄赵周吴"),
            rng.choice(["建华", "秀英", "志强", "丽娟", "国平"]),
        )
        return Person.objects.create(
            id_cipher=crypto.encrypt(number),
            id_hash=digest,
            id_masked=mask_id_number(number),
            name=surname + given,
            sex=sex,
            birth_date=birth,
            phone=phone if phone is not None else f"13{rng.randint(10**8, 10**9 - 1)}",
            groups=",employee,",
            pension=pension,
            citizen_card=f"3306{rng.randint(10**11, 10**12 - 1)}",
        )

    def enrol(self, k, person: Person, *, face_after_queue=False) -> None:
        """Person in class k: a roster line, attendance on every session, a pass (claimed later)."""
        rng = self.rng
        e = Enrolment.objects.create(klass=k, person=person, source="xlsx")
        self.roster[k.pk].append(e)
        self.spans[person.pk].append((k.start_date, k.end_date))
        events = []
        for s in self.sessions[k.pk]:
            start = dt.datetime.combine(s.date, s.starts_at)
            if face_after_queue:  # the terminal's queue of that morning, continued
                last = (
                    Attendance.objects.filter(session=s, checked_in_at__isnull=False)
                    .order_by("-checked_in_at")
                    .values_list("checked_in_at", flat=True)
                    .first()
                )
                at = (self.local(last) if last else start) + dt.timedelta(seconds=rng.randint(5, 12))
                method, device = "face", f"FACE-{k.institution_id:03d}-1"
            else:
                at = start - dt.timedelta(seconds=rng.randint(60, 1500))
                method, device = "qr", self.stamps.phone(person.pk)
            events.append(
                Attendance(
                    enrolment=e,
                    session=s,
                    date=s.date,
                    hours=s.hours,
                    method=method,
                    device=device,
                    checked_in_at=self.stored(at),
                    recorded_at=self.stored(at + dt.timedelta(seconds=rng.randint(1, 5))),
                    source_ip=f"10.12.{k.institution_id % 250}.{rng.randint(2, 250)}",
                    user_agent="SkillUp-Gateway/1.0"
                    if method == "face"
                    else "Mozilla/5.0 MicroMessenger/8.0",
                )
            )
        Attendance.objects.bulk_create(events)
        certified = (
            Result.objects.filter(enrolment__klass=k, passed=True)
            .order_by("-certified_on")
            .values_list("certified_on", flat=True)
            .first()
        ) or min(k.end_date + dt.timedelta(days=5), self.on)
        self.seq += 1
        Result.objects.create(
            enrolment=e,
            passed=True,
            attended_hours=sum(s.hours for s in self.sessions[k.pk]),
            certificate_no=f"{k.end_date:%Y}{k.institution_id:03d}8{self.seq:06d}",
            issuer=k.institution.name,
            occupation=k.occupation,
            level=k.level,
            certified_on=certified,
        )

    def records(self, k, **filters) -> list[Attendance]:
        return list(
            Attendance.objects.filter(enrolment__klass=k, **filters).select_related("session", "enrolment")
        )

    def planted(self, k, signal: str) -> None:
        self.key["classes"][k.code] = signal

    def planted_person(self, person: Person, signal: str) -> None:
        self.key["persons"][f"P{person.pk}"] = signal


def _birth(k, age: int, days: int = 100) -> dt.date:
    return k.start_date.replace(year=k.start_date.year - age) - dt.timedelta(days=days)


# -- frauds ----------------------------------------------------------------------------------------
def shared_phones(w: World) -> None:
    """Seven made-up trainees added to a roster, registered with two phone numbers."""
    k = w.pick(lambda k: w.seats(k) >= 7)
    if k is None:
        return
    phones = [f"1370575{w.rng.randint(1000, 9999)}" for _ in range(2)]
    for i in range(7):
        fake = w.person(
            birth=dt.date(w.rng.randint(1970, 1998), w.rng.randint(1, 12), 10), phone=phones[i % 2]
        )
        w.enrol(k, fake, face_after_queue=True)
    w.planted(k, "shared_phones")


def cloned_qr(w: World) -> None:
    """One phone scans the QR code for most of the roster, a few seconds apart, every day."""
    k = w.pick()
    if k is None:
        return
    proxy = f"wx:{w.rng.getrandbits(48):012x}"
    rows = w.records(k, method="qr")
    by_day = defaultdict(list)
    for a in rows:
        if w.rng.random() < 0.8:
            by_day[a.date].append(a)
    for day, rs in by_day.items():
        at = dt.datetime.combine(day, dt.time(8, 12)) + dt.timedelta(seconds=w.rng.randint(0, 600))
        for a in rs:
            at += dt.timedelta(seconds=w.rng.randint(2, 6))
            a.device, a.checked_in_at, a.recorded_at = proxy, w.stored(at), w.stored(at)
    Attendance.objects.bulk_update(
        [a for rs in by_day.values() for a in rs], ["device", "checked_in_at", "recorded_at"]
    )
    w.planted(k, "cloned_checkins")


def cloned_face(w: World) -> None:
    """The face terminal "sees" the whole roster one or two seconds apart, on most days."""
    k = w.pick()
    if k is None:
        return
    rows = w.records(k)
    by_day = defaultdict(list)
    for a in rows:
        by_day[a.date].append(a)
    days = sorted(by_day)
    changed = []
    for day in days[: max(2, len(days) * 2 // 3)]:
        at = dt.datetime.combine(day, dt.time(8, 5)) + dt.timedelta(seconds=w.rng.randint(0, 900))
        for a in by_day[day]:
            at += dt.timedelta(seconds=w.rng.randint(1, 2))
            a.method, a.low_trust, a.device = "face", False, f"FACE-{k.institution_id:03d}-1"
            a.checked_in_at = w.stored(at)
            a.recorded_at = w.stored(at + dt.timedelta(seconds=2))
            changed.append(a)
    Attendance.objects.bulk_update(changed, ["method", "low_trust", "device", "checked_in_at", "recorded_at"])
    w.planted(k, "cloned_checkins")


def backfilled(w: World) -> None:
    """Nobody checked in: every day typed in by hand, in one sitting, two weeks after the class ended."""
    k = w.pick()
    if k is None:
        return
    rows = sorted(w.records(k), key=lambda a: (a.date, a.enrolment_id))
    at = dt.datetime.combine(min(k.end_date + dt.timedelta(days=w.rng.randint(10, 16)), w.on), dt.time(14, 3))
    for a in rows:
        at += dt.timedelta(seconds=w.rng.randint(2, 9))
        a.method, a.low_trust, a.device, a.checked_in_at = "manual", True, "", None
        a.recorded_at = w.stored(at)
    Attendance.objects.bulk_update(rows, ["method", "low_trust", "device", "checked_in_at", "recorded_at"])
    w.planted(k, "backfilled")


def double_presence(w: World) -> None:
    """Five trainees of a genuine class also checked in at another institution's class on the same days."""
    for _ in range(50):
        a = w.pick()
        if a is None:
            return
        days = {s.date for s in w.sessions[a.pk]}
        b = w.pick(
            lambda k, a=a, days=days: (
                k.institution_id != a.institution_id
                and w.seats(k) >= 5
                and len(days & {s.date for s in w.sessions[k.pk]}) >= 3
            )
        )
        lent = [e.person for e in w.roster[a.pk] if len(w.spans[e.person_id]) <= 2]
        if b is None or len(lent) < 5:
            w.used.discard(a.pk)
            if b is not None:
                w.used.discard(b.pk)
            continue
        for person in w.rng.sample(lent, 5):
            w.enrol(b, person)
        w.planted(b, "double_presence")
        w.key["genuine"].append(a.code)
        return


def shared_payee(w: World, people: int) -> None:
    """The citizen-card subsidies of unrelated trainees (one class each, at different institutions) all
    paid into one card."""
    mule = f"3306{w.rng.randint(10**11, 10**12 - 1)}"
    chosen, institutions = [], set()
    for k in w.rng.sample(w.classes, len(w.classes)):
        if len(chosen) == people:
            break
        if k.pk in w.used or k.institution_id in institutions or w.payee.get(k.scheme) != "person":
            continue
        if k.target_group or k.employer_id:
            continue
        single = [
            e.person
            for e in w.roster[k.pk]
            if e.pk in w.passed and len(w.spans[e.person_id]) == 1 and e.person.citizen_card
        ]
        if single:
            chosen.append(w.rng.choice(single))
            institutions.add(k.institution_id)
    if len(chosen) < 3:
        return
    for person in chosen:
        person.citizen_card = mule
        w.planted_person(person, "shared_payee")
    Person.objects.bulk_update(chosen, ["citizen_card"])


def serial_trainee(w: World) -> None:
    """One person on seven rosters, at four institutions or more, in seven unrelated trades."""
    person = w.person(birth=dt.date(1986, 4, 18), sex="男")
    trades, institutions = set(), set()
    for k in w.rng.sample(w.classes, len(w.classes)):
        if len(trades) == 7:
            break
        if (
            k.pk in w.used
            or k.occupation in trades
            or not k.occupation
            or (k.institution_id in institutions and len(institutions) < 4)
            or w.seats(k) < 1
            or k.target_group
            or k.employer_id
            or not w.sessions[k.pk]
            or not w.free(person.pk, k)
        ):
            continue
        w.enrol(k, person)
        trades.add(k.occupation)
        institutions.add(k.institution_id)
    if len(trades) >= 4:
        w.planted_person(person, "serial_trainee")


def implausible_age(w: World, age: int, physical: bool) -> None:
    """A "trainee" far past working age in a physical trade, or a child."""
    k = w.pick(lambda k: w.seats(k) >= 1 and (k.occupation in PHYSICAL) == physical)
    if k is None:
        return
    person = w.person(birth=_birth(k, age), pension=age >= 60)
    w.enrol(k, person)
    w.used.discard(k.pk)  # the class itself stays honest; the claim is the finding
    w.planted_person(person, "implausible_age")


# -- honest look-alikes ----------------------------------------------------------------------------
def couple_on_one_phone(w: World) -> None:
    """Husband and wife in one class, registered with one number and scanning with one phone."""
    k = w.pick()
    if k is None:
        return
    first, second = w.rng.sample([e for e in w.roster[k.pk] if e.person.phone], 2)
    second.person.phone = first.person.phone
    second.person.save(update_fields=["phone"])
    device = w.stamps.phone(first.person_id)
    rows = w.records(k, enrolment=second, method="qr")
    for a in rows:
        a.device = device
    Attendance.objects.bulk_update(rows, ["device"])
    w.lookalikes["classes"][k.code] = "couple_on_one_phone"


def venue_wifi(w: World) -> None:
    """Every trainee's phone behind the venue's Wi-Fi: one IP for all the class's QR check-ins."""
    k = w.pick()
    if k is None:
        return
    rows = w.records(k, method="qr")
    ip = f"115.{w.rng.randint(192, 239)}.{w.rng.randint(0, 255)}.{w.rng.randint(2, 254)}"
    for a in rows:
        a.source_ip = ip
    Attendance.objects.bulk_update(rows, ["source_ip"])
    w.lookalikes["classes"][k.code] = "venue_wifi"


def same_day_manual(w: World) -> None:
    """The terminal broke one day; the clerk typed that day in by hand the same evening."""
    k = w.pick()
    if k is None:
        return
    day = w.rng.choice(w.sessions[k.pk]).date
    rows = w.records(k, date=day)
    at = dt.datetime.combine(day, dt.time(17, 10))
    for a in rows:
        at += dt.timedelta(seconds=w.rng.randint(8, 30))
        a.method, a.low_trust, a.device, a.checked_in_at, a.recorded_at = (
            "manual",
            True,
            "",
            None,
            w.stored(at),
        )
    Attendance.objects.bulk_update(rows, ["method", "low_trust", "device", "checked_in_at", "recorded_at"])
    w.lookalikes["classes"][k.code] = "same_day_manual"


def senior_without_pension(w: World, age: int, physical: bool) -> None:
    """Past retirement age without a pension (第14条): trains like anyone else."""
    k = w.pick(lambda k: w.seats(k) >= 1 and (k.occupation in (PHYSICAL if physical else CARE)))
    if k is None:
        return
    person = w.person(birth=_birth(k, age), pension=False)
    w.enrol(k, person)
    w.lookalikes["persons"][f"P{person.pk}"] = f"{age}_without_pension"


def plant(ctx) -> None:
    w = World(ctx)
    if len(w.classes) < 40:  # seeded at an early business date: too little has happened yet
        ctx.say("  诚信演示：结业班级太少，未埋设问题线索")
        return
    for _ in range(2):
        shared_phones(w)
        backfilled(w)
        double_presence(w)
        serial_trainee(w)
    cloned_qr(w)
    cloned_face(w)
    shared_payee(w, 4)
    shared_payee(w, 3)
    implausible_age(w, 13, physical=False)
    implausible_age(w, 82, physical=True)
    for _ in range(2):
        couple_on_one_phone(w)
        venue_wifi(w)
        same_day_manual(w)
    senior_without_pension(w, 66, physical=False)
    senior_without_pension(w, 64, physical=True)
    ctx.data["integrity"] = {"planted": w.key, "lookalikes": w.lookalikes}
    classes = ", ".join(f"{code} {signal}" for code, signal in sorted(w.key["classes"].items()))
    audit.record(
        actor=None,
        action="demo.seed_integrity",
        object_type="demo",
        object_id=str(ctx.seed),
        changes={"planted": [None, w.key], "lookalikes": [None, w.lookalikes]},
        summary=f"演示数据：埋设诚信问题 班级 {len(w.key['classes'])} 个、人员 {len(w.key['persons'])} 名，"
        f"另有正常的相似情形 {len(w.lookalikes['classes']) + len(w.lookalikes['persons'])} 处",
    )
    ctx.say(
        f"  诚信演示：埋设问题班级 {classes}；问题人员 {len(w.key['persons'])} 名（共用收款账户、反复参训、年龄异常）"
    )


def seed(ctx) -> None:
    """The nightly scan of the finished demo district, stored with its run."""
    from skillup.integrity import services
    from skillup.integrity.models import FLAG, Finding

    run = services.scan_nightly()
    if run is None:
        return
    flagged = Finding.objects.filter(status=Finding.Status.OPEN, score__gte=FLAG)
    ctx.say(
        f"  诚信扫描 #{run.pk}：线索 {run.findings_total} 条（待处理 {flagged.count()} 条），用时 {run.seconds} 秒"
    )
    planted = (ctx.data.get("integrity") or {}).get("planted") or {}
    made = cases(genuine=planted.get("genuine", []), planted=planted.get("classes", {}))
    if made:
        ctx.say("  核查案件：" + "；".join(f"{c.code} {c.get_outcome_display()}" for c in made))
    draw = spot_draw()
    if draw is not None:
        ctx.say(f"  {draw.month:%Y年%m月} 抽查：抽取 {draw.items.count()} 个班级，已分配给第三方评估人员")


def spot_draw():
    """This month's spot-check draw (a fixed seed, so every demo draws the same classes), assigned to
    the third-party evaluator, whose 我的抽查 then has work to do."""
    from skillup.accounts.models import User
    from skillup.core.clock import today
    from skillup.core.errors import RuleViolation, StateConflict
    from skillup.integrity.services_spot import draw_create

    hr = User.objects.filter(username="hr").first()
    auditor = User.objects.filter(username="auditor").first()
    if hr is None or auditor is None:
        return None
    try:
        return draw_create(actor=hr, month=today().replace(day=1), auditor=auditor, seed=20210615)
    except (RuleViolation, StateConflict):  # a month without classes has nothing to draw; the demo goes on
        return None


def cases(*, genuine: list[str], planted: dict[str, str]) -> list:
    """One case of each outcome, worked as HR and the third-party evaluator would:
    - cleared: the genuine class of a double presence (its trainees really were there; the class that
      borrowed them is the fraud), checked by phone and on site, cleared by another HR officer's hand;
    - confirmed: a planted class whose claims were paid: unpaid claims rejected, the paid ones recovery
      receivables, and a first repayment recorded by Finance.
    """
    from skillup.accounts.models import User
    from skillup.fund.recovery import recovery_repay
    from skillup.integrity import services_cases as sc
    from skillup.integrity.engine import LABELS
    from skillup.integrity.models import FLAG, Finding
    from skillup.integrity.selectors_cases import case_claims
    from skillup.subsidies.models import Claim

    hr = User.objects.filter(username="hr").first()
    auditor = User.objects.filter(username="auditor").first()
    finance = User.objects.filter(username="finance").first()
    if hr is None or auditor is None or finance is None:
        return []
    made = []
    open_flags = Finding.objects.filter(status=Finding.Status.OPEN, score__gte=FLAG, subject_type="class")
    honest = open_flags.filter(subject_ref__in=genuine, signal="double_presence").order_by("id").first()
    if honest is not None:
        case = sc.case_open(
            actor=hr,
            findings=[honest],
            title=f"{honest.subject_ref} 学员同时段两地出勤核查",
            assignee=auditor,
        )
        on = dt.date.fromisoformat("2021-06-10")
        sc.case_step_record(
            actor=auditor,
            case=case,
            kind="interview",
            data={
                "mode": "电话核实",
                "who": "本班学员 5 名",
                "on": on.isoformat(),
                "said": "5 名学员均确认在本班全程参训，不知道另一机构的班级，未在其名册上签字",
            },
        )
        sc.case_step_record(
            actor=auditor,
            case=case,
            kind="onsite",
            data={
                "place": honest.klass.venue if honest.klass_id else "培训地点",
                "on": on.isoformat(),
                "seen": "签到终端记录、教室监控与授课记录一致；学员被另一机构冒名列入名册",
            },
        )
        case = sc.case_close(
            actor=hr,
            case=case,
            outcome="cleared",
            reason="本班学员真实参训（电话核实 5 人、现场核对签到记录）；问题在借用其学员的另一班级，已另行立案",
        )
        made.append(case)
    paid_classes = set(
        Claim.objects.filter(status=Claim.Status.PAID, klass__code__in=list(planted)).values_list(
            "klass__code", flat=True
        )
    )
    fraud = (
        open_flags.filter(subject_ref__in=sorted(paid_classes))
        .exclude(signal="double_presence")
        .order_by("-score", "id")
        .first()
    )
    if fraud is None:
        return made
    case = sc.case_open(
        actor=hr,
        findings=[fraud],
        title=f"{fraud.subject_ref} 虚假培训核查（{LABELS.get(fraud.signal, fraud.signal)}）",
    )
    sc.case_assign(actor=hr, case=case, assignee=auditor)
    sc.case_step_record(
        actor=auditor,
        case=case,
        kind="interview",
        data={
            "mode": "电话核实",
            "who": "名册学员 10 名",
            "on": "2021-06-08",
            "said": "10 人中 7 人未接或称从未参加该培训，3 人称只来过第一天",
        },
    )
    sc.case_step_record(
        actor=auditor,
        case=case,
        kind="onsite",
        data={
            "place": fraud.klass.venue if fraud.klass_id else "培训地点",
            "on": "2021-06-09",
            "seen": "培训场地无该班授课记录，机构负责人承认按名单补签考勤",
        },
    )
    if Claim.objects.filter(pk__in=case_claims(case).values("pk"), status=Claim.Status.IN_BATCH).exists():
        return made  # still being paid: the case waits for the bank's answer, as on screen
    case = sc.case_close(
        actor=hr,
        case=case,
        outcome="confirmed",
        reason="电话核实与现场核查证实虚报学员、补签考勤；退回未支付申领，已支付补贴予以追回",
    )
    from skillup.fund.selectors import receivables_of

    owed = receivables_of(case_claims(case).values_list("pk", flat=True))
    first = min(owed, default=None)
    if first is not None and owed[first]["balance"] > 0:
        recovery_repay(
            actor=finance,
            claim=Claim.objects.get(pk=first),
            amount=owed[first]["balance"],
            memo=f"{case.code} 首笔追回到账",
        )
    return [*made, case]
