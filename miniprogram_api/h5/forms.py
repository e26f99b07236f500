"""The H5 forms (WTForms through Flask-WTF: each carries its CSRF token). Field checks here
spare a round trip; the centre checks everything again and has the last word."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..schemas import MOBILE, NAME

RELATIONS = ["女儿", "儿子", "儿媳", "女婿", "孙女", "孙子", "外孙女", "外孙", "侄女", "侄子",
             "外甥女", "外甥", "配偶", "兄弟姐妹", "其他亲属", "朋友", "邻居"]
REQUIRED = _l("这一项必须填写。")


class PageForm(FlaskForm):
    """A form of an H5 page. Its CSRF token renders without an id: a page holds several forms
    (each contact's 上移 and 删除, a review's buttons), and every token had ``id="csrf_token"``
    — one id many times, which breaks label lookups and what a screen reader says."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if hasattr(self, "csrf_token"):
            self.csrf_token.id = False  # (WTForms leaves an attribute that is False out)


class ProfileForm(PageForm):
    name = StringField(_l("您的姓名"), validators=[DataRequired(REQUIRED), Regexp(NAME, message=_l("请填写中文姓名。"))])


# The page that asks to bind also asks for a code on the TV: this form's fields get their own
# names and ids (two inputs with one id, and the second form's labels pointing at the first's).
CODE_FORM = "show"


def _digits_only(value: str | None) -> str | None:
    """A phone typed in groups (139 1620 5871) or with full-width digits is the same number."""
    if not value:
        return value
    return "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" else c for c in value if not c.isspace())


class BindForm(PageForm):
    # No default: the elder hears "您的女儿…" from it, so a member who never touched it must not
    # say 女儿 by accident. The empty first choice only asks; it does not validate.
    relation = SelectField(_l("您是老人的"), choices=[SelectChoice("", _l("请选择"))] + [SelectChoice(r, r) for r in RELATIONS],
                           default="", validators=[DataRequired(_l("请选择您和老人的关系。"))])
    how = RadioField(_l("怎样找到老人"), choices=[SelectChoice("phone", _l("老人的手机号和姓名")),
                                                   SelectChoice("code", _l("老人电视上的绑定码"))], default="phone")
    elder_phone = StringField(_l("老人的手机号"), filters=[_digits_only],
                              validators=[Optional(), Regexp(MOBILE, message=_l("手机号是11位数字。"))])
    elder_name = StringField(_l("老人的姓名"), validators=[Optional(), Regexp(NAME, message=_l("请填写老人的中文姓名。"))])
    code = StringField(_l("绑定码"), filters=[_digits_only],
                       validators=[Optional(), Regexp(r"^\s*[0-9](\s*[0-9]){5}\s*$",
                                                                  message=_l("绑定码是6位数字。"))])
    book = RadioField(_l("要不要帮老人预约、叫车"), choices=[SelectChoice("yes", _l("要")), SelectChoice("no", _l("只查看"))], default="yes")

    def validate(self, extra_validators=None) -> bool:  # type: ignore[override]
        ok = super().validate(extra_validators)
        if self.how.data == "code" and not self.code.data:
            self.code.errors = [*self.code.errors, str(REQUIRED)]
            ok = False
        if self.how.data == "phone":
            for field in (self.elder_phone, self.elder_name):
                if not field.data:
                    field.errors = [*field.errors, str(REQUIRED)]
                    ok = False
        return ok


class CodeForm(PageForm):
    elder_phone = StringField(_l("老人的手机号"), filters=[_digits_only],
                              validators=[DataRequired(REQUIRED), Regexp(MOBILE, message=_l("手机号是11位数字。"))])
    elder_name = StringField(_l("老人的姓名"), validators=[DataRequired(REQUIRED), Regexp(NAME, message=_l("请填写老人的中文姓名。"))])


class NoteForm(PageForm):
    preset = HiddenField()
    text = TextAreaField(_l("想对老人说的话"), validators=[Optional(), Length(max=120, message=_l("最多120个字。"))])


class ContactForm(PageForm):
    name = StringField(_l("姓名"), validators=[DataRequired(REQUIRED), Regexp(NAME, message=_l("请填写中文姓名。"))])
    relation = StringField(_l("和老人的关系"), validators=[DataRequired(REQUIRED), Length(max=8)])
    phone = StringField(_l("电话"), validators=[DataRequired(REQUIRED), Regexp(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$",
                                                                              message=_l("请填写手机号或带区号的座机号。"))])


class ActionForm(PageForm):
    """A button that does one thing (cancel, revoke, 我马上过去 …): only the CSRF token."""
