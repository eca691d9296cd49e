from django import forms

from skillup.certificates import rules
from skillup.core.forms import Form


def _family_choices():
    return [(code, info["name_zh"]) for code, info in rules.families().items()]


class CertificateForm(Form):
    """One certificate: an assessment institution's own, or (with the issuer) HR's entry from the
    provincial register or from a scan it has verified."""

    id_number = forms.CharField(label="持证人身份证号", max_length=18)
    name = forms.CharField(label="姓名", max_length=50)
    family = forms.ChoiceField(label="证书类别")
    occupation = forms.CharField(label="职业（工种）", max_length=100)
    level = forms.CharField(label="等级", max_length=10, required=False, help_text="如 四级、高级、技师")
    number = forms.CharField(label="证书编号", max_length=64)
    issued_on = forms.DateField(label="发证日期", widget=forms.DateInput(attrs={"type": "date"}))
    issuer_name = forms.CharField(label="发证机构", max_length=200)

    def __init__(self, *args, person_fixed: bool = False, with_issuer: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = _family_choices()
        if person_fixed:
            del self.fields["id_number"], self.fields["name"]
        if not with_issuer:
            del self.fields["issuer_name"]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )


class UploadForm(Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）", widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )


class EvidenceForm(Form):
    evidence = forms.FileField(
        label="证书扫描件",
        help_text="PDF、JPEG 或 PNG，不超过 10 MB",
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )
