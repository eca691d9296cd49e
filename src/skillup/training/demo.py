"""Demo district, training part: filings for most of the 42 institutions (a few rejected, suspended,
revoked or pending), classes in every status from late 2019 to 2021 with rosters, sessions, attendance
and results — several thousand enrolments, most of the finished ones passed — so every page, and the
claims built on passed results, have real material. Bulk inserts only; deterministic under ctx.rng."""

import datetime as dt
import hashlib
import math
import random

from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.models import User
from skillup.core.clock import business_shift, today
from skillup.registry import groups as group_codes
from skillup.registry.models import Enterprise, Filing, FilingItem, Organisation, OrgKind, Person, Venue
from skillup.training.departments import competent_department, employer_kind_of
from skillup.training.models import Attendance, Enrolment, Result, Session, TrainingClass
from skillup.training.services import class_competent

S = TrainingClass.Status
START = dt.date(2019, 11, 4)
LAST_START = dt.date(2021, 11, 22)
CLASSES = 320
# (scheme, occupation, level, hours): what the district trains, across departments (附件1).
OFFER = [
    ("vocational_certificate", "焊工", "初级", 70),
    ("vocational_certificate", "焊工", "中级", 80),
    ("vocational_certificate", "电工", "初级", 70),
    ("vocational_certificate", "电工", "中级", 80),
    ("vocational_certificate", "车工", "高级", 100),
    ("vocational_certificate", "钳工", "中级", 80),
    ("vocational_certificate", "中式烹调师", "初级", 70),
    ("vocational_certificate", "育婴员", "初级", 70),
    ("vocational_certificate", "美容师", "初级", 70),
    ("vocational_certificate", "砌筑工", "初级", 70),
    ("vocational_certificate", "电梯安装维修工", "中级", 80),
    ("vocational_certificate", "养老护理员", "技师", 120),
    ("special_ability", "电子产品装调", "初级", 40),
    ("special_ability", "工业机器人操作", "高级", 50),
    ("special_ability", "计算机办公软件应用", "初级", 40),
    ("special_ability", "网店操作", "初级", 40),
    ("special_ability", "母婴护理", "初级", 40),
    ("special_ability", "老年照护与管理", "初级", 40),
    ("special_operation_safety", "焊接与热切割作业", "", 32),
    ("special_operation_safety", "低压电工作业", "", 32),
    ("post_skill_upgrade", "数控车床操作", "中级", 50),
    ("syb_training", "", "", 56),
    ("elite_training", "焊工", "技师", 120),  # 第8条 巧匠班: senior workers towards technician
]
# 附件1 第13行: first-aid training (红十字会), filed by the second institution only; kept out of OFFER's
# random draws so the demo's random stream stays as it was.
FIRST_AID = ("vocational_certificate", "应急救护员", "初级", 70)
# 附件1 第12行: startup-awareness training for farmers and students (团区委), also the second institution's.
STARTUP = ("startup_awareness_training", "", "", 24)
OFFERS = [*OFFER, FIRST_AID, STARTUP]
FIRST_AID_AT = len(OFFER)
# 附件1 rows 2, 4, 5, 9, 10, 11, 14, 15: classes for one group of trainees or one enterprise's staff (every
# tenth class, in turn), so that every department has work; their rosters are drawn from that group or
# that enterprise's employees.
AUDIENCES = [
    ("disabled", ""),
    ("veteran", ""),
    ("two_after", ""),
    ("", "state_owned"),
    ("farmer", ""),
    ("", "coop"),
    ("graduate", ""),
    ("", "small_micro"),
    ("low_income_rural", ""),
    ("", "foreign_trade"),
]
FIRST_INSTITUTION = [0, 1, 2, 3, 4, 5, 12, 18, 20]  # 焊工, 电工, 车工 (A), 电子产品装调, 特种作业, 岗位提升
# A person trains two or three times over the plan at most; more, in unrelated trades, is what integrity's
# serial_trainee signal looks for. Nobody sits in two classes at once (the double_presence signal).
MAX_CLASSES = 3
TEACHERS = ["王建国", "李海燕", "张卫东", "陈立新", "刘芳", "杨志强", "周敏", "吴国平"]


