"""One rule, one place: each action has one `can_<action>(actor, obj) -> Verdict`, next to its service.

The service calls `require(can_x(actor, obj))` before it writes; the view passes the verdict to the
template (or the template asks `{% can "x" obj as allowed %}`); the API handler calls the same service and
gets the same `NotAllowed`. Nothing re-derives a rule from roles or statuses outside its `can_` function
(tests/core/test_one_rule.py greps views and templates for `may_` flags).

A verdict is truthy when allowed and carries the Chinese reason when it is not, so a page can show why a
button is missing instead of hiding it silently.

    @permission
    def can_review_claim(actor, claim) -> Verdict:
        if actor.role not in REVIEWERS:
            return refuse("您的角色不参与补贴审核")
        return ALLOWED

Every function decorated with `@permission` is registered under its name without `can_` for the
template tag; `core.apps` imports each app's `permissions` module at start-up.
"""

from collections.abc import Callable
from dataclasses import dataclass

from skillup.core.errors import NotAllowed


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


def refuse(reason: str) -> Verdict:
    return Verdict(False, reason)


def require(verdict: Verdict) -> None:
    """Raises the one "not allowed" error with the verdict's reason."""
    if not verdict:
        raise NotAllowed(verdict.reason)


PERMISSIONS: dict[str, Callable[..., Verdict]] = {}


def permission(fn: Callable[..., Verdict]) -> Callable[..., Verdict]:
    name = fn.__name__.removeprefix("can_")
    if name in PERMISSIONS and PERMISSIONS[name] is not fn:
        raise RuntimeError(f"permission {name!r} is defined twice")
    PERMISSIONS[name] = fn
    return fn


def check(name: str, actor, obj=None) -> Verdict:
    try:
        fn = PERMISSIONS[name]
    except KeyError:
        raise KeyError(f"no permission named {name!r}; define can_{name} with @permission") from None
    return fn(actor, obj) if obj is not None else fn(actor)
