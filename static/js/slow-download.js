// Documents that take a while to make (the directory booklet, letters): the link says it is working,
// with the seconds gone by, until the PDF has arrived, then saves it; a failure is said, not hidden.
// A link opts in with data-slow-download; without script it stays an ordinary link. A button of a GET
// form (the ticked letters) opts in the same way and sends only the fields named in
// data-slow-download-fields. When the server answers with a page instead of a PDF (a large batch is
// made by a background job), that page, with its progress bar, is opened instead.
(function () {
  "use strict";

  function filename(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (utf8) return decodeURIComponent(utf8[1]);
    const plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  function address(control) {
    if (control.tagName === "A") return control.href;
    const url = new URL(control.formAction, window.location.href);
    const wanted = (control.getAttribute("data-slow-download-fields") || "").split(/\s+/);
    new FormData(control.form).forEach((value, name) => {
      if (wanted.includes(name)) url.searchParams.append(name, value);
    });
    return url.href;
  }

  document.querySelectorAll("[data-slow-download]").forEach((link) => {
    const status = document.getElementById(link.getAttribute("data-slow-download"));
    link.addEventListener("click", (event) => {
      if (link.getAttribute("aria-busy") === "true") {
        event.preventDefault();
        return;
      }
      event.preventDefault();
      const started = Date.now();
      const working = status.getAttribute("data-working");
      const tick = () => {
        status.textContent = working.replace("{seconds}", Math.round((Date.now() - started) / 1000));
      };
      link.setAttribute("aria-busy", "true");
      link.classList.add("disabled");
      status.hidden = false;
      tick();
      const timer = setInterval(tick, 1000);
      const done = (message) => {
        clearInterval(timer);
        link.removeAttribute("aria-busy");
        link.classList.remove("disabled");
        status.textContent = message;
        status.setAttribute("data-state", message === status.getAttribute("data-done") ? "done" : "failed");
      };
      fetch(address(link), { credentials: "same-origin" })
        .then((response) => {
          if (!response.ok) throw new Error(String(response.status));
          if (!(response.headers.get("Content-Type") || "").includes("pdf")) {
            window.location.assign(response.url);
            return new Promise(() => {}); // the progress page takes over
          }
          return response.blob().then((blob) => save(blob, filename(response, "document.pdf")));
        })
        .then(() => done(status.getAttribute("data-done")))
        .catch(() => done(status.getAttribute("data-failed")));
    });
  });
})();
