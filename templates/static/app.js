// Small behaviours every page shares; the pages work without them.
(function () {
  "use strict";

  // A form (or the button that sends it) with data-confirm asks before it is sent:
  // irreversible or destructive actions.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) ||
      (form && form.getAttribute && form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A form with data-autosave saves its text as a draft a few seconds after typing stops,
  // and keeps the version it got back so the buttons save on top of it.
  function autosave(form) {
    var status = document.getElementById("autosave-status");
    var version = form.querySelector("input[name=version]");
    var timer = null;
    var busy = false;
    var again = false;
    var waiting = null;  // a button pressed while a save was on its way

    function say(text) { if (status) { status.textContent = text; } }

    function save() {
      if (busy) { again = true; return; }
      busy = true;
      again = false;
      var data = new FormData(form);
      data.delete("file");
      data.delete("action");
      fetch(form.getAttribute("data-autosave"), { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          var type = response.headers.get("content-type") || "";
          if (response.redirected || type.indexOf("application/json") === -1) {
            say(form.getAttribute("data-expired"));
            return null;
          }
          return response.json().then(function (body) {
            if (response.ok) {
              if (version) { version.value = body.version; }
              say(body.message);
            } else {
              say(body.detail);
            }
          });
        })
        .catch(function () { say(form.getAttribute("data-offline")); again = true; })
        .then(function () {
          busy = false;
          if (waiting) {
            var button = waiting;
            waiting = null;
            form.requestSubmit(button);
          } else if (again) {
            schedule();
          }
        });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 3000);
    }

    form.addEventListener("input", function (event) {
      if (event.target && event.target.type !== "file") { schedule(); }
    });
    form.addEventListener("submit", function (event) {
      window.clearTimeout(timer);
      if (busy) {  // send once the save in flight has answered, with the version it returns
        event.preventDefault();
        waiting = event.submitter || null;
      }
    });
  }

  // After a review decision swaps its item, focus goes to the next item waiting (or stays on
  // the decided one), never back to the top of the page.
  document.addEventListener("htmx:afterSwap", function (event) {
    var item = event.detail && event.detail.target;
    if (!item || !item.classList || !item.classList.contains("review-item")) { return; }
    var decided = document.getElementById(item.id) || item;
    if (decided.querySelector("form.decision")) { return; }  // refused: the error is in view
    var next = decided.nextElementSibling;
    while (next && !(next.classList.contains("review-item") && next.querySelector("form.decision"))) {
      next = next.nextElementSibling;
    }
    var heading = (next || decided).querySelector("h2");
    if (heading) { heading.focus(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-autosave]");
    for (var i = 0; i < forms.length; i++) { autosave(forms[i]); }
  });
})();
