"""Demo skill-master studios (第18条) as of the business date, through the real services: the demo
enterprise's studio named in 2020 and rated 优秀 for 2020, one waiting for evaluation and one turned down;
the demo institution's studio named in 2020 with its 2020 report waiting for HR's rating, and one withdrawn."""

import datetime as dt

from skillup.accounts.models import User
from skillup.core import clock
from skillup.registry import crypto
from skillup.registry.models import Employment, Person

PLAN = (
    "发挥传承、攻关、推广、交流作用：每年带徒不少于 10 人，开展技术攻关 2 项以上，面向全区开放技能交流活动。"
)


def seed(ctx) -> None:
    from skillup.programmes import services

    hr = User.objects.get(username="hr")
    enterprise = User.objects.get(username="enterprise")
    institution = User.objects.get(username="institution")
    staff = list(
        Person.objects.filter(
            pk__in=Employment.objects.filter(enterprise=enterprise.organisation, end__isnull=True).values(
                "person_id"
            )
        ).order_by("id")[:3]
    )
    others = list(Person.objects.filter(employer__isnull=True).order_by("id")[:2])
    if len(staff) < 3 or len(others) < 2:
        ctx.say("programmes: skipped (too few people in the demo registry)")
        return

    def apply(actor, master, name, occupation, title):
        number = crypto.decrypt(master.id_cipher)
        data = {"name": name, "id_number": number, "master_title": title, "occupation": occupation}
        return services.studio_apply(actor=actor, data=data | {"level": "district", "plan": PLAN})

    # Each step only once its day has come, so the demo seeds at any business date of the plan.
    on = clock.today()
    named = apply(enterprise, staff[0], f"{staff[0].name}数控技能大师工作室", "数控车工", "高级技师")
    apply(enterprise, staff[1], f"{staff[1].name}焊接技能大师工作室", "焊工", "技师")
    turned = apply(enterprise, staff[2], f"{staff[2].name}电工工作室", "电工", "高级工")
    services.studio_reject(
        actor=hr, studio=turned, reason="领办人技能等级未达到技师，建议取得技师证书后再申报"
    )
    kitchen = apply(
        institution, others[0], f"{others[0].name}越菜烹饪技能大师工作室", "中式烹调师", "高级技师"
    )
    gone = apply(institution, others[1], f"{others[1].name}育婴技能工作室", "育婴员", "高级技师")
    if on >= dt.date(2020, 4, 20):
        for studio in (named, gone):
            services.studio_name(
                actor=hr,
                studio=studio,
                level="district",
                document="虞人社〔2020〕18号",
                named_on="2020-04-20",
            )
        services.studio_withdraw(actor=hr, studio=gone, reason="领办人退休离岗，工作室停止运行")
    if on >= dt.date(2020, 9, 1):
        services.studio_name(
            actor=hr, studio=kitchen, level="city", document="绍人社〔2020〕41号", named_on="2020-09-01"
        )
    if on >= dt.date(2021, 1, 15):  # the 2020 reports, in January 2021
        review = services.studio_report(
            actor=enterprise,
            studio=named,
            data={
                "year": "2020",
                "trainees_taught": "14",
                "certified": "9",
                "results": "攻克薄壁件变形难题，带徒获市技能比武二等奖。",
            },
        )
        services.review_rate(actor=hr, review=review, rating="excellent", comment="带徒成效明显")
        services.studio_report(
            actor=institution,
            studio=kitchen,
            data={
                "year": "2020",
                "trainees_taught": "22",
                "certified": "15",
                "results": "整理越菜传统技法 12 项，开放交流 4 场。",
            },
        )
    ctx.say("programmes: 5 skill-master studios (named, waiting, turned down and withdrawn, as of the date)")
    _rotations(ctx, hr, institution)
    _projects(ctx, hr)
    _elite(ctx, hr)
    _competitions(ctx, hr)


