"""Who each elite class is for (第8条), read from data/elite.yaml, and the check of one nominee against it:
the skill level held (the certificate register) and the employer on the day (the employment register)."""

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from skillup.certificates.models import Certificate, Family
from skillup.policy.catalogue import default_catalogue
from skillup.policy.model import CERTIFICATE_LEVELS, SKILL_LEVELS
from skillup.registry.facts import FactBook
from skillup.registry.models import Organisation, OrgKind, Person

DATA = Path(__file__).parent / "data" / "elite.yaml"
SCHEME = "elite_training"


@cache
def data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def target() -> dict:
    return data()["target"]


def class_rule(kind: str) -> dict:
    return data()["classes"][kind]


def out_of_province_default(kind: str) -> bool:
    """第8条: 技工班、巧匠班主要省内研修，大师班主要省外研修 — the catalogue's default for the class."""
    scheme = default_catalogue().scheme(SCHEME)
    return bool(scheme.out_of_province_default.get(kind, False)) if scheme else False


def rank(level: str) -> int:
    """A skill level's rank, the old (职业资格) and new (技能等级) names alike; -1 if not a level."""
    for names in (CERTIFICATE_LEVELS, SKILL_LEVELS):
        if level in names:
            return names.index(level)
    return -1


@dataclass
class Check:
    employer: Organisation | None = None
    certificate: Certificate | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def level(self) -> str:
        return self.certificate.level if self.certificate else ""


def highest_certificate(person: Person, day: dt.date) -> Certificate | None:
    certs = Certificate.objects.filter(
        person=person, family__in=(Family.QUALIFICATION, Family.SKILL_LEVEL), issued_on__lte=day
    ).exclude(level="")
    ranked = [c for c in certs if rank(c.level) >= 0]
    return max(ranked, key=lambda c: (rank(c.level), c.issued_on)) if ranked else None


def check(person: Person, *, kind: str, nominator: Organisation, day: dt.date) -> Check:
    """Every reason the person may not be nominated for the class by this organisation on the day."""
    rule = class_rule(kind)
    out = Check()
    book = FactBook.load(person_ids=[person.pk])
    if nominator.kind == OrgKind.ENTERPRISE:
        if book.employed_at(person.pk, nominator.pk, day) is None:
            out.problems.append(
                f"{person.name}在{day:%Y-%m-%d}不是本企业职工（以用工登记为准），企业只能推荐本单位职工"
            )
        else:
            out.employer = nominator
    else:
        out.employer = book.employer_on(person.pk, day)
        if out.employer is None:
            out.problems.append(
                f"{person.name}在{day:%Y-%m-%d}没有登记的工作单位，{kind}面向{rule['for']}（第8条）"
            )
    out.certificate = highest_certificate(person, day)
    allowed = rule["levels"]
    if out.certificate is None:
        out.problems.append(
            f"证书库中没有{person.name}的职业资格或技能等级证书；{kind}面向{rule['for']}（第8条），"
            "请先登记证书"
        )
    elif out.certificate.level not in allowed:
        c = out.certificate
        out.problems.append(
            f"{person.name}持有的最高等级为{c.level}（证书 {c.number}，{c.issued_on:%Y-%m-%d}），"
            f"{kind}面向{rule['for']}（第8条），应持 {'、'.join(allowed)} 证书"
        )
    return out
