// "Add another contact": copies the last contact card with the next index and empty fields.
(function () {
  const list = document.querySelector("[data-contacts]");
  const button = document.querySelector("[data-add-contact]");
  if (!list || !button) return;
  const max = Number(list.dataset.max);

  function nextIndex() {
    let highest = -1;
    for (const input of list.querySelectorAll("[name^=contacts-]")) {
      highest = Math.max(highest, Number(input.name.split("-")[1]));
    }
    return highest + 1;
  }

  function refresh() {
    button.hidden = list.querySelectorAll(".contact-entry").length >= max;
  }

  button.addEventListener("click", () => {
    const entries = list.querySelectorAll(".contact-entry");
    const copy = entries[entries.length - 1].cloneNode(true);
    const index = nextIndex();
    for (const element of copy.querySelectorAll("[name], [id], [for]")) {
      for (const attribute of ["name", "id", "for"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(/^contacts-\d+-/, `contacts-${index}-`));
      }
      if (element.type === "checkbox") element.checked = false;
      else if ("value" in element) element.value = "";
      element.classList.remove("is-invalid");
    }
    for (const message of copy.querySelectorAll(".invalid-feedback")) message.remove();
    list.append(copy);
    copy.querySelector("input").focus();
    refresh();
  });
  refresh();
})();
