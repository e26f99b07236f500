"""Login, logout and "keep me signed in" for agents."""
from __future__ import annotations

from typing import Any

from flask import jsonify, redirect, render_template, request, url_for

from ...unit_of_work import session as db_session
from .. import accounts, audit, logins, throttle
from ..blueprint import bp
from ..forms import EmptyForm, LoginForm


@bp.route("/login", methods=["GET", "POST"])
@logins.public
def login() -> Any:
    form = LoginForm()
    notice = ""
    if request.args.get("expired"):
        notice = "登录已超时，请重新登录。"
    elif request.args.get("bye"):
        notice = "您已退出。"
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        return render_template("console/login.html", form=form, notice=notice)
    if not form.validate_on_submit():
        return render_template("console/login.html", form=form), 422
    settings = logins.settings()
    db = db_session()
    address, username = audit.client_ip(), form.username.data
    named = accounts.normalise_username(username)[:32]
    wait = throttle.wait_seconds(db, address, username)
    if wait:  # answered before any password is checked, alike for every name
        audit.record_regardless("login_failed", "credential", "", f"尝试太频繁，需等待{wait}秒",
                                username=named)
        error = f"尝试次数太多了，请{wait}秒后再试。"
        return render_template("console/login.html", form=form, error=error), 429, \
            {"Retry-After": str(wait)}
    verdict = accounts.check(db, username, form.password.data)
    if not verdict.ok:
        credential = verdict.credential
        if verdict.reason == "bad_credentials":
            schedule = settings.login_schedule
            audit.on_any_outcome(lambda s: throttle.failed(s, address, username, schedule))
        audit.record_regardless(
            "login_failed", "credential", str(credential.id) if credential else "",
            {"bad_credentials": "用户名或密码不对", "inactive": "账号已停用"}[verdict.reason],
            agent_id=credential.agent_id if credential else None, username=named)
        error = "这个账号已停用，请找值班长。" if verdict.reason == "inactive" else "用户名或密码不对。"
        return render_template("console/login.html", form=form, error=error), 401
    credential = verdict.credential
    assert credential is not None
    accounts.note_success(credential)
    throttle.succeeded(db, username)
    logins.sign_in(credential)
    audit.record("login", "session", "", f"角色：{'值班长' if credential.role == 'supervisor' else '话务员'}")
    return redirect(logins.safe_next(form.next.data), 303)


@bp.post("/logout")
def logout() -> Any:
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(url_for("console.queue"), 303)
    audit.record("logout", "session")
    logins.end("logout")
    return redirect(url_for("console.login", bye=1), 303)


@bp.post("/session/extend")
@logins.answers_json
def extend_session() -> Any:
    """The "继续工作" button of the idle warning: the gate has already counted it as activity."""
    return jsonify(seconds_left=int(logins.seconds_left()))
