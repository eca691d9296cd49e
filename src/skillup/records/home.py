"""Home tiles of the record and the credentials: the trainee's record and live credentials; HR's
certificates without a credential yet, and confirmed cases whose certificates still verify as valid."""

from django.urls import reverse

from skillup.accounts.roles import Role
from skillup.core.registry import Todo
from skillup.records import selectors_credentials as sel
from skillup.records.permissions_credentials import can_issue_credential


def todo(user) -> list[Todo]:
    if user.role == Role.TRAINEE and user.person_id:
        return _trainee(user)
    if can_issue_credential(user):
        return _hr(user)
    return []


def _trainee(user) -> list[Todo]:
    tiles = [
        Todo(
            "我的终身档案",
            None,
            reverse("records:mine"),
            "全部培训、证书和补贴；可下载 PDF 或分享给用人单位",
        )
    ]
    live = sel.credentials_visible(user).filter(revoked_at__isnull=True).count()
    if live:
        tiles.append(
            Todo(
                "我的证书凭证",
                live,
                reverse("credentials:list"),
                "用人单位扫码即可核验；可生成有期限的分享链接，随时撤销",
                level="success",
            )
        )
    return tiles


def _hr(user) -> list[Todo]:
    tiles = []
    missing = sel.certificates_without_credential().count()
    if missing:
        tiles.append(
            Todo(
                "尚未签发凭证的证书",
                missing,
                reverse("credentials:list"),
                "在“证书凭证”页一键签发，持证人即可扫码核验",
            )
        )
    live = sel.live_credentials_of_confirmed_cases(user).count()
    if live:
        tiles.append(
            Todo(
                "查实案件的证书凭证待撤销",
                live,
                reverse("integrity:cases") + "?outcome=confirmed",
                "案件已查实，涉案证书的凭证仍显示有效；在案件页勾选撤销",
                level="danger",
            )
        )
    return tiles
