"""Forms of the integrity pages. They only parse what a person typed; the services check the rules and
say, in Chinese, what to fix (shown on the field by `core.web.show_error`)."""

from django import forms

from skillup.core.forms import Form
from skillup.integrity.models import Case
from skillup.integrity.selectors_cases import assignees


def _styled(form: forms.Form) -> None:
    for f in form.fields.values():
        select = isinstance(f.widget, forms.Select)
        f.widget.attrs.setdefault(
            "class", "form-select form-select-sm" if select else "form-control form-control-sm"
        )


class AssigneeField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name}（{obj.get_role_display()}）"


class CaseOpenForm(Form):
    title = forms.CharField(label="案件名称", max_length=200, required=False)
    assignee = AssigneeField(label="承办人", queryset=None, required=False, empty_label="暂不指派")
    findings = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees()
        _styled(self)


class AssignForm(Form):
    assignee = AssigneeField(label="承办人", queryset=None, required=False, empty_label="请选择")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees()
        _styled(self)


class FindingsAddForm(Form):
    findings = forms.CharField(label="线索编号", required=False, help_text="多条以逗号分隔，如 12,15")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class NoteForm(Form):
    text = forms.CharField(label="工作记录", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class InterviewForm(Form):
    mode = forms.ChoiceField(
        label="方式", choices=[("约谈", "约谈"), ("电话核实", "电话核实")], required=False
    )
    who = forms.CharField(
        label="被约谈/核实人", max_length=200, required=False, help_text="姓名和身份，如 学员王某、机构负责人"
    )
    on = forms.CharField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    said = forms.CharField(label="陈述内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class OnsiteForm(Form):
    place = forms.CharField(label="核查地点", max_length=200, required=False)
    on = forms.CharField(label="核查日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    seen = forms.CharField(label="核查情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class EvidenceForm(Form):
    file = forms.FileField(
        label="证据文件",
        required=False,
        help_text="PDF、JPG、PNG、Excel（xlsx）、Word（docx）、MP3 或 M4A 录音，不超过 10 MB",
    )
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class CloseForm(Form):
    outcome = forms.ChoiceField(label="结论", choices=[("", "请选择"), *Case.Outcome.choices], required=False)
    reason = forms.CharField(label="结论说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class SuspendForm(Form):
    reason = forms.CharField(label="暂停原因", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
