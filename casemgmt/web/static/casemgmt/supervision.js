/* Agency supervision pages. Everything is optional: without script the page offers a refresh
   link and shows every field.
   - While a draw runs, its progress is read from the task's draw-status (same origin, the
     session's cookie) and shown; when the draw ends the page reloads with the result.
   - On the result form, the fields that belong to one finding (整改期限, 移送机关) are shown when
     that finding is chosen. */
(function () {
  "use strict";

  document.querySelectorAll("[data-draw-status-url]").forEach(function (box) {
    var url = box.getAttribute("data-draw-status-url");
    var interval = parseInt(box.getAttribute("data-poll-ms"), 10) || 800;
    var bar = box.querySelector("progress");
    var percent = box.querySelector("[data-draw-percent]");
    var label = box.querySelector("[data-draw-label]");
    var failures = 0;

    function show(status) {
      var value = Math.max(0, Math.min(100, status.progress || 0));
      if (bar) bar.value = value;
      if (percent) percent.textContent = value + "%";
      if (label && status.draw_status_label) label.textContent = status.draw_status_label;
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (status) {
          failures = 0;
          show(status);
          if (status.draw_status === "running") {
            window.setTimeout(poll, interval);
          } else {
            box.setAttribute("data-finished", status.draw_status);
            window.setTimeout(function () { window.location.reload(); }, 300);
          }
        })
        .catch(function () {
          failures += 1;
          if (failures < 20) window.setTimeout(poll, interval * 2);
        });
    }

    window.setTimeout(poll, 200);
  });

  document.querySelectorAll("form[data-finding-form]").forEach(function (form) {
    var blocks = form.querySelectorAll("[data-show-for]");
    function update() {
      var chosen = form.querySelector('input[name="finding"]:checked');
      var value = chosen ? chosen.value : "";
      blocks.forEach(function (block) {
        var wanted = block.getAttribute("data-show-for").split(" ");
        var hasValue = Array.prototype.some.call(block.querySelectorAll("input, textarea"), function (input) {
          return input.value;
        });
        block.hidden = wanted.indexOf(value) === -1 && !hasValue && !block.querySelector(".field-error");
      });
    }
    form.querySelectorAll('input[name="finding"]').forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  });
})();
