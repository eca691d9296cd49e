"""The seven integrity signals. Each groups records by a key and sorts within groups: linear-ish in the data."""

from __future__ import annotations

from collections import defaultdict

from . import thresholds as T
from .records import Activity


def _score(value: float, threshold: float) -> float:
    """0.5 at the threshold, rising towards 0.99 as the figure doubles it."""
    if value < threshold:
        return round(0.5 * value / threshold, 2) if threshold else 0.0
    return round(min(0.99, 0.5 + 0.5 * (value - threshold) / max(threshold, 1)), 2)


def _finding(kind, id_, signal, score, detail, evidence):
    return {
        "subject": {"type": kind, "id": id_},
        "signal": signal,
        "score": score,
        "detail": detail,
        "evidence": evidence[:50],
    }


def _att(a):
    return f"attendance {a.klass} {a.person} {a.at.isoformat(timespec='seconds')}"


def shared_phones(act: Activity):
    for cid, roster in act.enrolments.items():
        by_phone = defaultdict(list)
        for pid in set(roster):
            p = act.persons.get(pid)
            if p and p.phone:
                by_phone[p.phone].append(pid)
        groups = [sorted(ps) for ps in by_phone.values() if len(ps) >= T.PHONE_GROUP]
        n = sum(len(g) for g in groups)
        most = max((len(g) for g in groups), default=0)
        if n >= T.PHONE_TRAINEES or most >= T.PHONE_ALONE:
            yield _finding(
                "class",
                cid,
                "shared_phones",
                max(_score(n, T.PHONE_TRAINEES), _score(most, T.PHONE_ALONE)),
                f"名单 {len(set(roster))} 名学员中有 {n} 名只登记了 {len(groups)} 个手机号码"
                f"（最多 {most} 人共用一个；一户家庭共用通常不超过 {T.HOUSEHOLD} 人）",
                [f"person {pid}" for g in groups for pid in g],
            )


def cloned_checkins(act: Activity):
    qr = defaultdict(lambda: defaultdict(list))
    face = defaultdict(list)
    for a in act.attendance:
        if a.method == "qr" and a.device:
            qr[a.klass][a.device].append(a)
        elif a.method == "face" and a.exact:
            # Seconds between faces mean something only when the terminal gave its own moment.
            face[(a.klass, a.device, a.at.date())].append(a)
    for cid, devices in qr.items():
        shared = {d: rs for d, rs in devices.items() if len({r.person for r in rs}) >= T.QR_DEVICE_TRAINEES}
        if shared:
            persons = {r.person for rs in shared.values() for r in rs}
            most = max(len({r.person for r in rs}) for rs in shared.values())
            yield _finding(
                "class",
                cid,
                "cloned_checkins",
                _score(most, T.QR_DEVICE_TRAINEES),
                f"{len(shared)} 部手机为 {len(persons)} 名学员扫码签到（最多一部手机签到 {most} 人；"
                f"正常每人用自己的手机，一户家庭最多 {T.HOUSEHOLD} 人共用）",
                [_att(r) for rs in shared.values() for r in rs],
            )
    runs = defaultdict(list)
    for (cid, _dev, _day), rs in face.items():
        rs.sort(key=lambda a: a.at)
        run = [rs[0]]
        for prev, cur in zip(rs, rs[1:], strict=False):
            if (cur.at - prev.at).total_seconds() < T.FACE_GAP_SECONDS:
                run.append(cur)
            else:
                if len(run) >= T.FACE_RUN:
                    runs[cid].append(run)
                run = [cur]
        if len(run) >= T.FACE_RUN:
            runs[cid].append(run)
    for cid, rl in runs.items():
        run = max(rl, key=len)
        secs = int((run[-1].at - run[0].at).total_seconds())
        yield _finding(
            "class",
            cid,
            "cloned_checkins",
            _score(len(run), T.FACE_RUN),
            f"{run[0].at:%Y-%m-%d %H:%M:%S} 起 {secs} 秒内同一人脸终端为 {len(run)} 名学员签到"
            f"（正常每人 {T.FACE_GAP_SECONDS:g} 秒以上；共 {len(rl)} 次）",
            [_att(a) for r in rl for a in r],
        )


def backfilled(act: Activity):
    total = defaultdict(int)
    late = defaultdict(list)
    for a in act.attendance:
        total[a.klass] += 1
        if a.method == "manual" and a.recorded_at.date() > a.at.date():
            late[a.klass].append(a)
    for cid, rs in late.items():
        share = len(rs) / total[cid]
        if len(rs) >= T.BACKFILL_RECORDS and share >= T.BACKFILL_SHARE:
            k = act.classes.get(cid)
            after_end = sum(1 for a in rs if k and a.recorded_at.date() > k.end_date)
            yield _finding(
                "class",
                cid,
                "backfilled",
                _score(share, T.BACKFILL_SHARE),
                f"{total[cid]} 条考勤中 {len(rs)} 条（{share:.0%}）是事后补录的手工记录，"
                f"其中 {after_end} 条录入于结课之后（当天手工补录不计）",
                [_att(a) for a in rs],
            )


