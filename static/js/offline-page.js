/* The offline page lists the bookmarked articles kept on this device. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (!("caches" in window)) return;
    caches.open("aira-saved-articles")
      .then(function (cache) { return cache.match("/__saved-articles__.json"); })
      .then(function (response) { return response ? response.json() : []; })
      .then(function (articles) {
        if (!articles.length) return;
        var list = document.querySelector("[data-saved-articles-list]");
        articles.forEach(function (article) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = article.url;
          link.textContent = article.title;
          item.appendChild(link);
          list.appendChild(item);
        });
        document.querySelector("[data-saved-articles]").hidden = false;
      })
      .catch(function () { /* nothing saved */ });
  });
})();
