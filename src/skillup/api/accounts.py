import datetime as dt

from django.utils import timezone
from ninja import Router, Schema

router = Router(tags=["账号"])


class OrganisationOut(Schema):
    kind: str
    code: str
    name: str


class FilingOut(Schema):
    scheme: str
    occupation: str
    levels: list[str]
    valid_until: dt.date


class TokenOut(Schema):
    scope: str
    expires_at: dt.datetime


class MeOut(Schema):
    username: str
    role: str
    role_name: str
    organisation: OrganisationOut | None = None
    filings: list[FilingOut] | None = None
    token: TokenOut | None = None


@router.get("/me", response=MeOut, summary="当前用户（及所用令牌的权限和有效期）")
def me(request):
    user = request.user
    org = user.organisation
    filings = None
    if user.role == "institution" and org is not None:
        from skillup.registry.selectors_filing import current_filing_items

        filings = [
            {
                "scheme": i.scheme,
                "occupation": i.occupation,
                "levels": i.level_list,
                "valid_until": i.filing.valid_until,
            }
            for i in current_filing_items(org.pk)
        ]
    token = getattr(request, "api_token", None)
    return {
        "token": {"scope": token.scope, "expires_at": timezone.localtime(token.expires_at)}
        if token
        else None,
        "filings": filings,
        "username": user.username,
        "role": user.role,
        "role_name": user.get_role_display(),
        "organisation": {"kind": org.kind, "code": org.code, "name": org.name} if org else None,
    }
