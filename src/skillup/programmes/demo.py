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
