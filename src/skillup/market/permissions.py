"""Who may do what with the training supermarket's offers (第17条): one `can_<action>` verdict per action,
used by the services, the pages and the API alike."""

from skillup.accounts.roles import Role
from skillup.core.permissions import ALLOWED, Verdict, permission, refuse

HR_ROLES = (Role.HR, Role.HR_ADMIN)


def _own(actor, offer) -> bool:
    return (
        actor.role == Role.INSTITUTION
        and bool(actor.organisation_id)
        and (offer is None or actor.organisation_id == offer.institution_id)
    )


@permission
def can_create_offer(actor) -> Verdict:
    """A training institution's staff put courses on the supermarket (within its filing, checked by the
    service)."""
    if actor.role != Role.INSTITUTION or not actor.organisation_id:
        return refuse("只有培训机构可以发布培训课程")
    return ALLOWED


@permission
def can_edit_offer(actor, offer) -> Verdict:
    """The institution edits its offer while it is a draft, or after HR took it down (to correct it)."""
    if not _own(actor, offer):
        return refuse("只有发布该课程的培训机构可以修改")
    if offer.status not in ("draft", "unpublished"):
        return refuse(f"课程{offer.get_status_display()}，不能修改；如需调整请先结束后重新发布")
    return ALLOWED


@permission
def can_publish_offer(actor, offer) -> Verdict:
    if not _own(actor, offer):
        return refuse("只有发布该课程的培训机构可以上架")
    if offer.status not in ("draft", "unpublished"):
        return refuse(f"课程{offer.get_status_display()}，不能上架")
    return ALLOWED


@permission
def can_close_offer(actor, offer) -> Verdict:
    """The institution ends an offer (no more sign-ups); a draft or a taken-down offer too."""
    if not _own(actor, offer):
        return refuse("只有发布该课程的培训机构可以结束课程")
    if offer.status == "closed":
        return refuse("课程已结束")
    return ALLOWED


@permission
def can_unpublish_offer(actor, offer) -> Verdict:
    """HR takes a published offer down, with a reason the institution sees."""
    if actor.role not in HR_ROLES:
        return refuse("只有人社局可以下架课程")
    if offer.status != "published":
        return refuse(f"课程{offer.get_status_display()}，不能下架")
    return ALLOWED


@permission
def can_manage_offers(actor) -> Verdict:
    """The "my offers" pages: an institution its own, HR every institution's (to take one down)."""
    if actor.role in HR_ROLES or (actor.role == Role.INSTITUTION and actor.organisation_id):
        return ALLOWED
    return refuse("只有培训机构和人社局可以管理课程")
