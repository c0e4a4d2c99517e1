/* On-site inspection pages: location, more rows of persons present, and photo previews with the
   time each photo was taken. Everything is optional: the form works without script. */
(function () {
  "use strict";

  // "Use my location": the phone's coordinates go into hidden fields; the address stays typed.
  document.querySelectorAll("[data-locate]").forEach(function (button) {
    var form = button.closest("form");
    var status = form.querySelector("[data-locate-status]");
    if (!("geolocation" in navigator)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "正在定位…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var c = position.coords;
          form.querySelector("[data-latitude]").value = c.latitude.toFixed(6);
          form.querySelector("[data-longitude]").value = c.longitude.toFixed(6);
          form.querySelector("[data-accuracy]").value = Math.round(c.accuracy);
          status.textContent = "已定位：北纬 " + c.latitude.toFixed(6) + "，东经 " + c.longitude.toFixed(6) +
            "（精度约 " + Math.round(c.accuracy) + " 米）";
        },
        function (error) {
          status.textContent = error.code === 1 ? "未获得定位授权，可只填写地址。" : "定位失败，可只填写地址。";
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  });

  // Persons present: one more empty row per tap. The rows are a Django formset: the new row
  // takes the next index in place of __prefix__, and the formset's TOTAL_FORMS counts it.
  document.querySelectorAll("[data-add-person]").forEach(function (button) {
    var form = button.closest("form");
    var rows = form.querySelector("[data-person-rows]");
    var template = form.querySelector("[data-person-template]");
    if (!rows || !template) return;
    var total = form.querySelector('input[name="' + rows.getAttribute("data-person-prefix") + '-TOTAL_FORMS"]');
    if (!total) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      total.value = String(index + 1);
      var inputs = rows.querySelectorAll("[data-person-row]:last-child input");
      if (inputs.length) inputs[0].focus();
    });
  });

  // Photos: a preview of each, and the time the camera wrote it (File.lastModified), sent in order.
  document.querySelectorAll("[data-photos]").forEach(function (input) {
    var form = input.closest("form");
    var times = form.querySelector("[data-photo-times]");
    var preview = form.querySelector("[data-photo-preview]");
    input.addEventListener("change", function () {
      times.textContent = "";
      preview.textContent = "";
      Array.prototype.forEach.call(input.files, function (file) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "photo_taken_at";
        hidden.value = new Date(file.lastModified || Date.now()).toISOString();
        times.appendChild(hidden);
        var item = document.createElement("li");
        if (file.type.indexOf("image/") === 0 && window.URL && URL.createObjectURL) {
          var img = document.createElement("img");
          img.alt = "";
          img.src = URL.createObjectURL(file);
          item.appendChild(img);
        }
        item.appendChild(document.createTextNode(file.name + "（" + Math.max(1, Math.round(file.size / 1024)) + " KB）"));
        preview.appendChild(item);
      });
    });
  });
})();
