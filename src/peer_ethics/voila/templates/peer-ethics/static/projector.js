/*
 * Projector mode: one button, first in the tab order, that makes everything larger and bolder
 * for a room. The choice is kept in this browser (localStorage) and can be set by a link with
 * ?projector=1 (or 0). aria-pressed tells screen readers whether it is on.
 */
(function () {
  var KEY = "pek-projector";
  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function apply(on) {
    document.documentElement.classList.toggle("pek-projector", on);
    var button = document.getElementById("pek-projector-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Projector mode: on" : "Projector mode: off";
    }
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  var asked = new URLSearchParams(window.location.search).get("projector");
  var on = asked === null ? stored() : asked === "1";
  document.documentElement.classList.toggle("pek-projector", on);
  function addButton() {
    // The notebook's cells are the page's main content (a landmark for screen readers).
    var cells = document.getElementById("rendered_cells");
    if (cells && !cells.hasAttribute("role")) { cells.setAttribute("role", "main"); }
    if (document.getElementById("pek-projector-toggle")) { return; }
    var button = document.createElement("button");
    button.id = "pek-projector-toggle";
    button.type = "button";
    button.className = "pek-projector-toggle";
    button.title = "Larger text for a projector";
    button.addEventListener("click", function () {
      apply(!document.documentElement.classList.contains("pek-projector"));
    });
    document.body.insertBefore(button, document.body.firstChild);
    apply(document.documentElement.classList.contains("pek-projector"));
  }
  if (document.body) { addButton(); } else { document.addEventListener("DOMContentLoaded", addButton); }
})();
