/* Follows background jobs: every [data-job-progress] element polls its data-url (GET /jobs/<id>)
   and updates its bar, [data-job-field] texts and [data-job-show] elements until the job finishes. */
(function () {
  "use strict";

  var FAST = 1500;
  var SLOW = 10000;

  function render(root, state) {
    root.querySelectorAll("[data-job-field]").forEach(function (el) {
      var value = state[el.getAttribute("data-job-field")];
      el.textContent = value === null || value === undefined ? "" : value;
    });
    root.querySelectorAll("[data-job-show]").forEach(function (el) {
      el.hidden = !state[el.getAttribute("data-job-show")];
    });
    root.querySelectorAll("[data-job-style]").forEach(function (el) {
      var prefix = el.getAttribute("data-job-style");
      Array.prototype.slice.call(el.classList).forEach(function (name) {
        if (name.indexOf(prefix) === 0) el.classList.remove(name);
      });
      el.classList.add(prefix + state.style);
    });
    var progress = root.querySelector(".job-progress-bar");
    var bar = progress.querySelector(".progress-bar");
    var moving = state.status === "running" && !state.stalled;
    progress.setAttribute("aria-valuenow", state.percent);
    bar.style.width = state.percent + "%";
    bar.textContent = state.percent + "%";
    bar.classList.toggle("progress-bar-striped", moving);
    bar.classList.toggle("progress-bar-animated", moving);
  }

  function follow(root) {
    var url = root.getAttribute("data-url");
    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (state) {
          render(root, state);
          if (!state.finished) {
            window.setTimeout(poll, state.stalled ? SLOW : FAST);
            return;
          }
          root.setAttribute("data-finished", "true");
          root.dispatchEvent(new CustomEvent("job:finished", { bubbles: true, detail: state }));
          if (root.hasAttribute("data-reload-when-finished")) window.location.reload();
        })
        .catch(function () {
          window.setTimeout(poll, SLOW);
        });
    }
    poll();
  }

  document.querySelectorAll("[data-job-progress]").forEach(function (root) {
    if (root.getAttribute("data-finished") !== "true") follow(root);
  });
})();
