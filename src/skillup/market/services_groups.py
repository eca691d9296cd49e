"""Writes of group-buys (拼团) and wishes (心愿, 第17条): start, join, book for staff, leave, answer a wish,
confirm (the class is submitted with the group's roster), dissolve.

`Group.joined` changes only under the group's row lock (`select_for_update`): each join re-reads the row,
checks status, deadline, seats and duplicates, and writes the members and the count in one transaction, so
200 simultaneous joins for 30 seats give exactly 30 members and 170 clear "名额已满" answers. Confirming
goes through the training services (`class_submit`, `roster_import`) inside the same transaction, so a
refused roster leaves no class behind.
"""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse

from skillup.accounts import audit
from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.core.clock import now, today
from skillup.core.errors import FieldError, RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.market import notify, towns
from skillup.market.models import Group, GroupMember, Offer
from skillup.market.models_groups import Notification, NotificationSetting
from skillup.market.permissions_groups import (
    answering_role,
    booking_role,
    confirming_role,
    group_confirmable,
    group_joinable,
    group_leavable,
    leaving_role,
    trainee_role,
    wish_answerable,
)
from skillup.registry import crypto
from skillup.registry.models import Person
from skillup.registry.models_facts import Employment
from skillup.training.models import TrainingClass
from skillup.training.roster import Row, roster_import
from skillup.training.services import class_submit

G = Group.Status
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed from a poster
DEFAULT_DAYS = 14
MAX_DAYS = 60
WISH_MINIMUM = 10
WISH_SEATS = 200
MAX_BOOKING = 100


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not Group.objects.filter(code=code).exists():
            return code


def group_url(group: Group) -> str:
    return reverse("market_groups:group", args=[group.code])


def _deadline(value, *, offer: Offer | None) -> dt.date:
    day = today()
    if value in (None, ""):
        deadline = day + dt.timedelta(days=DEFAULT_DAYS)
        if offer is not None and offer.start_date is not None:
            deadline = min(deadline, offer.start_date - dt.timedelta(days=1))
    elif isinstance(value, dt.date):
        deadline = value
    else:
        try:
            deadline = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise RuleViolation("截止日期格式应为 YYYY-MM-DD", field="deadline") from None
    if deadline < day:
        raise RuleViolation(f"截止日期不能早于今天（{day:%Y-%m-%d}）", field="deadline")
    if deadline > day + dt.timedelta(days=MAX_DAYS):
        raise RuleViolation(f"截止日期最多在 {MAX_DAYS} 天后，请选择更早的日期", field="deadline")
    if offer is not None and offer.start_date is not None and deadline >= offer.start_date:
        raise RuleViolation(
            f"截止日期须早于开课日期（{offer.start_date:%Y-%m-%d}），以便机构确认开班", field="deadline"
        )
    return deadline


def _wish_subject(occupation: str, level: str, town: str) -> tuple[str, str, str]:
    errors = []
    occupation, level, town = (occupation or "").strip(), (level or "").strip(), (town or "").strip()
    if not occupation:
        errors.append(FieldError("请填写想学的职业（工种），如 焊工、育婴员", field="occupation"))
    elif len(occupation) > 100:
        errors.append(FieldError("职业（工种）不超过 100 个字", field="occupation"))
    if len(level) > 10:
        errors.append(FieldError("等级不超过 10 个字，如 初级、中级", field="level"))
    if town not in towns.TOWNS:
        errors.append(FieldError("请选择上课的乡镇（街道）", field="town"))
    if errors:
        raise RuleViolation(errors)
    return occupation, level, town


def group_start(
    *,
    actor,
    offer: Offer | None = None,
    occupation: str = "",
    level: str = "",
    town: str = "",
    deadline=None,
) -> Group:
    """A trainee starts a group for a published offer, or makes a wish (occupation + level + town); the
    starter is its first member."""
    require(trainee_role(actor))
    if offer is not None:
        if offer.status != Offer.Status.PUBLISHED:
            raise StateConflict("该课程未上架，不能发起拼团")
        subject = {
            "offer": offer,
            "occupation": offer.occupation,
            "level": offer.level,
            "town": offer.town,
            "minimum": offer.minimum,
            "seats": offer.seats,
        }
    else:
        occupation, level, town = _wish_subject(occupation, level, town)
        subject = {
            "occupation": occupation,
            "level": level,
            "town": town,
            "minimum": WISH_MINIMUM,
            "seats": WISH_SEATS,
        }
    day = _deadline(deadline, offer=offer)
    with transaction.atomic():
        group = Group.objects.create(code=_new_code(), deadline=day, started_by=actor, **subject)
        what = "心愿" if offer is None else "拼团"
        audit.record(
            actor=actor,
            action="group.start",
            obj=group,
            changes={"status": [None, group.status], "deadline": [None, str(day)]},
            summary=f"发起{what} {group.code}：{group.occupation}{group.level} {group.town_name}，{day:%Y-%m-%d} 截止",
        )
        _add(actor=actor, group=group, person_ids=[actor.person_id], enterprise=None, action="")
    group.refresh_from_db()
    return group


