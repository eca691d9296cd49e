"""Demo offers of the training supermarket (第17条) as of the business date, through the real services:
offers of the demo institutions within their current filings — most published, one taken down by HR with
its reason, one left a draft. Dated classes start after the business date and end within the filing;
where no such dates fit, the offer opens when enough people join. The groups part of the demo extends
`seed` (group-buys and wishes over these offers)."""

import datetime as dt

from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.core import clock
from skillup.core.errors import RuleViolation
from skillup.market import towns
from skillup.policy.catalogue import default_catalogue
from skillup.registry.models import Organisation, OrgKind
from skillup.registry.selectors_filing import current_filing_items

# An institution's own prices (what the course costs), not policy amounts.
PRICES = ("1800.00", "2400.00", "2980.00", "3600.00", "4200.00", "1200.00")
TOWNS = list(towns.TOWNS)
MAX_INSTITUTIONS = 8
PER_INSTITUTION = 3


def _staff(org: Organisation, demo_user: User) -> User:
    if demo_user.organisation_id == org.pk:
        return demo_user
    user, created = User.objects.get_or_create(
        username=f"market-{org.pk}",
        defaults={"role": Role.INSTITUTION, "organisation": org, "first_name": f"{org.name[:20]} 教务"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _hours(item, level: str, on: dt.date) -> int:
    try:
        required = default_catalogue().required_hours(item.scheme, item.occupation, level, on=on)
    except KeyError:
        required = None
    return required or 40


def seed(ctx) -> None:
    from skillup.market import services

    seed_offers(ctx, services)


def seed_offers(ctx, services) -> list:
    today = clock.today()
    hr = User.objects.filter(username="hr").first()
    demo = User.objects.filter(username="institution").first()
    if hr is None or demo is None:
        ctx.say("market: skipped (no demo users)")
        return []
    institutions = Organisation.objects.filter(kind=OrgKind.INSTITUTION).order_by("id")
    made = []
    n = 0
    for org in institutions:
        items = [i for i in current_filing_items(org.pk, on=today) if i.occupation][:PER_INSTITUTION]
        if not items:
            continue
        actor = _staff(org, demo)
        for item in items:
            level = (item.level_list or [""])[0]
            start = today + dt.timedelta(days=14 + 7 * (n % 4))
            end = start + dt.timedelta(days=30)
            dated = item.filing.valid_until is None or end <= item.filing.valid_until
            data = {
                "title": f"{item.occupation}{level}培训班（{towns.name(TOWNS[n % len(TOWNS)])}）",
                "description": f"理论与实操结合，结业参加{item.occupation}{level}职业技能鉴定。",
                "scheme": item.scheme,
                "occupation": item.occupation,
                "level": level,
                "hours": _hours(item, level, end if dated else today),
                "price": PRICES[n % len(PRICES)],
                "town": TOWNS[n % len(TOWNS)],
                "venue_text": f"{org.name}实训楼",
                "start_date": start if dated else None,
                "end_date": end if dated else None,
                "minimum": 10,
                "seats": 30 + 10 * (n % 3),
                "teachers": "持证高级技师授课",
            }
            try:
                offer = services.offer_create(actor=actor, data=data)
            except RuleViolation as exc:  # a demo filing the offer does not fit (hours, dates): skipped
                ctx.say(f"market: skipped an offer of {org.name} ({exc})")
                continue
            made.append((actor, offer))
            n += 1
        if len({o.institution_id for _, o in made}) >= MAX_INSTITUTIONS:
            break
    if not made:
        ctx.say("market: no offers (no current filings at the business date)")
        return []
    draft_at = len(made) - 1
    for i, (actor, offer) in enumerate(made):
        if i != draft_at:
            services.offer_publish(actor=actor, offer=offer)
    if len(made) > 2:
        services.offer_unpublish(
            actor=hr, offer=made[1][1], reason="课程介绍中的“包过”宣传不实，请修改后重新上架"
        )
    ctx.data["market_offers"] = [o.pk for _, o in made]
    ctx.say(f"market: {len(made)} offers ({len(made) - 2} published, 1 taken down by HR, 1 draft)")
    return made
