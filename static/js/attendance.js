// The live attendance page: asks the attendance JSON every few seconds and puts the new figures in place,
// and the list of who has not arrived yet, without reloading the page.
(function () {
  "use strict";
  const live = document.getElementById("live");
  if (!live) return;
  const every = Number(live.dataset.pollMs) || 5000;

  function share(counts) {
    return counts.confirmed ? Math.round((counts.checked_in * 100) / counts.confirmed) : 0;
  }

  // The time as the server's pages write it: "09.42 น." in Thai, "09:42" in English (Bangkok time).
  function clock(iso) {
    const hhmm = iso.slice(11, 16);
    return document.documentElement.lang === "th" ? hhmm.replace(":", ".") + " น." : hhmm;
  }

  function setText(selector, value) {
    live.querySelectorAll(selector).forEach(function (el) { el.textContent = value; });
  }

  function updateGroup(name, groups) {
    const table = live.querySelector('[data-group="' + name + '"]');
    if (!table) return;
    Object.keys(groups).forEach(function (key) {
      const row = table.querySelector('[data-key="' + CSS.escape(key) + '"]');
      if (!row) return;
      row.querySelector('[data-part="checked_in"]').textContent = groups[key].checked_in;
      row.querySelector('[data-part="confirmed"]').textContent = groups[key].confirmed;
      row.querySelector('[data-part="bar"]').style.width = share(groups[key]) + "%";
    });
  }

  function show(figures) {
    setText('[data-figure="checked_in"]', figures.checked_in);
    setText('[data-figure="confirmed"]', figures.confirmed);
    setText('[data-figure="absent"]', figures.confirmed - figures.checked_in);
    setText('[data-figure="walk_ins"]', figures.walk_ins);
    setText('[data-figure="conflicts"]', figures.conflicts);
    setText('[data-figure="share"]', share(figures));
    setText('[data-figure="generated_at"]', clock(figures.generated_at));
    live.querySelector('[data-figure="bar"]').style.width = share(figures) + "%";
    updateGroup("by_kind", figures.by_kind);
    updateGroup("by_district", figures.by_district);
    figures.days.forEach(function (day) {
      const row = document.querySelector('[data-day="' + day.date + '"] [data-part="checked_in"]');
      if (row) row.textContent = day.checked_in;
    });
  }

  async function poll() {
    try {
      const response = await fetch(live.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(response.status);
      show(await response.json());
      const absent = await fetch(live.dataset.absentUrl, { credentials: "same-origin" });
      if (absent.ok) document.getElementById("absent").innerHTML = await absent.text();
      live.classList.remove("live-stale");
    } catch (error) {
      live.classList.add("live-stale");
    }
    window.setTimeout(poll, every);
  }

  window.setTimeout(poll, every);
})();
