from django import forms
from django.conf import settings

from skillup.accounts.models import TokenScope
from skillup.core.forms import Form


class ApiTokenForm(Form):
    """The profile page's new token: what for, how long, read or read-write. The range of days is the
    service's rule (api_token_create), so the page and the CLI say the same thing."""

    name = forms.CharField(label="用途", max_length=100, required=False)
    days = forms.IntegerField(label="有效天数")
    scope = forms.ChoiceField(label="权限", choices=TokenScope.choices, initial=TokenScope.READ_WRITE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        longest = settings.API_TOKEN_DAYS
        self.fields["days"].initial = longest
        self.fields["days"].widget.attrs.update(
            {"min": 1, "max": longest, "class": "form-control form-control-sm"}
        )
        self.fields["name"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": "例如：机构管理系统对接"}
        )
        self.fields["scope"].widget.attrs["class"] = "form-select form-select-sm"


class ApiTokenRevokeForm(Form):
    token = forms.IntegerField(min_value=1, max_value=2**63 - 1)
