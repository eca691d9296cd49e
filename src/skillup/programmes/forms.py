from django import forms

from skillup.core.forms import Form
from skillup.programmes.models import Studio, StudioReview


class _Styled(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )


class StudioApplyForm(_Styled):
    name = forms.CharField(label="工作室名称", max_length=100)
    id_number = forms.CharField(label="领办人身份证号", max_length=18)
    master_title = forms.CharField(
        label="领办人技能等级或称号", max_length=100, help_text="如 高级技师、首席技师"
    )
    occupation = forms.CharField(label="技能领域（职业）", max_length=100)
    level = forms.ChoiceField(label="申报级别", choices=Studio.Level.choices, initial=Studio.Level.DISTRICT)
    plan = forms.CharField(
        label="建设方案",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="传承、攻关、推广、交流的目标与措施",
    )


class StudioNameForm(_Styled):
    level = forms.ChoiceField(label="命名级别", choices=Studio.Level.choices)
    document = forms.CharField(label="命名文号", max_length=100)
    named_on = forms.DateField(
        label="命名日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(_Styled):
    reason = forms.CharField(label="原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class StudioReportForm(_Styled):
    year = forms.IntegerField(label="考核年度", min_value=2019, max_value=2100)
    trainees_taught = forms.IntegerField(label="带徒传技人数", min_value=0)
    certified = forms.IntegerField(label="其中取得证书或晋升等级人数", min_value=0, initial=0)
    results = forms.CharField(
        label="攻关、推广与交流成果",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="技术攻关、绝技绝活传承、专利、比赛获奖等",
    )


class ReviewRateForm(_Styled):
    rating = forms.ChoiceField(label="考核等次", choices=StudioReview.Rating.choices)
    comment = forms.CharField(label="考核意见", max_length=300, required=False, help_text="评为不合格时必填")
