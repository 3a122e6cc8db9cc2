// Open the evidence a #evidence-<pillar>-<n> link points at. Without this script the
// page still works: links the registry writes add ?evidence=<pillar>-<n>, which the
// server answers with that section already open.
(function () {
  "use strict";

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id.indexOf("evidence-") !== 0) { return; }
    var target = document.getElementById(id);
    if (!target || target.tagName !== "DETAILS") { return; }
    target.open = true;
    target.scrollIntoView({ block: "start" });
    var summary = target.querySelector("summary");
    if (summary) { summary.focus({ preventScroll: true }); }
  }

  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
