"""Shared set-up for training tests: filings for the cast's institutions, a class in a given status."""

import datetime as dt
import io
import secrets

from openpyxl import Workbook

from skillup.registry.models import Filing, FilingItem, Organisation, OrgKind
from skillup.training.models import TrainingClass

WELDER = {"scheme": "vocational_certificate", "occupation": "焊工", "level": "初级"}


def file_for(institution, *items, valid_from=dt.date(2019, 10, 29), valid_until=dt.date(2021, 12, 31)):
    filing = Filing.objects.create(
        institution=institution, status=Filing.Status.APPROVED, valid_from=valid_from, valid_until=valid_until
    )
    for scheme, occupation, levels in items or [("vocational_certificate", "焊工", "初级,中级,高级")]:
        FilingItem.objects.create(filing=filing, scheme=scheme, occupation=occupation, levels=levels)
    return filing


def make_class(
    institution,
    department,
    *,
    status=TrainingClass.Status.APPROVED,
    code=None,
    start=dt.date(2021, 6, 1),
    end=dt.date(2021, 6, 30),
    hours=70,
    capacity=50,
    **extra,
):
    fields = {**WELDER, **extra}
    return TrainingClass.objects.create(
        code=code or f"T-{secrets.token_hex(4)}",
        institution=institution,
        department=department,
        hours=hours,
        start_date=start,
        end_date=end,
        venue="上虞区实训楼301",
        capacity=capacity,
        status=status,
        **fields,
    )


def ensure_org(code, name, kind=OrgKind.DEPARTMENT):
    return Organisation.objects.get_or_create(
        code=code, defaults={"kind": kind, "name": name, "short_name": name}
    )[0]


def xlsx(rows, headers=("身份证号", "姓名", "手机号", "人员类别"), hidden=False, formula=None):
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    if formula:
        ws.append(["=" + formula, "公式", "", "企业职工"])
    if hidden:
        extra = wb.create_sheet("隐藏")
        extra.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
