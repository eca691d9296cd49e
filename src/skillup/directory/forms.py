from django import forms

from skillup.core.forms import Form
from skillup.directory.models import Category


class _DateInput(forms.DateInput):
    input_type = "date"


class OccupationAddForm(Form):
    name = forms.CharField(label="职业（工种）名称", max_length=100)
    category = forms.ChoiceField(
        label="类别",
        choices=[("", "请选择")] + list(Category.choices),
        help_text="附件2 注2：按相同或相近类别确定",
    )
    source = forms.CharField(
        label="依据文件", max_length=300, help_text="发文单位和文号，如 人社部发〔2019〕号"
    )
    source_date = forms.DateField(label="发文日期", widget=_DateInput, help_text="自此日起可按本工种申报")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OccupationReplaceForm(Form):
    replaced_by = forms.CharField(label="取代它的职业（工种）", max_length=100)
    replaced_on = forms.DateField(label="取代日期", widget=_DateInput, help_text="自此日起原名称不再受理")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))
