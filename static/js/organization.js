// Copy buttons (one tap copies a link or a message) and confirmations before forms that cannot be undone.
(function () {
  async function copy(field) {
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (error) {
      // Without the clipboard API (an http:// address other than localhost), the old way still works.
      field.select();
      document.execCommand("copy");
    }
  }

  for (const button of document.querySelectorAll("[data-copy]")) {
    const label = button.innerHTML;
    button.addEventListener("click", async () => {
      await copy(document.querySelector(button.dataset.copy));
      button.innerHTML = '<i class="bi bi-clipboard-check"></i> ' + button.dataset.copied;
      setTimeout(() => (button.innerHTML = label), 2000);
    });
  }

  document.addEventListener("submit", (event) => {
    const message = event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
