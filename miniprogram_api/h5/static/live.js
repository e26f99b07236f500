// Live parts of a page (an alarm's timeline, a binding waiting for the elder): an element with
// data-live="<url>" is refreshed from that URL every few seconds while the page is open. No
// build step, no framework; without JavaScript the alarm page refreshes itself (meta refresh).
(function () {
  "use strict";
  var EVERY_MS = 3000;
  function follow(el) {
    var url = el.getAttribute("data-live");
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html !== null && html.trim() !== el.innerHTML.trim()) { el.innerHTML = html; }
        })
        .catch(function () { /* offline for a moment: try again next tick */ })
        .then(function () { setTimeout(tick, EVERY_MS); });
    }
    setTimeout(tick, EVERY_MS);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var live = document.querySelectorAll("[data-live]");
    for (var i = 0; i < live.length; i++) { follow(live[i]); }
  });
})();
