"""Builders for the integrity tests that need the database: a stored finding on a class, claim or person
(as a scan would store it), and claims that reach Finance's step or are paid."""

from decimal import Decimal

from skillup.integrity.engine import LABELS
from skillup.integrity.export import claim_ref, person_ref
from skillup.integrity.models import Finding

_seq = {"n": 0}


def finding(
    *,
    klass=None,
    claim=None,
    person=None,
    signal="shared_phones",
    score="0.80",
    status=Finding.Status.OPEN,
    raised_by=None,
    source=Finding.Source.ENGINE,
) -> Finding:
    """An engine finding on one subject, its FKs filled the way `services._subjects` fills them."""
    _seq["n"] += 1
    fields: dict = {}
    if claim is not None:
        kind, ref = Finding.Subject.CLAIM, claim_ref(claim.pk)
        klass_of = claim.klass
        fields = {
            "claim": claim,
            "klass": klass_of,
            "person": claim.person,
            "institution_id": claim.institution_id or (klass_of.institution_id if klass_of else None),
            "department_id": claim.department_id,
        }
    elif klass is not None:
        kind, ref = Finding.Subject.CLASS, klass.code
        fields = {
            "klass": klass,
            "institution_id": klass.institution_id,
            "department_id": klass.department_id,
        }
    else:
        kind, ref = Finding.Subject.PERSON, person_ref(person.pk)
        fields = {"person": person}
    return Finding.objects.create(
        key=f"{kind}:{ref}:{signal}:{_seq['n']}",
        signal=signal,
        source=source,
        subject_type=kind,
        subject_ref=ref,
        score=Decimal(score),
        detail=f"测试线索：{ref} 触发「{LABELS.get(signal, '其他')}」",
        evidence=[{"type": "note", "text": "测试证据"}],
        status=status,
        raised_by=raised_by,
        **fields,
    )
