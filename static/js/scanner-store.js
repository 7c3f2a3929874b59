// What the scanner keeps on the phone for one forum, so it answers without a network:
// the roster from the server, the people checked in here that the server does not know of yet,
// and the scans waiting to be sent. Everything lives in localStorage under keys of its forum.
(function () {
  "use strict";

  function read(key, fallback) {
    try {
      const value = localStorage.getItem(key);
      return value === null ? fallback : JSON.parse(value);
    } catch (error) {
      return fallback;
    }
  }

  function write(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false; // storage full or forbidden: the data stays in memory for this page
    }
  }

  function randomId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; typing codes by hand also works without one.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // The device's own name in the check-in log, the same for every forum.
  function deviceId() {
    let id = read("checkin:device", null);
    if (!id) {
      id = randomId();
      write("checkin:device", id);
    }
    return id;
  }

  class ScannerStore {
    constructor(forumId) {
      this.keys = {
        roster: `checkin:${forumId}:roster`,
        marks: `checkin:${forumId}:marks`,
        queue: `checkin:${forumId}:queue`,
        refused: `checkin:${forumId}:refused`,
        scanned: `checkin:${forumId}:scanned`,
      };
      this.roster = read(this.keys.roster, null);
      this.marks = read(this.keys.marks, {});
    }

    // The queue is read afresh each time: another tab of the same forum may have changed it.
    pending() {
      return read(this.keys.queue, []);
    }

    // Each with the HTTP status of the refusal; read afresh like the queue.
    refusedScans() {
      return read(this.keys.refused, []);
    }

    refusedCount() {
      return this.refusedScans().length;
    }

    // Whether this phone scanned anybody in for the forum: until then nothing was "all sent".
    hasScanned() {
      return read(this.keys.scanned, false);
    }

    noteScanned() {
      write(this.keys.scanned, true);
    }

    enqueue(scan) {
      const queue = this.pending();
      if (!queue.some((waiting) => waiting.nonce === scan.nonce)) queue.push(scan);
      write(this.keys.queue, queue);
    }

    // A scan the server answered (whatever the answer) leaves the queue.
    sent(nonce) {
      write(
        this.keys.queue,
        this.pending().filter((scan) => scan.nonce !== nonce),
      );
    }

    // A scan the server will not take (a 4xx answer): kept aside for the volunteer, not silently lost.
    refused(scan, status) {
      const refused = this.refusedScans();
      if (!refused.some((kept) => kept.nonce === scan.nonce)) refused.push({ ...scan, status });
      write(this.keys.refused, refused);
      this.sent(scan.nonce);
    }

    // The refused scans go back to the queue as they were made (same nonce, same time of scanning),
    // so the server still counts each once and dates it from the scan, not from the retry.
    retryRefused() {
      const retried = this.refusedScans();
      const queue = this.pending();
      const queued = new Set(queue.map((scan) => scan.nonce));
      retried.forEach(({ status, ...scan }) => {
        if (!queued.has(scan.nonce)) queue.push(scan);
      });
      queue.sort((a, b) => (a.scanned_at < b.scanned_at ? -1 : a.scanned_at > b.scanned_at ? 1 : 0));
      // Queued before they leave the refused list: a page closed in between sends one twice
      // (the nonce keeps that harmless) rather than losing it.
      write(this.keys.queue, queue);
      this.discardRefused(retried.map((scan) => scan.nonce));
    }

    discardRefused(nonces) {
      const gone = new Set(nonces);
      write(
        this.keys.refused,
        this.refusedScans().filter((scan) => !gone.has(scan.nonce)),
      );
    }

    // requestedAt: the device's time when the roster was asked for.
    saveRoster(body, requestedAt) {
      const items = {};
      body.items.forEach((item) => {
        items[item.ticket_code] = item;
      });
      this.roster = {
        generated_at: body.generated_at,
        fetched_at: new Date().toISOString(),
        count: body.items.length,
        door_closes_at: body.door_closes_at,
        items,
      };
      write(this.keys.roster, this.roster);
      this.forgetMarksBefore(requestedAt);
    }

    // A check-in that was sent before the roster was asked for is in the roster (or the server
    // refused it); later ones, and those still waiting, keep their mark.
    forgetMarksBefore(moment) {
      const waiting = new Set(this.pending().map((scan) => scan.code));
      Object.keys(this.marks).forEach((code) => {
        if (!waiting.has(code) && this.marks[code].marked_at < moment) delete this.marks[code];
      });
      write(this.keys.marks, this.marks);
    }

    mark(code, checkedInAt, checkedInBy) {
      this.marks[code] = { checked_in_at: checkedInAt, checked_in_by: checkedInBy, marked_at: Date.now() };
      write(this.keys.marks, this.marks);
    }

    // The answer the server would give, from what this phone knows (API result names).
    answer(code) {
      // A copy of the server's door rule (door_is_open in app/checkin/service.py): the roster is
      // only given while the door is open, so offline only its closing time is left to check.
      const closesAt = this.roster && this.roster.door_closes_at;
      if (closesAt && Date.now() >= Date.parse(closesAt)) return { result: "door_closed", registration: null };
      const person = this.roster && this.roster.items[code];
      if (!person) return { result: "unknown", registration: null };
      if (person.status === "cancelled" || person.status === "waitlisted") {
        return { result: person.status, registration: person };
      }
      const mark = this.marks[code];
      const checkedInAt = person.checked_in_at || (mark && mark.checked_in_at);
      if (checkedInAt) {
        return {
          result: "already_checked_in",
          registration: person,
          checked_in_at: checkedInAt,
          checked_in_by: person.checked_in_at ? person.checked_in_by : mark.checked_in_by,
        };
      }
      return { result: "ok", registration: person };
    }
  }

  window.ScannerStore = ScannerStore;
  window.ScannerStore.randomId = randomId;
  window.ScannerStore.deviceId = deviceId;
})();
