from django import forms

from skillup.registry.groups import TARGET_GROUPS


class PersonForm(forms.Form):
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


class ContactForm(forms.Form):
    phone = forms.CharField(
        label="手机号",
        max_length=20,
        required=False,
        help_text="11位手机号，用于接收开班、签到和补贴到账通知",
    )


class EnterpriseFlagsForm(forms.Form):
    industry = forms.CharField(label="行业", max_length=100, required=False)
    listed = forms.BooleanField(label="上市企业", required=False)
    chemical = forms.BooleanField(label="化工企业", required=False)
    state_owned = forms.BooleanField(label="国有或国有控股", required=False)
    employees = forms.IntegerField(label="职工人数", min_value=0)