class Stamps:
    """The moments of the demo's attendance, drawn from a stream of their own (the shared one stays as it
    was), as SkillUp would have received them:
    - QR: each trainee scans with their own phone (a stable device fingerprint per person), arriving
      in the half hour around the session's start, received a few seconds later;
    - face: the venue's terminal sees a queue at the start of the session, 4–15 s a person, one queue per
      terminal and day across the classes there;
    - manual: no check-in moment; the clerk types the day in at the end of that day, now and then the
      next morning.
    Moments are stored as real time (core.clock): the intended business moment minus business_shift()."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed + 9)
        self.seed = seed
        self.shift = business_shift()
        self.now = timezone.localtime().replace(tzinfo=None) + self.shift  # the business "now"
        self.queues: dict[tuple[str, dt.date], dt.datetime] = {}
        self.phones: dict[int, str] = {}

    def phone(self, pid: int) -> str:
        if pid not in self.phones:
            digest = hashlib.blake2b(f"{self.seed}:{pid}".encode(), digest_size=6).hexdigest()
            self.phones[pid] = f"wx:{digest}"
        return self.phones[pid]

    def stored(self, moment: dt.datetime) -> dt.datetime:
        return timezone.make_aware(moment) - self.shift

    def apply(self, events: list) -> list:
        rng, faces = self.rng, {}
        for e in events:
            s = e.session
            start = dt.datetime.combine(s.date, s.starts_at)
            if e.method == "qr":
                early = rng.random() < 0.9
                at = start + dt.timedelta(seconds=-rng.randint(0, 1800) if early else rng.randint(0, 1200))
                e.device = self.phone(e.enrolment.person_id)
                e.checked_in_at = self.stored(at)
                e.recorded_at = self.stored(at + dt.timedelta(seconds=rng.randint(0, 4)))
            elif e.method == "face":
                faces.setdefault((e.device, s.date), []).append(e)
            else:
                day = s.date if rng.random() < 0.92 else s.date + dt.timedelta(days=1)
                typed = dt.datetime.combine(day, dt.time(16, 30)) + dt.timedelta(seconds=rng.randint(0, 7200))
                e.recorded_at = self.stored(max(start, min(typed, self.now)))
        for (device, day), queue in faces.items():
            rng.shuffle(queue)
            first = queue[0].session
            at = self.queues.get((device, day)) or dt.datetime.combine(day, first.starts_at) - dt.timedelta(
                seconds=rng.randint(600, 1500)
            )
            for e in queue:
                at += dt.timedelta(seconds=rng.randint(4, 15))
                e.checked_in_at = self.stored(at)
                e.recorded_at = self.stored(at + dt.timedelta(seconds=rng.randint(1, 5)))
            self.queues[(device, day)] = at
        return events


def _free(busy: dict, pid: int, klass) -> bool:
    """Honest people sit in one class at a time and train at most MAX_CLASSES times over the plan."""
    spans = busy.get(pid, ())
    return len(spans) < MAX_CLASSES and all(
        klass.end_date < first or last < klass.start_date for first, last in spans
    )


def _free_roster(busy: dict, klass, chosen: list[int], others) -> list[int]:
    """The roster drawn, with anyone busy elsewhere at the time (or trained MAX_CLASSES times already)
    swapped for the next free person of `others`; the roster keeps its size where people are left."""
    roster = [pid for pid in chosen if _free(busy, pid, klass)]
    if len(roster) < len(chosen):
        seen = set(chosen)
        for pid in others:
            if len(roster) == len(chosen):
                break
            if pid not in seen and _free(busy, pid, klass):
                roster.append(pid)
            seen.add(pid)
    for pid in roster:
        busy.setdefault(pid, []).append((klass.start_date, klass.end_date))
    return roster


def _levels(scheme, level):
    return {"special_operation_safety": "", "syb_training": ""}.get(scheme, level)


def seed(ctx) -> None:
    rng = ctx.rng
    on = today()
    institutions = list(Organisation.objects.filter(kind=OrgKind.INSTITUTION).order_by("id"))
    departments = {o.code: o for o in Organisation.objects.filter(kind__in=[OrgKind.HR, OrgKind.DEPARTMENT])}
    hr_user = User.objects.filter(username="hr").first()

    # -- filings ---------------------------------------------------------------------------------
    offers: dict[int, list[int]] = {}
    filings, items = [], []
    for i, org in enumerate(institutions):
        picks = FIRST_INSTITUTION if i == 0 else sorted(rng.sample(range(len(OFFER)), rng.randint(3, 7)))
        status = Filing.Status.APPROVED
        if i in (38, 39):
            status = Filing.Status.REJECTED
        elif i == 40:
            status = Filing.Status.SUSPENDED
        elif i == 41:
            status = Filing.Status.REVOKED
        decided = status != Filing.Status.SUBMITTED
        filings.append(
            Filing(
                institution=org,
                status=status,
                valid_from=START - dt.timedelta(days=7) if decided else None,
                valid_until=dt.date(2021, 12, 31) if status != Filing.Status.REJECTED else None,
                reason={
                    "rejected": "办学场地证明材料不全，请补充后重新申请",
                    "suspended": "抽查发现考勤记录异常，暂停备案待核查",
                    "revoked": "虚报培训人数，撤销备案",
                }.get(status, ""),
                decided_by=hr_user if decided else None,
            )
        )
        if i == 1:
            picks = [*picks, FIRST_AID_AT, FIRST_AID_AT + 1]
        offers[org.pk] = picks if status == Filing.Status.APPROVED else []
    # Two institutions have a second application waiting for HR.
    for org in institutions[36:38]:
        filings.append(Filing(institution=org, status=Filing.Status.SUBMITTED))
    Filing.objects.bulk_create(filings)
    for filing in filings:
        picks = offers[filing.institution_id] or sorted(rng.sample(range(len(OFFER)), 2))
        if filing.status == Filing.Status.SUBMITTED:
            picks = [13, 16]
        seen = set()
        for p in picks:
            scheme, occupation, level, _h = OFFERS[p]
            if (scheme, occupation) in seen:
                continue
            seen.add((scheme, occupation))
            levels = sorted(
                {_levels(scheme, OFFERS[q][2]) for q in picks if OFFERS[q][:2] == (scheme, occupation)}
            )
            items.append(
                FilingItem(filing=filing, scheme=scheme, occupation=occupation, levels=",".join(levels))
            )
    FilingItem.objects.bulk_create(items)

    # -- classes ---------------------------------------------------------------------------------
    # Registered venues (registry demo): each institution's own; the public bases are 公共实训基地.
    own_venue = {v.owner_id: v for v in Venue.objects.filter(owner__kind=OrgKind.INSTITUTION).order_by("id")}
    bases = [v for v in own_venue.values() if v.base_from]
    filed = [(org, offers[org.pk]) for org in institutions if offers[org.pk]]
    by_kind: dict[str, list[Organisation]] = {}
    for e in Enterprise.objects.select_related("organisation").order_by("organisation_id"):
        by_kind.setdefault(employer_kind_of(e), []).append(e.organisation)
    span = (LAST_START - START).days
    classes = []
    for n in range(CLASSES):
        org, picks = filed[0] if n % 8 == 0 else rng.choice(filed)
        scheme, occupation, level, hours = OFFERS[rng.choice(picks)]
        if n % 40 in (21, 33):  # first aid and startup awareness, by the institution that filed them
            org, (scheme, occupation, level, hours) = institutions[1], FIRST_AID if n % 40 == 21 else STARTUP
        start = START + dt.timedelta(days=rng.randint(0, span))
        if n % 16 == 3 or n % 64 == 0:  # some classes (a few of the first institution) run on the demo date
            start = on - dt.timedelta(days=rng.randint(0, 6))
        end = start + dt.timedelta(days=math.ceil(math.ceil(hours / 8) * 7 / 5))
        if end < on:
            status = S.REJECTED if rng.random() < 0.05 else S.FINISHED
        elif start <= on:
            status = S.RUNNING
        else:
            status = rng.choice([S.SUBMITTED, S.SUBMITTED, S.APPROVED])
        target_group, employer = "", None
        if n % 10 == 7:
            target_group, employer_kind = AUDIENCES[(n // 10) % len(AUDIENCES)]
            if employer_kind:
                kinds = by_kind.get(employer_kind) or [None]
                employer = kinds[n % len(kinds)]
        competent = class_competent(
            scheme=scheme, occupation=occupation, target_group=target_group, employer=employer
        )
        dept = departments.get(competent.code) or departments["rsj"]
        classes.append(
            TrainingClass(
                code=f"SY{start.year}-{n + 1:06d}",
                institution=org,
                department=dept,
                department_cite=competent.cite,
                target_group=target_group,
                employer=employer,
                scheme=scheme,
                occupation=occupation,
                level=level,
                hours=hours,
                start_date=start,
                end_date=end,
                venue=f"{org.name}实训楼{rng.randint(1, 5)}0{rng.randint(1, 9)}室",
                venue_place=own_venue.get(org.pk),
                capacity=rng.choice([20, 30, 40, 50]),
                teachers="、".join(rng.sample(TEACHERS, 2)),
                status=status,
                assessment_plan="理论考试（闭卷）60分钟 + 实际操作考核，由第三方评价机构组织",
                reject_reason="课时安排不足，实训设备清单缺失" if status == S.REJECTED else "",
            )
        )
    TrainingClass.objects.bulk_create(classes)

    # -- rosters ---------------------------------------------------------------------------------
    people = list(Person.objects.filter(pension=False).order_by("id").values_list("id", flat=True))
    trainee = User.objects.filter(username="trainee").select_related("person").first()
    trainee_pid = trainee.person_id if trainee else None
    pool = [p for p in people if p != trainee_pid]
    audience: dict = {}
    for pid, stored, employer_id in (
        Person.objects.filter(pension=False).order_by("id").values_list("id", "groups", "employer_id")
    ):
        if pid == trainee_pid:
            continue
        for code in group_codes.decode(stored):
            audience.setdefault(code, []).append(pid)
        if employer_id:
            audience.setdefault(employer_id, []).append(pid)
    # The demo trainee: two passed classes of the first institution and one running now.
    first = institutions[0]
    mine = [k for k in classes if k.institution_id == first.pk]
    picked = (
        [k for k in mine if k.status == S.FINISHED and k.occupation == "焊工"][:1]
        + [k for k in mine if k.status == S.FINISHED and k.occupation == "电工"][:1]
        + [k for k in mine if k.status == S.RUNNING][:1]
    )
    enrolments = []
    busy: dict[int, list[tuple[dt.date, dt.date]]] = ctx.data.setdefault("training_busy", {})
    swap = random.Random(ctx.seed + 5)  # its own stream: the shared one draws the rosters as before
    for klass in classes:
        if klass.status == S.REJECTED:
            continue
        # Leave a seat for the demo trainee in the classes picked for them.
        seats = klass.capacity - (1 if trainee_pid and klass in picked else 0)
        size = rng.randint(int(seats * 0.5), seats)
        if klass.status == S.SUBMITTED:
            size = rng.randint(0, size)
        chosen = rng.sample(pool, size)
        members = audience.get(klass.target_group or klass.employer_id)
        if members:  # the class's own audience, picked without the random stream
            start = klass.capacity * 7 % len(members)
            rotated = members[start:] + members[:start]
            chosen = _free_roster(busy, klass, rotated[: min(size, len(members))], iter(rotated))
        else:
            chosen = _free_roster(busy, klass, chosen, (swap.choice(pool) for _ in range(40 * size)))
        for pid in chosen:
            enrolments.append(
                Enrolment(klass=klass, person_id=pid, source=rng.choice(["xlsx", "xlsx", "api", "form"]))
            )
    if trainee_pid:
        enrolments += [Enrolment(klass=k, person_id=trainee_pid, source="xlsx") for k in picked]
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)

    # -- sessions, attendance, results -----------------------------------------------------------
    by_class: dict[int, list[Enrolment]] = {}
    for e in enrolments:
        by_class.setdefault(e.klass_id, []).append(e)
    sessions = []
    for klass in classes:
        if klass.status not in (S.FINISHED, S.RUNNING):
            continue
        day, left = klass.start_date, klass.hours
        first = len(sessions)
        while left > 0 and day <= klass.end_date:
            if day.weekday() < 5:
                hours = min(8, left)
                sessions.append(
                    Session(
                        klass=klass,
                        date=day,
                        starts_at=dt.time(8, 30),
                        ends_at=dt.time(17, 0),
                        hours=hours,
                        secret=f"{rng.getrandbits(128):032x}",
                    )
                )
                left -= hours
            day += dt.timedelta(days=1)
        # The second half of a class is practice (实操): at its own venue, or for every 7th class at a
        # public training base (附件2 注1; deterministic, no draw from the random stream).
        mine = sessions[first:]
        own = own_venue.get(klass.institution_id)
        practice_at = bases[0] if bases and int(klass.code[-6:]) % 7 == 0 else own
        for index, session in enumerate(mine):
            session.venue = own
            if index >= len(mine) // 2:
                session.practical, session.venue = True, practice_at
    Session.objects.bulk_create(sessions, batch_size=2000)
    _book_bases(bases, sessions, by_class)
    per_class: dict[int, list[Session]] = {}
    for s in sessions:
        per_class.setdefault(s.klass_id, []).append(s)
    events, results = [], []
    cert_seq = 0
    for klass in classes:
        roster = by_class.get(klass.pk, [])
        for e in roster:
            missing = e.person_id != trainee_pid and rng.random() < 0.07
            for index, s in enumerate(per_class.get(klass.pk, [])):
                if s.date > on or (missing and index % 3 == 1):
                    continue
                method = rng.choices(["qr", "face", "manual"], weights=[70, 25, 5])[0]
                events.append(
                    Attendance(
                        enrolment=e,
                        session=s,
                        date=s.date,
                        hours=s.hours,
                        method=method,
                        low_trust=method == "manual",
                        # The face terminal of the session's venue (a public base's for practice there).
                        device=f"FACE-{s.venue.owner_id if s.venue else klass.institution_id:03d}-1"
                        if method == "face"
                        else "",
                        source_ip=f"10.12.{klass.institution_id % 250}.{rng.randint(2, 250)}",
                        user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 14_4 like Mac OS X) MicroMessenger/8.0"
                        if method == "qr"
                        else "SkillUp-Gateway/1.0",
                    )
                )
            if klass.status == S.FINISHED:
                attended = sum(
                    (
                        s.hours
                        for i, s in enumerate(per_class.get(klass.pk, []))
                        if not (missing and i % 3 == 1)
                    ),
                    0,
                )
                lucky = e.person_id == trainee_pid or rng.random() < 0.92
                passed = not missing and lucky and attended >= klass.hours
                cert_seq += 1
                results.append(
                    Result(
                        enrolment=e,
                        passed=passed,
                        attended_hours=attended,
                        certificate_no=f"{klass.end_date:%Y}{klass.institution_id:03d}{cert_seq:07d}"
                        if passed
                        else "",
                        issuer=klass.institution.name if passed else "",
                        occupation=klass.occupation,
                        level=klass.level,
                        certified_on=klass.end_date + dt.timedelta(days=rng.randint(3, 20))
                        if passed
                        else None,
                    )
                )
    for r in results:
        if r.certified_on and r.certified_on > on:
            r.certified_on = on
    stamps = Stamps(ctx.seed)
    Attendance.objects.bulk_create(stamps.apply(events), batch_size=5000)
    Result.objects.bulk_create(results, batch_size=2000)
    passed = sum(1 for r in results if r.passed)
    by_dept = sorted({k.department.code for k in classes})
    audit.record(
        actor=None,
        action="demo.seed_training",
        object_type="demo",
        object_id=str(ctx.seed),
        summary=f"演示数据：备案 {len(filings)} 份，班级 {len(classes)} 个，名册 {len(enrolments)} 人次，"
        f"考勤 {len(events)} 条，考核合格 {passed} 人",
    )
    ctx.say(
        f"  备案 {len(filings)} 份，班级 {len(classes)} 个（主管部门 {'、'.join(by_dept)}），名册 {len(enrolments)} 人次，"
        f"课次 {len(sessions)}，考勤 {len(events)} 条，考核结果 {len(results)} 人（合格 {passed}）"
    )
    _chemical_class(ctx, institutions[0], departments, own_venue.get(institutions[0].pk), stamps)


def _chemical_class(ctx, org, departments, venue, stamps) -> None:
    """第3条: one finished “双证制” class for chemical enterprises' staff at the first institution, with its
    own random stream (the shared one stays as it was). Twelve employees of chemical enterprises and two
    of other enterprises, whose claims the checks refuse (not a chemical enterprise)."""
    from skillup.registry.models import Employment

    rng = random.Random(ctx.seed + 3)
    busy = ctx.data.setdefault("training_busy", {})
    filing = Filing.objects.filter(institution=org, status=Filing.Status.APPROVED).first()
    if filing is None:
        return
    scheme, occupation = "chemical_dual_certificate", "化工总控工"
    FilingItem.objects.get_or_create(
        filing=filing, scheme=scheme, occupation=occupation, defaults={"levels": "初级,中级,高级"}
    )
    start, end = dt.date(2021, 3, 1), dt.date(2021, 3, 12)
    if end >= today():  # seeded at an earlier business date: the class has not run yet
        return
    dept = departments.get(competent_department(scheme, occupation).code) or departments["rsj"]
    klass = TrainingClass.objects.create(
        code=f"SY2021-{CLASSES + 1:06d}",
        institution=org,
        department=dept,
        scheme=scheme,
        occupation=occupation,
        level="中级",
        hours=80,
        start_date=start,
        end_date=end,
        venue=venue.name if venue else f"{org.name}化工实训室",
        venue_place=venue,
        capacity=20,
        teachers="王建国、陈立新",
        status=S.FINISHED,
        assessment_plan="理论考试 + 化工总控实际操作考核（双证制）",
    )
    employed = Employment.objects.filter(start__lt=start, end__isnull=True, person__pension=False)
    chemists = list(
        employed.filter(enterprise__enterprise__chemical=True)
        .order_by("id")
        .values_list("person_id", flat=True)
    )
    others = list(
        employed.filter(enterprise__enterprise__chemical=False)
        .order_by("id")
        .values_list("person_id", flat=True)
    )
    # Nobody already in a class at the time (training demo's roster rule).
    chemists = [pid for pid in chemists if _free(busy, pid, klass)]
    others = [pid for pid in others if _free(busy, pid, klass)]
    people = rng.sample(chemists, min(12, len(chemists))) + rng.sample(others, min(2, len(others)))
    for pid in people:
        busy.setdefault(pid, []).append((start, end))
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(klass=klass, person_id=pid, source="xlsx") for pid in people]
    )
    days = [start + dt.timedelta(days=d) for d in range((end - start).days + 1)]
    sessions = Session.objects.bulk_create(
        [
            Session(
                klass=klass,
                date=day,
                starts_at=dt.time(8, 30),
                ends_at=dt.time(17, 0),
                hours=8,
                venue=venue,
                practical=i >= 5,
                secret=f"{rng.getrandbits(128):032x}",
            )
            for i, day in enumerate(d for d in days if d.weekday() < 5)
        ]
    )
    Attendance.objects.bulk_create(
        stamps.apply(
            [
                Attendance(
                    enrolment=e,
                    session=s,
                    date=s.date,
                    hours=s.hours,
                    method="face",
                    device=f"FACE-{org.pk:03d}-1",
                    source_ip=f"10.12.{org.pk % 250}.{rng.randint(2, 250)}",
                    user_agent="SkillUp-Gateway/1.0",
                )
                for e in enrolments
                for s in sessions
            ]
        )
    )
    Result.objects.bulk_create(
        [
            Result(
                enrolment=e,
                passed=True,
                attended_hours=sum(s.hours for s in sessions),
                certificate_no=f"HG2021{org.pk:03d}{i:04d}",
                issuer=org.name,
                occupation=occupation,
                level="中级",
                certified_on=end + dt.timedelta(days=5),
            )
            for i, e in enumerate(enrolments)
        ]
    )
    ctx.say(
        f"  化工“双证制”培训班 {klass.code}：{len(enrolments)} 人（化工企业职工 {min(12, len(chemists))} 人）"
    )


BASE_PLACES = [
    ("数控与焊接实训车间", "焊工,数控车工,车工,钳工", 60),
    ("电工电子实训室", "电工,电子商务师", 40),
]


def _book_bases(bases, sessions, by_class) -> None:
    """The public bases' places (第16条) and a confirmed booking for every practical session held there,
    on the first place with room at that time (as the booking service would allow), made a week before."""
    from skillup.training.models import BaseBooking, BasePlace

    places = {
        v.pk: [
            BasePlace.objects.create(venue=v, name=n, occupations=o, capacity=c) for n, o, c in BASE_PLACES
        ]
        for v in bases
    }
    held: dict[tuple[int, dt.date], int] = {}
    bookings = []
    for s in sessions:
        if not s.practical or s.venue_id not in places:
            continue
        seats = max(len(by_class.get(s.klass_id, [])), 1)
        for place in places[s.venue_id]:
            if held.get((place.pk, s.date), 0) + seats <= place.capacity:
                held[(place.pk, s.date)] = held.get((place.pk, s.date), 0) + seats
                bookings.append(
                    BaseBooking(
                        place=place,
                        session=s,
                        date=s.date,
                        starts_at=s.starts_at,
                        ends_at=s.ends_at,
                        seats=seats,
                    )
                )
                break
    BaseBooking.objects.bulk_create(bookings, batch_size=2000)
    stamp = {b.pk: b.date - dt.timedelta(days=7) for b in bookings}
    for pk, day in stamp.items():  # booked a week before the session (business time, noon)
        BaseBooking.objects.filter(pk=pk).update(
            booked_at=dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)
        )
