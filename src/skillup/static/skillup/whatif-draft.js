// The draft's change form: only the fields the chosen catalogue entry has, with its current value shown.
// The server checks the same (whatif.overlay.check_change); this only saves a round trip.
document.addEventListener("DOMContentLoaded", function () {
  var fields = JSON.parse(document.getElementById("entry-fields").textContent);
  var entry = document.getElementById("id_entry");
  var field = document.getElementById("id_field");
  var value = document.getElementById("id_value");
  if (!entry || !field || !value) return;
  function refresh() {
    var known = fields[entry.value] || null;
    Array.prototype.forEach.call(field.options, function (o) {
      o.hidden = o.disabled = Boolean(o.value && known && !(o.value in known));
    });
    if (field.selectedOptions.length && field.selectedOptions[0].disabled) field.value = "";
    var current = known && field.value ? known[field.value] : "";
    value.placeholder = current ? "现行：" + current : "";
  }
  entry.addEventListener("change", refresh);
  field.addEventListener("change", refresh);
  refresh();
});
