// A "Copy" button beside each badge snippet. Without this script the snippets are still
// plain read-only text to select and copy by hand.
(function () {
  "use strict";

  function copy(area, status) {
    var done = function () { status.textContent = "Copied"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(done, function () { select(area, status); });
    } else {
      select(area, status);
    }
  }

  function select(area, status) {
    area.focus();
    area.select();
    status.textContent = "Selected: press Ctrl+C (or ⌘C) to copy";
  }

  document.querySelectorAll("textarea[data-copy]").forEach(function (area) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary copy-button";
    button.textContent = "Copy";
    var label = document.querySelector("label[for='" + area.id + "']");
    button.setAttribute("aria-label", "Copy the " + (label ? label.textContent : "") + " snippet");
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () { copy(area, status); });
    area.insertAdjacentElement("afterend", status);
    area.insertAdjacentElement("afterend", button);
  });
})();
