// Rolebook default theme: small enhancements; every page works without this script.
(function () {
  "use strict";
  // Matrix filter: by role (column) and area (row group), and by duty title.
  var table = document.querySelector("table.matrix");
  if (table) {
    var form = document.querySelector(".filters");
    if (form) {
      form.hidden = false;
      form.addEventListener("submit", function (e) { e.preventDefault(); });
    }
    var roleSel = document.getElementById("filter-role");
    var areaSel = document.getElementById("filter-area");
    var text = document.getElementById("filter-text");
    var apply = function () {
      var role = roleSel ? roleSel.value : "";
      var area = areaSel ? areaSel.value : "";
      var q = text ? text.value.trim().toLowerCase() : "";
      var col = -1;
      var heads = table.tHead.rows[0].cells;
      // Columns marked data-keep (whom to ask) stay when one role is shown.
      var keep = function (c) { return c === 0 || heads[c].hasAttribute("data-keep"); };
      var kept = 0;
      for (var i = 1; i < heads.length; i++) {
        if (keep(i)) { kept++; continue; }
        var show = !role || heads[i].getAttribute("data-role") === role;
        if (heads[i].getAttribute("data-role") === role) col = i;
        heads[i].hidden = !show;
      }
      Array.prototype.forEach.call(table.tBodies, function (body) {
        var areaOK = !area || body.getAttribute("data-area") === area;
        var any = false;
        Array.prototype.forEach.call(body.rows, function (row) {
          if (row.classList.contains("area-row")) return;
          var ok = areaOK;
          if (ok && col > 0) ok = row.cells[col].textContent.trim() !== "";
          if (ok && q) ok = row.cells[0].textContent.toLowerCase().indexOf(q) >= 0;
          row.hidden = !ok;
          if (ok) any = true;
          for (var c = 1; c < row.cells.length; c++) row.cells[c].hidden = role && c !== col && !keep(c);
        });
        body.hidden = !any;
        Array.prototype.forEach.call(body.querySelectorAll(".area-row th"), function (th) {
          th.colSpan = role ? 2 + kept : heads.length;
        });
      });
    };
    [roleSel, areaSel, text].forEach(function (el) { if (el) el.addEventListener("input", apply); });
  }
  // Owners list filter by duty title.
  var ownersFilter = document.getElementById("owners-filter");
  if (ownersFilter) {
    ownersFilter.parentNode.hidden = false;
    ownersFilter.addEventListener("input", function () {
      var q = ownersFilter.value.trim().toLowerCase();
      document.querySelectorAll("table.owners tbody tr").forEach(function (row) {
        row.hidden = q && row.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  }
  // Print pages: a button that opens the browser's print dialog.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
