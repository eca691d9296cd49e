from skillup.records.panels_credentials import panels as credentials_panels


def panels(request, obj) -> list[str]:
    return credentials_panels(request, obj)
