// Forum pages: the Buddhist-era date next to each date input, copy buttons, and counting ticked boxes.
(function () {
  "use strict";

  var MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var WEEKDAYS = ["อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์"];
  var thai = document.documentElement.lang === "th";

  // The browser's date widget is Gregorian; people here count years in the Buddhist era.
  // A year above 2400 was typed as BE: the server takes it so, and so does this hint.
  function beDate(value) {
    var parts = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!parts) return "";
    var year = +parts[1], month = +parts[2], day = +parts[3];
    if (year > 2400) year -= 543;
    var date = new Date(Date.UTC(year, month - 1, day));
    if (thai) {
      return "วัน" + WEEKDAYS[date.getUTCDay()] + "ที่ " + day + " " + MONTHS[month - 1] + " " + (year + 543);
    }
    return date.toLocaleDateString("en-GB", {
      weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
    }) + " (B.E. " + (year + 543) + ")";
  }

  document.querySelectorAll("[data-be-date-for]").forEach(function (hint) {
    var input = document.getElementById(hint.getAttribute("data-be-date-for"));
    if (!input) return;
    var show = function () { hint.textContent = beDate(input.value); };
    input.addEventListener("input", show);
    input.addEventListener("change", show);
    show();
  });

  // Copy: the clipboard API where the page is a secure context, a hidden text area elsewhere.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    document.body.removeChild(area);
    return Promise.resolve();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var label = button.querySelector("span");
    var before = label ? label.textContent : "";
    copyText(button.getAttribute("data-copy")).then(function () {
      button.classList.add("btn-success");
      if (label) label.textContent = button.getAttribute("data-copied-label");
      setTimeout(function () {
        button.classList.remove("btn-success");
        if (label) label.textContent = before;
      }, 1500);
    });
  });

  // The chooser says at once when the seats chosen are more than the forum has left; the server
  // asks again before inviting (app/forums/seat_offers.py holds the rule: pending + new > left).
  function warnOverSeats(form, ticked) {
    var bar = form.querySelector("[data-seats-left]");
    var note = form.querySelector("[data-over-seats]");
    var seats = form.querySelector("input[name=seats]");
    if (!bar || !note || !seats) return;
    var offered = Number(bar.getAttribute("data-pending-seats")) + ticked * (parseInt(seats.value, 10) || 0);
    var left = Number(bar.getAttribute("data-seats-left"));
    note.hidden = !(ticked > 0 && offered > left);
    note.textContent = note.getAttribute("data-template").replace("{offered}", offered).replace("{left}", left);
  }

  // Tick all, and count what is ticked (the invite button says how many it will invite).
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    var form = all.closest("form");
    var name = all.getAttribute("data-select-all");
    var boxes = function () {
      return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (box) {
        return !box.disabled;
      });
    };
    // "All of the list, on every page" chooses more than this page shows: the count says so.
    var everyone = form.querySelector("[data-everyone]");
    var update = function () {
      var ticked = boxes().filter(function (box) { return box.checked; }).length;
      var chosen = everyone && everyone.checked ? Number(everyone.getAttribute("data-everyone")) : ticked;
      form.querySelectorAll("[data-chosen-count]").forEach(function (el) { el.textContent = chosen; });
      form.querySelectorAll("[data-invite-label]").forEach(function (el) {
        el.textContent = el.getAttribute("data-template").replace("{n}", chosen);
        el.closest("button").disabled = chosen === 0;
      });
      warnOverSeats(form, chosen);
      all.checked = ticked > 0 && ticked === boxes().length;
      all.indeterminate = ticked > 0 && ticked < boxes().length;
    };
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
      update();
    });
    form.addEventListener("change", function (event) {
      if (event.target.name === name || event.target === everyone) update();
    });
    form.addEventListener("input", function (event) {
      if (event.target.name === "seats") update();
    });
    update();
  });

  // Bulk actions: show only the input the chosen action needs.
  document.querySelectorAll("[data-bulk-action]").forEach(function (select) {
    var bar = select.closest("[data-bulk]");
    var show = function () {
      bar.querySelectorAll("[data-bulk-for]").forEach(function (el) {
        el.hidden = el.getAttribute("data-bulk-for").split(" ").indexOf(select.value) < 0;
      });
    };
    select.addEventListener("change", show);
    show();
  });
})();
