"""Group-buy API (issue 13 item 7, API.md): start a group or a wish, join by code, confirm a class.

The same services as the pages: a full, closed or past-deadline group is 409, a duplicate join 409, a role
that may never act 403, another institution's group 404 on confirm.
"""

import datetime as dt

from django.http import Http404
from ninja import Router, Schema, Status

from skillup.api.types import Id
from skillup.market import selectors_groups, services_groups
from skillup.market.models import Group, Offer

router = Router(tags=["培训超市"])


class GroupIn(Schema):
    offer: Id | None = None
    occupation: str = ""
    level: str = ""
    town: str = ""
    deadline: dt.date | None = None


class GroupOut(Schema):
    id: int
    code: str
    joined: int
    minimum: int
    deadline: dt.date
    status: str
    offer: int | None
    url: str


class JoinedOut(Schema):
    joined: int
    status: str


class ConfirmIn(Schema):
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class ConfirmOut(Schema):
    class_code: str
    status: str


def _out(group: Group) -> dict:
    return {
        "id": group.pk,
        "code": group.code,
        "joined": group.joined,
        "minimum": group.minimum,
        "deadline": group.deadline,
        "status": group.status,
        "offer": group.offer_id,
        "url": services_groups.group_url(group),
    }


def _group(code: str) -> Group:
    try:
        return selectors_groups.group_by_code(code)
    except Group.DoesNotExist:
        raise Http404 from None


@router.post(
    "/market/groups",
    response={201: GroupOut},
    summary="发起拼团（{offer}）或心愿（{occupation, level, town}）",
)
def group_create(request, payload: GroupIn):
    offer = None
    if payload.offer is not None:
        try:
            offer = selectors_groups.offer_published(payload.offer)
        except Offer.DoesNotExist:
            raise Http404 from None
    group = services_groups.group_start(
        actor=request.user,
        offer=offer,
        occupation=payload.occupation,
        level=payload.level,
        town=payload.town,
        deadline=payload.deadline,
    )
    return Status(201, _out(group))


@router.get("/market/groups/{code}", response=GroupOut, summary="拼团详情（凭拼团码）")
def group_detail(request, code: str):
    return _out(_group(code))


@router.post("/market/groups/{code}/join", response=JoinedOut, summary="参团；已满或已截止 409")
def group_join(request, code: str):
    group = services_groups.group_join(actor=request.user, group=_group(code))
    return {"joined": group.joined, "status": group.status}


@router.post(
    "/market/groups/{code}/confirm", response={201: ConfirmOut}, summary="开课机构确认开班（提交审批）"
)
def group_confirm(request, code: str, payload: ConfirmIn | None = None):
    try:
        group = selectors_groups.group_for_institution(request.user, code)
    except Group.DoesNotExist:
        raise Http404 from None
    klass = services_groups.group_confirm(
        actor=request.user,
        group=group,
        start_date=payload.start_date if payload else None,
        end_date=payload.end_date if payload else None,
    )
    return Status(201, {"class_code": klass.code, "status": klass.status})
