// The minutes editor, for a person typing a long text: whether everything is saved, a copy
// of what is typed kept in this browser until it is saved (a lost connection, a closed tab
// or a failed save loses nothing), and a warning before leaving with unsaved text.
// Works without it; no dependencies.
(function () {
  "use strict";
  var form = document.getElementById("minutes-editor");
  var state = document.getElementById("save-state");
  if (!form || !state) return;
  var key = "meetings:minutes-draft:" + form.getAttribute("data-meeting");
  var changed = form.hasAttribute("data-unsaved");  // a save that failed: not saved yet
  var timer = null;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && !element.readOnly && element.type !== "hidden" &&
        element.type !== "submit" && element.type !== "button";
    });
  }

  function values() {
    var found = {};
    fields().forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        if (element.checked) found[element.name + "=" + element.value] = true;
      } else {
        found[element.name] = element.value;
      }
    });
    return found;
  }

  function show(which) {
    state.textContent = state.getAttribute("data-" + which);
    state.className = "save-state save-state-" + which;
  }

  function store() {
    try {
      window.localStorage.setItem(key, JSON.stringify(values()));
    } catch (error) {
      // Storage full or off (private window): the warning before leaving still works.
    }
  }

  function differs(draft) {
    var now = values();
    var names = Object.keys(draft).concat(Object.keys(now));
    return names.some(function (name) {
      return (draft[name] || "") !== (now[name] || "");
    });
  }

  function restore(draft) {
    fields().forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = Boolean(draft[element.name + "=" + element.value]);
      } else if (Object.prototype.hasOwnProperty.call(draft, element.name)) {
        element.value = draft[element.name];
      }
    });
    changed = true;
    show("unsaved");
  }

  // A copy kept from an earlier visit that was never saved: offer it back.
  var kept = null;
  try {
    kept = JSON.parse(window.localStorage.getItem(key) || "null");
  } catch (error) {
    kept = null;
  }
  var offer = document.getElementById("draft-offer");
  if (kept && differs(kept) && offer) {
    offer.hidden = false;
    offer.querySelector("[data-restore]").addEventListener("click", function () {
      restore(kept);
      offer.hidden = true;
    });
    offer.querySelector("[data-discard]").addEventListener("click", function () {
      window.localStorage.removeItem(key);
      offer.hidden = true;
    });
  } else if (!changed) {
    window.localStorage.removeItem(key);  // what was kept is what is saved now
  }
  show(changed ? "unsaved" : "saved");

  form.addEventListener("input", function () {
    changed = true;
    show("unsaved");
    window.clearTimeout(timer);
    timer = window.setTimeout(store, 400);
  });
  form.addEventListener("submit", function () {
    store();  // kept until the saved page shows the same text
    changed = false;
    show("saving");
  });
  window.addEventListener("pagehide", function () {
    if (changed) store();
  });
  window.addEventListener("beforeunload", function (event) {
    if (!changed) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();

// The live preview of a text: the field as the minutes will show it, rendered by the
// server (the same Markdown and sanitising as the published minutes), as one types.
(function () {
  "use strict";
  var form = document.getElementById("minutes-editor");
  var url = form && form.getAttribute("data-preview-url");
  if (!url || !window.fetch || !window.FormData) return;
  var token = form.querySelector("input[name=csrf_token]");

  Array.prototype.forEach.call(form.querySelectorAll("textarea[data-markdown]"), function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-small button-secondary preview-toggle";
    button.textContent = form.getAttribute("data-preview-show");
    button.setAttribute("aria-expanded", "false");
    var pane = document.createElement("div");
    pane.className = "markdown-preview minutes-text";
    pane.id = field.id + "-preview";
    pane.hidden = true;
    pane.setAttribute("role", "region");
    pane.setAttribute("aria-live", "polite");
    pane.setAttribute("aria-label", form.getAttribute("data-preview-label"));
    button.setAttribute("aria-controls", pane.id);
    field.insertAdjacentElement("afterend", pane);
    field.insertAdjacentElement("afterend", button);
    var timer = null;
    var asked = 0;

    function render() {
      var data = new FormData();
      data.append("csrf_token", token ? token.value : "");
      data.append("text", field.value);
      var mine = ++asked;
      fetch(url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          if (mine === asked) pane.innerHTML = html;  // only the latest answer is shown
        })
        .catch(function () {
          // Offline or signed out: the preview waits; the text itself is kept.
        });
    }

    button.addEventListener("click", function () {
      var open = pane.hidden;
      pane.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = form.getAttribute(open ? "data-preview-hide" : "data-preview-show");
      if (open) render();
    });
    field.addEventListener("input", function () {
      if (pane.hidden) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(render, 300);
    });
  });
})();
