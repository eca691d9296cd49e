"""The project's form base (issue 10 item 4): every text field of every form refuses control characters.

Each `CharField` (and subclass: e-mail, slug, …) gets the validator at construction, so a field added
later is covered too; a `Textarea` may hold tab and line breaks, a one-line input none. Every form in
SkillUp derives from `Form` (tests/core/test_forms.py checks, and submits a control character to every
text field of every form).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from skillup.core.text import check_text


@deconstructible
class NoControlCharacters:
    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if isinstance(value, str) and (message := check_text(value, multiline=self.multiline)):
            raise ValidationError(message, code="control_character")

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline


class TextInputsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(NoControlCharacters(multiline=multiline))


class Form(TextInputsMixin, forms.Form):
    pass


class ModelForm(TextInputsMixin, forms.ModelForm):
    pass
