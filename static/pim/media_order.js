/* Drag-and-drop ordering of the product page's media rows: moving a row rewrites every row's position field
   (0, 1, 2, ...) in the new order, so the normal form submit saves the order. No library needed. */
(function () {
  "use strict";

  function mediaRows(tbody) {
    return Array.prototype.filter.call(tbody.querySelectorAll("tr.form-row"), function (row) {
      return !row.classList.contains("empty-form") && row.querySelector("input.pim-position");
    });
  }

  function renumber(tbody) {
    mediaRows(tbody).forEach(function (row, index) {
      row.querySelector("input.pim-position").value = index;
    });
  }

  function prepare(row, tbody) {
    if (row.dataset.pimDraggable) { return; }
    row.dataset.pimDraggable = "1";
    var firstCell = row.querySelector("td");
    if (firstCell) {
      var handle = document.createElement("span");
      handle.className = "pim-drag-handle";
      handle.title = "Drag to reorder";
      handle.textContent = "\u2630";
      firstCell.insertBefore(handle, firstCell.firstChild);
      handle.addEventListener("mousedown", function () { row.draggable = true; });
    }
    row.addEventListener("dragstart", function (event) {
      tbody.pimDragged = row;
      row.classList.add("pim-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("pim-dragging");
      row.draggable = false;
      mediaRows(tbody).forEach(function (other) { other.classList.remove("pim-drop-target"); });
    });
    row.addEventListener("dragover", function (event) {
      if (!tbody.pimDragged || tbody.pimDragged === row) { return; }
      event.preventDefault();
      row.classList.add("pim-drop-target");
    });
    row.addEventListener("dragleave", function () { row.classList.remove("pim-drop-target"); });
    row.addEventListener("drop", function (event) {
      event.preventDefault();
      row.classList.remove("pim-drop-target");
      var dragged = tbody.pimDragged;
      if (!dragged || dragged === row) { return; }
      var rows = mediaRows(tbody);
      var before = rows.indexOf(dragged) > rows.indexOf(row) ? row : row.nextSibling;
      tbody.insertBefore(dragged, before);
      renumber(tbody);
    });
  }

  function init() {
    document.querySelectorAll(".pim-media tbody").forEach(function (tbody) {
      mediaRows(tbody).forEach(function (row) { prepare(row, tbody); });
      // Rows added with "Add another" get the handle too, and the next position.
      new MutationObserver(function () {
        mediaRows(tbody).forEach(function (row) { prepare(row, tbody); });
      }).observe(tbody, { childList: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
