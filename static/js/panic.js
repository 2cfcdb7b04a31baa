/* The panic log without a connection. An entry waits in the device's outbox (queue.js)
   under the form's own uuid and is sent to /progress/panic/sync/ when the connection
   returns, as an offline check-in is; a repeat send finds the same record.
   - On the panic log page (online, and without JavaScript) the form posts as usual,
     unless the connection has gone since the page opened: then it is queued.
   - On its offline copy (/progress/panic/offline/, kept by the service worker, which
     sends there a panic log opened or posted without a connection) the form is always
     queued; a post the worker caught arrives in the address's #fragment and is queued
     at once. */
(function () {
  "use strict";

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }

  function pad(number) { return (number < 10 ? "0" : "") + number; }

  // The picker's format, in this device's time zone: what the server puts there online.
  function localNow() {
    var now = new Date();
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()) +
      "T" + pad(now.getHours()) + ":" + pad(now.getMinutes());
  }

  function queue(form) {
    var data = new FormData(form);
    var id = data.get("uuid");
    var fields = [];
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      if (name === "started_at" && value) {
        // The picker's time has no zone: it is this device's, which the server can't know
        // when the entry arrives later, so it travels as an exact moment.
        var moment = new Date(value);
        if (!isNaN(moment.getTime())) value = moment.toISOString();
      }
      fields.push([name, value]);
    });
    return window.AiraQueue.add({
      id: id, kind: "panic", url: form.dataset.syncUrl, label: form.dataset.recordLabel, fields: fields
    }).then(function () {
      // queue.js writes the record's state into the note, and keeps it up to date.
      var note = form.querySelector("[data-sync-note]");
      note.setAttribute("data-record-id", id);
      note.hidden = false;
      return window.AiraQueue.render().then(function () {
        if (window.airaAnnounce) window.airaAnnounce(note.textContent);
        window.AiraQueue.flush();
      });
    });
  }

  /* The answers of a post the service worker caught offline, back in their fields. */
  function restore(form, params) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || !params.has(field.name)) return;
      var values = params.getAll(field.name);
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = values.indexOf(field.value) !== -1;
      } else if (field.name !== "csrfmiddlewaretoken") {
        field.value = values[0];
      }
    });
  }

  function prepareOfflineCopy(form) {
    var params = new URLSearchParams(window.location.hash.slice(1));
    form.elements.uuid.value = params.get("uuid") || uuid();
    form.elements.started_at.value = localNow();
    if (params.get("posted")) {
      restore(form, params);
      history.replaceState(null, "", window.location.pathname);
      queue(form);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-panic-form]");
    if (!form || !window.AiraQueue) return;
    var offlineCopy = form.hasAttribute("data-panic-offline");
    if (offlineCopy) prepareOfflineCopy(form);
    form.addEventListener("submit", function (event) {
      if (!offlineCopy && navigator.onLine !== false) return;
      event.preventDefault();
      queue(form);
    });
  });
})();
