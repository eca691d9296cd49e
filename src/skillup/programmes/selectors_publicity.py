"""Reads of the publicity pages (第21条). The public sees published articles only (anything else is 404);
the editor's list is HR's (district-wide) and empty for everyone else. The policy explanations are built
from the catalogue in force, on the business date."""

from django.db.models import QuerySet

from skillup.core import clock
from skillup.policy import catalogue as policy_catalogue
from skillup.policy import explain
from skillup.programmes.models_publicity import Article
from skillup.programmes.permissions import HR_ROLES


def policy_explanation() -> explain.Explanation:
    # Looked up on the module each time, so a changed catalogue (or a test's) is what the page shows.
    return explain.explain(policy_catalogue.default_catalogue(), on=clock.today())


def articles_public(kind: str = "") -> QuerySet[Article]:
    qs = Article.objects.filter(status=Article.Status.PUBLISHED).defer("body")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-published_on", "-id")


def article_public(pk: int) -> Article:
    """A published article, or Article.DoesNotExist (the view answers 404)."""
    return Article.objects.filter(status=Article.Status.PUBLISHED).get(pk=pk)


def latest_public(per_kind: int = 3) -> dict[str, list[Article]]:
    """The newest few of each column, for the public front page (one query per column)."""
    return {kind: list(articles_public(kind)[:per_kind]) for kind in Article.Kind.values}


def articles_visible_to(user) -> QuerySet[Article]:
    qs = Article.objects.select_related("author", "reviewer", "published_by", "consent_recorded_by")
    if user.role in HR_ROLES:
        return qs
    return qs.none()


def article_list(user, *, kind: str = "", status: str = "", q: str = "") -> QuerySet[Article]:
    qs = articles_visible_to(user).defer("body").order_by("-updated_at", "-id")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs


def waiting_review(user) -> QuerySet[Article]:
    """Articles submitted by someone else, waiting for this HR officer's review."""
    return articles_visible_to(user).filter(status=Article.Status.SUBMITTED).exclude(author=user)
