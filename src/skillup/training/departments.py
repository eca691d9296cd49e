"""The competent department of a class or an application, derived from annex 1 (附件1, 第19条, 第20条).

The rules are data (`data/departments.yaml`): an ordered list, first match wins, in five tiers —
certificate-issuing departments, a department's own programme, the trainees' group, the trainees'
employer, the occupation's sector — then the default (人社局). The YAML explains the order. This module only
applies them; class submission, class claims and applications all call `competent_department`.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data" / "departments.yaml"
CONDITIONS = ("schemes", "occupations", "groups", "employer_kinds")
STATE_OWNED = "state_owned"


@dataclass(frozen=True)
class Competent:
    code: str
    cite: str


def normalise(name: str | None) -> str:
    """Full/half-width and spaces never change the match: `ＡＩ 训练师` == `AI训练师`."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


@dataclass(frozen=True)
class Rule:
    department: str
    cite: str
    schemes: frozenset[str]
    occupations: frozenset[str]
    groups: frozenset[str]
    employer_kinds: frozenset[str]

    def matches(self, scheme: str, occupation: str, groups: set[str], employer_kind: str) -> bool:
        return (
            (not self.schemes or scheme in self.schemes)
            and (not self.occupations or occupation in self.occupations)
            and (not self.groups or bool(groups & self.groups))
            and (not self.employer_kinds or employer_kind in self.employer_kinds)
        )


@cache
def _rules() -> tuple[tuple[Rule, ...], Competent]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    rules = []
    for n, row in enumerate(data["rules"], start=1):
        unknown = set(row) - {"department", "cite", *CONDITIONS}
        if unknown or not row.get("department") or not row.get("cite"):
            raise ValueError(f"departments.yaml rule {n}: needs department and cite, got {sorted(row)}")
        if not any(row.get(c) for c in CONDITIONS):
            raise ValueError(f"departments.yaml rule {n}: names no condition")
        rules.append(
            Rule(
                department=row["department"],
                cite=row["cite"],
                schemes=frozenset(row.get("schemes") or ()),
                occupations=frozenset(normalise(o) for o in row.get("occupations") or ()),
                groups=frozenset(row.get("groups") or ()),
                employer_kinds=frozenset(row.get("employer_kinds") or ()),
            )
        )
    default = Competent(code=data["default"]["department"], cite=data["default"]["cite"])
    return tuple(rules), default


def rules() -> tuple[Rule, ...]:
    return _rules()[0]


def default() -> Competent:
    return _rules()[1]


def competent_department(
    scheme: str = "",
    occupation: str | None = "",
    groups: Iterable[str] = (),
    employer_kind: str | None = "",
) -> Competent:
    """The department that is competent for this training or claim, with the annex-1 row it comes from."""
    name, held, kind = normalise(occupation), set(groups or ()), employer_kind or ""
    for rule in rules():
        if rule.matches(scheme or "", name, held, kind):
            return Competent(code=rule.department, cite=rule.cite)
    return default()


def employer_kind_of(enterprise) -> str:
    """The kind of an employer that routing reads: state-owned (国有或国有控股) first, else its kind."""
    if enterprise is None:
        return ""
    return STATE_OWNED if enterprise.state_owned else (enterprise.kind or "")


def all_codes() -> set[str]:
    return {default().code} | {r.department for r in rules()}


def department_of(competent: Competent):
    """The organisation of a derived department (人社局 if the code is not registered)."""
    from skillup.core.errors import RuleViolation
    from skillup.registry.models import Organisation, OrgKind

    found = {
        o.code: o
        for o in Organisation.objects.filter(
            kind__in=[OrgKind.DEPARTMENT, OrgKind.HR], code__in=[competent.code, default().code]
        )
    }
    department = found.get(competent.code) or found.get(default().code)
    if department is None:
        raise RuleViolation("系统未配置主管部门，请联系人社局", field="scheme")
    return department
