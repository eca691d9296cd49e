"""Forms of the supermarket's pages: they parse and render; the services decide (filing, dates, seats)."""

from django import forms

from skillup.core.forms import Form
from skillup.market import towns
from skillup.policy.model import LEVELS


class _Styled(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.MultipleChoiceField):
                continue
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )


class OfferForm(_Styled):
    filed = forms.ChoiceField(
        label="备案范围（补贴项目 职业 等级）", help_text="只能发布本机构备案范围内的课程（第1条）"
    )
    title = forms.CharField(label="课程名称", max_length=100)
    description = forms.CharField(
        label="课程介绍", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    hours = forms.IntegerField(label="课时", min_value=1, max_value=2000)
    price = forms.DecimalField(label="培训费（元）", min_value=0, max_digits=10, decimal_places=2)
    town = forms.ChoiceField(label="乡镇（街道）", choices=[("", "请选择"), *towns.CHOICES])
    venue = forms.ChoiceField(label="登记场地", required=False)
    venue_text = forms.CharField(
        label="上课地点", required=False, max_length=200, help_text="选择登记场地时可不填"
    )
    start_date = forms.DateField(
        label="开课日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="不填则满员开班",
    )
    end_date = forms.DateField(
        label="结课日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    minimum = forms.IntegerField(label="成团人数", min_value=1, max_value=500, initial=10)
    seats = forms.IntegerField(label="名额", min_value=1, max_value=500, initial=30)
    teachers = forms.CharField(label="授课教师", required=False, max_length=300)

    def __init__(self, *args, filed=(), venues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filed"].choices = [("", "请选择"), *((c["value"], c["label"]) for c in filed)]
        self.fields["venue"].choices = [("", "不选"), *((str(v.pk), v.name) for v in venues)]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        scheme, _, rest = (data.pop("filed") or "").partition("|")
        occupation, _, level = rest.partition("|")
        return data | {"scheme": scheme, "occupation": occupation, "level": level}


class ReasonForm(_Styled):
    reason = forms.CharField(label="下架原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class PhotoForm(_Styled):
    photo = forms.FileField(label="课程照片（JPG/PNG，不超过 2 MB）")


class CalculatorForm(_Styled):
    age = forms.IntegerField(label="年龄", min_value=16, max_value=100, required=False)
    situations = forms.MultipleChoiceField(
        label="您的情况（可多选）", required=False, widget=forms.CheckboxSelectMultiple
    )
    held = forms.CharField(
        label="已持有的证书",
        required=False,
        max_length=200,
        help_text="如“焊工 中级”，多个用分号隔开；同一职业同一等级不重复补贴（第20条）",
    )
    occupation = forms.CharField(
        label="想学的职业（工种）", required=False, max_length=50, help_text="如 焊工、电工、育婴员"
    )
    level = forms.ChoiceField(
        label="想考的等级", required=False, choices=[("", "不限"), *((v, v) for v in LEVELS)]
    )

    def __init__(self, *args, situations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situations"].choices = list(situations)
