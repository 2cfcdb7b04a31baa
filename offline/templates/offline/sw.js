/* Aira's service worker (served at /sw.js so it controls the whole site).

   - Static files (hashed names): cache first; they never change under the same name.
   - Pages that hold nothing personal (home, SOS, crisis, practices and each practice's
     intro, the offline page and offline player, the panic log's blank questions):
     network first, the cached copy when offline. Progress, history, the panic log and
     account pages are never cached.
   - Bookmarked articles: kept in their own cache, filled by the Saved page and emptied
     on logout.
   - My plan (and my people): its own cache too, holding the plan pages as whoever is
     signed in sees them. A plan page asks for a fresh copy after each change (static/js/plan.js);
     it is emptied on logout and whenever the device's owner changes, like saved articles.
   - Each page fetched online tells the worker whose it is (the owner tag, static/js/queue.js).
     When that changes from one account to anyone else, the saved articles and the copies of
     pages made while the earlier account was signed in are dropped (pages are fetched
     again as a visitor, so they keep working offline). A kept page served from here is
     marked data-kept-copy, so its scripts don't take it for who is signed in now.
   - A practice's Begin, or any stage of a session, with no connection goes to that
     practice's offline player (offlinePlayer below: the one place that maps a player
     address to it), a kept page holding every stage of the practice.
   - The panic log, opened or posted with no connection, goes to its offline copy
     (offlinePanicLog), which keeps the entry in the device's outbox.
   - The JavaScript strings (/i18n/js/): network first, the kept copy when offline.
   - Pages are kept in the language the worker was installed for (LANGUAGE: the page
     that registered it asked in that language). Fetches without cookies say it in
     Accept-Language; a change of language is a new VERSION, so the kept pages are
     fetched again.
   A new deploy changes VERSION; the new worker takes over and deletes the old caches. */
"use strict";
const LANGUAGE = "{{ language|escapejs }}";
const JS_CATALOG = "{% url 'javascript_catalog' %}";

const VERSION = "{{ version }}";
const CACHE = "aira-" + VERSION;
const SAVED = "aira-saved-articles";
const SAVED_INDEX = "/__saved-articles__.json";
const OWNER = "aira-owner";
const OWNER_KEY = "/__owner__";
const PLAN = "aira-plan";
const PLAN_PAGES = {{ plan_pages|safe }};
const PRECACHE = {{ precache|safe }};
// The language the pages are kept in: the one the worker was fetched in. Kept copies are
// fetched without cookies (so without the chosen language's cookie), so they ask for it
// by name; choosing another language changes VERSION, and they are fetched again.
const OFFLINE_PAGES = new Set({{ offline_pages|safe }});
const OFFLINE_URL = "/offline/";
const PRACTICE_PAGE = /^\/practices\/[\w-]+\/(?:offline\/)?$/;
// The panic log without a connection: its offline copy, which queues entries itself.
const PANIC_LOG = "/progress/panic/";
const PANIC_OFFLINE = "/progress/panic/offline/";
const PLAYER_PAGE = /^\/practices\/([\w-]+)\/(?:begin|s\/([0-9a-f-]{36})\/(?:step\/(\d+)|(before|after|done)))\/$/;

// Precached pages hold nothing personal, so they are fetched without cookies. This also
// matters for safety: a request carrying the cookie from before a login that finishes
// while the worker installs would come back telling the browser to drop the session
// cookie (the old session no longer exists), signing the person out.
self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => anonymous(url, { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE && key !== SAVED && key !== OWNER && key !== PLAN).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

// Pages vary on Accept-Language and Cookie; this worker keeps one copy of each, in its own
// language, so a kept copy matches whatever headers the request that wants it has.
const KEPT = { ignoreVary: true };

// A request without cookies, in the worker's language (the language cookie is not sent).
// The device's own languages stay after it: their regions ("en-US", "es-MX") name the
// country whose emergency number the kept pages offer (aira/crisis.py likely_country).
const ACCEPT_LANGUAGE = [
  ...navigator.languages.filter((tag) => tag.split("-")[0] === LANGUAGE),
  LANGUAGE,
  ...navigator.languages.filter((tag) => tag.split("-")[0] !== LANGUAGE),
].join(", ");

function anonymous(url, options) {
  return new Request(url, { ...options, credentials: "omit", headers: { "Accept-Language": ACCEPT_LANGUAGE } });
}

// Messages are handled one after another: an identity change must not interleave with
// the Saved page refilling the saved articles.
let handling = Promise.resolve();

self.addEventListener("message", (event) => {
  const data = event.data || {};
  let job = null;
  if (data.type === "logout") {
    job = () => Promise.all([caches.delete(SAVED), caches.delete(PLAN)]);
  } else if (data.type === "plan-changed") {
    job = () => keepPlan();
  } else if (data.type === "owner" && typeof data.owner === "string") {
    job = () => noteOwner(data.owner);
  } else if (data.type === "saved-articles" && Array.isArray(data.articles)) {
    job = () => keepSavedArticles(data.articles);
  } else if (data.type === "saved-article" && data.article) {
    job = () => updateSavedArticle(data.article, data.saved);
  }
  if (job) {
    handling = handling.then(job, job);
    event.waitUntil(handling);
  }
});

async function noteOwner(owner) {
  const meta = await caches.open(OWNER);
  const known = await meta.match(OWNER_KEY);
  const previous = known ? await known.text() : null;
  if (previous === owner) return;
  // Another person's plan (or a visitor's page shell) is never shown to the next one.
  await caches.delete(PLAN);
  if (previous === null) {
    // Saved articles from before owners were noted: whose they are is unknown.
    await caches.delete(SAVED);
  } else if (previous !== "") {
    await forgetPersonalCopies();
  }
  await meta.put(OWNER_KEY, new Response(owner));
}

async function forgetPersonalCopies() {
  await caches.delete(SAVED);
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith("/static/")) continue;
    try {
      const response = await fetch(anonymous(path, { cache: "reload" }));
      if (response.ok) {
        await cache.put(path, response);
        continue;
      }
    } catch (error) { /* offline: drop the copy rather than keep someone's */ }
    await cache.delete(request);
  }
}

