// Live parts of a page (an alarm's timeline, a binding waiting for the elder): an element with
// data-live="<url>" is refreshed from that URL every few seconds while the page is open. No
// build step, no framework; without JavaScript the alarm page refreshes itself (meta refresh).
// When refreshing fails twice running (the phone offline, the back end or the centre down), the
// element named by data-live-stale is shown — the page says it may not be the latest, instead
// of showing old steps as if they were now — and hidden again at the next good refresh.
(function () {
  "use strict";
  var EVERY_MS = 3000;
  var STALE_AFTER = 2;  // failed refreshes in a row
  function follow(el) {
    var url = el.getAttribute("data-live");
    var notice = document.getElementById(el.getAttribute("data-live-stale") || "");
    var failed = 0;
    function stale(yes) {
      failed = yes ? failed + 1 : 0;
      if (notice) { notice.hidden = failed < STALE_AFTER; }
    }
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          stale(html === null);
          if (html !== null && html.trim() !== el.innerHTML.trim()) { el.innerHTML = html; }
        })
        .catch(function () { stale(true); })
        .then(function () { setTimeout(tick, EVERY_MS); });
    }
    setTimeout(tick, EVERY_MS);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var live = document.querySelectorAll("[data-live]");
    for (var i = 0; i < live.length; i++) { follow(live[i]); }
  });
})();
