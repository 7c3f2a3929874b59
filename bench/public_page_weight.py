"""What a phone on mobile data downloads for the public forum page and the registration form.

Usage: python bench/public_page_weight.py [--rounds 3] [--locale th]

It builds one open forum in a temporary SQLite file, starts gunicorn on 127.0.0.1 with the
production configuration (as bench/registration.py does) and drives Debian's Chromium
(390×844, touch) through Playwright with the network throttled by the DevTools protocol to
"slow 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up. For each page, in a fresh
browser context (an empty cache):

- first visit: open the page; then
- repeat visit: open it again in a new tab of the same context, as a person coming back to a
  link later does (the browser's cache kept; Chromium revalidates what it must).

It prints, as the median of --rounds rounds: bytes transferred (headers and bodies as they came
over the wire, `Network.loadingFinished`'s encodedDataLength, summed over every request), the
number of requests that went to the server and of those the browser's cache answered, the time
until the DOM was interactive (`domInteractive`: the form can be typed in) and until the load
event (fonts and every stylesheet in), both from the start of navigation. Goals: first visit
under 150 KB, repeat visit under 20 KB, interactive within 2 s. Nothing leaves 127.0.0.1.
"""

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, ROOT)

# Before bench.registration reads it: the rate limits in memory, no Redis needed for one browser.
os.environ.setdefault("BENCH_RATELIMIT_STORAGE_URI", "memory://")

from bench.registration import Server, prepare  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
]
#: Chromium DevTools' "slow 4G" preset: throughputs in bytes per second.
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1000 * 1000 / 8,
    "uploadThroughput": 750 * 1000 / 8,
}
GOALS = {"first KB": 150, "repeat KB": 20, "interactive ms": 2000}


class Visit:
    """One page opened in a tab: what it transferred and when it became usable."""

    def __init__(self, context, url):
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        self.bytes, self.requests, self.from_cache = 0, 0, 0
        self.transfers = []
        cached, self._urls = set(), {}
        cdp.on("Network.requestServedFromCache", lambda event: cached.add(event["requestId"]))
        cdp.on(
            "Network.requestWillBeSent",
            lambda event: self._urls.update({event["requestId"]: event["request"]["url"]}),
        )
        cdp.on("Network.loadingFinished", lambda event: self._finished(event, cached))
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        page.goto(url, wait_until="load")
        # Late requests (a font a stylesheet asked for after load) would count too.
        page.wait_for_load_state("networkidle")
        timing = page.evaluate(
            "() => { const t = performance.getEntriesByType('navigation')[0];"
            " return {interactive: t.domInteractive, load: t.loadEventEnd}; }"
        )
        self.interactive_ms, self.load_ms = timing["interactive"], timing["load"]
        self.page = page

    def _finished(self, event, cached):
        # The browser's cache answers without a byte on the wire (a memory-cache hit sends no
        # requestServedFromCache); a 304 is a request that went to the server.
        if event["requestId"] in cached or event["encodedDataLength"] == 0:
            self.from_cache += 1
            return
        self.requests += 1
        self.bytes += event["encodedDataLength"]
        self.transfers.append((event["encodedDataLength"], self._urls.get(event["requestId"], "?")))


def measure(browser, url, locale):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale=locale
    )
    first = Visit(context, url)
    first.page.close()
    repeat = Visit(context, url)
    context.close()
    return first, repeat


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--list", action="store_true", help="also list each request of the first round")
    parser.add_argument("--locale", default="th-TH", help="the browser's language (th-TH: Thai pages)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        with contextlib.redirect_stderr(io.StringIO()):
            (code,) = prepare(url, [500])
        server = Server(url)
        base = f"http://127.0.0.1:{server.port}"
        pages = {"forum page": f"{base}/f/{code}", "registration form": f"{base}/f/{code}/register"}
        results = {name: [] for name in pages}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                for _ in range(args.rounds):
                    for name, address in pages.items():
                        results[name].append(measure(browser, address, args.locale))
                browser.close()
        finally:
            server.stop()

    print(
        f"slow 4G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up), {args.locale}, median of {args.rounds} rounds"
    )
    headings = ("page", "visit", "KB", "requests", "cached", "interactive ms", "load ms")
    print(f"{headings[0]:<18} {headings[1]:<7}" + "".join(f"{h:>15}" for h in headings[2:]))
    for name, rounds in results.items():
        for index, visit_name in enumerate(("first", "repeat")):
            visits = [r[index] for r in rounds]
            row = (
                statistics.median(v.bytes for v in visits) / 1024,
                statistics.median(v.requests for v in visits),
                statistics.median(v.from_cache for v in visits),
                statistics.median(v.interactive_ms for v in visits),
                statistics.median(v.load_ms for v in visits),
            )
            print(
                f"{name:<18} {visit_name:<7}{row[0]:>15.1f}{row[1]:>15.0f}{row[2]:>15.0f}"
                f"{row[3]:>15.0f}{row[4]:>15.0f}"
            )
    if args.list:
        for name, rounds in results.items():
            for index, visit_name in enumerate(("first", "repeat")):
                print(f"\n{name}, {visit_name} visit (round 1):")
                for size, address in sorted(rounds[0][index].transfers, reverse=True):
                    print(f"{size / 1024:>9.1f} KB  {address.removeprefix(base)}")
    print(
        "goals: first visit < {first KB} KB, repeat visit < {repeat KB} KB, "
        "interactive < {interactive ms} ms".format(**GOALS)
    )


if __name__ == "__main__":
    main()
