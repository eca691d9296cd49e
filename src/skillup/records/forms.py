from django import forms

from skillup.core.forms import Form
from skillup.records.services import SHARE_DAYS, SHARE_MAX_DAYS


class UploadForm(Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）", widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )


class ShareForm(Form):
    days = forms.IntegerField(
        label="有效期（天）",
        initial=SHARE_DAYS,
        min_value=1,
        max_value=SHARE_MAX_DAYS,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    label = forms.CharField(
        label="用途备注（可空，如：应聘某公司）",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    show_subsidies = forms.BooleanField(
        label="同时显示补贴金额",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