def group_join(*, actor, group: Group) -> Group:
    """A trainee joins by the share link: all-or-nothing under the group's row lock."""
    require(trainee_role(actor))
    with transaction.atomic():
        return _add(
            actor=actor, group=group, person_ids=[actor.person_id], enterprise=None, action="group.join"
        )


def staff_of(enterprise_id: int):
    """The enterprise's current staff (employment register) as of the business date."""
    day = today()
    employed = Employment.objects.filter(enterprise_id=enterprise_id, start__lte=day).exclude(end__lt=day)
    return Person.objects.filter(pk__in=employed.values("person_id"))


def group_book(*, actor, group: Group, person_ids: list[int]) -> Group:
    """An enterprise books seats for N of its staff in one go: every one of them or none."""
    require(booking_role(actor))
    wanted = list(dict.fromkeys(int(pk) for pk in person_ids))
    if not wanted:
        raise RuleViolation("请选择要订座的职工", field="people")
    if len(wanted) > MAX_BOOKING:
        raise RuleViolation(f"一次最多为 {MAX_BOOKING} 名职工订座", field="people")
    staff = set(staff_of(actor.organisation_id).filter(pk__in=wanted).values_list("pk", flat=True))
    strangers = [pk for pk in wanted if pk not in staff]
    if strangers:
        raise RuleViolation(
            f"有 {len(strangers)} 人不是本企业在职职工（以职工登记为准），请重新选择", field="people"
        )
    with transaction.atomic():
        return _add(
            actor=actor, group=group, person_ids=wanted, enterprise=actor.organisation, action="group.book"
        )


def _add(*, actor, group: Group, person_ids: list[int], enterprise, action: str) -> Group:
    """Members in, under the row lock; runs inside the caller's transaction."""
    locked = Group.objects.select_for_update().get(pk=group.pk)
    verdict = group_joinable(locked)
    if not verdict:
        raise StateConflict(verdict.reason)
    free = locked.seats - locked.joined
    if len(person_ids) > free:
        raise StateConflict(f"名额不足：还剩 {free} 个名额，本次 {len(person_ids)} 人")
    already = list(
        GroupMember.objects.filter(group=locked, person_id__in=person_ids).values_list(
            "person__name", flat=True
        )
    )
    if already:
        who = "您" if enterprise is None else "、".join(already[:5])
        raise StateConflict(f"{who}已在该拼团中，无需重复参团")
    try:
        with transaction.atomic():  # a savepoint: the unique constraint is the last word on duplicates
            GroupMember.objects.bulk_create(
                [
                    GroupMember(group=locked, person_id=pk, booked_by_enterprise=enterprise, added_by=actor)
                    for pk in person_ids
                ]
            )
    except IntegrityError:
        raise StateConflict("已在该拼团中，无需重复参团") from None
    before = locked.joined
    locked.joined = before + len(person_ids)
    fields = ["joined"]
    reached = locked.offer_id is not None and locked.status == G.OPEN and locked.joined >= locked.minimum
    if reached:
        locked.status, locked.reached_at = G.REACHED, now()
        fields += ["status", "reached_at"]
    locked.save(update_fields=fields)
    if action:
        audit.record(
            actor=actor,
            action=action,
            obj=locked,
            changes={
                "joined": [before, locked.joined],
                **({"status": [G.OPEN, G.REACHED]} if reached else {}),
            },
            summary=f"拼团 {locked.code} {'企业代订' if enterprise else '参团'} {len(person_ids)} 人，"
            f"已参团 {locked.joined}/{locked.minimum}",
        )
    if reached:
        _tell_reached(locked)
    return locked


def _institution_users(group: Group):
    assert group.offer is not None  # noqa: S101 — only offers' groups reach their minimum
    return User.objects.filter(
        organisation_id=group.offer.institution_id, role=Role.INSTITUTION, is_active=True
    )


def _member_ids(group: Group) -> list[int]:
    return list(GroupMember.objects.filter(group=group).values_list("person_id", flat=True))


