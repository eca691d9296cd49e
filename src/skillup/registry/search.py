"""Searches that may hold an identity number never travel in a URL (issue 10 item 9; PIPL art. 51, OWASP
ASVS 8.3.1: a URL reaches the access log, proxies, the browser history and the Referer header).

The search forms of the list pages POST (with `_search=1`). `search_redirect(request)` answers that POST —
or a GET whose search field holds an identity number, e.g. an old bookmark — with a redirect to the same
page where the number is replaced by `qt=<token>`. The session keeps, under the token, the number's keyed
hash (never the number) and its masked form for the search box. Other words searched (names, codes) stay
in the URL as before. `search_term(request)` tells the view what to look for; the selectors take the hash.

    def people_list(request):
        if redirect := search_redirect(request):
            return redirect
        term = search_term(request)
        qs = person_search(qs, term.text, id_hash=term.id_hash)
"""

import secrets
from dataclasses import dataclass

from django.http import HttpResponseRedirect, QueryDict

from skillup.registry import crypto
from skillup.registry.validators import mask_id_number, validate_id_number

TOKEN = "qt"
MARKER = "_search"
SESSION_KEY = "id_searches"
KEEP = 20  # tokens kept per session, newest first
NOTHING = "-"  # the hash of an expired token: matches no row
SKIP = {"csrfmiddlewaretoken", "page", MARKER, TOKEN}


@dataclass(frozen=True)
class Term:
    text: str = ""  # free text (names, codes); never an identity number
    id_hash: str = ""  # the keyed hash of the identity number searched for
    masked: str = ""  # what the search box shows for it
    token: str = ""
    expired: bool = False

    @property
    def display(self) -> str:
        return self.masked or self.text

    def __bool__(self) -> bool:
        return bool(self.text or self.id_hash)


def identity_number(value: str) -> str | None:
    """The value as a valid identity number, or None (check digit and date included)."""
    try:
        return validate_id_number((value or "").strip())
    except ValueError:
        return None


def _stored(request, token: str) -> dict | None:
    for item in request.session.get(SESSION_KEY, []) if token else []:
        if secrets.compare_digest(item["t"], token):
            return item
    return None


def _store(request, number: str) -> str:
    token = secrets.token_urlsafe(6)
    item = {"t": token, "h": crypto.lookup_hash(number), "m": mask_id_number(number)}
    request.session[SESSION_KEY] = [item, *request.session.get(SESSION_KEY, [])][:KEEP]
    return token


def search_redirect(request, field: str = "q") -> HttpResponseRedirect | None:
    """The redirect that takes a search (POSTed, or a GET carrying a full number) to a URL without it."""
    if request.method == "POST" and request.POST.get(MARKER):
        data = request.POST
    elif request.method == "GET" and identity_number(request.GET.get(field, "")):
        data = request.GET
    else:
        return None
    params = QueryDict(mutable=True)
    for key in data:
        values = [v for v in data.getlist(key) if v != ""]
        if key not in SKIP and key != field and values:
            params.setlist(key, values)
    value = (data.get(field) or "").strip()
    current = _stored(request, data.get(TOKEN, ""))
    if number := identity_number(value):
        params[TOKEN] = _store(request, number)
    elif current is not None and value == current["m"]:
        params[TOKEN] = current["t"]  # the same search again, with other filters changed
    elif value:
        params[field] = value
    query = params.urlencode()
    return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))


def search_term(request, field: str = "q", data: QueryDict | None = None) -> Term:
    """What the page searches for: a token's hash, or the text of `field` (GET by default)."""
    data = request.GET if data is None else data
    token = data.get(TOKEN, "")
    if token:
        item = _stored(request, token)
        if item is None:
            return Term(id_hash=NOTHING, token=token, expired=True)
        return Term(id_hash=item["h"], masked=item["m"], token=token)
    value = (data.get(field) or "").strip()
    if number := identity_number(value):  # a caller that did not redirect first (never a page)
        return Term(id_hash=crypto.lookup_hash(number), masked=mask_id_number(number))
    return Term(text=value)


def refuse_in_url(value: str, *, field: str, instead: str) -> None:
    """The API's GET lists: a full identity number in the query string is refused (400), pointing to the
    POST search that takes it in the body instead."""
    from skillup.core.errors import RuleViolation

    if identity_number(value):
        raise RuleViolation(f"身份证号不能放在网址中（网址会记入访问日志），请改用 {instead}", field=field)
