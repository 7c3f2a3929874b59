// The import pages: refuse a file over the size limit before uploading it, and
// refresh the preview as soon as a column's meaning is changed.
(function () {
  const input = document.querySelector("input[type=file][data-max-bytes]");
  if (input) {
    const feedback = document.querySelector("[data-testid=upload-error]");
    const limit = Number(input.dataset.maxBytes);
    const check = () => {
      const file = input.files && input.files[0];
      const tooLarge = Boolean(file && file.size > limit);
      input.classList.toggle("is-invalid", tooLarge);
      if (tooLarge) feedback.textContent = input.dataset.tooLarge;
      return !tooLarge;
    };
    input.addEventListener("change", check);
    input.form.addEventListener("submit", (event) => {
      if (!check()) event.preventDefault();
    });
  }

  const mapping = document.getElementById("mapping-form");
  if (mapping) {
    mapping.addEventListener("change", (event) => {
      if (event.target.tagName === "SELECT") mapping.requestSubmit();
    });
  }
})();
