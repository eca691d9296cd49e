"""A finding's evidence records made readable for its page (issue 11 item 2).

The engine writes evidence as short lines (shared/INTEGRITY.md): `attendance <class> <person> <moment>`,
`person <person> [<birth date>]`, `claim <claim> <person or class>`. Here they become tables: attendance
lines with the class, the trainee and the check-in moment; people with their name and masked identity
number; claims with their number. Names and links appear only for what the reader may see anyway (the
classes, people and claims selectors of the apps below); anything else keeps its opaque reference, and
a line of any other shape is shown as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import reverse

from skillup.integrity.export import ref_pk
from skillup.registry.selectors import people_visible_to
from skillup.subsidies.selectors import claims_visible_to
from skillup.training.selectors import classes_visible_to

PERSON_REF = re.compile(r"^P\d{1,12}$")
CLAIM_REF = re.compile(r"^A\d{1,12}$")


@dataclass
class Ref:
    ref: str
    label: str = ""
    url: str = ""
    extra: str = ""  # the masked identity number beside a person's name


@dataclass
class Evidence:
    attendance: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.attendance or self.people or self.claims or self.other)


def readable(user, lines: list) -> Evidence:
    parsed = []
    person_refs: set[str] = set()
    claim_refs: set[str] = set()
    class_codes: set[str] = set()
    for line in lines or []:
        parts = str(line).split()
        kind = parts[0] if parts else ""
        if kind == "attendance" and len(parts) == 4:
            class_codes.add(parts[1])
            person_refs.add(parts[2])
        elif kind == "person" and len(parts) in (2, 3):
            person_refs.add(parts[1])
        elif kind == "claim" and len(parts) == 3 and CLAIM_REF.match(parts[1]):
            claim_refs.add(parts[1])
            (person_refs if PERSON_REF.match(parts[2]) else class_codes).add(parts[2])
        else:
            kind = "other"
        parsed.append((kind, parts, str(line)))
    people, claims, classes = (
        _people(user, person_refs),
        _claims(user, claim_refs),
        _classes(user, class_codes),
    )

    def person(ref: str) -> Ref:
        return people.get(ref) or Ref(ref)

    def klass(code: str) -> Ref:
        return classes.get(code) or Ref(code)

    out = Evidence()
    for kind, parts, line in parsed:
        if kind == "attendance":
            out.attendance.append(
                {"klass": klass(parts[1]), "person": person(parts[2]), "at": parts[3].replace("T", " ")}
            )
        elif kind == "person":
            out.people.append({"person": person(parts[1]), "birth_date": parts[2] if len(parts) == 3 else ""})
        elif kind == "claim":
            other = person(parts[2]) if PERSON_REF.match(parts[2]) else klass(parts[2])
            out.claims.append({"claim": claims.get(parts[1]) or Ref(parts[1]), "other": other})
        else:
            out.other.append(line)
    return out


def _people(user, refs: set[str]) -> dict[str, Ref]:
    pks = {ref_pk(r): r for r in refs if PERSON_REF.match(r)}
    if not pks:
        return {}
    rows = people_visible_to(user).filter(pk__in=list(pks)).values_list("pk", "name", "id_masked")
    return {
        pks[pk]: Ref(pks[pk], name, reverse("person_detail", args=[pk]), masked) for pk, name, masked in rows
    }


def _claims(user, refs: set[str]) -> dict[str, Ref]:
    pks = {ref_pk(r): r for r in refs}
    if not pks:
        return {}
    rows = claims_visible_to(user).filter(pk__in=list(pks)).values_list("pk", "amount")
    return {
        pks[pk]: Ref(pks[pk], f"申领 #{pk}（{amount:.2f} 元）", reverse("claim_detail", args=[pk]))
        for pk, amount in rows
    }


def _classes(user, codes: set[str]) -> dict[str, Ref]:
    if not codes:
        return {}
    rows = classes_visible_to(user).filter(code__in=list(codes)).values_list("code", "occupation", "level")
    return {
        code: Ref(code, f"{code} {occupation}{level}", reverse("training_class_detail", args=[code]))
        for code, occupation, level in rows
    }
