/* The device outbox: records made without a connection wait here (IndexedDB) until the
   server has them. Each record is sent under its own id, so a repeat send is harmless.
   Only records waiting to sync are kept; each is deleted once the server answers that
   it has it. A record the server refuses is kept, with the reason shown, until the
   person retries or discards it. Everything here is cleared when they log out.
   Each record carries the owner tag of the account that made it (aira/device.py) and is
   sent only while that account is signed in; another account's records are held back. */
(function () {
  "use strict";

  // Strings in the page's language from Django's JavaScript catalog (/i18n/js/, loaded
  // first); the English text itself if it could not load.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return String(values[name]); });
  };

  var DB_NAME = "aira";
  var STORE = "outbox";
  var flushing = null;

  function open() {
    return new Promise(function (resolve, reject) {
      if (!("indexedDB" in window)) return reject(new Error("no IndexedDB"));
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "id" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = fn(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() { return withStore("readonly", function (store) { return store.getAll(); }).catch(function () { return []; }); }
  function put(record) { return withStore("readwrite", function (store) { store.put(record); }); }
  function remove(id) { return withStore("readwrite", function (store) { store.delete(id); }); }
  function clear() { return withStore("readwrite", function (store) { store.clear(); }).catch(function () {}); }

  /* Who is signed in: a page fetched online says so in data-owner ("" for a visitor). A
     page kept by the service worker (data-kept-copy) or opened offline may be from before,
     so then the last owner seen online counts. A visitor's records may be sent by any
     account, as a visitor's sessions are attached at sign-in; an account's, only by it. */
  var OWNER_KEY = "aira.owner";

  function livePageOwner() {
    var body = document.body;
    if (!body || !navigator.onLine || body.hasAttribute("data-kept-copy")) return null;
    return typeof body.dataset.owner === "string" ? body.dataset.owner : null;
  }

  function currentOwner() {
    var owner = livePageOwner();
    if (owner !== null) return owner;
    try { owner = localStorage.getItem(OWNER_KEY); } catch (e) { owner = null; }
    return owner || "";
  }

  function sendable(record) {
    return record.owner === "" || record.owner === currentOwner();
  }

  function add(record) {
    record.owner = currentOwner();
    record.status = "waiting";
    record.error = "";
    record.created = record.created || new Date().toISOString();
    return put(record).then(render);
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-cookie-name"]');
    var name = meta ? meta.content : "csrftoken";
    var match = document.cookie.split("; ").filter(function (c) { return c.indexOf(name + "=") === 0; })[0];
    return match ? decodeURIComponent(match.slice(name.length + 1)) : "";
  }

  function explain(response, body) {
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
      return gettext("You're signed out, so this couldn't be saved to your account. Log in, then try again.");
    }
    var errors = (body && body.errors) || {};
    var messages = [];
    Object.keys(errors).forEach(function (field) { messages = messages.concat(errors[field]); });
    return messages.join(" ") || gettext("The server couldn't accept this record.");
  }

  function send(record) {
    var form = new URLSearchParams(record.fields);
    form.append("owner", record.owner);
    return fetch(record.url, {
      method: "POST",
      body: form,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 200 || response.status === 201) return remove(record.id);
      if (response.status >= 500) return; // a server hiccup: keep it waiting, try later
      if (response.status === 429) return; // too many sent at once: keep it waiting, try later
      return response.json().catch(function () { return null; }).then(function (body) {
        record.status = "rejected";
        record.error = explain(response, body);
        return put(record);
      });
    }, function () { /* still offline: keep it waiting */ });
  }

  function flush(options) {
    if (flushing) return flushing;
    var retryRejected = options && options.retryRejected;
    flushing = all().then(function (records) {
      var todo = records.filter(function (r) { return sendable(r) && (r.status === "waiting" || retryRejected); });
      return todo.reduce(function (chain, record) { return chain.then(function () { return send(record); }); }, Promise.resolve());
    }).then(render, render).then(function () { flushing = null; });
    return flushing;
  }

  function render() {
    return all().then(function (records) {
      var box = document.getElementById("sync-status");
      if (!box) return records;
      var held = records.filter(function (r) { return !sendable(r); });
      var waiting = records.filter(function (r) { return sendable(r) && r.status === "waiting"; });
      var rejected = records.filter(function (r) { return sendable(r) && r.status === "rejected"; });
      box.replaceChildren();
      box.hidden = !records.length;
      if (held.length) box.appendChild(heldNotice(held));
      if (waiting.length) {
        var p = document.createElement("p");
        p.textContent = interpolate(ngettext(
          "%(count)s record is saved on this device and will sync when you're online.",
          "%(count)s records are saved on this device and will sync when you're online.",
          waiting.length), { count: waiting.length }, true);
        box.appendChild(p);
      }
      rejected.forEach(function (record) {
        var p = document.createElement("p");
        p.className = "sync-status__problem";
        p.textContent = interpolate(gettext("%(record)s couldn't be saved: %(error)s"),
          { record: record.label || gettext("A record"), error: record.error }, true) + " ";
        var retry = document.createElement("button");
        retry.type = "button";
        retry.className = "link-button";
        retry.textContent = gettext("Try again");
        retry.addEventListener("click", function () { record.status = "waiting"; put(record).then(flush); });
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "link-button";
        discard.textContent = gettext("Discard it");
        discard.addEventListener("click", function () { remove(record.id).then(render); });
        p.appendChild(retry);
        p.appendChild(document.createTextNode(" "));
        p.appendChild(discard);
        box.appendChild(p);
      });
      document.querySelectorAll("[data-sync-note]").forEach(function (note) {
        var pending = records.filter(function (r) { return r.id === note.getAttribute("data-record-id"); })[0];
        if (!pending) note.textContent = gettext("Saved.");
        else if (pending.status === "rejected") note.textContent = interpolate(gettext("Not saved yet: %(error)s"), { error: pending.error }, true);
        else note.textContent = gettext("Saved on this device, will sync when you're back online.");
      });
      return records;
    });
  }

  /* Records another account made on this device: never sent from this account, kept
     until their owner signs in (then they go) or someone discards them. */
  function heldNotice(held) {
    var one = held.length === 1;
    var p = document.createElement("p");
    p.className = "sync-status__problem";
    p.setAttribute("data-held-records", "");
    // Whole sentences, so each language can build its own.
    var text = currentOwner()
      ? ngettext(
        "%(count)s record saved on this device belongs to another account. Sign in as its owner to send it, or discard it.",
        "%(count)s records saved on this device belong to another account. Sign in as their owner to send them, or discard them.",
        held.length)
      : ngettext(
        "%(count)s record saved on this device belongs to an account that isn't signed in. Sign in as its owner to send it, or discard it.",
        "%(count)s records saved on this device belong to an account that isn't signed in. Sign in as their owner to send them, or discard them.",
        held.length);
    p.textContent = interpolate(text, { count: held.length }, true) + " ";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link-button";
    discard.textContent = one ? gettext("Discard it") : gettext("Discard them");
    discard.addEventListener("click", function () {
      Promise.all(held.map(function (r) { return remove(r.id); })).then(render).then(function () {
        // The button is gone: keep the keyboard's place in the page, and say what happened.
        var main = document.getElementById("main");
        if (main && (!document.activeElement || document.activeElement === document.body)) main.focus();
        if (window.airaAnnounce) window.airaAnnounce(one ? gettext("Record discarded.") : gettext("Records discarded."));
      });
    });
    p.appendChild(discard);
    return p;
  }

  /* Logging out: warn about records still waiting, offer to sync first, and clear every
     personal thing from the device when the person does log out. */
  function guardLogout() {
    document.querySelectorAll('form[action$="/accounts/logout/"]').forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.confirmed) return;
        event.preventDefault();
        all().then(function (records) {
          if (!records.length || form.dataset.warned) {
            form.dataset.confirmed = "true";
            return forgetEverything().then(function () { form.submit(); });
          }
          form.dataset.warned = "true";
          var warning = document.createElement("div");
          warning.className = "callout callout--urgent";
          warning.setAttribute("role", "alert");
          warning.textContent = interpolate(ngettext(
            "%(count)s record hasn't reached your account yet. If you log out now it will be deleted from this device.",
            "%(count)s records haven't reached your account yet. If you log out now they will be deleted from this device.",
            records.length), { count: records.length }, true) + " ";
          var sync = document.createElement("button");
          sync.type = "button";
          sync.className = "button";
          sync.textContent = gettext("Sync now");
          sync.addEventListener("click", function () {
            flush({ retryRejected: true }).then(all).then(function (left) {
              warning.firstChild.textContent = left.length
                ? interpolate(gettext("%(count)s still couldn't be sent. Press Log out again to log out anyway."), { count: left.length }, true) + " "
                : gettext("Everything is synced. You can log out now.") + " ";
              if (!left.length) delete form.dataset.warned;
            });
          });
          warning.appendChild(sync);
          form.parentNode.insertBefore(warning, form);
        });
      });
    });
  }

  function forgetEverything() {
    var jobs = [clear()];
    try { localStorage.removeItem("aira.signedIn"); localStorage.removeItem(OWNER_KEY); sessionStorage.clear(); } catch (e) { /* ignore */ }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "logout" });
    }
    return Promise.all(jobs);
  }

  window.AiraQueue = { add: add, flush: flush, all: all, clear: clear, render: render };

  /* A page fetched online notes who is signed in, for records made offline, and tells the
     service worker, which drops its copies of personal pages when the identity changes. */
  function noteOwner() {
    var owner = livePageOwner();
    if (owner === null) return;
    try { localStorage.setItem(OWNER_KEY, owner); } catch (e) { /* storage unavailable */ }
    if (!navigator.serviceWorker) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "owner", owner: owner });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    noteOwner();
    guardLogout();
    render().then(function (records) { if (records.some(sendable) && navigator.onLine !== false) flush(); });
  });
  window.addEventListener("online", function () { flush(); });
})();
