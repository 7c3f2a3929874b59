// The registration form: other prefix and meal fields, and the organization type-ahead.
(function () {
  "use strict";

  // Show `target` while the radio button (or the list's option) `value` is chosen.
  function toggleOn(inputs, value, target) {
    if (!target) return;
    const update = () => {
      const chosen = Array.from(inputs).find((r) => r.tagName === "SELECT" || r.checked);
      target.classList.toggle("d-none", !chosen || chosen.value !== value);
    };
    inputs.forEach((r) => r.addEventListener("change", update));
    update();
  }

  // A field the server marked as wrong is unmarked as soon as it holds something: the message
  // "please fill this in" must not stay beside a field that is filled in.
  function clearError(event) {
    const input = event.target;
    if (!input.name || !input.closest("form")) return;
    const filled = input.type === "checkbox" || input.type === "radio" ? input.checked : input.value.trim() !== "";
    if (!filled) return;
    const box = input.closest("fieldset, .form-check, .mb-3");
    input.form.querySelectorAll("[name='" + CSS.escape(input.name) + "']").forEach((f) => f.classList.remove("is-invalid"));
    if (box) box.querySelectorAll(".invalid-feedback").forEach((message) => message.remove());
  }
  document.addEventListener("input", clearError);
  document.addEventListener("change", clearError);

  toggleOn(document.querySelectorAll("[name=prefix]"), "other", document.querySelector("[data-prefix-other]"));
  toggleOn(document.querySelectorAll("input[name=dietary]"), "other", document.querySelector("[data-dietary-other]"));

  const box = document.querySelector("[data-org-search]");
  if (!box) return;
  const input = box.querySelector("input[name=organization_name]");
  const hidden = box.querySelector("input[name=organization_id]");
  const results = box.querySelector(".org-results");
  const notListed = box.querySelector("input[name=not_listed]");
  let timer = null;
  let latest = 0;

  function close() {
    results.classList.add("d-none");
    results.replaceChildren();
    input.setAttribute("aria-expanded", "false");
  }

  function choose(item) {
    input.value = item.name;
    hidden.value = item.id;
    if (notListed) notListed.checked = false;
    close();
  }

  function show(items) {
    results.replaceChildren();
    items.forEach((item) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "list-group-item list-group-item-action";
      button.setAttribute("role", "option");
      button.textContent = item.name;
      button.addEventListener("click", () => choose(item));
      results.appendChild(button);
    });
    results.classList.toggle("d-none", items.length === 0);
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  async function search() {
    const query = input.value.trim();
    if (query.length < 2 || (notListed && notListed.checked)) return close();
    const ticket = ++latest;
    try {
      const response = await fetch(box.dataset.url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
      });
      if (!response.ok || ticket !== latest) return;
      show((await response.json()).items);
    } catch (error) {
      close(); // offline or rate-limited: the typed name is kept as it is
    }
  }

  input.addEventListener("input", () => {
    hidden.value = "";
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  if (notListed) {
    notListed.addEventListener("change", () => {
      if (notListed.checked) {
        hidden.value = "";
        close();
      }
    });
  }
  document.addEventListener("click", (event) => {
    if (!box.contains(event.target)) close();
  });
})();
