from django import forms

from skillup.core.forms import Form
from skillup.registry.models import Organisation, OrgKind


class BudgetForm(Form):
    department = forms.ModelChoiceField(
        label="主管部门", queryset=Organisation.objects.none(), empty_label="请选择"
    )
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2030)
    amount = forms.DecimalField(label="预算金额（元）", min_value=0, decimal_places=2, max_digits=14)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Organisation.objects.filter(kind=OrgKind.DEPARTMENT).order_by(
            "id"
        )
        for f in self.fields.values():
            f.widget.attrs["class"] = (
                "form-select form-select-sm"
                if isinstance(f, forms.ModelChoiceField)
                else "form-control form-control-sm"
            )


class AllocationForm(Form):
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2030)
    amount = forms.DecimalField(label="拨入金额（元）", min_value=0.01, decimal_places=2, max_digits=14)
    memo = forms.CharField(label="摘要", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control form-control-sm"


class ResultUploadForm(Form):
    file = forms.FileField(label="回盘文件（CSV，首行 key,status,reason）")


class RepaymentForm(Form):
    amount = forms.CharField(label="到账金额（元）", max_length=20, required=False)
    memo = forms.CharField(label="摘要", max_length=200, required=False, help_text="如 缴款人、银行回单号")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control form-control-sm"
