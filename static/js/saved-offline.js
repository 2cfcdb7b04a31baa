/* Saved articles: tell the service worker which articles to keep for offline reading.
   The Saved page sends the whole list; saving or removing on an article page sends one. */
(function () {
  "use strict";

  function tell(message) {
    if (!navigator.serviceWorker) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var data = document.getElementById("offline-articles");
    if (data) tell({ type: "saved-articles", articles: JSON.parse(data.textContent) });
  });

  document.addEventListener("htmx:afterSettle", function () {
    var form = document.querySelector("[data-offline-article]");
    if (!form) return;
    tell({
      type: "saved-article",
      article: { url: form.dataset.offlineArticle, title: form.dataset.offlineTitle },
      saved: form.dataset.offlineSaved === "true"
    });
  });
})();
