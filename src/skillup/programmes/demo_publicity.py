"""Demo publicity (第21条) as of the business date, through the real services: HR's officer 王科长 writes,
the administrator reviews (four eyes) and publishes two typical cases, two honour-roll entries (with the
people's recorded consent) and two news items; one news item is still a draft and one case was returned
with the reviewer's reason."""

import datetime as dt

from skillup.accounts.models import User
from skillup.core import clock
from skillup.registry import crypto
from skillup.registry.models import Employment, Person

CASES = [
    ("企业新型学徒制：三年培养数控骨干 40 名", "校企双导师带徒，职工边工作边学习，企业按新型学徒制申请培训补贴。",
     "企业与职业院校签订培养协议，每名学徒配备企业导师和学校导师。\n\n学徒结业后取得相应职业技能等级证书，企业按规定申请新型学徒制培训补贴。"),
    ("失业人员转岗培训：从纺织工到电工", "参加电工培训取得中级证书，三个月后重新上岗。",
     "经培训机构推荐参加电工（中级）培训，培训结束后取得证书。\n\n按职业证书培训标准领取补贴，并在培训超市找到了下一期课程。"),
]  # fmt: skip
NEWS = [
    ("区人力社保局开展职业技能提升行动政策宣讲进企业活动", "走进 12 家规上企业，现场解答补贴申领问题。",
     "宣讲团走进园区企业，逐条解读培训补贴标准和申领流程。\n\n职工可在“政策宣传”页面查看全部补贴政策，并用补贴计算器估算可领金额。"),
    ("2021 年区职业技能竞赛报名启动", "设焊工、电工、数控车工等 6 个项目。",
     "竞赛面向全区企业职工和院校学生，获奖选手可按规定晋升职业技能等级。"),
]  # fmt: skip


def seed(ctx) -> None:
    from skillup.programmes import services_publicity as svc

    writer = User.objects.filter(username="hr").first()
    reviewer = User.objects.filter(username="hradmin").first()
    if writer is None or reviewer is None:
        ctx.say("programmes: publicity skipped (no HR users)")
        return
    enterprise = User.objects.filter(username="enterprise").first()
    staff = list(
        Person.objects.filter(
            pk__in=Employment.objects.filter(
                enterprise=getattr(enterprise, "organisation", None), end__isnull=True
            ).values("person_id")
        ).order_by("-id")[:2]
    )
    consent = (clock.today() - dt.timedelta(days=10)).isoformat()

    def publish(data):
        article = svc.article_create(actor=writer, data=data)
        svc.article_submit(actor=writer, article=article)
        svc.article_review(actor=reviewer, article=article, decision="approve")
        return svc.article_publish(actor=reviewer, article=article)

    for title, summary, body in CASES:
        publish({"kind": "case", "title": title, "summary": summary, "body": body})
    honours = [
        ("高级技师", "焊接", "三十年扎根焊接一线，带徒 30 余人，攻克压力容器焊接难题。"),
        ("技师 · 区首席技师", "数控车削", "从学徒成长为首席技师，主持技术攻关 5 项。"),
    ]
    for person, (title, field, story) in zip(staff, honours, strict=False):
        publish(
            {
                "kind": "honour",
                "title": f"{person.name}：{field}岗位上的工匠",
                "summary": story,
                "body": f"{story}\n\n{person.name}说：“技能是干出来的，也是学出来的。”",
                "id_number": crypto.decrypt(person.id_cipher),
                "honour_title": title,
                "consent_on": consent,
                "consent_note": "书面同意书",
            }
        )
    for title, summary, body in NEWS:
        publish({"kind": "news", "title": title, "summary": summary, "body": body})
    svc.article_create(
        actor=writer,
        data={"kind": "news", "title": "技能人才疗休养活动安排（草稿）", "body": "具体安排待定。"},
    )
    returned = svc.article_create(
        actor=writer,
        data={"kind": "case", "title": "某培训机构的做法", "body": "培训机构开展项目制培训的做法。"},
    )
    svc.article_submit(actor=writer, article=returned)
    svc.article_review(
        actor=reviewer,
        article=returned,
        decision="return",
        reason="请写明机构名称、培训人数和取得证书人数，并经机构同意",
    )
    ctx.say(f"programmes: publicity — {2 + len(staff) + 2} published articles, a draft and a returned case")
