from django import forms

from skillup.core.forms import Form


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
