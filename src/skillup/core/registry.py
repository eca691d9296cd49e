"""Extension points that let each app add to the shell without the shell importing the app.

An app contributes navigation with a `nav.py` module defining `NAV` (a list of `NavItem`), and items for
the role home pages with a `home.py` module defining `todo(user) -> list[Todo]`; an app that can hold a
claim's money (integrity's open findings) provides a `holds.py` module defining
`holds(claims) -> {claim id: [reason, …]}`; an app that adds a section to another app's object page (the
class, claim, person pages) provides a `panels.py` module defining `panels(request, obj) -> [html, …]`
(rendered, already scoped to request.user; an empty list for objects it has nothing to say about), which
the page shows with `{% object_panels obj %}`; an app that reacts to another's business event (the
market telling a group's members that their class was approved, or a trainee that their subsidy was paid)
provides a `listeners.py` module defining `on(event, data)`, called by `announce(event, **data)` inside
the announcing service's transaction. All are discovered over INSTALLED_APPS, so dependencies keep
pointing one way.
"""

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100
    group: str = ""


@dataclass
class Todo:
    title: str
    count: int | None = None
    url: str = ""
    hint: str = ""
    level: str = "primary"  # bootstrap colour: primary, warning, danger, success
    extra: dict = field(default_factory=dict)


def _app_modules(name: str) -> list:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("skillup."):
            continue
        try:
            found.append(import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return found


@cache
def nav_items() -> list[NavItem]:
    items: list[NavItem] = []
    for module in _app_modules("nav"):
        items.extend(module.NAV)
    return sorted(items, key=lambda item: (item.order, item.label))


def todos(user) -> list[Todo]:
    result: list[Todo] = []
    for module in _app_modules("home"):
        result.extend(module.todo(user))
    return result


def claim_holds(claims) -> dict[int, list[str]]:
    """claim id → every reason its money is held now (finance's step and batch entry read this)."""
    claims = list(claims)
    merged: dict[int, list[str]] = {}
    if not claims:
        return merged
    for module in _app_modules("holds"):
        for pk, reasons in module.holds(claims).items():
            merged.setdefault(pk, []).extend(reasons)
    return merged


def object_panels(request, obj) -> list[str]:
    """The rendered sections other apps add to `obj`'s page ({% object_panels obj %}), in app order."""
    html: list[str] = []
    for module in _app_modules("panels"):
        html.extend(module.panels(request, obj))
    return html


def announce(event: str, **data) -> None:
    """Tell every app's `listeners.on(event, data)` that `event` happened (inside the caller's
    transaction: a listener's rows commit or roll back with the action; side effects wait for the commit)."""
    for module in _app_modules("listeners"):
        module.on(event, data)
