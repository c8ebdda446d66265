// Copy buttons for subscription addresses. Without JavaScript the address
// is still there to select and copy; this only adds the button.
document.querySelectorAll(".copy-button").forEach(function (button) {
  var input = document.getElementById(button.dataset.copy);
  var status = button.closest(".subscribe").querySelector(".copied");
  button.hidden = false;
  button.addEventListener("click", function () {
    input.select();
    var done = function () { status.textContent = "Adressen är kopierad."; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
});
