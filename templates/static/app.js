// Small behaviours every page shares; the pages work without them.
(function () {
  "use strict";
  // A form with data-confirm asks before it is sent (irreversible or destructive actions).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
