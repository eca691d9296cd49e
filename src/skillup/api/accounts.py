import datetime as dt

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


class MeOut(Schema):
    username: str
    role: str
    role_name: str
    organisation: OrganisationOut | None = None
    filings: list[FilingOut] | None = None


@router.get("/me", response=MeOut, summary="当前用户")
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
    return {
        "filings": filings,
        "username": user.username,
        "role": user.role,
        "role_name": user.get_role_display(),
        "organisation": {"kind": org.kind, "code": org.code, "name": org.name} if org else None,
    }
