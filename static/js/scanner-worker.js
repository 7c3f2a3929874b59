// Lets the scanner page open again without a network (a phone may drop a tab in the background):
// the page hands over its own address and the files it loaded; they are kept here and served
// when the network fails. Everything else passes through untouched.
"use strict";

const CACHE = "checkin-scanner-v1";
const NAVIGATION_TIMEOUT_MS = 4000;
const SCANNER_PAGE = /\/forums\/\d+\/checkin$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.keep) || [];
  const own = urls.filter((url) => new URL(url).origin === self.location.origin);
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(own)));
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

// The network first, so a page online is always fresh; the kept copy when it fails or hangs.
async function networkFirst(request, timeout) {
  const cache = await caches.open(CACHE);
  // Flask answers "Vary: Cookie"; the phone has one login, so the kept page is its own.
  const kept = await cache.match(request, { ignoreSearch: request.mode !== "navigate", ignoreVary: true });
  try {
    const fetching = fetch(request);
    const response = await (kept ? withTimeout(fetching, timeout) : fetching);
    // A login page after a redirect is not the scanner: it is not kept in its place.
    if (response.ok && !response.redirected && kept) cache.put(request, response.clone());
    return response;
  } catch (error) {
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && SCANNER_PAGE.test(url.pathname)) {
    event.respondWith(networkFirst(request, NAVIGATION_TIMEOUT_MS));
  } else if (url.pathname.includes("/static/")) {
    event.respondWith(networkFirst(request, NAVIGATION_TIMEOUT_MS));
  }
});
