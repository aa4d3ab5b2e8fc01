// chidao review queue: keyboard shortcuts (j/k move, c confirm, r reject, e edit in place, Enter open).
// Our own few lines instead of a vendored library: every change is still a plain form POST with its
// CSRF token, so the page works the same without JavaScript.
(function () {
  "use strict";
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#queue tr.item")); }
  function selected() { return document.querySelector("#queue tr.item.selected"); }
  function select(row) {
    if (!row) { return; }
    var old = selected();
    if (old) { old.classList.remove("selected"); }
    row.classList.add("selected");
    row.scrollIntoView({ block: "nearest" });
    if (history.replaceState) { history.replaceState(null, "", "#" + row.id); }
  }
  function move(step) {
    var all = rows(), current = all.indexOf(selected());
    select(all[Math.min(all.length - 1, Math.max(0, current + step))]);
  }
  function submit(row, cls) {
    var form = row && row.querySelector("form." + cls);
    if (form) { form.submit(); }
  }
  function editInPlace(row) {
    var details = row && row.querySelector("details.inline-edit");
    if (!details) { return; }
    details.open = true;
    details.querySelector("input:not([type=hidden])").focus();
  }
  function follow(row, cls) {
    var link = row && row.querySelector("a." + cls);
    if (link) { window.location.href = link.href; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var all = rows();
    if (!all.length) { return; }
    var fromHash = window.location.hash && document.getElementById(window.location.hash.slice(1));
    select(fromHash && fromHash.classList.contains("item") ? fromHash : all[0]);
    all.forEach(function (row) { row.addEventListener("click", function () { select(row); }); });
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target.tagName;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target === "INPUT" || target === "TEXTAREA" || target === "SELECT" || target === "BUTTON") { return; }
    var row = selected();
    var actions = {
      j: function () { move(1); },
      k: function () { move(-1); },
      c: function () { submit(row, "review-confirm"); },
      r: function () { submit(row, "review-reject"); },
      e: function () { editInPlace(row); },
      Enter: function () { follow(row, "open"); }
    };
    if (actions[event.key] && rows().length) { event.preventDefault(); actions[event.key](); }
  });
})();
