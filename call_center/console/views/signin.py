"""Login, logout and "keep me signed in" for agents."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import jsonify, redirect, render_template, request, url_for

from ...clock import local
from ...unit_of_work import session as db_session
from .. import accounts, audit, logins
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
    verdict = accounts.check(db, form.username.data, form.password.data)
    if not verdict.ok:
        credential = verdict.credential
        if credential is not None and verdict.reason == "bad_credentials":
            credential_id = credential.id
            audit.on_any_outcome(lambda s: accounts.note_failure(
                s, credential_id, settings.console_max_failed_logins,
                timedelta(minutes=settings.console_lockout_minutes)))
        audit.record_regardless(
            "login_failed", "credential", str(credential.id) if credential else "",
            {"bad_credentials": "用户名或密码不对", "locked": "账号暂时锁定",
             "inactive": "账号已停用"}[verdict.reason],
            agent_id=credential.agent_id if credential else None,
            username=accounts.normalise_username(form.username.data)[:32])
        error = "用户名或密码不对。"
        if verdict.reason == "locked" and verdict.locked_until is not None:
            error = (f"密码错误次数太多，账号已锁定到 {local(verdict.locked_until):%H:%M}，"
                     "请稍后再试或找值班长。")
        elif verdict.reason == "inactive":
            error = "这个账号已停用，请找值班长。"
        return render_template("console/login.html", form=form, error=error), 401
    credential = verdict.credential
    assert credential is not None
    accounts.note_success(credential)
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
