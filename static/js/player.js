/* The practice player's enhancements: breathing pacer, timers, read-aloud, settings.
   Everything here is optional: without JavaScript each step is a plain page with the
   breathing pattern and the pause length written out. */
(function () {
  "use strict";

  // Strings in the page's language from Django's JavaScript catalog (/i18n/js/, loaded
  // first); the English text itself if it could not load.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return String(values[name]); });
  };

  var SETTINGS_KEY = "aira.player";
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  var cleanups = [];

  function loadSettings() {
    try {
      return Object.assign({ voice: false, autoAdvance: false }, JSON.parse(localStorage.getItem(SETTINGS_KEY) || "{}"));
    } catch (e) {
      return { voice: false, autoAdvance: false };
    }
  }

  function saveSetting(name, value) {
    var settings = loadSettings();
    settings[name] = value;
    try { localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings)); } catch (e) { /* private mode */ }
  }

  var canSpeak = "speechSynthesis" in window && "SpeechSynthesisUtterance" in window;

  function speak(text) {
    if (!canSpeak || !loadSettings().voice || !text) return;
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 0.9;
    utterance.lang = document.documentElement.lang || "en-GB";
    window.speechSynthesis.speak(utterance);
  }

  function stopSpeaking() {
    if (canSpeak) window.speechSynthesis.cancel();
  }

  function advance(player) {
    var form = player.querySelector("[data-next-form]");
    if (form) {
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
      return;
    }
    var next = player.querySelector("[data-next]");
    if (next) next.click();
  }

  function every(seconds, tick) {
    var id = window.setInterval(tick, seconds * 1000);
    cleanups.push(function () { window.clearInterval(id); });
    return id;
  }

  /* The breathing pace (practices/pacing.py works out every pace's seconds; the pacer
     only picks one). The device keeps the choice in a cookie, which the server reads for
     visitors and the offline player reads for everyone. */
  var PACE_COOKIE = "aira_pace";

  function rememberPaceOnDevice(pace) {
    if (!pace || document.cookie.indexOf(PACE_COOKIE + "=" + pace) !== -1) return;
    var secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = PACE_COOKIE + "=" + pace + "; Path=/; Max-Age=31536000; SameSite=Lax" + secure;
  }

  /* A pace chosen mid-practice: the pacer takes it from the next breath. */
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.name !== "pace" || !input.closest("[data-pace-form]")) return;
    document.querySelectorAll("[data-pacer]").forEach(function (pacer) { pacer.dataset.pace = input.value; });
    var label = input.id && document.querySelector('label[for="' + input.id + '"]');
    document.querySelectorAll("[data-pace-current]").forEach(function (el) {
      if (label) el.textContent = label.textContent;
    });
    rememberPaceOnDevice(input.value);
  });

  /* Breathing pacer: a shape that grows on the in-breath and shrinks on the out-breath,
     with the phase named and counted. With reduced motion the shape stays still and
     only the words and numbers change. The double sigh's second in-breath is a phase of
     its own ("Breathe in a little more"), never a hold. */
  function startPacer(player, pacer) {
    var plan;
    try { plan = JSON.parse(pacer.dataset.pacerPlan); } catch (e) { return; }
    if (!plan || !plan.phases || !plan.phases.length) return;
    var phases = plan.phases;
    var cycles = plan.cycles || 1;
    rememberPaceOnDevice(pacer.dataset.pace);
    var status = pacer.querySelector("[data-pacer-status]");
    var count = pacer.querySelector("[data-pacer-count]");
    var shape = pacer.querySelector(".pacer__shape");
    var toggle = pacer.querySelector("[data-pacer-toggle]");
    var cycle = 1, phaseIndex = 0, second = 0, running = false, timer = null, finished = false;
    var seconds = [];

    // This round's seconds at the pace chosen now, so a change applies from the next breath.
    function roundSeconds() {
      var rounds = plan.paces[pacer.dataset.pace] || plan.paces["as-written"];
      return rounds[Math.min(cycle - 1, rounds.length - 1)];
    }

    status.setAttribute("aria-live", "polite");

    function showPhase() {
      var phase = phases[phaseIndex];
      pacer.dataset.state = phase.state;
      if (shape && !reducedMotion.matches) {
        shape.style.transitionDuration = seconds[phaseIndex] + "s";
      }
      status.textContent = interpolate(gettext("%(phase)s (round %(round)s of %(rounds)s)"), { phase: phase.name, round: cycle, rounds: cycles }, true);
      speak(phase.name);
    }

    // The count names the second being breathed: "1" as a phase begins, "4" through the
    // last second of a four-second phase (counting the finished seconds never showed 4).
    function tick() {
      if (second >= seconds[phaseIndex]) {
        second = 0;
        phaseIndex += 1;
        if (phaseIndex >= phases.length) {
          phaseIndex = 0;
          cycle += 1;
          if (cycle > cycles) return finish();
          seconds = roundSeconds();
        }
        showPhase();
      }
      second += 1;
      count.textContent = String(second);
    }

    function finish() {
      stop();
      finished = true;
      pacer.dataset.state = "done";
      count.textContent = "";
      status.textContent = gettext("That's all the rounds. Let your breath settle, then go on when you're ready.");
      toggle.textContent = gettext("Breathe again");
      if (loadSettings().autoAdvance) window.setTimeout(function () { advance(player); }, 2500);
    }

    function start() {
      if (finished) { cycle = 1; phaseIndex = 0; second = 0; finished = false; }
      if (phaseIndex === 0 && second === 0) seconds = roundSeconds();
      running = true;
      toggle.textContent = gettext("Pause breathing guide");
      showPhase();
      if (second === 0) second = 1;
      count.textContent = String(second);
      timer = every(1, tick);
    }

    function stop() {
      running = false;
      if (timer) window.clearInterval(timer);
      timer = null;
      toggle.textContent = gettext("Resume breathing guide");
    }

    toggle.hidden = false;
    toggle.addEventListener("click", function () { if (running) stop(); else start(); });
    cleanups.push(stop);
    start();
  }

  /* A gentle countdown for timed pauses. */
  function startTimer(player, timerEl) {
    var total = +timerEl.dataset.seconds;
    var remaining = total, running = false, interval = null;
    var display = timerEl.querySelector("[data-timer-display]");
    var status = timerEl.querySelector("[data-timer-status]");
    var toggle = timerEl.querySelector("[data-timer-toggle]");

    function show() {
      var m = Math.floor(remaining / 60), s = remaining % 60;
      display.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      display.setAttribute("aria-label", interpolate(ngettext("%(count)s second left", "%(count)s seconds left", remaining), { count: remaining }, true));
    }

    function tick() {
      remaining -= 1;
      show();
      if (remaining <= 0) {
        stop();
        timerEl.dataset.state = "done";
        status.textContent = gettext("Time's up. Go on whenever you're ready.");
        toggle.textContent = gettext("Start again");
        remaining = total;
        if (loadSettings().autoAdvance) window.setTimeout(function () { advance(player); }, 1500);
      }
    }

    function start() {
      running = true;
      timerEl.dataset.state = "running";
      toggle.textContent = gettext("Pause timer");
      status.textContent = gettext("Timer started");
      interval = every(1, tick);
    }

    function stop() {
      running = false;
      if (interval) window.clearInterval(interval);
      interval = null;
      if (timerEl.dataset.state !== "done") toggle.textContent = gettext("Resume timer");
    }

    toggle.hidden = false;
    toggle.addEventListener("click", function () { if (running) { stop(); status.textContent = gettext("Timer paused"); } else start(); });
    cleanups.push(stop);
    show();
    start();
  }

  function initSettings(player) {
    var settings = loadSettings();
    player.querySelectorAll("[data-setting]").forEach(function (input) {
      input.checked = !!settings[input.dataset.setting];
      input.addEventListener("change", function () {
        saveSetting(input.dataset.setting, input.checked);
        if (input.dataset.setting === "voice") {
          if (input.checked) speakStep(player); else stopSpeaking();
        }
      });
    });
    if (canSpeak) {
      player.querySelectorAll("[data-voice-setting]").forEach(function (el) { el.hidden = false; });
    }
  }

  function speakStep(player) {
    var title = player.querySelector(".player__step-title");
    var text = player.querySelector("[data-speak]");
    stopSpeaking();
    if (title) speak(title.textContent.trim());
    if (text) speak(text.textContent.trim());
  }

  function initPlayer() {
    var player = document.getElementById("player");
    if (!player || player.dataset.ready || player.hasAttribute("data-offline-pending")) return;
    player.dataset.ready = "true";
    noteSession(player);
    initSettings(player);
    speakStep(player);
    var pacer = player.querySelector("[data-pacer]");
    if (pacer) startPacer(player, pacer);
    var timerEl = player.querySelector("[data-timer]");
    if (timerEl) startTimer(player, timerEl);
  }

  function teardown() {
    stopSpeaking();
    cleanups.splice(0).forEach(function (fn) { fn(); });
  }

  /* A Begin form restored from the back/forward cache must not reuse the id of the
     session it already started. */
  function refreshSessionIds(event) {
    if (!event.persisted || !window.crypto || !crypto.randomUUID) return;
    document.querySelectorAll("form[data-fresh-session-id] input[name=session_id]").forEach(function (input) {
      input.value = crypto.randomUUID();
    });
  }

  /* The session in hand, kept for this tab: the offline player's state, and what the
     online player knows when the connection drops (the rating before, for the summary). */
  var SESSION_KEY = "aira.playerSession";

  function recall(session) {
    try {
      var kept = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
      return kept && kept.session === session ? kept : {};
    } catch (e) { return {}; }
  }

  function remember(fields) {
    var kept = Object.assign(recall(fields.session), fields);
    try { sessionStorage.setItem(SESSION_KEY, JSON.stringify(kept)); } catch (e) { /* private mode */ }
  }

  function noteSession(player) {
    if (!player.dataset.session) return;
    var before = player.dataset.ratingBefore;
    var fields = { session: player.dataset.session, practice: player.dataset.practice };
    if (before) fields.ratingBefore = parseInt(before, 10);
    remember(fields);
  }

  function devicePace() {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(PACE_COOKIE + "=") === 0; })[0];
    return found ? found.slice(PACE_COOKIE.length + 1) : "";
  }

  // The offline player shows its stages itself and then asks for the same enhancements.
  window.AiraPlayer = { init: initPlayer, teardown: teardown, remember: remember, recall: recall, devicePace: devicePace };

  /* Lost the connection mid-practice: send the same request again as an ordinary page
     load. With no connection the service worker answers it with the offline player,
     which carries on from there; if the connection is back, the server answers. */
  document.addEventListener("htmx:sendError", function (event) {
    var config = event.detail.requestConfig;
    if (!config || !config.target || config.target.id !== "player") return;
    if (config.verb === "get") {
      window.location.href = config.path;
      return;
    }
    var form = document.createElement("form");
    form.method = "post";
    form.action = config.path;
    form.hidden = true;
    config.formData.forEach(function (value, name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  });

  document.addEventListener("DOMContentLoaded", initPlayer);
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "player") teardown();
  });
  document.addEventListener("htmx:afterSettle", initPlayer);
  window.addEventListener("pageshow", refreshSessionIds);
  window.addEventListener("pagehide", teardown);
})();
