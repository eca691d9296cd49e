from django import forms

from skillup.core.forms import Form, NoControlCharacters
from skillup.policy.catalogue import default_catalogue


class ReviewForm(Form):
    decision = forms.ChoiceField(label="结论", choices=[("approve", "通过"), ("reject", "退回")])
    reason = forms.CharField(
        label="理由",
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "退回时必填"}),
    )


# The person an enterprise's claim names (its technician, apprentice or graduate): required for the
# schemes paid per person (第10条), optional where the enterprise may name them.
PERSON_NAMED = {
    "chief_technician_allowance": ("技师本人身份证号", True),
    "enterprise_evaluation": ("评价职工身份证号", True),
    "modern_apprenticeship": ("学徒身份证号", False),
    "new_apprenticeship": ("学徒身份证号", False),
    "directed_graduate_hiring": ("毕业生身份证号", False),
}
DATE_HELP = {
    "trainee": "证书的发证日期",
    "chief_technician_allowance": "津贴所属月份的第一天",
    "directed_graduate_hiring": "聘用日期",
    "modern_apprenticeship": "学徒培训开始日期",
    "new_apprenticeship": "学徒培训开始日期",
}


def _control(field):
    field.widget.attrs.setdefault(
        "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
    )
    return field


def scheme_choices(role: str) -> list[tuple[str, str]]:
    return [(s.code, s.name_zh) for s in default_catalogue().schemes_for(role)]


class ApplyForm(Form):
    """One scheme's application: the fields its rules need (the catalogue's `needs`, with Chinese choices
    for its levels and kinds), declared once here for every scheme. The scheme is chosen first (a picker);
    the competent department is derived by the service, never asked."""

    scheme = forms.ChoiceField(label="补贴项目", widget=forms.HiddenInput)
    entitlement_date = forms.DateField(label="补贴发生日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, role: str, scheme: str, **kwargs):
        super().__init__(*args, **kwargs)
        cat = default_catalogue()
        self.scheme_obj = s = cat.scheme(scheme)
        if s is None or s.applicant != role:
            raise ValueError(f"not a {role} scheme: {scheme}")
        self.fields["scheme"].choices = scheme_choices(role)
        self.fields["scheme"].initial = scheme
        self.fields["entitlement_date"].help_text = DATE_HELP.get(scheme) or DATE_HELP.get(role, "")
        needs = set(s.needs)
        if role == "trainee":
            self.fields["certificate_no"] = forms.CharField(label="证书编号", max_length=64)
            self.fields["occupation"] = forms.CharField(label="职业（工种）", required=False)
        # Level and kind are checked by the service against the scheme (one message for page and API).
        if s.levels:
            self.fields["level"] = forms.ChoiceField(
                label="等级", required=False, choices=[("", "请选择")] + [(v, v) for v in s.levels]
            )
        if s.kinds:
            self.fields["kind"] = forms.ChoiceField(
                label="类型", required=False, choices=[("", "请选择")] + list(s.kinds.items())
            )
        if "year_of_scheme" in needs:
            self.fields["year_of_scheme"] = forms.IntegerField(
                label="补助年度（第几年）", min_value=1, help_text="第1年填 1，第2年填 2"
            )
        if "months" in needs:
            self.fields["months"] = forms.IntegerField(label="月数", min_value=1)
        if "cost" in needs:
            self.fields["cost"] = forms.DecimalField(
                label="实际费用（元）", decimal_places=2, max_digits=12, min_value=0
            )
        if scheme in PERSON_NAMED:
            label, required = PERSON_NAMED[scheme]
            self.fields["id_number"] = forms.CharField(label=label, required=required, max_length=18)
        if role == "trainee":
            self.fields["evidence"] = forms.FileField(
                label="证书扫描件",
                required=False,
                help_text="PDF、JPEG 或 PNG，不超过 10 MB；证书未在证书库登记时供人社局核验",
            )
        for name, field in self.fields.items():
            _control(field)
            if isinstance(field, forms.CharField) and name not in self.base_fields:
                field.validators.append(NoControlCharacters())  # as core.forms does for declared fields
