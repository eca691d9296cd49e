from django import forms

from skillup.core.forms import Form
from skillup.whatif import overlay
from skillup.whatif.services import YEARS


def _style(form: forms.Form) -> None:
    for f in form.fields.values():
        f.widget.attrs["class"] = (
            "form-select form-select-sm"
            if isinstance(f.widget, forms.Select)
            else "form-control form-control-sm"
        )


class DraftForm(Form):
    name = forms.CharField(label="草案名称", max_length=100)
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ChangeForm(Form):
    """Entry, field and value are checked by the service (one place), so bad input gets its message there."""

    entry = forms.CharField(label="项目与标准条目", widget=forms.Select)
    field = forms.ChoiceField(label="修改内容", choices=[("", "请选择")] + list(overlay.FIELD_LABELS.items()))
    value = forms.CharField(
        label="新值", max_length=40, required=False, help_text="金额、比例或日期 YYYY-MM-DD"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list] = {}
        for e in overlay.entries():
            groups.setdefault(e.group, []).append((e.key, f"{e.label}：{e.summary()}"))
        self.fields["entry"].widget.choices = [("", "请选择")] + list(groups.items())
        self.fields["field"].required = False
        self.fields["entry"].required = False
        _style(self)


class RunForm(Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=[(y, f"{y}年") for y in YEARS])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
