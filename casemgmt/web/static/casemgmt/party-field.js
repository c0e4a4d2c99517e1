/* The party field of the staff forms (casemgmt/web/party_field.py), enhanced: the new party's
   inputs show only when "登记新的当事人" is chosen, Enter in a search box presses its own 查找, and
   Enter in another one-line input does not submit the whole form by accident. Without script
   every input is shown and the page works the same. */
(function () {
  var form = document.querySelector("[data-object-form]");
  if (!form) return;
  form.querySelectorAll("[data-party-field]").forEach(function (fieldset) {
    var fields = fieldset.querySelector("[data-party-new-fields]");
    var newChoice = fieldset.querySelector("[data-party-new]");
    function sync() { fields.hidden = !newChoice.checked; }
    fieldset.querySelectorAll('input[type="radio"]').forEach(function (radio) {
      radio.addEventListener("change", sync);
    });
    sync();
    var search = fieldset.querySelector('input[type="search"]');
    var find = fieldset.querySelector("[data-party-find]");
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); find.click(); }
    });
  });
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.tagName === "INPUT" && target.type !== "search" &&
        target.type !== "submit" && target.type !== "checkbox" && target.type !== "radio") {
      event.preventDefault();
    }
  });
})();
