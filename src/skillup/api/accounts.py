from ninja import Router, Schema

router = Router(tags=["账号"])


class OrganisationOut(Schema):
    kind: str
    code: str
    name: str


class MeOut(Schema):
    username: str
    role: str
    role_name: str
    organisation: OrganisationOut | None = None


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.user
    org = user.organisation
    return {
        "username": user.username,
        "role": user.role,
        "role_name": user.get_role_display(),
        "organisation": {"kind": org.kind, "code": org.code, "name": org.name} if org else None,
    }
