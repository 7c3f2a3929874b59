// What the pages once asked of inline handlers, which the Content-Security-Policy forbids
// (app/security_headers.py): a form with data-confirm asks before it is sent, and a field with
// data-autosubmit sends its form when it changes.
(function () {
  "use strict";

  document.addEventListener("submit", (event) => {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("[data-autosubmit]")) event.target.form.submit();
  });
})();
