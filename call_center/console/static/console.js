/* 一键通 话务台: live queue, new-alarm cue, idle warning, audited phone reveal.
   Plain JS, no build step. Everything works without it except the live updates. */
(function () {
  "use strict";
  var body = document.body;
  var cfg = body.dataset;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var offset = cfg.serverNow ? Number(cfg.serverNow) - Date.now() : 0; // server clock − ours
  var deadline = cfg.secondsLeft ? Date.now() + Number(cfg.secondsLeft) * 1000 : null;
  var knownAlarms = null;
  var queueBox = document.getElementById("queue");
  var version = queueBox ? queueBox.dataset.version : "";
  var originalTitle = document.title;

  function serverNow() { return Date.now() + offset; }

  // The idle timer, the poll and a refused post can all notice the session ended at the same
  // moment: navigate once, or the second assign aborts the first load.
  var leaving = false;
  function signOut() {
    if (leaving) return;
    leaving = true;
    window.location.assign(cfg.loginUrl);
  }

  function waited(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return s + "秒";
    if (s < 3600) return Math.floor(s / 60) + "分" + String(s % 60).padStart(2, "0") + "秒";
    return Math.floor(s / 3600) + "小时" + Math.floor((s % 3600) / 60) + "分";
  }

  function tickElapsed() {
    var now = serverNow();
    document.querySelectorAll(".elapsed[data-since]").forEach(function (el) {
      var ms = now - Number(el.dataset.since);
      var red = Number(el.dataset.redAfter || 0);
      var over = red > 0 && ms > red * 1000;
      el.textContent = (el.dataset.word || "已等") + " " + waited(ms);
      if (over) {
        var strong = document.createElement("strong");
        strong.className = "overdue-text";
        strong.textContent = "（超过" + red + "秒）";
        el.appendChild(strong);
      }
      el.classList.toggle("overdue", over);
    });
  }

  // ---- idle logout warning (the server decides; we only show it) ----
  var warnBox = document.getElementById("idle-warning");
  function tickSession() {
    if (deadline === null || leaving) return;
    var left = Math.ceil((deadline - Date.now()) / 1000);
    var label = document.getElementById("session-left");
    if (label) label.textContent = left > 90 ? Math.ceil(left / 60) + "分钟后自动退出" : left + "秒后自动退出";
    if (left <= 0) { signOut(); return; }
    if (warnBox) {
      var warn = left <= Number(cfg.warnSeconds || 120);
      if (warn && warnBox.hidden) {
        warnBox.hidden = false;
        say("长时间没有操作，即将自动退出。");
        document.getElementById("keep-working").focus();
      }
      if (!warn) warnBox.hidden = true;
      document.getElementById("idle-seconds").textContent = left;
    }
  }
  var keep = document.getElementById("keep-working");
  if (keep) keep.addEventListener("click", function () {
    fetch(cfg.extendUrl, { method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" } })
      .then(function (r) {
        if (r.status === 401) { signOut(); return null; }
        return r.json();
      })
      .then(function (data) {
        if (!data) return;
        deadline = Date.now() + data.seconds_left * 1000;
        warnBox.hidden = true;
      });
  });

  // ---- new-alarm cue: banner, sound, title, screen reader ----
  function say(text) {
    var live = document.getElementById("live");
    if (live) { live.textContent = ""; setTimeout(function () { live.textContent = text; }, 50); }
  }
  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      var ctx = beep.ctx || (beep.ctx = new Ctx());
      [0, 0.35].forEach(function (at) {
        var osc = ctx.createOscillator(), gain = ctx.createGain();
        osc.frequency.value = 880; osc.connect(gain); gain.connect(ctx.destination);
        gain.gain.setValueAtTime(0.25, ctx.currentTime + at);
        osc.start(ctx.currentTime + at); osc.stop(ctx.currentTime + at + 0.25);
      });
    } catch (e) { /* no sound: the banner and the title still show it */ }
  }
  function cue(fresh) {
    var banner = document.getElementById("alarm-banner");
    var first = fresh[0];
    var text = fresh.map(function (a) { return a.elder + "（" + a.district + "）"; }).join("，");
    document.getElementById("alarm-banner-text").textContent = text;
    document.getElementById("alarm-banner-link").href = cfg.alarmUrl.replace("ALARM_ID", encodeURIComponent(first.id));
    banner.hidden = false;
    banner.classList.remove("flash"); void banner.offsetWidth; banner.classList.add("flash");
    document.title = "【新报警】" + originalTitle;
    say("新报警：" + text);
    beep();
    fresh.forEach(function (a) {
      var row = document.querySelector('tr[data-alarm-id="' + a.id + '"]');
      if (row) row.classList.add("new");
    });
  }

  function replaceKeepingFocus(id, html) {
    var box = document.getElementById(id);
    if (!box) return;
    var active = document.activeElement;
    var activeId = active && box.contains(active) ? active.id : null;
    box.innerHTML = html;
    if (activeId) { var again = document.getElementById(activeId); if (again) again.focus(); }
  }

  function poll() {
    if (leaving) return;
    var url = cfg.pollUrl + (queueBox ? "?html=1&since=" + encodeURIComponent(version) : "");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) {
        if (r.status === 401) { signOut(); return null; }
        return r.ok ? r.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        offset = data.server_now - Date.now();
        deadline = Date.now() + data.seconds_left * 1000;
        if (data.html) {
          version = data.version;
          replaceKeepingFocus("queue-alarms", data.html.alarms);
          replaceKeepingFocus("queue-requests", data.html.requests);
          replaceKeepingFocus("queue-care", data.html.care);
          replaceKeepingFocus("queue-complaints", data.html.complaints);
          replaceKeepingFocus("queue-visits", data.html.visits);
          ["alarms", "requests", "care_tasks", "complaints", "visits"].forEach(function (k) {
            var el = document.getElementById("count-" + (k === "care_tasks" ? "care" : k));
            if (el) el.textContent = data.counts[k];
          });
        }
        var ids = data.alarms.map(function (a) { return a.id; });
        if (knownAlarms === null) {
          knownAlarms = new Set(pageAlarms.concat(queueBox ? [] : ids));
        }
        var fresh = data.alarms.filter(function (a) { return !knownAlarms.has(a.id); });
        ids.forEach(function (id) { knownAlarms.add(id); });
        if (fresh.length) cue(fresh);
        var badge = document.getElementById("nav-alarm-count");
        if (badge) { badge.textContent = ids.length ? "报警 " + ids.length : ""; badge.hidden = !ids.length; }
        tickElapsed();
      })
      .catch(function () { /* network hiccup: try again next round */ });
  }

  var pageAlarms = Array.prototype.map.call(document.querySelectorAll("tr[data-alarm-id]"),
    function (tr) { return tr.dataset.alarmId; });

  // ---- audited reveal of one phone number ----
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.classList || !form.classList.contains("reveal")) return;
    ev.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf } })
      .then(function (r) {
        if (r.status === 401) { signOut(); return null; }
        return r.ok ? r.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        var what = form.querySelector('input[name="what"]').value;
        var span = form.parentNode.querySelector('[data-reveal-target="' + what + '"]');
        span.textContent = data.phone;
        span.classList.add("revealed");
        form.hidden = true;
      });
  });

  // ---- pickers that reload the page with the chosen ids (hospital → department) ----
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (sel) {
    sel.addEventListener("change", function () {
      if (sel.name === "hospital_id") {
        var dep = sel.form.querySelector('select[name="department_id"]');
        if (dep) dep.value = "";
      }
      sel.form.submit();
    });
  });

  if (cfg.pollUrl) {
    tickElapsed(); tickSession();
    setInterval(function () { tickElapsed(); tickSession(); }, 1000);
    poll();
    setInterval(poll, Math.max(1, Number(cfg.pollSeconds || 2.5)) * 1000);
  }
})();