def _tell_reached(group: Group) -> None:
    url = group_url(group)
    notify.tell(
        users=_institution_users(group),
        message=f"拼团 {group.code}（{group.occupation}{group.level}）已达 {group.joined} 人成团，请确认开班",
        url=url,
        group=group,
    )
    notify.tell(
        person_ids=_member_ids(group),
        message=f"您参加的拼团 {group.code}（{group.occupation}{group.level}）已成团，等待机构确认开班",
        url=url,
        group=group,
    )


def group_leave(*, actor, group: Group) -> Group:
    """A trainee leaves, or an enterprise cancels all its bookings, before the deadline."""
    require(leaving_role(actor))
    with transaction.atomic():
        locked = Group.objects.select_for_update().get(pk=group.pk)
        verdict = group_leavable(locked)
        if not verdict:
            raise StateConflict(verdict.reason)
        mine = GroupMember.objects.filter(group=locked)
        if actor.role == Role.ENTERPRISE:
            mine = mine.filter(booked_by_enterprise_id=actor.organisation_id)
        else:
            mine = mine.filter(person_id=actor.person_id)
        count = mine.count()
        if not count:
            raise StateConflict("您不在该拼团中")
        mine.delete()
        before, status = locked.joined, locked.status
        locked.joined = before - count
        fields = ["joined"]
        if locked.status == G.REACHED and locked.joined < locked.minimum:
            # Below the minimum again: the institution waits for more people.
            locked.status, locked.reached_at = G.OPEN, None
            fields += ["status", "reached_at"]
        locked.save(update_fields=fields)
        audit.record(
            actor=actor,
            action="group.leave",
            obj=locked,
            changes={"joined": [before, locked.joined], "status": [status, locked.status]},
            summary=f"拼团 {locked.code} 退出 {count} 人，已参团 {locked.joined}/{locked.minimum}",
        )
    return locked


def wish_answer(*, actor, group: Group, offer: Offer) -> Group:
    """An institution answers a wish with one of its published offers: the wish becomes that offer's group
    (its minimum and seats), and its people are told."""
    require(answering_role(actor))
    if offer.institution_id != actor.organisation_id:
        raise RuleViolation("请选择本机构的课程", field="offer")
    if offer.status != Offer.Status.PUBLISHED:
        raise RuleViolation("请先上架该课程再响应心愿", field="offer")
    if offer.occupation != group.occupation:
        raise RuleViolation(f"心愿的职业为“{group.occupation}”，请选择该职业的课程", field="offer")
    with transaction.atomic():
        locked = Group.objects.select_for_update().get(pk=group.pk)
        verdict = wish_answerable(locked)
        if not verdict:
            raise StateConflict(verdict.reason)
        if locked.joined > offer.seats:
            raise RuleViolation(
                f"该心愿已有 {locked.joined} 人，超过课程名额 {offer.seats} 人，请选择名额更多的课程",
                field="offer",
            )
        if offer.start_date is not None and locked.deadline >= offer.start_date:
            raise RuleViolation(
                f"心愿截止日期（{locked.deadline:%Y-%m-%d}）须早于课程开课日期（{offer.start_date:%Y-%m-%d}）",
                field="offer",
            )
        locked.offer = offer
        locked.level, locked.town = offer.level, offer.town
        locked.minimum, locked.seats = offer.minimum, offer.seats
        fields = ["offer", "level", "town", "minimum", "seats"]
        reached = locked.joined >= locked.minimum
        if reached:
            locked.status, locked.reached_at = G.REACHED, now()
            fields += ["status", "reached_at"]
        locked.save(update_fields=fields)
        audit.record(
            actor=actor,
            action="wish.answer",
            obj=locked,
            changes={"offer": [None, offer.pk]},
            summary=f"心愿 {locked.code} 由课程“{offer.title}”响应，已参团 {locked.joined}/{locked.minimum}",
        )
        notify.tell(
            person_ids=_member_ids(locked),
            message=f"您的心愿 {locked.code}（{locked.occupation}）已有机构响应：{offer.title}，邀请好友一起参团",
            url=group_url(locked),
            group=locked,
        )
        if reached:
            _tell_reached(locked)
    return locked


def _roster_rows(group: Group) -> list[Row]:
    members = GroupMember.objects.filter(group=group).select_related("person").order_by("joined_at", "id")
    return [
        Row(i, crypto.decrypt(m.person.id_cipher), m.person.name, m.person.phone, m.person.group_list)
        for i, m in enumerate(members, start=1)
    ]


