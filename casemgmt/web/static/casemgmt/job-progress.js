// A long job's progress (templates/web/_job_progress.html): while the job runs, ask its polling
// endpoint for the progress box every two seconds and put the answer in place, until it is done.
(function () {
  "use strict";
  function poll(box) {
    var url = box.getAttribute("data-progress-url");
    if (!url) return;
    var delay = parseInt(box.getAttribute("data-refresh-ms"), 10) || 2000;
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var next = holder.querySelector("[data-job-status]");
          if (!next) return;
          box.replaceWith(next);
          poll(next);
        })
        .catch(function () { poll(box); });
    }, delay);
  }
  document.querySelectorAll("[data-job-status]").forEach(poll);
})();
