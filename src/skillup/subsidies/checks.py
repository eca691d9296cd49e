"""Automatic checks of a claim, run when it is created and again at every approval.

The policy engine quotes the claim with the person's (or enterprise's) real history: their other claims
that were neither rejected nor refused. Around the quote, the checks that need the database: the
institution's filing (clause 1: only filed institutions' training is subsidised), a duplicate claim, and
the payee account. Everything is worked out for many claims with a fixed number of queries, so the same
code serves one review and a bulk approval of thousands.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from skillup.certificates import verify as certificate_check
from skillup.directory.catalogue import current as current_catalogue
from skillup.policy import HistoryItem, quote_many
from skillup.policy.catalogue import default_catalogue
from skillup.policy.contract import ContractError, parse_claim
from skillup.registry import payees
from skillup.registry.facts import FactBook
from skillup.registry.models import Filing, Organisation, Person
from skillup.subsidies import preconditions, uplifts
from skillup.subsidies.models import Claim

S = Claim.Status
ZERO = Decimal("0.00")
# Claims that still count: a rejected or refused claim is no subsidy received.
INACTIVE = (S.REJECTED, S.REFUSED)

# Refusal codes of the policy engine (QUOTE.md) and of the database checks, in plain Chinese.
REFUSAL_NAMES = {
    "no_standard_in_force": "申报日期无有效补贴标准",
    "too_short": "课时或月数不足",
    "level_not_offered": "该类别不设此等级",
    "unknown_occupation": "不在目录中的职业（项目）",
    "not_eligible_person": "人员不符合条件（如按月领取养老金）",
    "annual_limit": "",  # from the catalogue's 第20条 limit, below
    "repeat_level": "同一职业同一等级已享受过",
    "term_exceeded": "超过补贴期限",
    "institution_not_filed": "培训机构未备案或备案不含此项目",
    "duplicate_claim": "重复申领",
    "payee_account_missing": "收款单位银行账号缺失",
    "facts_invalid": "申领信息不完整",
    # Registry facts behind the claim (subsidies/preconditions.py).
    "not_employed": "该人员在补贴发生日不是申领企业的职工",
    "not_chemical_enterprise": "非化工企业（第3条）",
    "not_difficult_enterprise": "未被认定为当年度困难企业（第11条）",
    "not_high_skill_enterprise": "非高技能人才集聚示范企业（第10条）",
    "chief_technician_not_filed": "首席技师未经人社局备案（第10条）",
    "not_pilot_enterprise": "非职业技能等级认定试点企业（第10条）",
    "certificate_unverified": "证书未通过人社局核验",
    "certificate_mismatch": "证书与申领的类别、职业、等级或日期不符",
}


def annual_limit_name(catalogue=None) -> str:
    """ "超过每人每年N次", N being the catalogue's 第20条 limit (the policy's number, never a literal)."""
    counts = sorted({e.count for e in (catalogue or default_catalogue()).annual_limit if e.count})
    if len(counts) == 1:
        return f"超过每人每年{counts[0]}次"
    return "超过每人每年补贴次数限制"


REFUSAL_NAMES["annual_limit"] = annual_limit_name()


def refusal_text(codes) -> str:
    return "、".join(REFUSAL_NAMES.get(c, c) for c in codes)


def status_after_check(claim: Claim) -> str:
    """Refused, waiting for its certificate to be verified (第13条), or checked."""
    if not claim.eligible:
        return S.REFUSED
    return S.CERT_PENDING if getattr(claim, "cert_pending", False) else S.CHECKED


def subject_of(claim: Claim) -> tuple[str, int]:
    """Whose history counts: the person's, or for an enterprise's own claim the enterprise's."""
    return ("p", claim.person_id) if claim.person_id else ("e", claim.enterprise_id)


def lock_subjects(claims: list[Claim]) -> None:
    """SELECT … FOR UPDATE the people (and enterprises) of these claims, in id order so that two
    transactions never wait on each other in a cycle. On SQLite the IMMEDIATE transaction already holds
    the write lock."""
    person_ids = sorted({c.person_id for c in claims if c.person_id})
    enterprise_ids = sorted({c.enterprise_id for c in claims if not c.person_id and c.enterprise_id})
    if person_ids:
        list(Person.objects.select_for_update().filter(id__in=person_ids).order_by("id").values_list("id"))
    if enterprise_ids:
        list(
            Organisation.objects.select_for_update()
            .filter(id__in=enterprise_ids)
            .order_by("id")
            .values_list("id")
        )