def double_presence(act: Activity):
    by_person = defaultdict(list)
    for a in act.attendance:
        by_person[a.person].append(a)
    pairs = defaultdict(set)
    evidence = defaultdict(list)
    venue = {cid: k.venue for cid, k in act.classes.items()}
    for rs in by_person.values():
        if len(rs) < 2:
            continue
        rs.sort(key=lambda a: a.at)
        for prev, cur in zip(rs, rs[1:], strict=False):
            if prev.klass == cur.klass or venue.get(prev.klass) == venue.get(cur.klass):
                continue
            if (cur.at - prev.at).total_seconds() < max(prev.hours, 0.5) * 3600:
                key = tuple(sorted((prev.klass, cur.klass)))
                pairs[key].add(cur.person)
                evidence[key] += [_att(prev), _att(cur)]
    for (c1, c2), persons in pairs.items():
        if len(persons) < T.DOUBLE_TRAINEES:
            continue
        for cid, other in ((c1, c2), (c2, c1)):
            yield _finding(
                "class",
                cid,
                "double_presence",
                _score(len(persons), T.DOUBLE_TRAINEES),
                f"{len(persons)} 名学员在同一时段又在另一个培训点（班级 {other}，"
                f"{venue.get(other, '')}）签到",
                evidence[(c1, c2)],
            )


def shared_payee(act: Activity):
    by_account = defaultdict(list)
    for c in act.claims:
        if c.payee_kind == "person" and c.payee_account:
            by_account[c.payee_account].append(c)
    for cs in by_account.values():
        persons = {c.person for c in cs}
        if len(persons) < T.PAYEE_PERSONS:
            continue
        for c in cs:
            yield _finding(
                "claim",
                c.id,
                "shared_payee",
                _score(len(persons), T.PAYEE_PERSONS),
                f"这笔个人补贴与另外 {len(cs) - 1} 笔一起发到同一个个人账户，"
                f"该账户共收到 {len(persons)} 名不同人员的补贴",
                [f"claim {x.id} {x.person}" for x in cs],
            )


def serial_trainee(act: Activity):
    by_person = defaultdict(list)
    for c in act.claims:
        by_person[c.person].append(c)
    for pid, cs in by_person.items():
        if len(cs) < T.SERIAL_CLAIMS:
            continue
        classes = [act.classes[c.klass] for c in cs if c.klass in act.classes]
        occupations = {k.occupation for k in classes}
        institutions = {k.institution for k in classes}
        if len(occupations) < T.SERIAL_OCCUPATIONS:
            continue
        yield _finding(
            "person",
            pid,
            "serial_trainee",
            _score(len(cs), T.SERIAL_CLAIMS),
            f"此人申领补贴 {len(cs)} 次，在 {len(institutions)} 家机构学了 {len(occupations)} 个互不相关的工种"
            f"（{'、'.join(sorted(occupations))}）",
            [f"claim {c.id} {c.klass}" for c in cs],
        )


def implausible_age(act: Activity):
    for c in act.claims:
        p = act.persons.get(c.person)
        k = act.classes.get(c.klass)
        if not p or not k or not p.birth_date:
            continue
        d = k.start_date
        age = d.year - p.birth_date.year - ((d.month, d.day) < (p.birth_date.month, p.birth_date.day))
        physical = k.occupation in T.PHYSICAL_TRADES
        if age < T.MIN_AGE:
            why, score = f"开班时仅 {age} 岁（不足 {T.MIN_AGE} 岁）", _score(T.MIN_AGE - age + 2, 2)
        elif age > T.MAX_AGE or (physical and age > T.MAX_AGE_PHYSICAL):
            limit = T.MAX_AGE_PHYSICAL if physical else T.MAX_AGE
            why, score = (
                f"开班时已 {age} 岁，参加{k.occupation}培训（超过 {limit} 岁）",
                _score(age - limit + 2, 2),
            )
        else:
            continue
        yield _finding(
            "claim",
            c.id,
            "implausible_age",
            score,
            f"学员{why}，不像真实学员",
            [f"person {p.id} {p.birth_date.isoformat()}", f"claim {c.id} {c.klass}"],
        )


ALL = (
    shared_phones,
    cloned_checkins,
    backfilled,
    double_presence,
    shared_payee,
    serial_trainee,
    implausible_age,
)

# What each signal is called on screen (docs/integrity.md explains each); `spot_check` findings come from
# the third-party evaluator's form, not from this engine.
LABELS = {
    "shared_phones": "多人共用手机号",
    "cloned_checkins": "代签到",
    "backfilled": "事后补录考勤",
    "double_presence": "同一时间两地出勤",
    "shared_payee": "多人共用收款账户",
    "serial_trainee": "反复参训领补",
    "implausible_age": "年龄不合常理",
    "spot_check": "抽查发现问题",
}
