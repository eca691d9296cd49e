"""Verification before money moves (第13条, 附件2 职业技能等级).

A claim of a verified scheme must name a registered certificate of the claimant: an allowed family, the
claim's level (职业资格 and 技能等级 levels that are the same count alike), the claim's occupation when it
names one (normalised), issued on or before the claim's date and on a day a standard of the scheme for
that level was in force (the scheme's validity window in the policy catalogue). Worked out for many claims
with one query, for the automatic checks (`subsidies.checks.run`).

Outcomes: `matched` (the basis cites the certificate), `pending` (not registered, or registered but not
matching: the claim waits for HR in the 待核验证书 queue), `mismatch` (HR has verified the certificate and
it does not fit the claim: refused, `certificate_mismatch`).
"""

import datetime as dt
from dataclasses import dataclass

from skillup.certificates import rules
from skillup.certificates.models import Certificate
from skillup.certificates.normalise import certificate_number, occupation_key
from skillup.policy.catalogue import default_catalogue

VERIFIED_FACT = "certificate_id"  # set on a claim's facts when HR accepted its certificate


@dataclass
class Outcome:
    state: str  # matched | pending | mismatch
    certificate: Certificate | None
    detail: str
    clause: str

    def basis(self) -> dict:
        return {"rule": "certificate", "clause": self.clause, "detail": self.detail}


def applies(claim) -> bool:
    return claim.scheme in rules.verified_schemes() and claim.person_id is not None


def _why_not(cert: Certificate, claim, families) -> str | None:
    """Why this registered certificate does not carry the claim, or None when it does."""
    if cert.family not in families:
        return f"证书类别为{cert.get_family_display()}，本项目须为" + "或".join(
            rules.family_name(f) for f in families
        )
    if claim.level and not rules.same_level(cert.level, claim.level):
        return f"证书等级为“{cert.level or '无'}”，与申领等级“{claim.level}”不符"
    if claim.occupation and occupation_key(claim.occupation) != cert.occupation_key:
        return f"证书职业为“{cert.occupation or '无'}”，与申领职业“{claim.occupation}”不符"
    if cert.issued_on > claim.entitlement_date:
        return f"发证日期 {cert.issued_on} 晚于补贴发生日期 {claim.entitlement_date}"
    if not _in_window(claim.scheme, claim.level, cert.issued_on):
        return f"发证日期 {cert.issued_on} 不在本项目补贴标准的有效期内"
    return None


def _in_window(scheme_code: str, level: str, day: dt.date) -> bool:
    scheme = default_catalogue().scheme(scheme_code)
    if scheme is None:
        return False
    entries = scheme.entries_at((level,)) if level else None
    entries = entries if entries is not None else tuple(scheme.all_entries())
    return any(e.covers(day) for e in entries)


def _cites(cert: Certificate) -> str:
    return (
        f"证书 {cert.number} 已在证书库登记：{cert.get_family_display()}"
        f"{(' ' + cert.occupation) if cert.occupation else ''} {cert.level}，"
        f"发证机构 {cert.issuer_name}，发证日期 {cert.issued_on}（{cert.get_source_display()}）"
    )


def verify_many(claims) -> dict[int, Outcome]:
    """Outcome per claim (keyed by position in `claims`) for the claims of verified schemes."""
    todo = [(i, c) for i, c in enumerate(claims) if applies(c)]
    if not todo:
        return {}
    ids = {c.facts.get(VERIFIED_FACT) for _i, c in todo} - {None}
    numbers = {certificate_number(c.facts.get("certificate_no", "")) for _i, c in todo} - {""}
    people = {c.person_id for _i, c in todo}
    found = list(
        Certificate.objects.filter(person_id__in=people, number__in=numbers)
        | Certificate.objects.filter(pk__in=ids)
    )
    by_key: dict[tuple[int, str], list[Certificate]] = {}
    by_id = {cert.pk: cert for cert in found}
    for cert in found:
        by_key.setdefault((cert.person_id, cert.number), []).append(cert)
    out: dict[int, Outcome] = {}
    for index, claim in todo:
        conf = rules.verified_schemes()[claim.scheme]
        families, clause = conf["families"], conf["clause"]
        number = certificate_number(claim.facts.get("certificate_no", ""))
        verified_id = claim.facts.get(VERIFIED_FACT)
        if verified_id is not None:
            cert = by_id.get(verified_id)
            why = _why_not(cert, claim, families) if cert else "核验登记的证书不存在"
            if why is None:
                out[index] = Outcome("matched", cert, _cites(cert), clause)
            else:
                out[index] = Outcome("mismatch", cert, f"人社局核验的证书不能作为本申领的依据：{why}", clause)
            continue
        if not number:
            out[index] = Outcome("pending", None, "未填写证书编号，待人社局核验证书", clause)
            continue
        reasons = []
        for cert in by_key.get((claim.person_id, number), []):
            why = _why_not(cert, claim, families)
            if why is None:
                out[index] = Outcome("matched", cert, _cites(cert), clause)
                break
            reasons.append(why)
        else:
            detail = (
                f"证书 {number} 已登记但{'；'.join(reasons)}"
                if reasons
                else f"证书 {number} 未在证书库本人名下登记"
            )
            out[index] = Outcome("pending", None, f"{detail}，待人社局核验证书后再审核", clause)
    return out
