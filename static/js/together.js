/* Breathe together: everyone on one link sees the same breathing phase at the same moment.

   No messages carry the phase. Each device measures how far its own clock is from the
   server's (a few requests to /together/time/, NTP-style: the sample with the shortest
   round trip is the most trustworthy), and works the phase out from the session's start
   on the server's clock. Two devices that measured their offsets see the same phase,
   however late one of them joined. Without JavaScript the page shows the pattern in words. */
(function () {
  "use strict";

  // Strings in the page's language from Django's JavaScript catalog (/i18n/js/, loaded
  // first); the English text itself if it could not load.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return String(values[name]); });
  };

  var root = document.querySelector("[data-together]");
  if (!root) return;

  var plan;
  try { plan = JSON.parse(root.dataset.plan); } catch (e) { return; }
  var phases = plan.phases || [];
  var cycleMs = phases.reduce(function (sum, phase) { return sum + phase.seconds * 1000; }, 0);
  if (!cycleMs) return;

  var SAMPLES = 5;
  var RESYNC_MS = 5 * 60 * 1000; // clocks drift a little; measure again now and then
  var SETTINGS_KEY = "aira.player"; // the practice player's settings: one read-aloud choice
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  var pacer = root.querySelector("[data-together-pacer]");
  var status = pacer.querySelector("[data-pacer-status]");
  var count = pacer.querySelector("[data-pacer-count]");
  var shape = pacer.querySelector(".pacer__shape");

  var offset = 0; // server clock minus this device's clock, in ms
  var synced = false;
  var stopped = false;
  var timer = null;
  var shown = null; // the phase on screen
  var log = []; // the phases shown, with when (this device's clock): for tests and debugging

  /* --- The shared clock ------------------------------------------------------------ */

  function sample() {
    var sent = Date.now();
    return fetch(root.dataset.clockUrl, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        var received = Date.now();
        var roundTrip = received - sent;
        // The server read its clock about halfway through the round trip.
        return { roundTrip: roundTrip, offset: body.now + roundTrip / 2 - received };
      });
  }

  function measure() {
    var best = null;
    var chain = Promise.resolve();
    for (var i = 0; i < SAMPLES; i++) {
      chain = chain.then(sample).then(function (s) {
        if (!best || s.roundTrip < best.roundTrip) best = s;
      }, function () { /* a lost sample: the others will do */ });
    }
    return chain.then(function () {
      if (!best) return false;
      offset = best.offset;
      synced = true;
      return true;
    });
  }

  function serverNow() { return Date.now() + offset; }

  /* The phase at a moment of the server's clock: a pure function of the session's start. */
  function phaseAt(serverMs) {
    var elapsed = Math.max(0, serverMs - plan.startedAt);
    var round = Math.floor(elapsed / cycleMs);
    var into = elapsed - round * cycleMs;
    for (var index = 0; index < phases.length; index++) {
      var length = phases[index].seconds * 1000;
      if (into < length || index === phases.length - 1) {
        return {
          round: round,
          index: index,
          state: phases[index].state,
          name: phases[index].name,
          intoMs: into,
          leftMs: length - into,
          second: Math.floor(into / 1000) + 1
        };
      }
      into -= length;
    }
  }

  /* --- Read aloud (the device's own voice, as in the practice player) ---------------- */

  var canSpeak = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window;

  function voiceOn() {
    try { return !!JSON.parse(localStorage.getItem(SETTINGS_KEY) || "{}").voice; } catch (e) { return false; }
  }

  function speak(text) {
    if (!canSpeak || !voiceOn()) return;
    window.speechSynthesis.cancel(); // never fall behind the breath
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 0.9;
    utterance.lang = document.documentElement.lang || "en-GB";
    window.speechSynthesis.speak(utterance);
  }

  function initVoiceSetting() {
    var box = root.querySelector("[data-voice-setting]");
    if (!box || !canSpeak) return;
    box.hidden = false;
    var input = box.querySelector('[data-setting="voice"]');
    input.checked = voiceOn();
    input.addEventListener("change", function () {
      var settings = {};
      try { settings = JSON.parse(localStorage.getItem(SETTINGS_KEY) || "{}"); } catch (e) { /* start afresh */ }
      settings.voice = input.checked;
      try { localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings)); } catch (e) { /* private mode */ }
      if (!input.checked) window.speechSynthesis.cancel();
    });
  }

  /* --- The pacer ------------------------------------------------------------------- */

  function show(phase) {
    pacer.dataset.state = phase.state;
    // Joined mid-phase: the shape finishes the phase's movement in the time left.
    if (shape && !reducedMotion.matches) shape.style.transitionDuration = (phase.leftMs / 1000) + "s";
    status.textContent = phase.name;
    speak(phase.name);
    shown = phase;
    log.push({ round: phase.round, index: phase.index, state: phase.state, name: phase.name, at: Date.now() });
    if (log.length > 50) log.shift();
  }

  function tick() {
    timer = null;
    if (stopped) return;
    var now = serverNow();
    if (now >= plan.endsAt) {
      // The poll tells everyone it ended; until then, stop breathing to a pace that's over.
      stop();
      return;
    }
    var phase = phaseAt(now);
    if (!shown || shown.round !== phase.round || shown.index !== phase.index) show(phase);
    count.textContent = String(phase.second);
    // Wake at the next whole second of the shared clock, where the count or phase changes.
    timer = window.setTimeout(tick, 1000 - (phase.intoMs % 1000) + 2);
  }

  function stop() {
    stopped = true;
    if (timer) window.clearTimeout(timer);
    timer = null;
    if (canSpeak) window.speechSynthesis.cancel();
  }

  function restart() {
    if (stopped) return;
    if (timer) window.clearTimeout(timer);
    tick();
  }

  /* --- Who is here: a token this tab keeps, nothing else ---------------------------- */

  function keepParticipant() {
    var input = root.querySelector("[data-participant]");
    if (!input) return;
    var key = "aira.together." + root.dataset.token;
    try {
      var kept = sessionStorage.getItem(key);
      // Reloading the page stays one person, not two for the next twenty seconds.
      if (kept && /^[A-Za-z0-9_-]{22,43}$/.test(kept)) input.value = kept;
      else sessionStorage.setItem(key, input.value);
    } catch (e) { /* storage unavailable: a new token per page load */ }
  }

  /* --- Sending the link ------------------------------------------------------------ */

  function initShare() {
    var field = root.querySelector("[data-share-url]");
    var shareButton = root.querySelector("[data-share]");
    var copyButton = root.querySelector("[data-copy]");
    var note = root.querySelector("[data-share-status]");
    if (!field) return;
    field.addEventListener("focus", function () { field.select(); });
    var data = { title: field.dataset.shareTitle, text: field.dataset.shareText, url: field.value };
    if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
      shareButton.hidden = false;
      shareButton.addEventListener("click", function () {
        navigator.share(data).catch(function () { /* closed the share sheet */ });
      });
    }
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      var done = function () { note.textContent = copyButton.dataset.copied || gettext("Link copied."); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          field.focus();
          field.select();
          note.textContent = copyButton.dataset.selected || gettext("The link is selected: copy it from there.");
        });
      } else {
        field.focus();
        field.select();
        note.textContent = copyButton.dataset.selected || gettext("The link is selected: copy it from there.");
      }
    });
  }

  keepParticipant();
  initShare();
  initVoiceSetting();
  status.setAttribute("aria-live", "polite");

  document.addEventListener("together:ended", stop);
  // A phone woken up, a tab brought back: timers slept, the clock may have moved.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") measure().then(restart);
  });
  window.setInterval(function () { measure(); }, RESYNC_MS);

  measure().then(function (ok) {
    if (!ok) return; // no clock: the pattern in words stays on the page
    tick();
  });

  // For the browser tests (and anyone curious): what this device shows, and why.
  window.airaTogether = {
    phaseAt: phaseAt,
    phaseNow: function () { var now = serverNow(); var p = phaseAt(now); p.serverNow = now; return p; },
    shown: function () { return shown; },
    log: function () { return log.slice(); },
    offset: function () { return offset; },
    synced: function () { return synced; },
    stopped: function () { return stopped; }
  };
})();
