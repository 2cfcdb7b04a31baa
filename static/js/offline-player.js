/* The offline player. Its page (practices/offline_player.html) holds every stage of one
   practice, rendered by the online player's own templates; this shows them one at a time
   in place of #player, keeps the session's state on the device, and puts the finished
   session in the outbox (queue.js), sent under the session's own id when the connection
   returns, so sending it twice is harmless. The service worker sends a player address
   here with where the person was and, for a form the lost connection didn't send, what
   the form said: it is answered here as the server would have answered it. */
(function () {
  "use strict";

  var shell, player, state, stepCount;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }

  function signedIn() {
    try { return localStorage.getItem("aira.signedIn") === "1"; } catch (e) { return false; }
  }

  function templates(selector) {
    return Array.prototype.slice.call(shell.querySelectorAll("template" + selector));
  }

  function clone(selector) {
    return templates(selector)[0].content.firstElementChild.cloneNode(true);
  }

  function rating(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function number(value) {
    return value === null || value === undefined || value === "" ? null : parseInt(value, 10);
  }

  /* The stage to show: a breathing step at the device's pace; the summary in the words
     the server uses for these two ratings (its table in data-summaries). */
  function stageTemplate() {
    if (state.stage === "done") {
      var which = JSON.parse(shell.dataset.summaries)[rating(state.ratingBefore) + "/" + rating(state.ratingAfter)];
      return templates('[data-summary="' + which + '"]')[0];
    }
    var found = templates('[data-stage="' + (state.stage === "step" ? "step/" + state.step : state.stage) + '"]');
    var pace = window.AiraPlayer.devicePace();
    return found.filter(function (t) { return t.dataset.pace === pace; })[0] || found[0];
  }

  function show(moveFocus) {
    window.AiraPlayer.teardown();
    var template = stageTemplate();
    var fresh = template.content.firstElementChild.cloneNode(true);
    fresh.dataset.session = state.session;
    fresh.dataset.ratingBefore = rating(state.ratingBefore);
    if (state.stage === "done") fillSummary(fresh);
    player.replaceWith(fresh);
    player = fresh;
    document.title = template.dataset.title;
    // As after an online step's swap (aira.js): focus where the stage asks, say what changed.
    var focusTarget = player.querySelector("[data-focus-after-swap]");
    if (focusTarget && moveFocus) {
      focusTarget.setAttribute("tabindex", "-1");
      focusTarget.focus();
    }
    var message = player.querySelector("[data-announce]");
    if (message && moveFocus && window.airaAnnounce) window.airaAnnounce(message.getAttribute("data-announce"));
    window.AiraPlayer.init();
  }

  function fillSummary(section) {
    section.querySelectorAll('[data-rating="before"]').forEach(function (el) { el.textContent = rating(state.ratingBefore); });
    section.querySelectorAll('[data-rating="after"]').forEach(function (el) { el.textContent = rating(state.ratingAfter); });
    section.querySelectorAll("[data-sync-note]").forEach(function (note) { note.setAttribute("data-record-id", state.session); });
    if (signedIn()) section.appendChild(checkinForm());
  }

  function save() {
    window.AiraPlayer.remember(state);
    var params = new URLSearchParams({ session: state.session, stage: state.stage });
    if (state.stage === "step") params.set("step", String(state.step));
    history.replaceState(null, "", "#" + params.toString());
  }

  function go(stage, step) {
    state.stage = stage;
    if (step) state.step = step;
    save();
    show(true);
  }

  /* What one of the player's forms said, answered as the server's views answer it
     (practices/views.py: begin, rate_before, step, rate_after). */
  function answer(stage, step, fields) {
    var given = number(fields.get("rating"));
    if (stage === "begin" || stage === "before") {
      if (given !== null) state.ratingBefore = given;
      if (stage === "begin" && given === null && !fields.get("skip_rating")) return go("before");
      return go("step", 1);
    }
    if (stage === "step") {
      // Facing the feelings: all three ratings, or none when skipped (views.step).
      if (isExposureStep(step) && !fields.get("skip")) {
        var given3 = EXPOSURE_FIELDS.map(function (name) { return number(fields.get(name)); });
        if (given3.some(function (v) { return v === null || isNaN(v) || v < 0 || v > 10; })) {
          return askForAllThree(step, given3);
        }
        state.exposure = given3;
        save();
      }
      state.stepsCompleted = Math.max(state.stepsCompleted, step);
      return step >= stepCount ? go("after") : go("step", step + 1);
    }
    if (stage === "after") {
      state.ratingAfter = given;
      return finish();
    }
  }

  var EXPOSURE_FIELDS = ["sensation", "anxiety", "panic"];

  function isExposureStep(step) {
    var template = templates('[data-stage="step/' + step + '"]')[0];
    return Boolean(template && template.content.querySelector("[data-exposure-error]"));
  }

  /* As the server re-renders the step with its message, keeping what was chosen. On a
     form the service worker handed over, the stage isn't showing yet. */
  function askForAllThree(step, given) {
    var error = player.querySelector("[data-exposure-error]");
    if (!error) {
      go("step", step);
      error = player.querySelector("[data-exposure-error]");
      EXPOSURE_FIELDS.forEach(function (name, index) {
        var input = player.querySelector('input[name="' + name + '"][value="' + given[index] + '"]');
        if (input) input.checked = true;
      });
    }
    if (error) error.hidden = false;
  }

  function exposureRating(index) {
    return state.exposure ? rating(state.exposure[index]) : "";
  }

  function finish() {
    state.stepsCompleted = stepCount;
    state.endedAt = state.endedAt || new Date().toISOString();
    state.stage = "done";
    save();
    var record = {
      id: state.session,
      kind: "session",
      url: shell.dataset.syncUrl,
      label: shell.dataset.recordLabel,
      fields: {
        session_id: state.session,
        practice: state.practice,
        started_at: state.startedAt,
        ended_at: state.endedAt,
        rating_before: rating(state.ratingBefore),
        rating_after: rating(state.ratingAfter),
        steps_completed: String(state.stepsCompleted),
        finished: "on",
        sensation_rating: exposureRating(0),
        anxiety_rating: exposureRating(1),
        panic_likeness: exposureRating(2)
      }
    };
    window.AiraQueue.add(record).then(function () {
      show(true);
      window.AiraQueue.flush();
    });
  }

  /* A check-in made offline: the server's own questions, queued like the session and sent
     under its own uuid. */
  function checkinForm() {
    var form = clone("[data-offline-checkin]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      if (!data.get("anxiety") || !data.get("mood")) {
        form.querySelector("[data-checkin-error]").hidden = false;
        return;
      }
      var id = uuid();
      var fields = [["uuid", id], ["anxiety", data.get("anxiety")], ["mood", data.get("mood")],
        ["note", data.get("note") || ""], ["created_at", new Date().toISOString()]];
      data.getAll("tags").forEach(function (tag) { fields.push(["tags", tag]); });
      window.AiraQueue.add({ id: id, kind: "checkin", url: shell.dataset.checkinUrl, label: shell.dataset.checkinLabel, fields: fields })
        .then(function () {
          var saved = clone("[data-offline-checkin-saved]");
          saved.querySelector("[data-sync-note]").setAttribute("data-record-id", id);
          form.replaceWith(saved);
          window.AiraQueue.flush();
        });
    });
    return form;
  }

  function stageAt(path) {
    return templates("[data-url]").filter(function (t) { return t.dataset.url === path; })[0];
  }

  /* The stage's own forms and links, as the server would answer them. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!shell || !player.contains(form)) return;
    var stage = stageAt(new URL(form.action, window.location.href).pathname);
    if (form.hasAttribute("data-pace-form")) {
      event.preventDefault();  // the choice is kept as it changes (below)
    } else if (stage) {
      event.preventDefault();
      answer(state.stage, state.step, new FormData(form, event.submitter));
    }
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#player a[href]");
    var stage = link && shell && stageAt(link.pathname);
    if (!stage) return;
    event.preventDefault();
    var key = stage.dataset.stage.split("/");
    go(key[0], key[1] ? parseInt(key[1], 10) : null);
  });

  /* A pace chosen here: player.js applies it from the next breath and keeps it on the
     device; a signed-in person's account gets it through the outbox (one record, replaced
     by each change, so only the last choice is sent). */
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("[data-pace-form]");
    if (!shell || !form || event.target.name !== "pace" || !signedIn()) return;
    var legend = form.querySelector("legend");
    window.AiraQueue.add({ id: "breathing-pace", kind: "pace", url: form.getAttribute("action"), label: legend ? legend.textContent : "", fields: { pace: event.target.value } })
      .then(function () { window.AiraQueue.flush(); });
  });

  function start() {
    shell = document.querySelector("[data-offline-player]");
    if (!shell) return;
    player = document.getElementById("player");
    stepCount = new Set(templates('[data-stage^="step/"]').map(function (t) { return t.dataset.stage; })).size;

    var params = new URLSearchParams(window.location.hash.slice(1));
    var session = params.get("session") || params.get("session_id") || uuid();
    // What the device knows of this session: its own state, or the online player's note
    // when the connection dropped mid-practice (the rating before, for the summary).
    state = Object.assign({
      session: session,
      practice: shell.dataset.practice,
      stage: "before",
      step: 1,
      ratingBefore: null,
      ratingAfter: null,
      stepsCompleted: 0,
      startedAt: new Date().toISOString(),
      endedAt: null,
      exposure: null
    }, window.AiraPlayer.recall(session));
    var stage = params.get("stage") || (params.get("step") ? "step" : state.stage);
    var step = Math.min(Math.max(parseInt(params.get("step") || state.step, 10) || 1, 1), stepCount);
    if (params.get("posted")) return answer(stage, step, params);
    state.stage = stage === "begin" ? "before" : stage;
    state.step = step;
    save();
    show(false);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
