"""Issue 12, "one rule, one place": a permission is one `can_<action>` verdict next to its service;
views and templates never re-derive it, and there is one "not allowed" error."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "skillup"
MAY = re.compile(r"\b_?(?:may|MAY)_\w+")


def _files(pattern: str):
    return sorted(SRC.glob(pattern))


def test_no_may_flags_anywhere():
    """Not in views, templates or the API, and not in services either: a rule is its can_ verdict."""
    offenders = [
        f"{path.relative_to(SRC)}: {', '.join(sorted(set(MAY.findall(path.read_text(encoding='utf-8')))))}"
        for path in [*SRC.glob("*/**/*.py"), *_files("templates/**/*.html")]
        if "migrations" not in path.parts and MAY.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "use the app's can_<action> verdict instead:\n" + "\n".join(offenders)


def test_one_not_allowed_error():
    """Project code raises NotAllowed (core.errors), never PermissionError or Django's PermissionDenied,
    and no view converts one into the other."""
    pattern = re.compile(r"\b(raise|except)\s*\(?\s*(PermissionError|PermissionDenied)\b")
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_every_can_function_is_registered_for_templates():
    from skillup.core.permissions import PERMISSIONS

    defined = {
        m.group(1)
        for path in _files("*/permissions.py")
        for m in re.finditer(r"^def can_([a-z_]+)\(", path.read_text(encoding="utf-8"), re.M)
    }
    assert defined, "no app declares a permission"
    assert defined <= set(PERMISSIONS), sorted(defined - set(PERMISSIONS))


def test_a_refused_action_shows_its_reason_on_the_403_page(cast):
    """NotAllowed carries the verdict's Chinese reason to the page, not only a generic text."""
    from django.test import RequestFactory

    from skillup.core.errors import NotAllowed
    from skillup.core.views import permission_denied

    request = RequestFactory().get("/training/")
    request.user = cast.dept
    page = permission_denied(request, NotAllowed("只有该班的主管部门可以审批"))
    assert page.status_code == 403 and "只有该班的主管部门可以审批" in page.content.decode()
    api = permission_denied(RequestFactory().get("/api/v1/classes"), NotAllowed("只有该班的主管部门可以审批"))
    assert api.status_code == 403 and "只有该班的主管部门可以审批" in api.content.decode()
