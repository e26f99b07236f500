"""The family page's one form: a short note of the call (required for every action)."""
from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from .forms import REQUIRED, ConsoleForm


class BindingActionForm(ConsoleForm):
    form_prefix = "family"

    note = StringField("通话情况（必填）", validators=[DataRequired(REQUIRED), Length(max=200)])
