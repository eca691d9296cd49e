from django import forms

from skillup.core.forms import Form
from skillup.policy import catalogue
from skillup.registry.groups import TARGET_GROUPS
from skillup.registry.models import Organisation, OrgKind


def scheme_choices():
    return [("", "请选择")] + [(s["code"], s["name_zh"]) for s in catalogue.schemes()]


def level_choices():
    levels = []
    for s in catalogue.schemes():
        for lv in s["levels"]:
            if lv not in levels:
                levels.append(lv)
    return [("", "（无等级）")] + [(lv, lv) for lv in levels]


class ClassForm(Form):
    scheme = forms.ChoiceField(label="补贴项目", choices=scheme_choices)
    occupation = forms.CharField(
        label="工种（职业、项目）",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"list": "occupations"}),
    )
    level = forms.ChoiceField(label="等级", choices=level_choices, required=False)
    target_group = forms.ChoiceField(
        label="培训对象",
        required=False,
        choices=[("", "（面向社会，不限人员类别）")] + list(TARGET_GROUPS.items()),
        help_text="面向特定人员类别开班时选择，主管部门据此确定（附件1）",
    )
    employer = forms.ModelChoiceField(
        label="企业（企业职工培训）",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="（不是某一企业的职工培训）",
        help_text="为某一企业职工开班时选择；国有、供销社、外贸、小微企业的职工培训由相应部门主管（附件1）",
    )
    hours = forms.IntegerField(label="课时", min_value=1, max_value=2000)
    start_date = forms.DateField(label="开班日期", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="结业日期", widget=forms.DateInput(attrs={"type": "date"}))
    venue = forms.CharField(label="培训地点", max_length=200)
    venue_id = forms.IntegerField(
        label="登记场地编号", required=False, min_value=1, help_text="可选：“培训场地”中登记的场地编号"
    )
    capacity = forms.IntegerField(label="计划人数", min_value=1, max_value=500)
    teachers = forms.CharField(label="授课教师", max_length=300, required=False)
    assessment_plan = forms.CharField(
        label="考核鉴定方案", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, schemes: list[dict] | None = None, **kwargs):
        """`schemes`: the schemes a class can be opened for (selectors.class_schemes); all by default."""
        super().__init__(*args, **kwargs)
        if schemes is not None:
            self.fields["scheme"].choices = [("", "请选择")] + [(s["code"], s["name_zh"]) for s in schemes]
            if not schemes:
                self.fields[
                    "scheme"
                ].help_text = "本机构没有有效备案，暂不能开班。请先在“机构备案”中申请备案。"
        self.fields["employer"].queryset = Organisation.objects.filter(kind=OrgKind.ENTERPRISE).order_by(
            "name"
        )
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class RosterRowForm(Form):
    id_number = forms.CharField(label="身份证号", max_length=18)
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    groups = forms.CharField(label="人员类别", max_length=100, help_text="如：企业职工、退役军人")


class RosterUploadForm(Form):
    file = forms.FileField(label="名册文件（.xlsx）")


class SessionForm(Form):
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(label="开始", widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label="结束", widget=forms.TimeInput(attrs={"type": "time"}))
    hours = forms.DecimalField(label="课时", max_digits=4, decimal_places=1, min_value=0.5, max_value=12)
    venue_id = forms.IntegerField(
        label="场地编号", required=False, min_value=1, help_text="登记的培训场地编号；空则为本班登记场地"
    )
    practical = forms.BooleanField(label="实操课", required=False)


class _PhoneForm(Form):
    """A trainee's form: full-width Bootstrap inputs (trainee pages are phone-first)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class SignupForm(_PhoneForm):
    id_number = forms.CharField(
        label="身份证号", max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(
        label="手机号",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    password = forms.CharField(label="密码", widget=forms.PasswordInput, min_length=8)
    password2 = forms.CharField(label="确认密码", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致")
        return data


class CodeForm(_PhoneForm):
    code = forms.CharField(
        label="短信验证码",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class BindingApproveForm(Form):
    id_number = forms.CharField(
        label="身份证原件上的号码", max_length=18, help_text="请核对本人及身份证原件后录入证件号码"
    )
