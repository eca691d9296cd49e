from django import forms

from skillup.core.forms import Form
from skillup.planning import targets


class NarrativeForm(Form):
    work_done = forms.CharField(
        label="工作动态",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text="本月开展的主要工作、经验小结",
    )
    problems = forms.CharField(
        label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )
    suggestions = forms.CharField(
        label="完善意见", required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class CorrectionForm(NarrativeForm):
    reason = forms.CharField(
        label="更正原因",
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text="例如：补录了本月遗漏的申领，数据重新生成",
    )


class ReturnForm(Form):
    reason = forms.CharField(
        label="退回原因", max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class SkillStatsForm(Form):
    year = forms.TypedChoiceField(
        label="年度", coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )
    employed = forms.IntegerField(
        label="从业人员数", min_value=1, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    skilled = forms.IntegerField(
        label="技能劳动者数", min_value=0, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    high_skilled = forms.IntegerField(
        label="高技能人才数", min_value=0, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    source = forms.CharField(
        label="数据来源",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text="例如：区统计局2021年劳动力调查",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in targets.years()]