@dataclass
class _Earlier:
    claim_id: int
    item: HistoryItem
    entitlement_date: dt.date
    klass_id: int | None


def _history(claims: list[Claim]) -> dict[tuple[str, int], list[_Earlier]]:
    person_ids = {c.person_id for c in claims if c.person_id}
    enterprise_ids = {c.enterprise_id for c in claims if not c.person_id and c.enterprise_id}
    found: dict[tuple[str, int], list[_Earlier]] = defaultdict(list)
    if not person_ids and not enterprise_ids:
        return found
    rows = (
        Claim.objects.filter(
            Q(person_id__in=person_ids) | Q(person__isnull=True, enterprise_id__in=enterprise_ids)
        )
        .exclude(status__in=INACTIVE)
        .values_list(
            "id",
            "person_id",
            "enterprise_id",
            "scheme",
            "entitlement_date",
            "occupation",
            "level",
            "facts",
            "klass_id",
            "amount",
        )
    )
    for cid, pid, eid, scheme, day, occupation, level, facts, klass_id, amount in rows:
        key = ("p", pid) if pid else ("e", eid)
        facts = facts or {}
        item = HistoryItem(
            scheme, day, occupation or None, level or None, facts.get("months"), amount, facts.get("kind")
        )
        found[key].append(_Earlier(cid, item, day, klass_id))
    return found


def _filings(claims: list[Claim]) -> dict[int, list]:
    ids = {c.institution_id for c in claims if c.institution_id}
    by_institution: dict[int, list] = defaultdict(list)
    if not ids:
        return by_institution
    filings = Filing.objects.filter(institution_id__in=ids, status=Filing.Status.APPROVED).prefetch_related(
        "items"
    )
    for f in filings:
        by_institution[f.institution_id].append(f)
    return by_institution


def _filing_basis(claim: Claim, filings: list, training_scheme: str | None = None) -> tuple[bool, str]:
    day = claim.entitlement_date
    for f in filings:
        if (f.valid_from and day < f.valid_from) or (f.valid_until and day > f.valid_until):
            continue
        for item in f.items.all():
            if item.scheme != (training_scheme or claim.scheme) or (
                item.occupation and item.occupation != claim.occupation
            ):
                continue
            if item.level_list and claim.level and claim.level not in item.level_list:
                continue
            until = f"（有效期至 {f.valid_until}）" if f.valid_until else ""
            return True, f"第1条：培训机构已备案此项目{until}"
    return False, "第1条：培训机构在补贴发生日未备案此项目（职业、等级），培训不予补贴"


def _person_facts(person: Person | None) -> dict:
    if person is None:
        return {}
    return {
        "birth_date": person.birth_date.isoformat(),
        "sex": person.sex,
        "groups": person.group_list,
        "pension": person.pension,
    }


