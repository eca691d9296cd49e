from django import forms

from skillup.core.forms import Form
from skillup.registry.groups import TARGET_GROUPS
from skillup.registry.models import Enterprise


class PersonForm(Form):
    id_number = forms.CharField(label="身份证号", max_length=18)
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    groups = forms.MultipleChoiceField(
        label="人员类别",
        choices=list(TARGET_GROUPS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pension = forms.BooleanField(label="按月领取养老金", required=False)


class ContactForm(Form):
    phone = forms.CharField(
        label="手机号",
        max_length=20,
        required=False,
        help_text="11位手机号，用于接收开班、签到和补贴到账通知",
    )


class CitizenCardForm(Form):
    citizen_card = forms.CharField(
        label="市民卡号",
        max_length=30,
        required=False,
        help_text="8至20位数字。补贴发放至本人市民卡；未登记卡号时市民卡中心按身份证号入账。"
        "支付失败（如卡已注销）时请更新卡号，重新发放将使用新卡。",
    )


class MyInfoForm(ContactForm, CitizenCardForm):
    """我的信息: the trainee's own phone and citizen card."""


class BankAccountForm(Form):
    bank_account = forms.CharField(label="新的银行账号", max_length=40, help_text="8至32位数字，可含空格")
    reason = forms.CharField(label="变更原因", max_length=200, required=False, help_text="如：原账户已销户")


class EnterpriseFlagsForm(Form):
    industry = forms.CharField(label="行业", max_length=100, required=False)
    listed = forms.BooleanField(label="上市企业", required=False)
    chemical = forms.BooleanField(label="化工企业", required=False)
    state_owned = forms.BooleanField(label="国有或国有控股", required=False)
    kind = forms.ChoiceField(
        label="企业类型",
        choices=Enterprise.Kind.choices,
        help_text="小微企业、供销合作社、外贸企业的职工培训由相应部门主管（附件1）",
    )
    employees = forms.IntegerField(label="职工人数", min_value=0)


class GroupRecognitionForm(Form):
    group = forms.ChoiceField(label="人员类别", choices=list(TARGET_GROUPS.items()))
    valid_from = forms.DateField(label="认定起始日", widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label="认定截止日",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="仍有效则不填",
    )
    source = forms.CharField(label="认定依据", max_length=200, help_text="如 民政局城镇低保名册 2021年第3批")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )
