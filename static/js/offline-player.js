/* The offline player: plays a practice from the cached practice data when there is no
   connection, with the same markup and enhancements as the online player. The finished
   session goes into the device's outbox (queue.js) and is sent when the connection
   returns, under the session's own id, so sending it twice is harmless. */
(function () {
  "use strict";

  var catalogue = [];  // every practice in the offline data, for the summary's offer
  var player, practice, state, offlineData;
  var STATE_KEY = "aira.offlinePlayer";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "hidden") node.hidden = !!attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }

  function saveState() {
    try { sessionStorage.setItem(STATE_KEY, JSON.stringify(state)); } catch (e) { /* ignore */ }
    var params = new URLSearchParams({ practice: state.practice, session: state.session, stage: state.stage });
    if (state.stage === "step") params.set("step", String(state.step));
    history.replaceState(null, "", "#" + params.toString());
  }

  function loadState(params) {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(STATE_KEY) || "null"); } catch (e) { saved = null; }
    var session = params.get("session");
    if (saved && saved.session === session && saved.practice === params.get("practice")) return saved;
    var step = parseInt(params.get("step") || "0", 10);
    return {
      practice: params.get("practice"),
      session: session || uuid(),
      stage: params.get("stage") || (step ? "step" : "before"),
      step: step || 1,
      ratingBefore: params.get("rating") !== null ? parseInt(params.get("rating"), 10) : null,
      ratingAfter: null,
      stepsCompleted: step ? step - 1 : 0,
      startedAt: new Date().toISOString(),
      endedAt: null
    };
  }

  function ratingForm(question, onChoose) {
    var scale = el("div", { class: "rating__scale" });
    for (var n = 0; n <= 10; n++) {
      (function (value) {
        var button = el("button", { type: "button", class: "rating__button", text: String(value) });
        button.addEventListener("click", function () { onChoose(value); });
        scale.appendChild(button);
      })(n);
    }
    var skip = el("button", { type: "button", class: "button button--quiet", text: "Skip this question" });
    skip.addEventListener("click", function () { onChoose(null); });
    return el("div", { class: "rating-form" }, [
      el("fieldset", { class: "rating" }, [
        el("legend", { text: question + " " }, [
          el("span", { class: "rating__hint", text: "0 is calm, 10 is the most intense. One tap, or skip." })
        ]),
        scale
      ]),
      skip
    ]);
  }

  function heading(text, announce) {
    var h = el("h1", { id: "player-heading", tabindex: "-1", text: text });
    if (announce) h.setAttribute("data-announce", announce);
    return h;
  }

  /* The device's breathing pace (the cookie the online player and the server share). */
  function devicePace() {
    var name = offlineData.pace_cookie + "=";
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(name) === 0; })[0];
    var pace = found ? found.slice(name.length) : "";
    var known = offlineData.paces.some(function (p) { return p.value === pace; });
    return known ? pace : offlineData.default_pace;
  }

  /* The pace choice, as in the online player; player.js applies a change from the next
     breath and keeps it on the device. A signed-in person's account gets it through the
     outbox (one record, replaced by each change, so only the last choice is sent). */
  function paceSettings(pace) {
    var current = offlineData.paces.filter(function (p) { return p.value === pace; })[0];
    var group = el("fieldset", { class: "choice-group" }, [el("legend", { class: "visually-hidden", text: offlineData.pace_legend })]);
    offlineData.paces.forEach(function (choice) {
      var input = el("input", { type: "radio", name: "pace", id: "offline-pace-" + choice.value, value: choice.value });
      input.checked = choice.value === pace;
      input.addEventListener("change", function () {
        if (!signedIn() || !window.AiraQueue) return;
        window.AiraQueue.add({ id: "breathing-pace", kind: "pace", url: offlineData.pace_url, label: offlineData.pace_legend, fields: { pace: choice.value } })
          .then(function () { window.AiraQueue.flush(); });
      });
      group.appendChild(el("span", { class: "choice" }, [input, el("label", { for: input.id, text: choice.label })]));
    });
    return el("details", { class: "player-settings pace-settings" }, [
      el("summary", {}, [
        document.createTextNode(offlineData.pace_legend + ": "),
        el("span", { "data-pace-current": "", text: current ? current.label : "" })
      ]),
      el("div", { class: "pace-form", "data-pace-form": "" }, [group])
    ]);
  }

  function stepBody(step) {
    var parts = [];
    if (step.kind === "breathing") {
      var pace = devicePace();
      var pacer = el("div", {
        class: "pacer", "data-pacer": "", "data-pacer-plan": JSON.stringify(step.pacer), "data-pace": pace
      }, [
        el("div", { class: "pacer__stage", "aria-hidden": "true" }, [el("div", { class: "pacer__shape" })]),
        el("p", { class: "pacer__status", "data-pacer-status": "", text: step.describe[pace] }),
        el("p", { class: "pacer__count", "data-pacer-count": "", "aria-hidden": "true" }),
        el("button", { type: "button", class: "button", "data-pacer-toggle": "", hidden: true, text: "Start breathing guide" })
      ]);
      parts.push(pacer);
      parts.push(paceSettings(pace));
    } else if (step.kind === "timed") {
      parts.push(el("div", { class: "timer", "data-timer": "", "data-seconds": step.seconds }, [
        el("p", { class: "timer__display", "data-timer-display": "", text: step.seconds + " seconds" }),
        el("p", { class: "visually-hidden", "data-timer-status": "", role: "status" }),
        el("button", { type: "button", class: "button", "data-timer-toggle": "", hidden: true, text: "Start the timer" })
      ]));
    } else if (step.kind === "prompt" && step.input_count) {
      var boxes = el("fieldset", { class: "prompt-inputs" }, [
        el("legend", { text: step.input_label }),
        el("p", { class: "muted", text: "What you type stays on this device. It is never sent to Aira." })
      ]);
      for (var i = 1; i <= step.input_count; i++) {
        boxes.appendChild(el("label", { class: "prompt-inputs__item" }, [
          el("span", { class: "visually-hidden", text: step.input_label + ", " }),
          document.createTextNode(String(i)),
          el("input", { type: "text", autocomplete: "off", maxlength: "200" })
        ]));
      }
      parts.push(boxes);
    }
    return parts;
  }

  function settingsPanel() {
    var panel = el("details", { class: "player-settings" }, [
      el("summary", { text: "Player settings" }),
      el("div", { class: "field field--check", "data-voice-setting": "", hidden: true }, [
        el("input", { type: "checkbox", id: "setting-voice", "data-setting": "voice" }),
        el("label", { for: "setting-voice", text: "Read each step aloud (uses your device's own voice; nothing is sent anywhere)" })
      ]),
      el("div", { class: "field field--check" }, [
        el("input", { type: "checkbox", id: "setting-autoadvance", "data-setting": "autoAdvance" }),
        el("label", { for: "setting-autoadvance", text: "Move on by itself when a timer or breathing guide finishes" })
      ])
    ]);
    return panel;
  }

  function render() {
    if (window.AiraPlayer) window.AiraPlayer.teardown();
    var fresh = el("section", { id: "player", class: "player player--" + state.stage, "aria-labelledby": "player-heading", "data-stage": state.stage });
    var total = practice.steps.length;

    if (state.stage === "before") {
      fresh.appendChild(heading("Before you begin"));
      fresh.appendChild(ratingForm("How strong is your distress right now?", function (value) {
        state.ratingBefore = value;
        go("step", 1);
      }));
    } else if (state.stage === "step") {
      var step = practice.steps[state.step - 1];
      fresh.appendChild(el("p", { class: "player__progress" }, [
        el("span", { text: "Step " + state.step + " of " + total }),
        el("progress", { max: total, value: state.step, "aria-hidden": "true" })
      ]));
      var h = heading(step.title, "Step " + state.step + " of " + total + ": " + step.title);
      h.classList.add("player__step-title");
      fresh.appendChild(h);
      fresh.appendChild(el("p", { class: "player__text", "data-speak": "", text: step.text }));
      var redFlags = document.getElementById("red-flags-template");
      if (step.shows_red_flags && redFlags) fresh.appendChild(redFlags.content.cloneNode(true));
      stepBody(step).forEach(function (part) { fresh.appendChild(part); });
      var back = el("button", { type: "button", class: "button button--quiet", text: "Back" });
      back.addEventListener("click", function () { if (state.step > 1) go("step", state.step - 1); else go("before"); });
      var next = el("button", { type: "button", class: "button button--primary button--large", "data-next": "", text: state.step === total ? "Finish" : "Next" });
      next.addEventListener("click", function () {
        state.stepsCompleted = Math.max(state.stepsCompleted, state.step);
        if (state.step === total) go("after"); else go("step", state.step + 1);
      });
      fresh.appendChild(el("div", { class: "player__controls" }, [back, el("div", { class: "player__next" }, [next])]));
      fresh.appendChild(settingsPanel());
    } else if (state.stage === "after") {
      fresh.appendChild(heading("You've reached the end", "All steps done. How do you feel now?"));
      fresh.appendChild(ratingForm("How strong is your distress now?", function (value) {
        state.ratingAfter = value;
        state.endedAt = state.endedAt || new Date().toISOString();
        finish();
      }));
    } else {
      fresh.appendChild(heading("Well done for taking this time", "Practice complete"));
      var support = summarySupport();
      if (support) fresh.appendChild(support);
      fresh.appendChild(el("p", { class: "summary__change", text: summaryText() }));
      fresh.appendChild(el("p", { class: "sync-note", "data-sync-note": "", "data-record-id": state.session, role: "status", text: syncText() }));
      var again = el("a", { href: practice.url, text: "Do " + practice.title + " again" });
      var crisis = el("a", { href: "/crisis/", text: "Crisis resources" });
      fresh.appendChild(el("ul", { class: "summary__next" }, [el("li", {}, [again]), el("li", {}, [crisis])]));
      if (signedIn()) fresh.appendChild(checkinForm());
    }

    player.replaceWith(fresh);
    player = fresh;
    var focusTarget = player.querySelector("#player-heading");
    if (focusTarget) focusTarget.focus();
    var announce = player.querySelector("[data-announce]");
    if (announce && window.airaAnnounce) window.airaAnnounce(announce.getAttribute("data-announce"));
    if (window.AiraPlayer) window.AiraPlayer.init();
  }

  function signedIn() {
    try { return localStorage.getItem("aira.signedIn") === "1"; } catch (e) { return false; }
  }

  var MOODS = ["Very low", "Low", "Okay", "Good", "Very good"];
  var TAGS = ["sleep", "work", "relationships", "health", "body", "money", "family", "study"];

  function radioGroup(name, legend, options) {
    var group = el("fieldset", { class: "choice-group choice-group--" + name }, [el("legend", { text: legend })]);
    options.forEach(function (option, index) {
      var id = "offline-" + name + "-" + index;
      group.appendChild(el("span", { class: "choice" }, [
        el("input", { type: option.type || "radio", name: name, id: id, value: option.value }),
        el("label", { for: id, text: option.label })
      ]));
    });
    return group;
  }

  /* A check-in made offline: queued like a session, sent under its own uuid. */
  function checkinForm() {
    var form = el("form", { class: "offline-checkin", "aria-labelledby": "offline-checkin-heading" });
    form.appendChild(el("h2", { id: "offline-checkin-heading", text: "A quick check-in" }));
    form.appendChild(radioGroup("anxiety", "How anxious do you feel? (0 is calm, 10 the most anxious)",
      Array.from({ length: 11 }, function (_, n) { return { value: String(n), label: String(n) }; })));
    form.appendChild(radioGroup("mood", "How is your mood?",
      MOODS.map(function (label, i) { return { value: String(i + 1), label: label }; })));
    form.appendChild(radioGroup("tags", "What's on your mind? (optional)",
      TAGS.map(function (tag) { return { value: tag, label: tag.charAt(0).toUpperCase() + tag.slice(1), type: "checkbox" }; })));
    var noteId = "offline-note";
    form.appendChild(el("div", { class: "field" }, [
      el("label", { for: noteId, text: "Private note (optional)" }),
      el("textarea", { id: noteId, name: "note", rows: "3", maxlength: "2000" })
    ]));
    var message = el("p", { class: "form-errors", role: "alert", hidden: true });
    form.appendChild(message);
    form.appendChild(el("button", { type: "submit", class: "button button--primary", text: "Save check-in" }));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      if (!data.get("anxiety") || !data.get("mood")) {
        message.hidden = false;
        message.textContent = "Choose a number for anxiety and a word for your mood.";
        return;
      }
      var id = uuid();
      var fields = [["uuid", id], ["anxiety", data.get("anxiety")], ["mood", data.get("mood")],
        ["note", data.get("note") || ""], ["created_at", new Date().toISOString()]];
      data.getAll("tags").forEach(function (tag) { fields.push(["tags", tag]); });
      window.AiraQueue.add({ id: id, kind: "checkin", url: "/progress/checkins/sync/", label: "Your check-in", fields: fields })
        .then(function () {
          var done = el("div", { class: "offline-checkin", role: "status" }, [
            el("h2", { text: "Check-in saved" }),
            el("p", { "data-sync-note": "", "data-record-id": id, text: "Saved on this device, will sync when you're back online." })
          ]);
          form.replaceWith(done);
          window.AiraQueue.flush();
        });
    });
    return form;
  }

  function summaryText() {
    var b = state.ratingBefore, a = state.ratingAfter;
    if (b !== null && a !== null) return "You went from " + b + " to " + a + ".";
    if (a !== null) return "You're at " + a + " out of 10 now.";
    return "You completed " + practice.title + ".";
  }

  /* Leads the summary by the same rule as online (PracticeSession.needs_more_support:
     the after-rating rose, or is still strong), with the same words: the block is the
     server's own, kept in the page as a <template>. */
  function summarySupport() {
    var template = document.getElementById("summary-support");
    var b = state.ratingBefore, a = state.ratingAfter;
    if (!template || a === null) return null;
    if (!(a >= parseInt(template.dataset.stillStrong, 10) || (b !== null && a > b))) return null;
    var block = template.content.firstElementChild.cloneNode(true);
    var others = catalogue.filter(function (p) { return p.slug !== practice.slug; });
    var offer = (template.dataset.practices || "").split(" ").map(function (slug) {
      return others.filter(function (p) { return p.slug === slug; })[0];
    }).filter(Boolean)[0] || others.slice().sort(function (x, y) { return x.minutes - y.minutes; })[0];
    var link = block.querySelector("[data-support-practice]");
    if (offer && link) {
      link.href = offer.url;
      link.textContent = offer.title;
    }
    return block;
  }

  function syncText() {
    return "Saved on this device, will sync when you're back online.";
  }

  function go(stage, step) {
    state.stage = stage;
    if (step) state.step = step;
    saveState();
    render();
  }

  function finish() {
    state.stepsCompleted = practice.steps.length;
    var record = {
      id: state.session,
      kind: "session",
      url: "/practices/sessions/sync/",
      label: practice.title + " practice",
      fields: {
        session_id: state.session,
        practice: practice.slug,
        started_at: state.startedAt,
        ended_at: state.endedAt,
        rating_before: state.ratingBefore === null ? "" : String(state.ratingBefore),
        rating_after: state.ratingAfter === null ? "" : String(state.ratingAfter),
        steps_completed: String(state.stepsCompleted),
        finished: "on"
      }
    };
    state.stage = "done";
    saveState();
    var saved = window.AiraQueue ? window.AiraQueue.add(record) : Promise.resolve();
    saved.then(function () { render(); if (window.AiraQueue) window.AiraQueue.flush(); });
  }

  function start() {
    var container = document.getElementById("player");
    if (!container) return;
    player = container;
    var params = new URLSearchParams(window.location.hash.slice(1));
    fetch("/practices/offline-data.json", { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        catalogue = data.practices;
        offlineData = data;
        practice = data.practices.filter(function (p) { return p.slug === params.get("practice"); })[0];
        if (!practice) {
          player.replaceChildren(heading("This practice isn't available offline"),
            el("p", {}, [el("a", { href: "/practices/", text: "See the practices you can do" })]));
          return;
        }
        document.querySelector("[data-offline-title]").textContent = practice.title;
        var recordingNote = document.querySelector("[data-recording-offline]");
        if (recordingNote && practice.recording) recordingNote.hidden = false;
        document.title = practice.title + " (offline) · Aira";
        state = loadState(params);
        saveState();
        render();
      })
      .catch(function () {
        player.replaceChildren(heading("Practices aren't saved on this device yet"),
          el("p", { text: "Open Aira once with a connection and the practices will be kept for offline use." }),
          el("p", {}, [el("a", { href: "/crisis/", text: "Crisis resources" })]));
      });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
