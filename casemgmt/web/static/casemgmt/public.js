/* Public portal enhancements; every page works without them.
   - Party sections show the code field their kind needs (and disable the other, so it is not sent).
   - The attachment input checks count and sizes before a long upload.
   - The success page offers to copy the tracking code. */
(function () {
  "use strict";

  function syncPartySection(section) {
    var checked = section.querySelector("input[data-kind-switch]:checked");
    var kind = checked ? checked.value : "";
    section.querySelectorAll("[data-show-for]").forEach(function (field) {
      var applies = !kind || field.getAttribute("data-show-for").split(" ").indexOf(kind) !== -1;
      field.hidden = !applies;
      field.querySelectorAll("input, select, textarea").forEach(function (input) {
        input.disabled = !applies;
      });
    });
  }

  document.querySelectorAll("[data-party-section]").forEach(function (section) {
    if (!section.querySelector("input[data-kind-switch]")) return;
    syncPartySection(section);
    section.addEventListener("change", function (event) {
      if (event.target.matches("input[data-kind-switch]")) syncPartySection(section);
    });
  });

  function megabytes(bytes) {
    return Math.round((bytes / 1048576) * 10) / 10 + " MB";
  }

  document.querySelectorAll('input[type="file"][data-max-files]').forEach(function (input) {
    var note = document.getElementById(input.id + "-check");
    var maxFiles = parseInt(input.getAttribute("data-max-files"), 10);
    var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10);
    var maxTotal = parseInt(input.getAttribute("data-max-total"), 10);
    input.addEventListener("change", function () {
      var problems = [];
      var total = 0;
      var files = Array.prototype.slice.call(input.files || []);
      if (files.length > maxFiles) problems.push("最多上传 " + maxFiles + " 个文件，您选择了 " + files.length + " 个。");
      files.forEach(function (file) {
        total += file.size;
        if (file.size > maxBytes) problems.push("「" + file.name + "」有 " + megabytes(file.size) + "，超过 " + megabytes(maxBytes) + " 的限制。");
        if (file.size === 0) problems.push("「" + file.name + "」是空文件。");
      });
      if (total > maxTotal) problems.push("附件合计 " + megabytes(total) + "，超过 " + megabytes(maxTotal) + " 的限制。");
      input.setCustomValidity(problems.join(" "));
      if (note) {
        note.textContent = problems.join(" ");
        note.hidden = problems.length === 0;
      }
    });
  });

  document.querySelectorAll("form[data-application-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var invalid = form.querySelector('input[type="file"]:invalid');
      if (invalid) {
        event.preventDefault();
        invalid.focus();
      }
    });
  });

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = document.querySelector("[data-copy-status]");
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        if (status) status.textContent = "已复制查询码。";
      }, function () {
        if (status) status.textContent = "无法自动复制，请手动抄写查询码。";
      });
    });
  });
})();
