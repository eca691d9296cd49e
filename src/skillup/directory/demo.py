"""Demo: HR's occupation directory holds one occupation announced after the 2017 national catalogue.

养老护理员 is not in the 2017 national catalogue; the ministry issued its national skill standard in 2019. Under
附件2 注2 HR files it with the category of the nearest listed care occupations (育婴员, 保育员: C), so the
district's elderly-care classes (民政局, 附件1 第7行) are paid as C, with the document named in the basis.
"""

import datetime as dt

from skillup.accounts.models import User
from skillup.directory import services

ELDERLY_CARE = {
    "name": "养老护理员",
    "category": "C",
    "source": "人力资源社会保障部办公厅 民政部办公厅《关于颁布养老护理员国家职业技能标准的通知》（人社厅发〔2019〕92号）",
    "source_date": dt.date(2019, 9, 17),
    "note": "附件2 注2：按相近的育婴员、保育员（C类）确定",
}


# 附件1 第13行: 红十字会 coordinates first-aid training. 应急救护员 is in neither annex 2 nor the 2017 catalogue, so
# the demo HR files it; the source says plainly that it is demo data, not a ministry document.
FIRST_AID = {
    "name": "应急救护员",
    "category": "C",
    "source": "区人社局职业目录补充登记（演示数据；附件1 第13行 红十字会应急救护培训）",
    "source_date": dt.date(2019, 10, 29),
    "note": "附件2 注2：按相近的保育员、育婴员（C类）确定",
}


def seed(ctx) -> None:
    hr = User.objects.get(username="hr")
    for data in (ELDERLY_CARE, FIRST_AID):
        entry = services.occupation_add(actor=hr, **data)
        ctx.say(f"职业目录：人社局登记新工种 {entry.name}（{entry.category}类）")
