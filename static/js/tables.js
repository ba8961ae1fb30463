// On narrow screens the data tables become stacked cards (app.css, .table-stacks): each
// cell is labelled with its column's heading, as the header row is no longer beside it.
// The roles keep the table a table for screen readers, which drop a table's meaning when
// its parts are no longer displayed as one. The month grid stays a grid.
// window.stackTables(element) does the same for tables put in later (the answers' refresh).
(function () {
  "use strict";
  var each = function (list, action) {
    Array.prototype.forEach.call(list, action);
  };

  function label(table, headings) {
    each(table.rows, function (row) {
      row.setAttribute("role", "row");
      if (row.parentNode === table.tHead) {
        return;
      }
      var column = 0;
      each(row.cells, function (cell) {
        if (cell.tagName === "TH") {
          cell.setAttribute("role", "rowheader");
        } else {
          cell.setAttribute("role", "cell");
          if (headings[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", headings[column]);
          }
        }
        column += cell.colSpan || 1;
      });
    });
  }

  function stackTables(root) {
    each(root.querySelectorAll("table.table:not(.month-grid)"), function (table) {
      var head = table.tHead && table.tHead.rows[0];
      if (!head) {
        return;
      }
      var headings = [];
      each(head.cells, function (cell) {
        for (var i = 0; i < (cell.colSpan || 1); i++) {
          headings.push(cell.textContent.replace(/\s+/g, " ").trim());
        }
        cell.setAttribute("role", "columnheader");
      });
      table.setAttribute("role", "table");
      each(table.querySelectorAll(":scope > thead, :scope > tbody, :scope > tfoot"), function (group) {
        group.setAttribute("role", "rowgroup");
      });
      label(table, headings);
      table.classList.add("table-stacks");
    });
  }

  window.stackTables = stackTables;
  document.addEventListener("DOMContentLoaded", function () {
    stackTables(document);
  });
})();
