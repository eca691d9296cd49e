"""Demo certificate register (第13条, 附件2 职业技能等级): an assessment institution (评价机构) filed with HR
and its login, certificates it registered one by one, and HR's import of a page of the provincial register.

SkillUp's own class results enter the register as `training.results.results_record` writes them; the
training demo writes its results in bulk, so they are registered here through the same service
(`register_from_results`), class by class.
The subsidies demo then has the demo trainee apply for a skill-level bonus on a certificate that is in no
register, with a scan: it waits in HR's 待核验证书 queue on the demo date.
"""

import datetime as dt
import io

from django.conf import settings
from openpyxl import Workbook

from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.registry import crypto
from skillup.registry.models import OrgKind, Person

ASSESSOR = {
    "code": "pj-dq",
    "name": "上虞区电气职业技能评价中心",
    "short_name": "电气评价中心",
    "uscc": "52330604MJ8000001X",
}


def seed(ctx) -> None:
    from skillup.certificates import services
    from skillup.core.clock import today
    from skillup.registry.services import organisation_create
    from skillup.registry.services_filing import filing_approve, filing_submit
    from skillup.subsidies.demo import business_date

    end = today()  # the demo may be seeded at any business date: nothing after it happens
    hr = User.objects.get(username="hr")
    from_classes = _register_class_results()
    with business_date(dt.date(2019, 11, 1)):
        org = organisation_create(
            actor=hr,
            kind=OrgKind.ASSESSOR,
            name=ASSESSOR["name"],
            uscc=ASSESSOR["uscc"],
            address="绍兴市上虞区曹娥街道人民西路",
            contact_name="周主任",
            contact_phone="13905750001",
        )
        user = User(
            username="assessor",
            role=Role.ASSESSOR,
            organisation=org,
            first_name=f"{org.name} 考评员",
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        filing = filing_submit(
            actor=user,
            institution=org,
            items=[
                {"scheme": "skill_level_certificate", "occupation": "电工", "levels": "五级,四级,三级"},
                {"scheme": "vocational_certificate", "occupation": "电工", "levels": ""},
            ],
        )
        filing_approve(
            actor=hr, filing=filing, valid_from=dt.date(2019, 11, 1), valid_until=dt.date(2022, 12, 31)
        )
    people = list(Person.objects.filter(pension=False).order_by("-id")[:6])
    with business_date(dt.date(2021, 3, 15)):
        for i, person in enumerate(people[:3] if dt.date(2021, 3, 15) <= end else []):
            services.certificate_register(
                actor=user,
                id_number=crypto.decrypt(person.id_cipher),
                name=person.name,
                family="职业技能等级",
                occupation="电工",
                level="四级",
                number=f"DQ2021{i + 1:05d}",
                issued_on="2021-03-12",
            )
    headers = services.PROVINCIAL_HEADERS
    rows = [
        [
            crypto.decrypt(p.id_cipher),
            p.name,
            "国家职业资格",
            "焊工",
            "技师",
            f"ZJ2020-{i + 1:06d}",
            "2020-12-18",
            "浙江省职业技能鉴定中心",
        ]
        for i, p in enumerate(people[3:])
    ]
    summary = {"added": 0}
    if dt.date(2021, 1, 8) <= end:
        with business_date(dt.date(2021, 1, 8)):
            summary = services.certificates_import(actor=hr, content=_xlsx([headers, *rows]))
    ctx.data["assessor_org"] = org.pk
    ctx.say(
        f"  证书库：培训班考核合格 {from_classes} 张，评价机构 {org.name}（登录 assessor）逐条登记 {3 if dt.date(2021, 3, 15) <= end else 0} 张，人社局导入省证书库 "
        f"{summary['added']} 张"
    )


def _register_class_results() -> int:
    from skillup.certificates.services import register_from_results
    from skillup.training.models import Result, TrainingClass

    by_class: dict[int, list] = {}
    for result in Result.objects.filter(passed=True).exclude(certificate_no="").select_related("enrolment"):
        by_class.setdefault(result.enrolment.klass_id, []).append(result)
    classes = TrainingClass.objects.filter(pk__in=by_class).select_related("institution")
    staff = {u.organisation_id: u for u in User.objects.filter(role=Role.INSTITUTION)}
    total = 0
    for klass in classes:
        total += register_from_results(
            actor=staff.get(klass.institution_id), klass=klass, results=by_class[klass.pk]
        )
    return total


def _xlsx(rows) -> bytes:
    """The provincial register's export as HR downloads it: a plain sheet, header first."""
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def scan_pdf(number: str, name: str) -> bytes:
    """A one-page PDF standing in for the trainee's photographed certificate (demo data: ASCII only, as a
    PDF without embedded fonts cannot show Chinese)."""
    text = f"DEMO SCAN - skill level certificate {number} - holder id {name}".replace("(", "").replace(
        ")", ""
    )
    stream = f"BT /F1 14 Tf 60 760 Td ({text}) Tj ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
