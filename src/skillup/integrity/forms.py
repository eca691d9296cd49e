"""Forms of the integrity pages. They read the input into types; the rules live in the services."""

import datetime as dt
import re

from django import forms

from skillup.core.forms import Form
from skillup.integrity.models import SpotCheck
from skillup.integrity.selectors_spot import auditors

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class Styled(Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                continue
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)


class AuditorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class DrawForm(Styled):
    month = forms.CharField(
        label="抽查月份", widget=forms.TextInput(attrs={"type": "month"}), help_text="如 2021-06"
    )
    size = forms.IntegerField(
        label="抽取班级数",
        required=False,
        min_value=1,
        help_text="不填则按班级数的 5%（向上取整）抽取，且每个有班级的主管部门至少 1 个",
    )
    auditor = AuditorChoice(
        label="分配给评估人员",
        queryset=auditors(),
        required=False,
        empty_label="暂不分配（稍后在批次中分配）",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = auditors()

    def clean_month(self):
        m = MONTH.match(self.cleaned_data["month"].strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise forms.ValidationError("请按“年-月”填写月份，如 2021-06")
        return dt.date(int(m.group(1)), int(m.group(2)), 1)


class AssignForm(Styled):
    auditor = AuditorChoice(label="评估人员", queryset=auditors(), empty_label="请选择评估人员")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = auditors()


def _count(label):
    return forms.IntegerField(label=label, required=False, min_value=0)


class SpotCheckForm(Styled):
    visited_on = forms.DateField(label="检查日期", widget=forms.DateInput(attrs={"type": "date"}))
    interviewed = _count("到场核对/受访学员数")
    attended = _count("其中确认本人参训")
    called = _count("电话回访人数")
    reached = _count("其中接通并确认参训")
    certs_checked = _count("核对证书数")
    certs_genuine = _count("其中与证书库一致")
    result = forms.ChoiceField(label="结论", choices=SpotCheck.Result.choices, widget=forms.RadioSelect)
    notes = forms.CharField(
        label="评估意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="写明看到的情况；发现问题时写明问题，数字有不符但结论为未发现问题时写明原因",
    )


class ClearForm(Form):
    reason = forms.CharField(
        label="排除理由",
        max_length=500,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "class": "form-control",
                "placeholder": "写明核实经过和依据，如：电话回访 5 名学员均确认到课",
            }
        ),
    )
