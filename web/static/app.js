/* Progressive enhancement only: every feature below also works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready() {
    // Sort and page-size changes apply at once when picked with the mouse; from the keyboard,
    // arrows only move through the options and Enter applies (the Apply button stays focusable).
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      var byKeyboard = false;
      select.addEventListener("keydown", function (event) {
        byKeyboard = event.key !== "Enter";
        if (event.key === "Enter") { event.preventDefault(); select.form.submit(); }
      });
      select.addEventListener("pointerdown", function () { byKeyboard = false; });
      select.addEventListener("change", function () { if (!byKeyboard) { select.form.submit(); } });
    });

    // Links that act as checkboxes also respond to Space, as a checkbox does.
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key === " " && target.matches && target.matches('a[role="checkbox"]')) {
        event.preventDefault();
        target.click();
      }
    });

    // "/" jumps to the search box, unless the user is typing somewhere.
    document.addEventListener("keydown", function (event) {
      var active = document.activeElement;
      var typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        var box = document.getElementById("q");
        if (box) { event.preventDefault(); box.focus(); box.select(); }
      }
    });

    // On a phone the filters start folded so the results come first.
    var filters = document.getElementById("filters");
    if (filters && window.matchMedia("(max-width: 52rem)").matches) {
      filters.open = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