def group_confirm(
    *, actor, group: Group, start_date: dt.date | None = None, end_date: dt.date | None = None
) -> TrainingClass:
    """The institution confirms a reached group: in one transaction a class is submitted for approval
    (training's `class_submit`) with the group's roster (`roster_import`), and everyone is told."""
    require(confirming_role(actor, group))
    with transaction.atomic():
        locked = Group.objects.select_for_update().get(pk=group.pk)
        verdict = group_confirmable(locked)
        if not verdict:
            raise StateConflict(verdict.reason)
        offer = locked.offer
        assert offer is not None  # noqa: S101 — errors raised above
        start, end = start_date or offer.start_date, end_date or offer.end_date
        missing = [
            FieldError(message, field=field)
            for value, field, message in (
                (start, "start_date", "该课程未定开班日期，请填写开班日期"),
                (end, "end_date", "该课程未定结业日期，请填写结业日期"),
            )
            if value is None
        ]
        if missing:
            raise RuleViolation(missing)
        klass = class_submit(
            actor=actor,
            scheme=offer.scheme,
            occupation=offer.occupation,
            level=offer.level,
            hours=offer.hours,
            start_date=start,
            end_date=end,
            venue=offer.venue_text,
            venue_id=offer.venue_id,
            capacity=locked.seats,
            teachers=offer.teachers,
        )
        rows = _roster_rows(locked)
        names = {r.row: r.name for r in rows}
        try:
            roster_import(actor=actor, klass=klass, rows=rows, source="form")
        except RuleViolation as exc:
            # Row numbers mean nothing to the institution here: name the member instead.
            raise RuleViolation(
                [
                    FieldError(
                        f"{names.get(e.row, '')}：{e.message}" if e.row else e.message, field="members"
                    )
                    for e in exc.errors
                ]
            ) from None
        locked.status, locked.klass = G.CONFIRMED, klass
        locked.confirmed_by, locked.confirmed_at = actor, now()
        locked.save(update_fields=["status", "klass", "confirmed_by", "confirmed_at"])
        audit.record(
            actor=actor,
            action="group.confirm",
            obj=locked,
            changes={"status": [G.REACHED, G.CONFIRMED], "klass": [None, klass.code]},
            summary=f"拼团 {locked.code} 确认开班：{klass.code} 已提交审批，名册 {len(rows)} 人"
            f"（身份证号由系统从人员登记带入名册）",
        )
        notify.tell(
            person_ids=_member_ids(locked),
            message=f"拼团 {locked.code} 已确认开班：{offer.title}，{start:%Y-%m-%d} 开课（班级 {klass.code}，待主管部门审批）",
            url=group_url(locked),
            group=locked,
            kind=Notification.Kind.CLASS,
        )
    return klass


def groups_dissolve(*, on: dt.date | None = None) -> int:
    """Daily (tasks_groups.py): every group or wish still below its minimum after its deadline is
    dissolved and everyone in it is told. One transaction per group, each under its row lock."""
    day = on or today()
    count = 0
    for pk in Group.objects.filter(status=G.OPEN, deadline__lt=day).values_list("pk", flat=True):
        with transaction.atomic():
            group = Group.objects.select_for_update().get(pk=pk)
            if group.status != G.OPEN or group.deadline >= day:
                continue
            group.status, group.dissolved_at = G.DISSOLVED, now()
            group.save(update_fields=["status", "dissolved_at"])
            audit.record(
                actor=None,
                action="group.dissolve",
                obj=group,
                changes={"status": [G.OPEN, G.DISSOLVED]},
                summary=f"拼团 {group.code} 截止（{group.deadline:%Y-%m-%d}）时 {group.joined}/{group.minimum} 人，未成团解散",
            )
            what = "心愿" if group.is_wish else "拼团"
            notify.tell(
                users=_institution_users(group) if group.offer_id else (),
                person_ids=_member_ids(group),
                message=f"{what} {group.code}（{group.occupation}{group.level}）截止时只有 {group.joined} 人，"
                f"未达 {group.minimum} 人，已解散；可重新发起或参加其他拼团",
                url=group_url(group),
                group=group,
            )
            count += 1
    return count


def notification_setting_set(*, actor, sms: bool) -> NotificationSetting:
    """A user turns group SMS on or off (in-app messages always stay)."""
    with transaction.atomic():
        setting, _ = NotificationSetting.objects.select_for_update().get_or_create(user=actor)
        before = setting.sms
        setting.sms = bool(sms)
        setting.save(update_fields=["sms", "updated_at"])
        audit.record(
            actor=actor,
            action="market.sms_setting",
            obj=setting,
            changes={"sms": [before, setting.sms]},
            summary=f"短信通知{'开启' if setting.sms else '关闭'}",
        )
    return setting


def notifications_read(*, actor) -> int:
    """Marks the user's messages read when they open the page (their own inbox state: not audited)."""
    with transaction.atomic():
        return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=now())
