// Ask before a destructive form is sent: forms with data-confirm="Question?".
// Without JavaScript the form is simply sent, as every form works without it.
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
