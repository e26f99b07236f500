"""The request's language (Flask-Babel): ``?lang=``, then the ``lang`` cookie, then the
browser's Accept-Language; Chinese by default. The catalogs are the product's own
(``shared_ui/locale``, domain ``onekey``), shared with the TV, speech and slips."""
from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel, get_locale

from shared_ui.i18n import DOMAIN, LOCALE_DIR

LOCALES = ("zh_CN", "en")
ALIASES = {"zh": "zh_CN", "zh_cn": "zh_CN", "zh-cn": "zh_CN", "zh_hans": "zh_CN", "en": "en",
           "en_us": "en", "en-us": "en", "en_gb": "en"}


def normalise(value: str | None) -> str | None:
    if not value:
        return None
    return ALIASES.get(value.strip().lower().replace("-", "_")) or ALIASES.get(value.strip().lower())


def select_locale() -> str:
    chosen = normalise(request.args.get("lang")) or normalise(request.cookies.get("lang"))
    if chosen:
        return chosen
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"], default="zh-CN")
    return normalise(best) or "zh_CN"


def current_locale() -> str:
    """``zh_CN`` or ``en``, as the engine and the slips name them (Babel's own would say
    ``zh_Hans_CN``)."""
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "zh_CN"


def init_app(app: Flask) -> None:
    app.config.update(BABEL_TRANSLATION_DIRECTORIES=str(LOCALE_DIR), BABEL_DOMAIN=DOMAIN,
                      BABEL_DEFAULT_LOCALE="zh_CN", BABEL_DEFAULT_TIMEZONE="Asia/Shanghai")
    Babel(app, locale_selector=select_locale)