def _rotations(ctx, hr, institution) -> None:
    """Teacher rotations (第16条): the demo institution's teachers at the first public base — two done in
    2020 and confirmed, one this month planned — and an enterprise's senior technician teaching there."""
    from skillup.programmes import services_bases
    from skillup.registry.models import Organisation, OrgKind, Venue

    base = Venue.objects.filter(base_from__isnull=False).order_by("id").first()
    firm = Organisation.objects.filter(kind=OrgKind.ENTERPRISE).order_by("id").first()
    if base is None:
        return
    rows = [
        ("周建国", "to_base", "数控车床实操教学轮训", "2020-07-06", "2020-07-17", 80, True),
        ("钱丽华", "to_base", "电工实训安全规程与实操", "2020-11-09", "2020-11-20", 80, True),
        ("孙志强", "to_base", "焊接机器人实操", "2021-06-21", "2021-07-02", 80, False),
        ("吴师傅", "from_enterprise", "焊接工艺兼职授课", "2021-03-01", "2021-06-30", 120, False),
    ]
    on = clock.today()
    rows = [r for r in rows if dt.date.fromisoformat(r[3]) <= on]
    for name, direction, subject, start, end, hours, done in rows:
        data = {"teacher_name": name, "direction": direction, "subject": subject, "start_date": start,
                "end_date": end, "hours": str(hours), "base": str(base.pk), "enterprise": str(firm.pk)}  # fmt: skip
        rotation = services_bases.rotation_record(actor=institution, data=data)
        if done and dt.date.fromisoformat(end) <= on:
            services_bases.rotation_confirm(actor=hr, rotation=rotation)
    ctx.say(f"programmes: {len(rows)} teacher rotations at {base.name}")


