// The losing-touch list: "select all" and the count of organizations selected.
(function () {
  const form = document.getElementById("losing-touch-form");
  if (!form) return;
  const all = document.getElementById("select-all");
  const count = document.getElementById("selected-count");
  const picks = () => Array.from(form.querySelectorAll("input.pick"));
  function update() {
    const chosen = picks().filter((box) => box.checked).length;
    count.textContent = chosen;
    all.checked = chosen > 0 && chosen === picks().length;
    all.indeterminate = chosen > 0 && chosen < picks().length;
  }
  all.addEventListener("change", () => {
    picks().forEach((box) => { box.checked = all.checked; });
    update();
  });
  form.addEventListener("change", (event) => {
    if (event.target.classList.contains("pick")) update();
  });
  update();
})();
