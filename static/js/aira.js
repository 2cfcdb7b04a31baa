/* Aira's site-wide behaviour. Small on purpose: every page works without it. */
(function () {
  "use strict";

  // Strings in the page's language from Django's JavaScript catalog (/i18n/js/, loaded
  // first); the English text itself if it could not load.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return String(values[name]); });
  };

  var THEME_COOKIE = "aira_theme";

  function effectiveTheme() {
    var chosen = document.documentElement.getAttribute("data-theme");
    if (chosen === "light" || chosen === "dark") return chosen;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function describeToggle(button) {
    var next = effectiveTheme() === "dark" ? "light" : "dark";
    // The label names the action, so no aria-pressed: "Use light theme, pressed" would
    // read as if the light theme were already on.
    button.textContent = next === "dark" ? gettext("Use dark theme") : gettext("Use light theme");
  }

  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) return;
    // Clearing first makes screen readers repeat an identical message.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }
  window.airaAnnounce = announce;

  // Days on the progress page follow the person's own clock (see TimezoneMiddleware).
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("aira_tz=" + zone) === -1) {
      var secureFlag = window.location.protocol === "https:" ? "; Secure" : "";
      document.cookie = "aira_tz=" + zone + "; Path=/; Max-Age=31536000; SameSite=Lax" + secureFlag;
    }
  } catch (e) { /* no Intl: the server's zone is used */ }

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      // The page's language in the worker's address: a page in another language (chosen in
      // the footer) registers a new worker, which keeps pages in that language (offline/views.py).
      var worker = "/sw.js?lang=" + encodeURIComponent(document.documentElement.lang || "");
      navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () { /* offline support is optional */ });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // The offline player offers a check-in only to signed-in people. Pages served from
    // the offline cache may be stale (the service worker marks them data-kept-copy), so
    // only a page fetched online updates this.
    if (navigator.onLine && !document.body.hasAttribute("data-kept-copy")) {
      try {
        if (document.body.dataset.signedIn === "true") localStorage.setItem("aira.signedIn", "1");
        else localStorage.removeItem("aira.signedIn");
      } catch (e) { /* storage unavailable */ }
    }
    showWhatTheDeviceKnows();
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      describeToggle(button);
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var next = effectiveTheme() === "dark" ? "light" : "dark";
        document.documentElement.setAttribute("data-theme", next);
        var secure = window.location.protocol === "https:" ? "; Secure" : "";
        document.cookie = THEME_COOKIE + "=" + next + "; Path=/; Max-Age=31536000; SameSite=Lax" + secure;
        describeToggle(button);
        announce(next === "dark" ? gettext("Dark theme on") : gettext("Light theme on"));
      });
    });
  });

  /* A page kept for offline use (marked by the service worker) was fetched as whoever was
     signed in then, or as a visitor: it shows who the device knows is signed in now, and
     a saved article as saved. Nothing personal is kept to do it: only "signed in". */
  function showWhatTheDeviceKnows() {
    var body = document.body;
    if (!body.hasAttribute("data-kept-copy") && !document.querySelector("[data-offline-player]")) return;
    var signedIn = false;
    try { signedIn = localStorage.getItem("aira.signedIn") === "1"; } catch (e) { /* storage unavailable */ }
    var saved = signedIn && body.hasAttribute("data-kept-saved");
    var toggle = function (selector, show) {
      document.querySelectorAll(selector).forEach(function (el) { el.hidden = !show; });
    };
    toggle("[data-when-signed-in]", signedIn);
    toggle("[data-when-signed-out]", !signedIn);
    toggle("[data-when-kept-saved]", saved);
    toggle("[data-when-not-kept-saved]", !saved);
  }

  // A link that reveals a collapsed <details> on the same page (the SOS page's "Something
  // feels physically wrong"): open it in place and move focus there. Without JavaScript
  // the link's own href loads the page with it open.
  function openDetails(details) {
    details.open = true;
    var summary = details.querySelector("summary");
    if (summary) summary.focus();
    details.scrollIntoView({ block: "start" });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-opens-details]");
    var details = link && document.getElementById(link.getAttribute("data-opens-details"));
    if (!details || details.tagName !== "DETAILS") return;
    event.preventDefault();
    openDetails(details);
    history.replaceState(null, "", "#" + details.id);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === "DETAILS") openDetails(target);
  });

  // The header is rendered once for every page, so its "Log in" link can't name the page
  // it is on: add it as the link is followed, and logging in brings you back here (the
  // home page is where logging in lands anyway).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-login-link]");
    var path = window.location.pathname;
    if (!link || path === "/" || path.indexOf("/accounts/") === 0) return;
    var url = new URL(link.getAttribute("href"), window.location.href);
    url.searchParams.set("next", window.location.pathname + window.location.search);
    link.setAttribute("href", url.pathname + url.search);
  });

  // After an HTMX swap: announce what changed and move focus where the fragment asks.
  // A fragment marks its message with data-announce and its focus target with
  // data-focus-after-swap, so each feature decides without extra JavaScript.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) return;
    // With an outerHTML swap the original target is gone; its replacement has its id.
    var scope = target.isConnected ? target : (target.id && document.getElementById(target.id));
    if (!scope) return;
    var message = scope.hasAttribute("data-announce") ? scope : scope.querySelector("[data-announce]");
    if (message) announce(message.getAttribute("data-announce"));
    var focusTarget = scope.hasAttribute("data-focus-after-swap") ? scope : scope.querySelector("[data-focus-after-swap]");
    if (focusTarget) {
      if (!focusTarget.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(focusTarget.tagName)) {
        focusTarget.setAttribute("tabindex", "-1");
      }
      focusTarget.focus();
    }
  });
})();
