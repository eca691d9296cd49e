"""Money held by integrity findings (issue 11 item 3): one rule, read by finance's step and batch entry.

A claim is held while an open finding of score ≥ 0.5 stands on the claim itself, on its class or on its
person (a finding on a person covers that person's claims, INTEGRITY.md), until it is cleared. A finding a
case confirmed is not cleared: it goes on holding (a claim made or resubmitted later on a confirmed class
or person is not paid either). A cleared or lapsed finding holds nothing; nothing keeps a copy of the
state, so clearing frees the money at once. An institution's finding does
not hold its classes' money: it names them, and their own findings do. Lower apps reach this through the
`holds` extension point (core/registry.claim_holds), so subsidies and fund never import integrity.
"""

from __future__ import annotations

from django.db.models import Q

from skillup.integrity.engine import LABELS
from skillup.integrity.models import FLAG, Finding

HOLDING = (Finding.Status.OPEN, Finding.Status.CONFIRMED)


def holds(claims) -> dict[int, list[str]]:
    """claim id → the Chinese reasons it is held (empty for a claim that is free to pay)."""
    claims = list(claims)
    if not claims:
        return {}
    klass_ids = {c.klass_id for c in claims if c.klass_id}
    person_ids = {c.person_id for c in claims if c.person_id}
    open_flags = Finding.objects.filter(status__in=HOLDING, score__gte=FLAG).filter(
        Q(claim_id__in=[c.pk for c in claims])
        | Q(subject_type=Finding.Subject.CLASS, klass_id__in=klass_ids)
        | Q(subject_type=Finding.Subject.PERSON, person_id__in=person_ids)
    )
    by_claim: dict[int, list[Finding]] = {}
    by_class: dict[int, list[Finding]] = {}
    by_person: dict[int, list[Finding]] = {}
    for f in open_flags.only(
        "pk", "status", "subject_type", "subject_ref", "signal", "score", "claim_id", "klass_id", "person_id"
    ):
        if f.subject_type == Finding.Subject.CLAIM:
            by_claim.setdefault(f.claim_id, []).append(f)
        elif f.subject_type == Finding.Subject.CLASS:
            by_class.setdefault(f.klass_id, []).append(f)
        elif f.subject_type == Finding.Subject.PERSON:
            by_person.setdefault(f.person_id, []).append(f)
    out: dict[int, list[str]] = {}
    for c in claims:
        found = by_claim.get(c.pk, []) + by_class.get(c.klass_id, []) + by_person.get(c.person_id, [])
        if found:
            out[c.pk] = [reason(f) for f in found]
    return out


def reason(f: Finding) -> str:
    where = {"claim": "本申领", "class": "所在班级", "person": "申领人"}.get(f.subject_type, "")
    if f.status == Finding.Status.CONFIRMED:
        return f"{where}的诚信线索 #{f.pk}「{LABELS.get(f.signal, f.signal)}」已经核查案件查实，不予支付"
    return (
        f"{where}有未处理的诚信线索 #{f.pk}「{LABELS.get(f.signal, f.signal)}」（风险分 {f.score}），"
        "须由人社局或第三方评估人员核实排除后才能继续"
    )
