"""Training API (API.md): occupations, classes, approval, roster, attendance, results.

Handlers parse and call the same services as the pages. Another institution's class is not found (404);
a role that may never act gets 403; a wrong status 409; bad rows 400 with their row numbers.
"""

import datetime as dt
import json

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from skillup.accounts.roles import Role
from skillup.api.types import Id, Int, Limit, Number, Offset, Year
from skillup.core.clock import today
from skillup.core.errors import RuleViolation
from skillup.directory.catalogue import current as current_catalogue
from skillup.training import attendance, roster, selectors, services
from skillup.training.models import Enrolment, TrainingClass
from skillup.training.results import results_record

router = Router(tags=["培训"])


class OccupationOut(Schema):
    name: str
    category: str
    scheme: str
    levels: list[str]


@router.get("/occupations", response=list[OccupationOut], summary="职业（工种）目录")
def occupations(request, q: str = ""):
    return current_catalogue().occupations(q.strip() or None, on=today())


class ClassIn(Schema):
    scheme: str
    occupation: str = ""
    level: str = ""
    hours: Int
    start_date: dt.date
    end_date: dt.date
    venue: str = ""
    venue_id: Id | None = None
    capacity: Int
    teachers: str = ""
    assessment_plan: str = ""
    # Added fields (API.md allows them): 培训对象 (a target-group code or its Chinese name) and, for
    # in-house training, the enterprise (统一社会信用代码) whose staff it trains; both route 附件1.
    target_group: str = ""
    employer: str = ""


class Created(Schema):
    code: str
    status: str
    department: str
    department_cite: str


class Counts(Schema):
    enrolled: int
    sessions: int
    attendance_events: int
    low_trust_events: int
    assessed: int
    passed: int


class ClassOut(Schema):
    code: str
    status: str
    department: str
    department_name: str
    department_cite: str
    target_group: str
    employer: str | None = None
    institution: str
    institution_name: str
    scheme: str
    occupation: str
    level: str
    hours: int
    start_date: dt.date
    end_date: dt.date
    venue: str
    venue_id: int | None = None
    capacity: int
    teachers: str
    reject_reason: str
    counts: Counts | None = None


def _out(klass: TrainingClass, counts: dict | None = None) -> dict:
    return {
        "code": klass.code,
        "status": klass.status,
        "department": klass.department.code,
        "department_name": klass.department.name,
        "department_cite": klass.department_cite,
        "target_group": klass.target_group,
        "employer": klass.employer.uscc or klass.employer.code if klass.employer_id else None,
        "institution": klass.institution.code,
        "institution_name": klass.institution.name,
        "scheme": klass.scheme,
        "occupation": klass.occupation,
        "level": klass.level,
        "hours": klass.hours,
        "start_date": klass.start_date,
        "end_date": klass.end_date,
        "venue": klass.venue,
        "venue_id": klass.venue_place_id,
        "capacity": klass.capacity,
        "teachers": klass.teachers,
        "reject_reason": klass.reject_reason,
        "counts": counts,
    }


def _klass(request, code: str) -> TrainingClass:
    return get_object_or_404(selectors.classes_visible_to(request.user), code=code)


@router.post("/classes", response={201: Created}, summary="提交开班申请")
def class_create(request, payload: ClassIn):
    klass = services.class_submit(actor=request.user, **payload.dict())
    return Status(
        201,
        {
            "code": klass.code,
            "status": klass.status,
            "department": klass.department.code,
            "department_cite": klass.department_cite,
        },
    )


@router.get("/classes", response=list[ClassOut], summary="培训班列表（按权限范围）")
def class_list(request, status: str = "", year: Year | None = None, limit: Limit = 200, offset: Offset = 0):
    qs = selectors.classes_filtered(request.user, {"status": status, "year": year or ""})
    limit = max(1, min(limit, 1000))
    return [_out(k) for k in qs[offset : offset + limit]]


@router.get("/classes/{code}", response=ClassOut, summary="培训班详情（含人数统计）")
def class_detail(request, code: str):
    klass = _klass(request, code)
    return _out(klass, selectors.class_counts(klass))


class StatusOut(Schema):
    status: str


class ReasonIn(Schema):
    reason: str = ""


@router.post("/classes/{code}/approve", response=StatusOut, summary="主管部门批准开班")
def class_approve(request, code: str):
    return {"status": services.class_approve(actor=request.user, klass=_klass(request, code)).status}


@router.post("/classes/{code}/reject", response=StatusOut, summary="主管部门驳回开班（须写原因）")
def class_reject(request, code: str, payload: ReasonIn):
    klass = services.class_reject(actor=request.user, klass=_klass(request, code), reason=payload.reason)
    return {"status": klass.status}