def run(claims: list[Claim], *, today: dt.date, catalogue=None) -> None:
    """Quote and check each claim in place: eligible, amount, basis, refusals, checked_on. Claims later
    in the list see the earlier ones that came out eligible, as if they had been created one by one.
    `catalogue` (what-if) quotes under another catalogue; nothing is saved here either way. By default:
    附件2 with HR's occupation directory (注2)."""
    catalogue = catalogue or current_catalogue()
    history = _history(claims)
    filings = _filings(claims)
    book = FactBook.load(
        person_ids=[c.person_id for c in claims], enterprise_ids=[c.enterprise_id for c in claims]
    )
    sessions = uplifts.practical_sessions([c.klass_id for c in claims])
    in_list = {c.pk for c in claims if c.pk}
    certificates = certificate_check.verify_many(claims)
    parsed, extras = [], []
    for index, claim in enumerate(claims):
        facts = dict(claim.facts)
        facts["person"] = _person_facts(claim.person) if claim.person_id else None
        facts.pop("history", None)
        if facts["person"] is None:
            facts.pop("person")
        # Lines the claim's services derived from records (routing 附件1, living days 第7条): kept in facts.
        explained = list(facts.pop("explain", None) or [])
        if claim.scheme == "living_allowance" and facts.get("group") and facts.get("person"):
            # 第7条: the group was held on the counted days (subsidies/living.py), whatever it is today.
            facts["person"]["groups"] = sorted({*facts["person"]["groups"], facts["group"]})
        # 附件2 注1 and 第3、10、11条: uplifts and enterprise facts come from the registry, never from input.
        facts.pop("uplift", None)
        codes, basis = uplifts.derive(claim, book, sessions)
        basis = explained + basis
        if codes:
            facts["uplift"] = codes
        refusals, more, overrides = preconditions.check(claim, book)
        basis += more
        facts.update(overrides)
        try:
            policy_claim, _ = parse_claim(facts, catalogue)
        except ContractError as exc:
            policy_claim = None
            refusals.append("facts_invalid")
            basis.append({"rule": "facts", "clause": "", "detail": f"申领信息有误：{exc}"})
        scheme = catalogue.scheme(claim.scheme)
        if claim.institution_id and (scheme is None or scheme.filed_training):
            # A living allowance rides on its class's training: the filing of that training counts.
            ok, detail = _filing_basis(
                claim, filings.get(claim.institution_id, []), facts.get("training_scheme")
            )
            basis.append({"rule": "filing", "clause": "第1条", "detail": detail})
            if not ok:
                refusals.append("institution_not_filed")
        outcome = certificates.get(index)
        claim.cert_pending = outcome is not None and outcome.state == "pending"
        if outcome is not None:
            basis.append(outcome.basis())
            if outcome.state == "mismatch":
                refusals.append("certificate_mismatch")
        if payees.account_missing(claim.payee_kind, claim.payee_account):
            refusals.append("payee_account_missing")
            basis.append({"rule": "payee", "clause": "第20条", "detail": "收款单位银行账号缺失，无法发放"})
        else:
            basis.append({"rule": "payee", "clause": "第20条", "detail": payees.basis_line(claim)})
        parsed.append(policy_claim)
        extras.append((refusals, basis))

    # The history each claim is quoted with: every other counting claim of the same subject.
    subjects_new: dict[tuple[str, int], list[_Earlier]] = defaultdict(list)
    for claim, policy_claim, (refusals, basis) in zip(claims, parsed, extras, strict=True):
        key = subject_of(claim)
        # "Earlier" claims: created before this one (a new claim comes after every stored one).
        earlier = [e for e in history.get(key, []) if not claim.pk or e.claim_id < claim.pk] + subjects_new[
            key
        ]
        for e in earlier:
            same_class = (
                claim.klass_id is not None and e.klass_id == claim.klass_id and e.item.scheme == claim.scheme
            )
            if (same_class or _same(e.item, _item(claim))) and "duplicate_claim" not in refusals:
                refusals.append("duplicate_claim")
                basis.append(
                    {
                        "rule": "duplicate",
                        "clause": "第20条",
                        "detail": f"已有相同的申领（#{e.claim_id}），不重复受理",
                    }
                )
        decision = None
        if policy_claim is not None:
            decision = quote_many([(policy_claim, tuple(e.item for e in earlier))], catalogue)[0]
            refusals = list(decision.refusals) + refusals
            basis = [{"rule": b.rule, "clause": b.clause, "detail": b.detail} for b in decision.basis] + basis
        claim.refusals = refusals
        claim.basis = basis
        claim.eligible = not refusals
        claim.amount = decision.amount if decision is not None and claim.eligible else ZERO
        claim.checked_on = today
        if claim.eligible and claim.pk not in in_list:
            subjects_new[key].append(
                _Earlier(claim.pk or 0, _item(claim, claim.amount), claim.entitlement_date, claim.klass_id)
            )


def _item(claim: Claim, amount: Decimal | None = None) -> HistoryItem:
    return HistoryItem(
        claim.scheme,
        claim.entitlement_date,
        claim.occupation or None,
        claim.level or None,
        claim.facts.get("months"),
        amount,
        claim.facts.get("kind"),
    )


def _same(a: HistoryItem, b: HistoryItem) -> bool:
    """The same subsidy claimed twice: scheme, date, occupation, level and months (not its amount)."""
    return (a.scheme, a.date, a.occupation, a.level, a.months) == (
        b.scheme,
        b.date,
        b.occupation,
        b.level,
        b.months,
    )
