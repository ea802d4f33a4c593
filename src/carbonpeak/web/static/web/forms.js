// A filter that applies itself when its choice changes (`<select data-submit-on-change>`): a script file,
// not an inline handler, so the Content Security Policy allows scripts from our own static files only.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) {
    field.form.submit();
  }
});