@router.post("/classes/{code}/start", response=StatusOut, summary="开班（开班日期起）")
def class_start(request, code: str):
    return {"status": services.class_start(actor=request.user, klass=_klass(request, code)).status}


@router.post("/classes/{code}/finish", response=StatusOut, summary="结业（结业日期起）")
def class_finish(request, code: str):
    return {"status": services.class_finish(actor=request.user, klass=_klass(request, code)).status}


class SessionIn(Schema):
    date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    hours: Number
    venue_id: Id | None = None
    practical: bool = False


class SessionOut(Schema):
    id: int
    date: dt.date
    hours: str
    venue_id: int | None = None
    practical: bool = False


@router.post("/classes/{code}/sessions", response={201: SessionOut}, summary="安排课次")
def session_create(request, code: str, payload: SessionIn):
    session = services.session_create(
        actor=request.user,
        klass=_klass(request, code),
        date=payload.date,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        hours=payload.hours,
        venue_id=payload.venue_id,
        practical=payload.practical,
    )
    return Status(
        201,
        {
            "id": session.pk,
            "date": session.date,
            "hours": str(session.hours),
            "venue_id": session.venue_id,
            "practical": session.practical,
        },
    )


class Added(Schema):
    added: int
    registered: int | None = None
    manual: int | None = None
    passed: int | None = None


ROSTER_DOC = {
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "trainees": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "id_number": {"type": "string"},
                                    "name": {"type": "string"},
                                    "phone": {"type": "string"},
                                    "groups": {"type": "string", "description": "人员类别，多个用“、”分隔"},
                                },
                            },
                        }
                    },
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": ".xlsx：身份证号 姓名 手机号 人员类别",
                        }
                    },
                }
            },
        }
    }
}


@router.post(
    "/classes/{code}/roster",
    response={201: Added},
    summary="导入名册（JSON 或 .xlsx）",
    openapi_extra=ROSTER_DOC,
)
def roster_import(request, code: str):
    klass = _klass(request, code)
    if request.content_type and request.content_type.startswith("multipart/"):
        upload = request.FILES.get("file")
        if upload is None:
            raise RuleViolation("请上传名册文件（字段名 file）", field="file")
        rows = roster.rows_from_xlsx(upload.read())
        source = Enrolment.Source.XLSX
    else:
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise RuleViolation("请求体不是有效的 JSON", field="trainees") from None
        trainees = body.get("trainees") if isinstance(body, dict) else None
        if not isinstance(trainees, list) or not all(isinstance(t, dict) for t in trainees):
            raise RuleViolation("请提供 trainees 列表：[{id_number, name, phone, groups}]", field="trainees")
        rows = roster.rows_from_json(trainees)
        source = Enrolment.Source.API
    return Status(201, roster.roster_import(actor=request.user, klass=klass, rows=rows, source=source))


class AttendanceRecord(Schema):
    id_number: str
    date: str
    hours: Number | str | None = None
    method: str
    device: str = ""
    at: str = Field("", description="终端记录的签到时间（YYYY-MM-DDTHH:MM:SS，可选，须在 date 当天）")
    session: Id | None = None
    token: str = ""


class AttendanceIn(Schema):
    records: list[AttendanceRecord]


@router.post(
    "/classes/{code}/attendance", response={201: Added}, summary="提交考勤（机构：face/manual；学员本人：qr）"
)
def attendance_post(request, code: str, payload: AttendanceIn):
    klass = _klass(request, code)
    ip, agent = request.META.get("REMOTE_ADDR"), request.headers.get("User-Agent", "")
    if request.user.role == Role.TRAINEE:
        added = attendance.qr_checkin_many(
            actor=request.user,
            klass=klass,
            records=[{"session": r.session, "token": r.token} for r in payload.records],
            source_ip=ip,
            user_agent=agent,
            device=request.headers.get("X-Device-Id", "")[:100] or request.device_id,
        )
        return Status(201, added)
    records = [r.dict() for r in payload.records]
    added = attendance.attendance_record(
        actor=request.user, klass=klass, records=records, source_ip=ip, user_agent=agent
    )
    return Status(201, added)


class ResultRecord(Schema):
    id_number: str
    passed: bool
    certificate_no: str = ""
    issuer: str = ""
    certified_on: str | None = None


class ResultsIn(Schema):
    results: list[ResultRecord]


@router.post("/classes/{code}/results", response={201: Added}, summary="录入考核结果与证书")
def results_post(request, code: str, payload: ResultsIn):
    klass = _klass(request, code)
    return Status(
        201, results_record(actor=request.user, klass=klass, results=[r.dict() for r in payload.results])
    )
