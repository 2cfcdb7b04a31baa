/* Practice admin: show only the fields that belong to each step's kind. */
(function () {
  "use strict";
  function sync(select) {
    var inline = select.closest(".inline-related");
    if (!inline) return;
    inline.querySelectorAll("fieldset.step-kind").forEach(function (fieldset) {
      fieldset.hidden = !fieldset.classList.contains("step-kind--" + select.value);
    });
  }
  function syncAll() {
    document.querySelectorAll("select[name$='-kind']").forEach(sync);
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[name$='-kind']")) sync(event.target);
  });
  document.addEventListener("DOMContentLoaded", syncAll);
  document.addEventListener("formset:added", syncAll);
})();
