from django import forms

from skillup.core.forms import Form
from skillup.policy.catalogue import default_catalogue
from skillup.subsidies.services import ENTERPRISE_SCHEMES, TRAINEE_SCHEMES


class ReviewForm(Form):
    decision = forms.ChoiceField(label="结论", choices=[("approve", "通过"), ("reject", "退回")])
    reason = forms.CharField(
        label="理由",
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "退回时必填"}),
    )


def _scheme_choices(codes):
    cat = default_catalogue()
    return [(c, cat.scheme(c).name_zh) for c in codes if cat.scheme(c)]


class ApplyForm(Form):
    scheme = forms.ChoiceField(label="补贴项目")
    entitlement_date = forms.DateField(
        label="补贴发生日期",
        help_text="发证日期、聘用日期或所属月份的第一天",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    level = forms.CharField(label="等级", required=False, help_text="如 高级、技师、三级")
    occupation = forms.CharField(label="职业（工种）", required=False)
    certificate_no = forms.CharField(label="证书编号", required=False, max_length=64)
    evidence = forms.FileField(
        label="证书扫描件",
        required=False,
        help_text="PDF、JPEG 或 PNG，不超过 10 MB；证书未在证书库登记时供人社局核验",
    )
    id_number = forms.CharField(
        label="人员身份证号", required=False, help_text="首席技师、学徒或毕业生本人（企业填写）"
    )
    cost = forms.DecimalField(label="实际费用（元）", required=False, decimal_places=2, max_digits=12)
    kind = forms.CharField(label="类型", required=False, help_text="如 新型学徒制填 employee 或 student")
    months = forms.IntegerField(label="月数", required=False, min_value=1)
    year_of_scheme = forms.IntegerField(label="第几年", required=False, min_value=1)

    def __init__(self, *args, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = _scheme_choices(
            TRAINEE_SCHEMES if role == "trainee" else ENTERPRISE_SCHEMES
        )
        if role == "trainee":
            for name in ("id_number", "cost", "kind", "months", "year_of_scheme"):
                del self.fields[name]
        else:
            del self.fields["evidence"]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )
