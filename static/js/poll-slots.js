// The new-poll form: "Add another slot" adds an empty row of slot fields on the page,
// up to the form's limit, and moves the focus to its date. Without JavaScript the button
// sends the form back and the server adds the row. No build step, no dependencies.
(function () {
  "use strict";
  var button = document.querySelector("[data-add-slot]");
  if (!button) {
    return;
  }
  var max = parseInt(button.getAttribute("data-max"), 10) || 10;
  // On the page, the button adds the row itself: Enter in a field submits the form.
  button.type = "button";

  function renumber(row, index) {
    var number = index + 1;
    row.id = "slot-" + number;
    var legend = row.querySelector("legend");
    if (legend) {
      legend.textContent = legend.textContent.replace(/\d+/, String(number));
    }
    var pattern = /slots-\d+-/g;
    var prefix = "slots-" + index + "-";
    row.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach(function (el) {
      ["id", "name", "for", "aria-describedby"].forEach(function (attribute) {
        var value = el.getAttribute(attribute);
        if (value) {
          el.setAttribute(attribute, value.replace(pattern, prefix));
        }
      });
    });
  }

  function clear(row) {
    row.querySelectorAll(".field-error").forEach(function (el) {
      el.remove();
    });
    row.querySelectorAll(".field-invalid").forEach(function (el) {
      el.classList.remove("field-invalid");
    });
    row.querySelectorAll("input, select, textarea").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      if (el.tagName === "SELECT") {
        el.selectedIndex = 0;
      } else {
        el.value = "";
      }
    });
  }

  button.addEventListener("click", function () {
    var rows = document.querySelectorAll("[data-slot]");
    var last = rows[rows.length - 1];
    var row = last.cloneNode(true);
    clear(row);
    renumber(row, rows.length);
    last.parentNode.insertBefore(row, last.nextSibling);
    if (rows.length + 1 >= max) {
      button.hidden = true;
    }
    var first = row.querySelector("input");
    if (first) {
      first.focus();
    }
  });
})();
