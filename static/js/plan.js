/* My plan and my people on this device.

   - A visitor's plan and people live in this browser only (localStorage, "aira.plan"):
     the pages are the server's own forms; the server checks what was typed (a form that
     isn't right comes back with its messages, nothing kept) and this keeps what it
     accepted. The read-only parts, the SOS page and the print view are filled from it
     with textContent only, never as HTML.
   - Signed in: a plan this device kept from before is offered to the account, and forgotten
     here once the account has it (the page says so with data-device-copy-saved).
   - Signed in or not, a plan page asks the service worker to keep a fresh copy of the plan
     for offline use after each change; that copy is dropped on logout like other personal
     data (static/js/queue.js, sw.js).
   The links to one of my people are made as Person.sms_href and the others make them
   (plans/models.py): tests/browser/test_plan.py checks both give the same. */
(function () {
  "use strict";

  // Strings in the page's language from Django's JavaScript catalog (/i18n/js/, loaded
  // first); the English text itself if it could not load.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return String(values[name]); });
  };
  if (window.AiraPlan) return; // loaded by more than one part of a page
  var KEY = "aira.plan";
  var DEFAULT_MESSAGE = gettext("I'm having a hard time. Could you call me or sit with me for a bit?");

  // A copy made on an older page may name a practice by its translation's slug; the
  // pages name each practice by its original's (plans/templatetags/plan_tags.py).
  function asOriginals(slugs) {
    var map = {};
    var data = document.getElementById("practice-originals");
    try { if (data) map = JSON.parse(data.textContent) || {}; } catch (e) { /* keep them as they are */ }
    var originals = [];
    slugs.forEach(function (slug) {
      var original = Object.prototype.hasOwnProperty.call(map, slug) ? map[slug] : slug;
      if (originals.indexOf(original) === -1) originals.push(original);
    });
    return originals;
  }

  function load() {
    try {
      var copy = JSON.parse(localStorage.getItem(KEY) || "null");
      if (copy && typeof copy === "object") {
        copy.plan = copy.plan && typeof copy.plan === "object" ? copy.plan : {};
        copy.people = Array.isArray(copy.people) ? copy.people : [];
        if (Array.isArray(copy.plan.practices)) copy.plan.practices = asOriginals(copy.plan.practices);
        return copy;
      }
    } catch (e) { /* unreadable or no storage: as if there were none */ }
    return { plan: {}, people: [] };
  }

  function save(copy) {
    try { localStorage.setItem(KEY, JSON.stringify(copy)); return true; } catch (e) { return false; }
  }

  function forget() {
    try { localStorage.removeItem(KEY); } catch (e) { /* nothing to forget */ }
  }

  function hasAnything(copy) {
    var plan = copy.plan;
    var written = Object.keys(plan).some(function (name) {
      var value = plan[name];
      return Array.isArray(value) ? value.length > 0 : typeof value === "string" && value.trim() !== "";
    });
    return written || copy.people.length > 0;
  }

  function signedIn() { return document.body.dataset.signedIn === "true"; }

  // --- Links, as plans/models.py makes them ---------------------------------------------

  function dialDigits(value) {
    value = String(value || "").trim();
    return (value.charAt(0) === "+" ? "+" : "") + value.replace(/\D/g, "");
  }

  function messageOf(person) {
    var text = String(person.message || "").trim();
    return text || DEFAULT_MESSAGE;
  }

  function links(person) {
    var body = encodeURIComponent(messageOf(person)).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
    var result = {};
    if (person.phone) {
      // "sms:NUMBER?&body=": Android reads the body after "?", iOS after "&" (see aira/crisis.py).
      result.sms = "sms:" + dialDigits(person.phone) + "?&body=" + body;
      result.tel = "tel:" + dialDigits(person.phone);
    }
    if (person.email) {
      result.mailto = "mailto:" + encodeURIComponent(person.email).replace(/%40/g, "@") + "?body=" + body;
    }
    return result;
  }
  window.AiraPlan = { links: links, load: load };

  // --- Showing the device's copy ----------------------------------------------------------

  function fillPeople(list, people, onRemove) {
    var template = list.parentNode.querySelector("template[data-device-person]") ||
      document.querySelector("template[data-device-person]");
    if (!template) return;
    list.replaceChildren();
    people.forEach(function (person, index) {
      var item = template.content.firstElementChild.cloneNode(true);
      item.querySelectorAll("[data-person-name]").forEach(function (el) { el.textContent = person.name; });
      var contact = item.querySelector("[data-person-contact]");
      if (contact) contact.textContent = [person.phone, person.email].filter(Boolean).join(" \u00b7 ");
      var message = item.querySelector("[data-person-message]");
      if (message) message.textContent = "\u201c" + messageOf(person) + "\u201d";
      var hrefs = links(person);
      item.querySelectorAll("[data-person-link]").forEach(function (link) {
        var href = hrefs[link.getAttribute("data-person-link")];
        if (href) link.setAttribute("href", href);
        else link.remove();
      });
      var remove = item.querySelector("[data-remove-person]");
      if (remove) remove.addEventListener("click", function () { onRemove(index, person); });
      list.appendChild(item);
    });
    list.hidden = people.length === 0;
  }

  function removePerson(index, person) {
    var copy = load();
    copy.people.splice(index, 1);
    save(copy);
    showCopy();
    var heading = document.querySelector("h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    if (window.airaAnnounce) window.airaAnnounce(interpolate(gettext("%(name)s is no longer on your list."), { name: person.name }, true));
  }

  function showCopy() {
    var copy = load();
    var any = hasAnything(copy);
    document.querySelectorAll("[data-device-people]").forEach(function (list) {
      fillPeople(list, copy.people, removePerson);
    });
    document.querySelectorAll("[data-device-plan]").forEach(function (box) { box.hidden = !any; });
    document.querySelectorAll("[data-device-plan-intro]").forEach(function (box) { box.hidden = any; });
    document.querySelectorAll("[data-part]").forEach(function (slot) {
      if (!slot.closest("[data-device-plan]")) return;
      var value = String(copy.plan[slot.getAttribute("data-part")] || "");
      slot.textContent = value.trim() ? value : (slot.getAttribute("data-empty") || "");
    });
    document.querySelectorAll("[data-part-tel]").forEach(function (link) {
      var number = String(copy.plan[link.getAttribute("data-part-tel")] || "").trim();
      link.hidden = !number;
      if (number) { link.setAttribute("href", "tel:" + dialDigits(number)); link.textContent = (link.getAttribute("data-label") || gettext("Call")) + " " + number; }
    });
    var chosen = Array.isArray(copy.plan.practices) ? copy.plan.practices : [];
    document.querySelectorAll("[data-device-practices] [data-practice]").forEach(function (item) {
      item.hidden = chosen.indexOf(item.getAttribute("data-practice")) === -1;
    });
    // The SOS page: my people and my plan, only when this device has them.
    document.querySelectorAll("[data-device-sos]").forEach(function (box) {
      box.hidden = !any;
      var people = box.querySelector("[data-device-sos-people]");
      if (people) people.hidden = copy.people.length === 0;
      var plan = box.querySelector("[data-device-sos-plan]");
      if (plan) plan.hidden = !any;
    });
    // Someone who already has a plan here is not offered one.
    if (any) document.querySelectorAll("[data-plan-offer]").forEach(function (offer) { offer.hidden = true; });
  }

  // --- A visitor's forms ------------------------------------------------------------------

  function fieldsOf(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "submit" || el.type === "hidden") return;
      if (el.type === "checkbox") {
        values[el.name] = values[el.name] || [];
        if (el.checked) values[el.name].push(el.value);
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function fillForm(form, values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in values)) return;
      if (el.type === "checkbox") el.checked = (values[el.name] || []).indexOf(el.value) !== -1;
      else if (el.type !== "hidden" && el.type !== "submit") el.value = values[el.name];
    });
  }

  /* The server checks the form (one set of rules for accounts and devices): a 200 means it
     would have accepted it, a 400 comes back with its messages and what was typed, which
     replaces the page's content as a normal submit would have. */
  function check(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    return fetch(form.action, { method: "POST", body: data, credentials: "same-origin" }).then(function (response) {
      if (response.ok) return true;
      return response.text().then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("main");
        var main = document.getElementById("main");
        if (fresh && main) {
          main.replaceChildren.apply(main, Array.prototype.slice.call(fresh.childNodes));
          startForms();
          showCopy();
          var problem = main.querySelector(".form-errors");
          if (problem) problem.focus();
          if (window.airaAnnounce && problem) window.airaAnnounce(problem.getAttribute("data-announce"));
        }
        return false;
      });
    }, function () {
      // No connection: the server can't check it, so keep it as typed rather than lose it.
      return true;
    });
  }

  function startForms() {
    if (signedIn()) return;
    document.querySelectorAll("form[data-device-plan-form]").forEach(function (form) {
      if (form.dataset.started) return;
      form.dataset.started = "true";
      // The server's form came back with what was typed: keep that, else fill from the copy.
      if (!document.querySelector(".form-errors")) fillForm(form, load().plan);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var submitter = event.submitter;
        check(form, submitter).then(function (accepted) {
          if (!accepted) return;
          var copy = load();
          var values = fieldsOf(form);
          Object.keys(values).forEach(function (name) { copy.plan[name] = values[name]; });
          if (!save(copy)) {
            window.alert(gettext("This browser won't keep anything on this device (its storage is off or full). Nothing was lost from the page."));
            return;
          }
          var back = submitter && submitter.name === "back";
          window.location.href = (back && form.dataset.deviceBack) || form.dataset.deviceNext || "/plan/";
        });
      });
    });
    document.querySelectorAll("form[data-device-person-form]").forEach(function (form) {
      if (form.dataset.started) return;
      form.dataset.started = "true";
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        check(form, event.submitter).then(function (accepted) {
          if (!accepted) return;
          var copy = load();
          var person = fieldsOf(form);
          person.uuid = form.elements.uuid.value;
          copy.people = copy.people.filter(function (p) { return p.uuid !== person.uuid; });
          if (copy.people.length >= 5) {
            window.alert(gettext("Your list holds 5 people, as many as it can. Remove someone to add someone new."));
            return;
          }
          copy.people.push(person);
          if (!save(copy)) return;
          window.location.href = form.dataset.deviceNext || "/plan/people/";
        });
      });
    });
  }

  // --- Signed in: a copy from before, and the offline copy --------------------------------

  function offerDeviceCopy() {
    if (!signedIn()) return;
    if (document.querySelector("[data-device-copy-saved]")) { forget(); return; }
    var copy = load();
    if (!hasAnything(copy)) return;
    document.querySelectorAll("form[data-device-plan-import]").forEach(function (form) {
      form.elements.device_copy.value = JSON.stringify(copy);
      form.hidden = false;
    });
  }

  function keepOffline() {
    var body = document.body;
    if (!navigator.serviceWorker || !navigator.onLine || body.hasAttribute("data-kept-copy")) return;
    if (window.location.pathname.indexOf("/plan/") !== 0) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "plan-changed" });
    });
  }

  /* The SOS page kept for offline use is a visitor's page; for someone signed in on this
     device, their people come from the copy of their people page the worker keeps
     (our own server's markup, from the cache that is dropped when the owner changes). */
  function showKeptPeople() {
    var box = document.querySelector("[data-device-sos]");
    if (!box || !document.body.hasAttribute("data-kept-copy") || !window.caches) return;
    try { if (localStorage.getItem("aira.signedIn") !== "1") return; } catch (e) { return; }
    caches.open("aira-plan").then(function (cache) { return cache.match("/plan/people/", { ignoreVary: true }); })
      .then(function (response) { return response ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var list = new DOMParser().parseFromString(html, "text/html").querySelector("ul.people-list");
        var slot = box.querySelector("[data-device-people]");
        if (!list || !slot) return;
        list.querySelectorAll(".people-list__manage").forEach(function (el) { el.remove(); });
        slot.replaceWith(document.importNode(list, true));
        box.hidden = false;
        box.querySelectorAll("[data-device-sos-people], [data-device-sos-plan]").forEach(function (el) { el.hidden = false; });
      })
      .catch(function () { /* nothing kept: the page as it is */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    showCopy();
    showKeptPeople();
    startForms();
    offerDeviceCopy();
    keepOffline();
  });
  // A guided step saved through htmx (plans/views.py sends the event).
  document.addEventListener("plan-saved", keepOffline);
  document.addEventListener("htmx:afterSettle", function () { startForms(); showCopy(); });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) { button.hidden = false; });
  });
})();