// A page copy may have been made under an earlier identity; the mark tells queue.js and
// aira.js (which shows the device's own state). A saved article's copy says so too.
async function keptCopy(response, saved) {
  const html = await response.text();
  const marks = saved ? "data-kept-copy data-kept-saved " : "data-kept-copy ";
  return new Response(html.replace("<body ", "<body " + marks), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

async function savedIndex(cache) {
  const response = await cache.match(SAVED_INDEX);
  return response ? response.json() : [];
}

/* The plan pages as the person signed in now sees them (a visitor's are the empty pages
   their device's copy fills), fetched with their cookies: personal, so kept apart and
   dropped with the other personal copies. */
async function keepPlan() {
  const cache = await caches.open(PLAN);
  for (const path of PLAN_PAGES) {
    try {
      const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
      if (response.ok && !response.redirected) await cache.put(path, response);
    } catch (error) { /* offline: keep the copy there is */ }
  }
}

async function updateSavedArticle(article, saved) {
  const cache = await caches.open(SAVED);
  const others = (await savedIndex(cache)).filter((a) => a.url !== article.url);
  await keepSavedArticles(saved ? [...others, article] : others);
}

async function keepSavedArticles(articles) {
  const cache = await caches.open(SAVED);
  const wanted = new Set(articles.map((a) => a.url));
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path !== SAVED_INDEX && !wanted.has(path)) await cache.delete(request);
  }
  for (const article of articles) {
    if (!(await cache.match(article.url, KEPT))) {
      try {
        const response = await fetch(anonymous(article.url, {}));
        if (response.ok) await cache.put(article.url, response);
      } catch (error) { /* offline: try again next time */ }
    }
  }
  await cache.put(SAVED_INDEX, new Response(JSON.stringify(articles), { headers: { "Content-Type": "application/json" } }));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (request.mode === "navigate") event.respondWith(postOrOffline(request, url));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(pageOrOffline(request, url));
  } else if (url.pathname === SAVED_INDEX || url.pathname === JS_CATALOG) {
    event.respondWith(networkFirst(request, url));
  }
});

async function cacheFirst(request) {
  const cached = await caches.match(request, KEPT);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

function keepsOffline(path) {
  return OFFLINE_PAGES.has(path) || PRACTICE_PAGE.test(path) || path === JS_CATALOG;
}

async function networkFirst(request, url) {
  try {
    const response = await fetch(request);
    if (response.ok && keepsOffline(url.pathname)) {
      (await caches.open(CACHE)).put(url.pathname, response.clone());
    } else if (response.ok && (await (await caches.open(SAVED)).match(url.pathname, KEPT))) {
      (await caches.open(SAVED)).put(url.pathname, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(url.pathname, KEPT);
    const saved = await (await caches.open(SAVED)).match(url.pathname, KEPT);
    if (cached) return request.mode === "navigate" ? keptCopy(cached, !!saved) : cached;
    throw error;
  }
}

/* A player address with no connection: the practice's offline player, told where the
   person was (the session and its stage) and, for a form that couldn't be sent, what the
   form said, which the offline player answers as the server would (static/js/offline-player.js). */
function offlinePlayer(url, form) {
  const found = url.pathname.match(PLAYER_PAGE);
  if (!found) return null;
  const [, practice, session, step, stage] = found;
  const params = new URLSearchParams();
  if (session) params.set("session", session);
  params.set("stage", step ? "step" : stage || "begin");
  if (step) params.set("step", step);
  if (form) {
    for (const [name, value] of form) if (name !== "csrfmiddlewaretoken") params.append(name, value);
    params.set("posted", "1");
  }
  return `/practices/${practice}/offline/#${params}`;
}

/* The panic log with no connection: its offline copy, with the answers of a form that
   couldn't be sent, which it queues in the device's outbox (static/js/panic.js). */
function offlinePanicLog(url, form) {
  if (url.pathname !== PANIC_LOG) return null;
  if (!form) return PANIC_OFFLINE;
  const params = new URLSearchParams();
  for (const [name, value] of form) if (name !== "csrfmiddlewaretoken") params.append(name, value);
  params.set("posted", "1");
  return `${PANIC_OFFLINE}#${params}`;
}

async function offlinePage() {
  const offline = await caches.match(OFFLINE_URL, KEPT);
  return offline ? keptCopy(offline) : new Response("{{ offline_text|escapejs }}", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

async function pageOrOffline(request, url) {
  try {
    return await networkFirst(request, url);
  } catch (error) {
    const elsewhere = offlinePlayer(url, null) || offlinePanicLog(url, null);
    return elsewhere ? Response.redirect(elsewhere, 302) : offlinePage();
  }
}

async function postOrOffline(request, url) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    const form = await copy.formData();
    const elsewhere = offlinePlayer(url, form) || offlinePanicLog(url, form);
    return elsewhere ? Response.redirect(elsewhere, 303) : offlinePage();
  }
}
