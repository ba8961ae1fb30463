// The meeting page's answer table stays current: every 15 seconds the table is fetched
// again (invitations.answers) and replaced when it changed. Without JavaScript the page
// shows the table as it was when loaded. No build step, no dependencies.
(function () {
  "use strict";
  var INTERVAL = 15000;
  var box = document.querySelector("[data-answers-url]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-answers-url");
  var last = box.innerHTML.trim();
  var busy = false;

  function refresh() {
    if (busy || document.hidden) {
      return;
    }
    // Someone typing or pressing a button in the table must not lose it mid-way.
    if (box.contains(document.activeElement) && document.activeElement !== document.body) {
      return;
    }
    busy = true;
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = html.trim();
        if (fresh && fresh !== last) {
          box.innerHTML = fresh;
          last = fresh;
          if (window.stackTables) {
            window.stackTables(box);
          }
          box.setAttribute("data-refreshed", new Date().toISOString());
        }
      })
      .catch(function () {
        // Offline or signed out: keep the table shown; the next round tries again.
      })
      .then(function () {
        busy = false;
      });
  }

  window.setInterval(refresh, INTERVAL);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      refresh();
    }
  });
})();
