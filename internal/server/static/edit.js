// The editor's form. Without JavaScript everything still works: the
// summary of problems links to each field, and "Lägg till en aktivitet"
// asks the server for one more row, keeping what was typed.
(function () {
  // A refused form: the summary of its problems takes the focus, so that
  // a screen reader reads it and Tab goes on to its links.
  var summary = document.getElementById("fel");
  if (summary) {
    summary.focus();
  }
  // A link in the summary moves the focus to its field, not only the view.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (a) {
    a.addEventListener("click", function (e) {
      var field = document.getElementById(a.getAttribute("href").slice(1));
      if (field) {
        e.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    });
  });
  var rows = document.getElementById("rows");
  var add = document.querySelector("button.add-row");
  if (!rows || !add) {
    return;
  }
  var removeButton = function (row) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary remove-row";
    b.textContent = "Ta bort " + row.querySelector("legend").textContent.toLowerCase();
    b.addEventListener("click", function () {
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber();
      var focus = next ? next.querySelector("input[type=text]") : add;
      (focus || add).focus();
    });
    row.appendChild(b);
  };
  // Rows are numbered for people in order; their fields keep the numbers
  // they were made with (the server reads any), so nothing typed moves.
  var renumber = function () {
    rows.querySelectorAll("fieldset.activity").forEach(function (row, i) {
      row.querySelector("legend").textContent = "Aktivitet " + (i + 1);
      var b = row.querySelector(".remove-row");
      if (b) {
        b.textContent = "Ta bort aktivitet " + (i + 1);
      }
    });
  };
  rows.querySelectorAll("fieldset.activity").forEach(removeButton);
  renumber();
  add.addEventListener("click", function (e) {
    e.preventDefault();
    var all = rows.querySelectorAll("fieldset.activity");
    var last = all[all.length - 1];
    var n = 0;
    all.forEach(function (r) { n = Math.max(n, Number(r.dataset.row) + 1); });
    var row = last.cloneNode(true);
    row.dataset.row = n;
    row.querySelectorAll(".remove-row, .error, input[type=hidden]").forEach(function (el) { el.remove(); });
    row.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach(function (el) {
      ["id", "name", "for", "aria-describedby"].forEach(function (a) {
        var v = el.getAttribute(a);
        if (v) {
          el.setAttribute(a, v.replace(/act\d+([_-])/g, "act" + n + "$1"));
        }
      });
      el.removeAttribute("aria-invalid");
    });
    row.querySelectorAll("input[type=text]").forEach(function (el) { el.value = ""; });
    row.querySelectorAll("input[type=checkbox]").forEach(function (el) { el.checked = false; });
    row.querySelectorAll("select").forEach(function (el) { el.selectedIndex = 0; });
    rows.appendChild(row);
    removeButton(row);
    renumber();
    row.querySelector("input[type=text]").focus();
  });
})();
