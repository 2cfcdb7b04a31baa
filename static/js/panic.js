/* The panic log's form when the connection has gone since the page was opened: the entry
   waits in the device's outbox (queue.js) under the form's own uuid and is sent to
   /progress/panic/sync/ when the connection returns, as an offline check-in is. A repeat
   send finds the same record. Online, and without JavaScript, the form posts as usual. */
(function () {
  "use strict";

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

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-panic-form]");
    if (!form || !window.AiraQueue) return;
    form.addEventListener("submit", function (event) {
      if (navigator.onLine !== false) return;
      event.preventDefault();
      queue(form);
    });
  });
})();
