"""附件2 注1: which uplift a claim carries, derived from registry and training facts — never typed.

- `trade_friction` (组织受贸易影响企业的在岗职工…): the trainee's employer on the claim's date (the employment
  register) holds a trade-friction recognition covering that date.
- `public_training_base` (岗位技能提升培训实操进入公共实训基地的): the class recorded practical sessions
  and *every* one of them took place at a venue recognised as a public training base on the session's
  day, with a confirmed booking of a place there (training/models_bases.py, 第16条: the base holds the
  workstations for the session). *Decision:* “实操进入公共实训基地” reads as the practical training as a
  whole being held at the base, so a class that held part of its practice elsewhere does not qualify, and a
  class without any recorded practical session does not either. *Decision (issue 15):* a session merely
  labelled with the base's venue, without a booking the base confirmed, is not evidence that the practice
  happened there.
- “两者不重复享受”: when both hold, both codes go to the engine, which grants one (the larger rate; at
  the same 30 % the first in catalogue order, trade friction) and says so in the basis.

The engine decides whether the scheme takes an uplift at all and whether its rate is in force on the
date; this module only states the facts, each as a basis line with its clause.
"""

from collections import defaultdict
from decimal import Decimal

from skillup.policy.catalogue import default_catalogue
from skillup.registry.facts import FactBook, describe
from skillup.registry.models_facts import Recognition

CLAUSE = "附件2 注1"
RULE = "uplift_facts"


def _line(detail: str) -> dict:
    return {"rule": RULE, "clause": CLAUSE, "detail": f"{CLAUSE}：{detail}"}


def practical_sessions(class_ids) -> dict[int, list]:
    """Practical sessions of these classes with their venues, one query."""
    from django.db.models import Prefetch

    from skillup.training.models import BaseBooking, Session

    found: dict[int, list] = defaultdict(list)
    ids = {c for c in class_ids if c}
    if ids:
        booked = Prefetch(
            "base_bookings",
            queryset=BaseBooking.objects.filter(status=BaseBooking.Status.CONFIRMED).select_related("place"),
            to_attr="live_bookings",
        )
        for s in (
            Session.objects.filter(klass_id__in=ids, practical=True)
            .select_related("venue")
            .prefetch_related(booked)
        ):
            found[s.klass_id].append(s)
    return found


def _booked_at_base(session) -> bool:
    return (
        session.venue is not None
        and session.venue.is_public_base(session.date)
        and any(b.place.venue_id == session.venue_id for b in getattr(session, "live_bookings", ()))
    )


def _uplift_schemes() -> dict[str, set[str]]:
    return {code: set(u.applies_to) for code, u in default_catalogue().uplifts.items()}


def derive(claim, book: FactBook, sessions: dict[int, list]) -> tuple[list[str], list[dict]]:
    """(uplift codes that hold, basis lines) for one claim."""
    schemes = _uplift_schemes()
    if not any(claim.scheme in applies for applies in schemes.values()):
        return [], []
    codes, lines = [], []
    day = claim.entitlement_date
    if claim.person_id and claim.scheme in schemes.get("trade_friction", ()):
        employer = book.employer_on(claim.person_id, day)
        rec = book.recognition(employer.pk if employer else None, Recognition.Kind.TRADE_FRICTION, day)
        if employer is None:
            lines.append(_line(f"学员在{day:%Y-%m-%d}没有登记的工作单位，不适用经贸摩擦上浮"))
        elif rec is None:
            lines.append(_line(f"学员受雇于{employer.name}，该企业在{day:%Y-%m-%d}未被认定受经贸摩擦影响"))
        else:
            codes.append("trade_friction")
            lines.append(
                _line(
                    f"学员受雇于{employer.name}，该企业{describe(rec)}被认定受经贸摩擦影响（{rec.document}）"
                )
            )
    if claim.klass_id and claim.scheme in schemes.get("public_training_base", ()):
        practical = sessions.get(claim.klass_id, [])
        outside = [s for s in practical if s.venue is None or not s.venue.is_public_base(s.date)]
        unbooked = [s for s in practical if s not in outside and not _booked_at_base(s)]
        if not practical:
            lines.append(_line("本班未登记实操课次，不适用公共实训基地上浮"))
        elif outside:
            lines.append(
                _line(
                    f"本班实操课次 {len(practical)} 次中有 {len(outside)} 次不在公共实训基地，"
                    "不适用公共实训基地上浮（须实操全部进入公共实训基地）"
                )
            )
        elif unbooked:
            lines.append(
                _line(
                    f"本班实操课次 {len(practical)} 次中有 {len(unbooked)} 次未在公共实训基地预约工位，"
                    "不适用公共实训基地上浮（第16条：实操须经基地预约确认）"
                )
            )
        else:
            hours = sum((s.hours for s in practical), Decimal(0))
            names = "、".join(dict.fromkeys(s.venue.name for s in practical))
            codes.append("public_training_base")
            lines.append(
                _line(f"本班实操课次 {len(practical)} 次（{hours} 课时）均在公共实训基地{names}预约工位进行")
            )
    return codes, lines
