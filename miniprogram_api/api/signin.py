"""Sign-in: WeChat (``jscode2session`` through wechatpy), 随申办 (an OAuth 2.0 code), the phone
number a member agrees to share, sign-out, and who am I."""
from __future__ import annotations

from apiflask import APIBlueprint
from flask import g

from ..backend import backend, centre_call, member, member_required
from ..errors import ApiError, from_login
from ..logins.errors import LoginError
from ..members import Vouched
from ..schemas import Health, LoginOut, PhoneIn, ProfileIn, SsbLoginIn, WechatLoginIn

bp = APIBlueprint("signin", __name__, url_prefix="/api/v1", tag="Sign-in")


@bp.get("/health")
@bp.output(Health)
def health() -> Health:
    """Liveness: touches neither the database nor the centre (the benchmark's floor)."""
    return Health()


def _signed_in(login, token: str, family: dict) -> LoginOut:
    return LoginOut(token=token, expires_at=login.expires_at.isoformat(timespec="seconds"), member=family)


@bp.post("/login/wechat")
@bp.input(WechatLoginIn, arg_name="body")
@bp.output(LoginOut, status_code=201)
def login_wechat(body: WechatLoginIn) -> tuple[LoginOut, int]:
    """``wx.login()``'s code → our own signed token. The openid is checked with WeChat
    (jscode2session); the session key WeChat returns never leaves this server."""
    b = backend()
    if b.wechat is None:
        raise ApiError(404, "not_configured", "这个服务没有开通微信登录。")
    def ask() -> Vouched:
        said = b.wechat.code_to_session(body.code)
        return Vouched(said.openid, unionid=said.unionid, session_key=said.session_key)

    try:
        who = b.members.vouched("wechat", body.code, ask)
    except LoginError as exc:
        raise from_login(exc) from exc
    login, token, family = centre_call(b.members.sign_in, "wechat", who.subject, unionid=who.unionid,
                                       session_key=who.session_key, code_hash=who.code_hash)
    return _signed_in(login, token, family), 201


@bp.post("/login/ssb")
@bp.input(SsbLoginIn, arg_name="body")
@bp.output(LoginOut, status_code=201)
def login_ssb(body: SsbLoginIn) -> tuple[LoginOut, int]:
    """A 随申办 authorization code (the 随申办 mini-program obtained it) → our own token."""
    b = backend()
    if b.ssb is None:
        raise ApiError(404, "not_configured", "这个服务没有开通随申办登录。")
    def ask() -> Vouched:
        said = b.ssb.finish(body.code, body.redirect_uri, body.code_verifier)
        return Vouched(said.subject, name=said.name, phone=said.phone)

    try:
        # The verifier too: a code intercepted without it must not sign in (PKCE), retried or not.
        who = b.members.vouched("ssb", f"{body.code}\0{body.code_verifier}\0{body.redirect_uri}", ask)
    except LoginError as exc:
        raise from_login(exc) from exc
    login, token, family = centre_call(b.members.sign_in, "ssb", who.subject, name=who.name, phone=who.phone,
                                       code_hash=who.code_hash)
    return _signed_in(login, token, family), 201


@bp.post("/login/phone")
@member_required
@bp.input(PhoneIn, arg_name="body")
def share_phone(body: PhoneIn) -> dict:
    """The number the member shared through WeChat's ``getPhoneNumber`` button: the elder
    hears its last four digits when asked to consent."""
    b = backend()
    if b.wechat is None or g.login.provider != "wechat":
        raise ApiError(404, "not_configured", "请在微信小程序里获取手机号。")
    try:
        phone = b.wechat.phone_number(body.code)
    except LoginError as exc:
        raise from_login(exc) from exc
    me = centre_call(member().centre.update_family_me, phone=phone)
    b.members.update(g.login, phone=phone)
    return me


@bp.get("/me")
@member_required
def me() -> dict:
    """The member as the centre knows them, with every binding and its state."""
    return centre_call(member().centre.family_me)


@bp.patch("/me")
@member_required
@bp.input(ProfileIn, arg_name="body")
def update_me(body: ProfileIn) -> dict:
    found = centre_call(member().centre.update_family_me, name=body.name)
    backend().members.update(g.login, name=body.name)
    return found


@bp.post("/logout")
@member_required
def logout() -> tuple[str, int]:
    """This phone's token stops working now; other phones stay signed in."""
    backend().members.sign_out(g.login)
    return "", 204
