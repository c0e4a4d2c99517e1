/* Small progressive enhancements; every page works without them. */
(function () {
  "use strict";
  var body = document.body;

  function setNav(open) {
    body.classList.toggle("nav-open", open);
    document.querySelectorAll(".nav-toggle").forEach(function (button) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    var scrim = document.querySelector(".nav-scrim");
    if (scrim) scrim.hidden = !open;
    if (open) {
      var first = document.querySelector("#sidenav a");
      if (first) first.focus();
    }
  }

  document.querySelectorAll(".nav-toggle").forEach(function (button) {
    button.addEventListener("click", function () {
      setNav(!body.classList.contains("nav-open"));
    });
  });
  document.querySelectorAll("[data-nav-close]").forEach(function (el) {
    el.addEventListener("click", function () { setNav(false); });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && body.classList.contains("nav-open")) setNav(false);
  });

  // Filter selects apply on change (a submit button is offered without script).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // A slow connection on site must not turn one tap into two transitions.
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });
  // On a narrow screen the state diagram scrolls sideways: start with the current state in view.
  document.querySelectorAll(".diagram[data-current-state]").forEach(function (box) {
    var node = box.querySelector('[data-state="' + box.getAttribute("data-current-state") + '"]');
    if (!node || box.scrollWidth <= box.clientWidth) return;
    var nodeBox = node.getBoundingClientRect();
    var frame = box.getBoundingClientRect();
    box.scrollLeft += nodeBox.left - frame.left - (frame.width - nodeBox.width) / 2;
  });

  // Coming back through the browser history shows the page as it was left: enable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[method=post] button[type=submit]").forEach(function (button) {
      button.disabled = false;
    });
  });
})();

/* Party-name suggestions under the search box while typing (the list is a plain <datalist>). */
(function () {
  var input = document.querySelector("[data-suggest-url]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q.length < 1 || q === last) return;
      last = q;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (body) {
          list.textContent = "";
          body.suggestions.forEach(function (s) {
            var option = document.createElement("option");
            option.value = s.name;
            if (s.credit_code) option.label = s.credit_code;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
