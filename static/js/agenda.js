/* Agenda builder: drag and drop to reorder items (HTML5); the confirmation before
   deleting comes from confirm.js, loaded on every page.
   Without JavaScript the "move up" / "move down" buttons do the same job. */
(function () {
  "use strict";

  var top = document.querySelector("ol.agenda-builder[data-order-url]");
  var token = document.querySelector('meta[name="csrf-token"]');
  if (!top || !token || !("draggable" in document.createElement("li"))) return;

  var url = top.dataset.orderUrl;
  var status = document.getElementById("agenda-order-status");
  var hint = document.querySelector(".agenda-dnd-hint");
  var dragged = null;
  top.closest("section").classList.add("agenda-dnd");
  if (hint) hint.hidden = false;

  function rowsOf(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("agenda-row");
    });
  }

  function clearMarks() {
    document.querySelectorAll(".drop-before, .drop-after").forEach(function (el) {
      el.classList.remove("drop-before", "drop-after");
    });
  }

  function sameLevel(row) {
    return dragged && dragged !== row && dragged.parentNode === row.parentNode;
  }

  function showError(message) {
    var box = document.createElement("p");
    box.className = "flash flash-error";
    box.setAttribute("role", "alert");
    box.textContent = message;
    top.parentNode.insertBefore(box, top);
  }

  function save(list, movedId) {
    var order = rowsOf(list).map(function (row) { return row.dataset.id; });
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": token.content
      },
      body: JSON.stringify({ parent_id: list.dataset.parentId || null, order: order })
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok && result.data.ok) {
        if (status) status.textContent = "";
        // The numbers and the timetable are computed on the server: show them afresh.
        history.replaceState(null, "", "#item-" + movedId);
        window.location.reload();
      } else {
        showError(result.data.error || "Error");
      }
    }).catch(function () {
      showError(top.dataset.errorMessage || "The new order could not be saved. Reload the page.");
    });
  }

  document.querySelectorAll("ol.agenda-builder").forEach(function (list) {
    rowsOf(list).forEach(function (row) {
      row.setAttribute("draggable", "true");
      row.addEventListener("dragstart", function (event) {
        if (event.target !== row) return;
        event.stopPropagation();
        dragged = row;
        row.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.dataset.id);
      });
      row.addEventListener("dragend", function () {
        row.classList.remove("is-dragging");
        clearMarks();
        dragged = null;
      });
      row.addEventListener("dragover", function (event) {
        if (!sameLevel(row)) return;
        event.preventDefault();
        event.stopPropagation();
        event.dataTransfer.dropEffect = "move";
        var box = row.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        clearMarks();
        row.classList.add(after ? "drop-after" : "drop-before");
      });
      row.addEventListener("drop", function (event) {
        if (!sameLevel(row)) return;
        event.preventDefault();
        event.stopPropagation();
        var after = row.classList.contains("drop-after");
        var moved = dragged;
        clearMarks();
        row.parentNode.insertBefore(moved, after ? row.nextSibling : row);
        save(row.parentNode, moved.dataset.id);
      });
    });
  });
})();
