// Live progress of a running check: poll the release's JSON, update the bar and the words,
// and reload the page once the run has finished so the new verdicts are shown.
(function () {
  "use strict";
  var ACTIVE = ["PENDING", "RUNNING"];
  // The same words the page uses for an artifact's state (app/web/pages.py PROGRESS_WORDS).
  var WORDS = { pending: "waiting", running: "checking now", done: "checked", not_checked: "not checked" };
  var INTERVAL_MS = 1500;
  var panel = document.querySelector("[data-progress-url]");
  if (!panel) { return; }
  var url = panel.getAttribute("data-progress-url");
  var text = panel.querySelector("[data-progress-text]");
  var bar = panel.querySelector("[data-progress-bar]");
  var items = panel.querySelectorAll("[data-progress-artifacts] > li");

  function runOf(body) {
    // The release JSON nests the run under latest_run; a progress endpoint may return it bare.
    if (body && body.latest_run !== undefined) { return body.latest_run; }
    if (body && body.run !== undefined) { return body.run; }
    return body;
  }

  function showArtifacts(artifacts) {
    if (!artifacts || artifacts.length !== items.length) { return; }
    artifacts.forEach(function (artifact, index) {
      var item = items[index];
      var words = WORDS[artifact.status] || artifact.status;
      item.setAttribute("data-status", artifact.status);
      item.querySelector("[data-status-text]").textContent =
        artifact.verdict ? words + " (" + artifact.verdict + ")" : words;
    });
  }

  function show(run) {
    showArtifacts(run.artifacts);
    var done = run.artifacts_done || 0;
    var total = run.artifacts_total || 0;
    if (bar) {
      bar.max = Math.max(total, 1);
      bar.value = done;
      bar.textContent = done + " of " + total;
    }
    if (text) {
      text.textContent = run.state === "PENDING"
        ? "Check #" + run.id + " is queued."
        : "Check #" + run.id + " is running: " + done + " of " + total + " artifacts checked.";
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        var run = runOf(body);
        if (!run) { window.setTimeout(poll, INTERVAL_MS * 2); return; }
        if (ACTIVE.indexOf(run.state) === -1) {
          if (text) { text.textContent = "Check finished; loading the verdicts…"; }
          window.location.reload();
          return;
        }
        show(run);
        window.setTimeout(poll, INTERVAL_MS);
      })
      .catch(function () { window.setTimeout(poll, INTERVAL_MS * 2); });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
