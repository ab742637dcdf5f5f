// Copy buttons for the WiFi key. The page works without this script: the
// key sits in a read-only field the user can select, and the button stays
// hidden until the script shows it.
(function () {
  "use strict";

  function selectField(field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }

  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    // Older mini-browsers: copy the selection instead.
    selectField(field);
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.querySelector('[data-copy-status="' + field.id + '"]');
    button.hidden = false;
    field.addEventListener("focus", function () { selectField(field); });
    button.addEventListener("click", function () {
      copy(field).then(function () {
        status.textContent = status.getAttribute("data-copied");
        button.setAttribute("data-copied", "true");
      }, function () {
        selectField(field);
        status.textContent = status.getAttribute("data-failed");
      });
    });
  });
})();