def _projects(ctx, hr) -> None:
    """第4、5条 programmes: HR's 2020 领航计划 for listed companies' staff (finished at the year's end) and the
    农业农村局's 2021 高素质农民培育 running with rural people — each step only once its day has come."""
    from skillup.programmes import services_projects as projects
    from skillup.registry.models import Organisation

    on = clock.today()
    farm = User.objects.filter(username="dept-nyncj").first()
    rows = [
        (hr, "leadership", "2020年上市企业职业技能提升“领航计划”数控与电工班", "绍兴职业技术学院",
         dt.date(2020, 5, 11), dt.date(2020, 12, 25), 30),
        (farm, "hq_farmer", "2021年高素质农民培育计划（茶叶与花卉）", "上虞区农业技术推广中心",
         dt.date(2021, 3, 15), dt.date(2021, 11, 30), 50),
    ]  # fmt: skip
    made = 0
    for actor, kind, name, partner, start, end, planned in rows:
        if actor is None or start > on:
            continue
        data = {"kind": kind, "name": name, "partner": partner, "start_date": start.isoformat(),
                "end_date": end.isoformat(), "planned": str(planned)}  # fmt: skip
        if actor.role != "dept":
            data["department"] = str(actor.organisation_id)
        project = projects.project_create(actor=actor, data=data)
        if kind == "leadership":
            listed = Organisation.objects.filter(enterprise__listed=True)
            people = Person.objects.filter(
                pk__in=Employment.objects.filter(enterprise__in=listed, start__lte=start)
                .exclude(end__lt=start)
                .values("person_id")
            )
        else:
            people = Person.objects.filter(employer__isnull=True, groups__contains=",farmer,")
        chosen = list(people.order_by("id")[: planned * 2 // 3])
        if not chosen:
            continue
        lines = "\n".join(crypto.decrypt(p.id_cipher) for p in chosen)
        added = projects.participants_add(actor=actor, project=project, lines=lines, joined_on=start)
        made += 1
        finished_on = min(end, on)
        if finished_on > start + dt.timedelta(days=60):
            done = [p.pk for p in added[: len(added) * 4 // 5]]
            projects.outcomes_set(
                actor=actor, project=project, participant_ids=done, outcome="certified", on=finished_on
            )
        if end <= on:
            projects.project_finish(
                actor=actor,
                project=project,
                outcomes=f"计划 {planned} 人，实际参加 {len(added)} 人，校企合作定向培训。",
            )
    ctx.say(f"programmes: {made} 第4、5条 programmes with participants")


# 第8条 精英提升培训, each step on its own business day: (day, step).
ELITE_STEPS = [
    (dt.date(2020, 3, 2), "open_2020"),
    (dt.date(2020, 3, 16), "nominate_2020"),
    (dt.date(2020, 4, 10), "decide_2020"),
    (dt.date(2020, 5, 6), "cohorts_2020"),
    (dt.date(2020, 7, 13), "complete_artisans"),
    (dt.date(2020, 9, 28), "complete_masters"),
    (dt.date(2021, 3, 1), "open_2021"),
    (dt.date(2021, 3, 15), "nominate_2021"),
    (dt.date(2021, 4, 12), "decide_2021"),
    (dt.date(2021, 6, 1), "open_2021_artisans"),
    (dt.date(2021, 6, 8), "nominate_2021_artisans"),
    (dt.date(2021, 6, 11), "attendance_2021"),
    (dt.date(2021, 7, 12), "complete_2021"),
]
ELITE_LEVELS = {"巧匠班": "高级", "大师班": "技师", "技工班": "中级"}


def _elite(ctx, hr) -> None:
    """The elite programme (第8条) through its services, as of the business date: 2020's 巧匠班 (省内) and
    大师班 (省外) selected, trained and completed — each completed member with an `elite_training` claim —,
    2021's 技工班 training now, and 2021's 巧匠班 taking nominations in June."""
    from skillup.certificates.services import certificate_register
    from skillup.programmes import elite
    from skillup.programmes import services_elite as svc
    from skillup.programmes.models_elite import EliteRound
    from skillup.subsidies.demo import business_date

    on = clock.today()
    enterprise = User.objects.get(username="enterprise")
    institution = User.objects.get(username="institution")
    dept = User.objects.filter(role="dept").order_by("username").first()
    firm = enterprise.organisation
    since = dt.date(2020, 1, 1)
    staff = list(
        Person.objects.filter(
            pension=False,
            pk__in=Employment.objects.filter(enterprise=firm, start__lte=since, end__isnull=True).values(
                "person_id"
            ),
        ).order_by("-id")[:20]
    )
    others = list(
        Person.objects.filter(
            pension=False,
            pk__in=Employment.objects.filter(start__lte=since, end__isnull=True)
            .exclude(enterprise=firm)
            .values("person_id"),
        ).order_by("-id")[:8]
    )
    if dept is None or len(staff) < 7 or len(others) < 4:
        ctx.say("programmes: elite programme skipped (too few people in the demo registry)")
        return
    plan = {  # who each nominator puts forward to which round
        ("2020", "巧匠班"): [(enterprise, staff[0:5]), (dept, others[0:2])],
        ("2020", "大师班"): [(enterprise, staff[5:7])],
        ("2021", "技工班"): [(enterprise, staff[7:11]), (dept, others[2:4])],
        ("2021", "巧匠班"): [(enterprise, staff[11:13]), (dept, others[4:8])],
    }
    state: dict = {"rounds": {}, "cohorts": {}}
    numbers = iter(range(1, 1000))

    def certify(kind: str, people) -> None:
        for p in people:
            certificate_register(
                actor=hr, id_number=crypto.decrypt(p.id_cipher), name=p.name, family="国家职业资格",
                occupation="焊工", level=ELITE_LEVELS[kind], number=f"ZJ2019-E{next(numbers):05d}",
                issued_on="2019-06-28", issuer_name="浙江省职业技能鉴定中心",
            )  # fmt: skip

    def open_round(year, kind, quota, start, end):
        r = svc.round_open(actor=hr, data={"year": year, "kind": kind, "quota": str(quota), "nominate_from": start,
                                           "nominate_to": end, "note": "娥江英才三年提升规划"})  # fmt: skip
        state["rounds"][(year, kind)] = r
        for _nominator, people in plan[(year, kind)]:
            certify(kind, people)

    def nominate(year, kind):
        r, made = state["rounds"][(year, kind)], []
        for nominator, people in plan[(year, kind)]:
            for p in people:
                found = elite.check(p, kind=kind, nominator=nominator.organisation, day=clock.today())
                if found.problems:  # the demo skips whom the real check refuses, as a nominator would
                    continue
                made.append(
                    svc.nominate(
                        actor=nominator,
                        elite_round=r,
                        id_number=crypto.decrypt(p.id_cipher),
                        merits="岗位技术骨干，近三年承担技术攻关和带徒任务",
                    )  # fmt: skip
                )
        state.setdefault("nominations", {})[(year, kind)] = made

    def decide(year, kind, refuse_last: bool):
        r, made = state["rounds"][(year, kind)], state["nominations"][(year, kind)]
        if not made:
            return
        ids = [n.pk for n in made]
        svc.nominations_decide(actor=hr, elite_round=r, nomination_ids=ids, decision="shortlist")
        keep = ids[:-1] if refuse_last and len(ids) > 1 else ids
        if keep != ids:
            svc.nominations_decide(actor=hr, elite_round=r, nomination_ids=ids[-1:], decision="not_select",
                                   note="业绩材料不足，建议下一年度再推荐")  # fmt: skip
        svc.nominations_decide(actor=hr, elite_round=r, nomination_ids=keep, decision="approve")

    def cohort(year, kind, name, start, end, days, cost, out=""):
        r = state["rounds"][(year, kind)]
        c = svc.cohort_create(actor=hr, elite_round=r, data={
            "name": name, "institution": str(institution.organisation_id), "occupation": "焊工",
            "start_date": start, "end_date": end, "days": str(days), "cost": cost, "out_of_province": out})  # fmt: skip
        waiting = r.nominations.filter(status="approved", member__isnull=True).values_list("pk", flat=True)
        if waiting:
            svc.members_add(actor=hr, cohort=c, nomination_ids=list(waiting))
        state["cohorts"][(year, kind)] = c

    def finish(year, kind, days, drop_one: bool):
        c = state["cohorts"].get((year, kind))
        members = list(c.members.order_by("id").values_list("pk", flat=True)) if c else []
        if not members:
            return
        svc.attendance_record(actor=institution, cohort=c, member_ids=members, days=str(days))
        dropped = members[-1:] if drop_one and len(members) > 1 else []
        if dropped:
            svc.outcomes_set(actor=institution, cohort=c, member_ids=dropped, outcome="dropped")
        done = [m for m in members if m not in dropped]
        svc.outcomes_set(actor=institution, cohort=c, member_ids=done, outcome="completed")

    steps = {
        "open_2020": lambda: (
            open_round("2020", "巧匠班", 8, "2020-03-02", "2020-03-31"),
            open_round("2020", "大师班", 3, "2020-03-02", "2020-03-31"),
        ),
        "nominate_2020": lambda: (nominate("2020", "巧匠班"), nominate("2020", "大师班")),
        "decide_2020": lambda: (decide("2020", "巧匠班", True), decide("2020", "大师班", False)),
        "cohorts_2020": lambda: (
            cohort("2020", "巧匠班", "2020年巧匠班（焊接）", "2020-05-11", "2020-07-10", 30, "12800"),
            cohort("2020", "大师班", "2020年大师班（赴上海研修）", "2020-09-07", "2020-09-25", 15, "23000"),
        ),
        "complete_artisans": lambda: finish("2020", "巧匠班", 28, True),
        "complete_masters": lambda: finish("2020", "大师班", 15, False),
        "open_2021": lambda: open_round("2021", "技工班", 10, "2021-03-01", "2021-03-31"),
        "nominate_2021": lambda: nominate("2021", "技工班"),
        "decide_2021": lambda: (
            decide("2021", "技工班", False),
            cohort("2021", "技工班", "2021年技工班（焊接）", "2021-05-10", "2021-07-09", 40, "8600"),
        ),
        "open_2021_artisans": lambda: open_round("2021", "巧匠班", 8, "2021-06-01", "2021-06-30"),
        "nominate_2021_artisans": lambda: nominate("2021", "巧匠班"),
        "attendance_2021": lambda: _attend(svc, institution, state["cohorts"].get(("2021", "技工班")), 20),
        "complete_2021": lambda: finish("2021", "技工班", 38, False),
    }
    for day, step in ELITE_STEPS:
        if day > on:
            break
        with business_date(day):
            steps[step]()
    rounds = EliteRound.objects.count()
    people = sum(len(n) for n in state.get("nominations", {}).values())
    ctx.say(f"programmes: elite programme (第8条), {rounds} rounds and {people} nominations as of {on}")


def _attend(svc, institution, cohort, days: int) -> None:
    if cohort is None:
        return
    members = list(cohort.members.values_list("pk", flat=True))
    if members:
        svc.attendance_record(actor=institution, cohort=cohort, member_ids=members, days=str(days))


COMPETITION_SCORES = ("96", "92.5", "90", "88", "85.5", "81", "78", "74")


def _competitions(ctx, hr) -> None:
    """Drills and district competitions (第12条) through their services, as of the business date: the demo
    enterprise's 2020 welding drill published (its 2020 subsidy was applied for directly, subsidies/demo.py)
    and its 2021 welding drill published and claimed; HR's 2020 district CNC competition hosted by the demo
    institution, published and claimed (refused by the engine: the host has not filed the project, 第1条); a
    department's 2021 competition published in June, its claim not yet made; the enterprise's 2021
    electricians' drill registered in June, held on the 18th and claimed in July (capped by what is left of
    the enterprise's 30,000 for the year)."""
    from skillup.programmes import services_competitions as svc
    from skillup.programmes.models_competitions import CompetitionEvent
    from skillup.subsidies.demo import business_date

    on = clock.today()
    enterprise = User.objects.get(username="enterprise")
    institution = User.objects.get(username="institution")
    dept = User.objects.filter(role="dept").order_by("username").first()
    since = dt.date(2019, 10, 1)
    staff = list(
        Person.objects.filter(
            pk__in=Employment.objects.filter(
                enterprise=enterprise.organisation, start__lte=since, end__isnull=True
            ).values("person_id")
        ).order_by("id")[:8]
    )
    others = list(
        Person.objects.filter(
            pk__in=Employment.objects.filter(start__lte=since, end__isnull=True)
            .exclude(enterprise=enterprise.organisation)
            .values("person_id")
        ).order_by("id")[:6]
    )
    if dept is None or len(staff) < 8 or len(others) < 6:
        ctx.say("programmes: competitions skipped (too few people in the demo registry)")
        return
    events: dict[str, CompetitionEvent] = {}

    def number(p) -> str:
        return crypto.decrypt(p.id_cipher)

    def create(key, actor, **data):
        events[key] = svc.event_create(actor=actor, data=data)

    def register(key, actor, people):
        svc.contestants_add(actor=actor, event=events[key], lines="\n".join(number(p) for p in people))

    def score(key, actor, people):
        lines = "\n".join(f"{number(p)} {s}" for p, s in zip(people, COMPETITION_SCORES, strict=False))
        svc.scores_record(actor=actor, event=events[key], lines=lines)

    def publish(key, actor):
        svc.results_publish(actor=actor, event=events[key])

    def claim(key, actor, cost):
        svc.claim_create(actor=actor, event=events[key], cost=cost)

    host = str(institution.organisation_id)
    drill20, cnc20, dept21, drill21 = staff[:6], staff[2:5] + others[:3], others[3:6] + staff[6:8], staff[4:8]
    weld21 = staff[1:7]
    steps = [
        (dt.date(2020, 4, 20), lambda: create(
            "drill20", enterprise, kind="drill", name="2020年焊工岗位练兵", occupation="焊工", level="高级",
            held_on="2020-05-20", venue="浙江上虞甲机械有限公司一车间", document="甲机〔2020〕12号",
            rules="理论知识30%，实际操作70%；实操为板对接焊，按焊缝外观和探伤结果评分。")),
        (dt.date(2020, 5, 8), lambda: register("drill20", enterprise, drill20)),
        (dt.date(2020, 5, 20), lambda: score("drill20", enterprise, drill20)),
        (dt.date(2020, 5, 25), lambda: publish("drill20", enterprise)),
        (dt.date(2020, 9, 1), lambda: create(
            "cnc20", hr, kind="district", name="2020年上虞区数控车工职业技能竞赛", occupation="数控车工",
            level="技师", held_on="2020-10-15", venue="上虞区公共实训基地", host=host,
            document="虞人社〔2020〕35号", first_prizes="1", second_prizes="2", third_prizes="2",
            rules="实际操作100%，按图纸加工典型零件，按尺寸精度、表面质量和用时评分。")),
        (dt.date(2020, 10, 8), lambda: register("cnc20", hr, cnc20)),
        (dt.date(2020, 10, 15), lambda: score("cnc20", hr, cnc20)),
        (dt.date(2020, 10, 20), lambda: publish("cnc20", hr)),
        (dt.date(2020, 11, 2), lambda: claim("cnc20", hr, "48000")),
        (dt.date(2021, 4, 1), lambda: create(
            "dept21", dept, kind="district", name="2021年上虞区电工职业技能竞赛", occupation="电工", level="高级",
            held_on="2021-05-28", venue="上虞区公共实训基地", host=host, document="虞经信〔2021〕8号",
            rules="理论知识20%，实际操作80%；实操为低压配电线路安装与故障排除。")),
        (dt.date(2021, 5, 10), lambda: register("dept21", dept, dept21)),
        (dt.date(2021, 5, 28), lambda: score("dept21", dept, dept21)),
        (dt.date(2021, 6, 3), lambda: publish("dept21", dept)),
        (dt.date(2021, 2, 26), lambda: create(
            "weld21", enterprise, kind="drill", name="2021年焊工岗位练兵", occupation="焊工", level="高级",
            held_on="2021-03-18", venue="浙江上虞甲机械有限公司一车间", document="甲机〔2021〕3号",
            rules="理论知识30%，实际操作70%；实操为管对接焊。")),
        (dt.date(2021, 3, 8), lambda: register("weld21", enterprise, weld21)),
        (dt.date(2021, 3, 18), lambda: score("weld21", enterprise, weld21)),
        (dt.date(2021, 3, 25), lambda: publish("weld21", enterprise)),
        (dt.date(2021, 4, 6), lambda: claim("weld21", enterprise, "26800")),
        (dt.date(2021, 5, 6), lambda: create(
            "drill21", enterprise, kind="drill", name="2021年电工岗位练兵", occupation="电工", level="中级",
            held_on="2021-06-18", venue="浙江上虞甲机械有限公司配电房", rules="实际操作100%，按安全规范和用时评分。")),
        (dt.date(2021, 6, 1), lambda: register("drill21", enterprise, drill21)),
        (dt.date(2021, 6, 18), lambda: score("drill21", enterprise, drill21)),
        (dt.date(2021, 6, 25), lambda: publish("drill21", enterprise)),
        (dt.date(2021, 7, 5), lambda: claim("drill21", enterprise, "12000")),
    ]  # fmt: skip
    for day, step in sorted(steps, key=lambda s: s[0]):
        if day > on:
            break
        with business_date(day):
            step()
    published = CompetitionEvent.objects.filter(status="published").count()
    ctx.say(f"programmes: competitions (第12条), {len(events)} events, {published} published as of {on}")
