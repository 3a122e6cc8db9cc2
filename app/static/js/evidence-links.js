// Open the evidence a #evidence-<pillar>-<n> link points at. The fragment names the first
// line inside the evidence box, which current browsers open by themselves to show it;
// this covers the others, and links followed within the page. Without any script, links
// the registry writes also carry ?evidence=<pillar>-<n>, which the server answers open.
(function () {
  "use strict";

  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id.indexOf("evidence-") !== 0) { return; }
    var target = document.getElementById(id);
    var box = target && target.closest("details.evidence");
    if (!box) { return; }
    box.open = true;
    target.scrollIntoView({ block: "start" });
  }

  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
