"""Demo lifelong records: HR's import of history from the earlier training system (原就业培训管理系统) for
the demo trainee and a few dozen other people, through the real import service; and one active share
link of the demo trainee (created 3 days before the demo date, opened once by an employer)."""

import datetime as dt

from django.utils import timezone

from skillup.accounts.models import User
from skillup.registry import crypto
from skillup.registry.models import Person

OCCUPATIONS = [
    ("电工", "初级"),
    ("焊工", "初级"),
    ("育婴员", "初级"),
    ("中式烹调师", "中级"),
    ("电子商务师", "中级"),
]
SCHOOLS = ["上虞区职业技能培训学校", "上虞区成人文化技术学校", "绍兴市技工学校"]


def seed(ctx) -> None:
    from skillup.records import services
    from skillup.records.models import ShareLink, ShareView

    hr = User.objects.get(username="hr")
    trainee = User.objects.get(username="trainee")
    others = list(Person.objects.exclude(pk=trainee.person_id).order_by("id")[:40])
    people = [trainee.person, *others]
    rows = []
    for i, person in enumerate(people):
        number = crypto.decrypt(person.id_cipher)
        for j in range(2 if person.pk == trainee.person_id else 1):
            occupation, level = OCCUPATIONS[(i + j) % len(OCCUPATIONS)]
            year = 2014 + (i + 2 * j) % 5
            certified = (i + j) % 3 != 0
            rows.append(
                (
                    len(rows) + 2,
                    [
                        number, person.name, str(year), f"{year}-04-01", f"{year}-04-25",
                        SCHOOLS[(i + j) % len(SCHOOLS)], occupation, level, str(60 + 10 * ((i + j) % 4)),
                        f"H{year}{i:04d}{j}" if certified else "", "绍兴市职业技能鉴定中心" if certified else "",
                        "原就业培训管理系统",
                    ],
                )
            )  # fmt: skip
    result = services.history_import_rows(
        actor=hr, rows=rows, dry_run=False, file_name="原就业培训管理系统导出-2019.xlsx"
    )
    link, _token = services.share_create(actor=trainee, days=30, label="应聘浙江上虞甲机械有限公司")
    created = timezone.now() - dt.timedelta(days=3)
    ShareLink.objects.filter(pk=link.pk).update(
        created_at=created, expires_at=created + dt.timedelta(days=30)
    )
    ShareView.objects.create(link=link, ip="192.0.2.10", user_agent="Mozilla/5.0 (demo employer)")
    ctx.say(
        f"records: imported {result.count} historical entries for {len(people)} people; "
        f"1 active share link of the demo trainee (…{link.token_hint})"
    )
