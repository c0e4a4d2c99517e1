// The monthly report's page reloads itself while the task runs, to show its progress.
(function () {
  "use strict";
  var status = document.querySelector("[data-refresh-ms]");
  if (!status) return;
  var delay = parseInt(status.getAttribute("data-refresh-ms"), 10) || 2000;
  window.setTimeout(function () { window.location.reload(); }, delay);
})();
