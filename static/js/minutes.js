// The minutes editor: warn before leaving the page with unsaved text (nothing typed is
// lost by a stray click). Works without it; no dependencies.
(function () {
  "use strict";
  var form = document.getElementById("minutes-editor");
  if (!form) return;
  var changed = false;
  form.addEventListener("input", function () { changed = true; });
  form.addEventListener("submit", function () { changed = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!changed) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
