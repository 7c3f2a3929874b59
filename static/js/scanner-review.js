// The scans the server refused for good, in a sheet over the scanner: who each was (from the
// roster on this phone), when it was scanned, why the server said no in words a volunteer can act
// on, and what to do next: retry them all once the cause is fixed, or discard one or all.
(function () {
  "use strict";

  // From the scanner, which always sends a well-formed request, a 400 means the page's security
  // token belongs to an earlier login, and a 403 a login that may not check people in.
  const LOGIN_STATUSES = [400, 403];

  function shortCode(code) {
    return code.length > 12 ? `${code.slice(0, 6)}…${code.slice(-4)}` : code;
  }

  class RefusedReview {
    // words: the scanner's fill(template, values), clock(iso) and fullName(person);
    // sendQueue(): sends the queue now if the network is there; changed(): the lists changed here.
    constructor(panel, { store, text, words, sendQueue, changed }) {
      this.panel = panel;
      this.store = store;
      this.text = text;
      this.words = words;
      this.sendQueue = sendQueue;
      this.changed = changed;
      this.list = panel.querySelector("[data-refused-list]");
      this.itemTemplate = document.getElementById("refused-item");
      this.isOpen = false;
      this.confirming = null; // the nonce whose discard waits for a yes, or "all"
      this.shown = [];

      panel.addEventListener("show.bs.offcanvas", () => {
        this.isOpen = true;
        this.confirming = null;
        this.render();
      });
      panel.addEventListener("hidden.bs.offcanvas", () => {
        this.isOpen = false;
      });
      panel.querySelector("[data-retry-all]").addEventListener("click", () => this.retryAll());
      panel.querySelector("[data-discard-all]").addEventListener("click", () => this.ask("all"));
      panel.querySelector("[data-confirm-all-yes]").addEventListener("click", () => {
        this.discard(this.shown.map((scan) => scan.nonce));
      });
      panel.querySelector("[data-confirm-all-no]").addEventListener("click", () => this.ask(null));
      this.list.addEventListener("click", (event) => this.onItemClick(event));
    }

    // Called whenever the scanner's status changes: the open list follows the queue.
    refresh() {
      if (this.isOpen) this.render();
    }

    close() {
      window.bootstrap.Offcanvas.getOrCreateInstance(this.panel).hide();
    }

    // A walk-in the server found incomplete (422) needs the full form, not a search by name.
    reason(status, walkIn) {
      if (LOGIN_STATUSES.includes(status)) return this.text.reasons.login;
      if (walkIn && status === 422) return this.text.reasons.walk_in_422;
      return this.text.reasons[String(status)] || this.words.fill(this.text.reasons.other, { status });
    }

    describe(scan) {
      const roster = this.store.roster;
      // A walk-in carries its person; a scan names one in the roster by its ticket code.
      const person = scan.person || (roster && roster.items[scan.code]);
      return {
        name: person
          ? this.words.fullName(person)
          : this.words.fill(this.text.unknown_code, { code: shortCode(scan.code || scan.scan || "") }),
        organization: person ? person.organization || person.organization_name : "",
        time: this.words.clock(scan.scanned_at),
        reason: this.reason(scan.status, Boolean(scan.person)),
      };
    }

    render() {
      this.shown = this.store.refusedScans();
      if (this.confirming !== "all" && !this.shown.some((scan) => scan.nonce === this.confirming)) {
        this.confirming = null;
      }
      this.list.replaceChildren(...this.shown.map((scan) => this.item(scan)));
      this.panel.querySelector("[data-refused-login]").hidden = !this.shown.some((scan) =>
        LOGIN_STATUSES.includes(scan.status),
      );
      const askingAll = this.confirming === "all";
      this.panel.querySelector("[data-confirm-all]").hidden = !askingAll;
      this.panel.querySelector("[data-main-actions]").hidden = askingAll || this.shown.length === 0;
      this.panel.querySelector("[data-confirm-all-text]").textContent = this.words.fill(this.text.discard_all, {
        count: this.shown.length,
      });
    }

    item(scan) {
      const item = this.itemTemplate.content.firstElementChild.cloneNode(true);
      const about = this.describe(scan);
      item.dataset.nonce = scan.nonce;
      item.dataset.status = String(scan.status);
      item.querySelector("[data-name]").textContent = about.name;
      item.querySelector("[data-time]").textContent = about.time;
      const organization = item.querySelector("[data-organization]");
      organization.textContent = about.organization || "";
      organization.hidden = !about.organization;
      item.querySelector("[data-reason]").textContent = about.reason;
      const asking = this.confirming === scan.nonce;
      item.querySelector("[data-discard]").hidden = asking;
      item.querySelector("[data-confirm]").hidden = !asking;
      return item;
    }

    onItemClick(event) {
      const button = event.target.closest("button");
      const item = button && button.closest("[data-nonce]");
      if (!item) return;
      if (button.matches("[data-discard]")) this.ask(item.dataset.nonce);
      else if (button.matches("[data-confirm-yes]")) this.discard([item.dataset.nonce]);
      else if (button.matches("[data-confirm-no]")) this.ask(null);
    }

    ask(what) {
      this.confirming = what;
      this.render();
    }

    discard(nonces) {
      this.store.discardRefused(nonces);
      this.confirming = null;
      this.afterChange();
    }

    async retryAll() {
      this.store.retryRefused();
      this.confirming = null;
      this.changed();
      await this.sendQueue();
      this.afterChange();
    }

    afterChange() {
      this.changed();
      this.render();
      if (this.shown.length === 0) this.close();
    }
  }

  window.RefusedReview = RefusedReview;
})();
