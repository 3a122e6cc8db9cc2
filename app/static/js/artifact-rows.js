// Add and remove artifact rows in place. Without this script the same buttons submit the
// form and the server re-renders it with one row more or less, so nothing depends on it.
(function () {
  "use strict";

  function renumber(root, index) {
    // The blank row's names and ids say __index__; give them the next free number.
    root.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value && value.indexOf("__index__") !== -1) {
          el.setAttribute(attr, value.split("__index__").join(String(index)));
        }
      });
    });
  }

  function addRow(fieldset) {
    var template = fieldset.querySelector("template[data-row-template]");
    var list = fieldset.querySelector("[data-row-list]");
    var index = parseInt(fieldset.getAttribute("data-next-index"), 10) || 0;
    var fragment = template.content.cloneNode(true);
    renumber(fragment, index);
    var row = fragment.querySelector("[data-row]");
    list.appendChild(fragment);
    fieldset.setAttribute("data-next-index", String(index + 1));
    var first = row.querySelector("input:not([type=hidden]), select");
    if (first) { first.focus(); }
  }

  function removeRow(button) {
    var row = button.closest("[data-row]");
    var fieldset = button.closest("[data-rows]");
    row.remove();
    var add = fieldset.querySelector("button.add-row");
    if (add) { add.focus(); }
  }

  document.querySelectorAll("form[data-artifact-form]").forEach(function (form) {
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !form.contains(button)) { return; }
      if (button.name === "add_row") {
        event.preventDefault();
        addRow(button.closest("[data-rows]"));
      } else if (button.name === "remove_row") {
        event.preventDefault();
        removeRow(button);
      }
    });
  });
})();
