// The live inbox (command_center/live_web.py). The server's Server-Sent Events only
// say "something changed" (their id is the change sequence); this script then fetches
// the inbox's rows again, so what is shown is always what the table holds. Emergencies
// waiting for an operator raise an alert and a sound that stay until each one has been
// acknowledged, by anyone. No framework, nothing from elsewhere: the page's
// Content-Security-Policy allows only this file.
"use strict";

(function () {
  const live = document.getElementById("live");
  if (!live) { return; }
  const banner = document.getElementById("live-banner");
  const alertBox = document.getElementById("alert");
  const alertItems = document.getElementById("alert-items");
  const alertCount = document.getElementById("alert-count");
  const sound = document.getElementById("alert-sound");
  const soundOn = document.getElementById("sound-on");
  const state = document.getElementById("live-state");
  const body = document.body;
  const REPEAT_MS = 30000;      // the alarm sounds again while an emergency waits
  const RETRY_MS = 3000;        // reconnect after the stream was refused or gave up

  let seq = live.dataset.seq || "0";
  let source = null;
  let fetching = false;
  let again = false;
  let clockOffset = 0;          // server time minus ours, in seconds
  let lastSound = 0;
  const sounded = new Set();    // alerts (report ids, call ids) already sounded
  let known = null;             // row ids shown before the last refresh

  function count(name) {        // counters the page keeps (tests read them)
    body.dataset[name] = String(Number(body.dataset[name] || "0") + 1);
  }

  function showBanner(which) {
    banner.hidden = which === null;
    for (const part of banner.querySelectorAll("[data-state]")) {
      part.hidden = part.dataset.state !== which;
    }
    body.dataset.live = which === null ? "on" : which;
    if (state) { state.textContent = which === null ? state.dataset.on : state.dataset.off; }
  }

  function play() {
    lastSound = Date.now();
    sound.currentTime = 0;
    const started = sound.play();
    const done = function () { count("soundsPlayed"); soundOn.hidden = true; };
    if (started && started.then) {
      // A browser refuses sound until the page was clicked once: offer the button.
      started.then(done, function () { soundOn.hidden = false; count("soundsRefused"); });
    } else {
      done();
    }
  }

  function readClock() {
    const now = live.querySelector("[data-now]");
    if (now) { clockOffset = Number(now.dataset.now) - Date.now() / 1000; }
  }

  function updateAges() {
    const now = Date.now() / 1000 + clockOffset;
    for (const cell of live.querySelectorAll("td.age")) {
      const start = Number(cell.dataset.start);
      const deadline = Number(cell.dataset.deadline);
      const waited = Math.max(0, Math.floor(now - start));
      const h = Math.floor(waited / 3600);
      const m = Math.floor((waited % 3600) / 60);
      const s = String(waited % 60).padStart(2, "0");
      cell.textContent = h ? h + ":" + String(m).padStart(2, "0") + ":" + s : m + ":" + s;
      let urgency = "done";
      if (cell.dataset.waiting === "1") {
        urgency = now >= deadline ? "overdue"
          : (now - start >= (deadline - start) / 2 ? "warn" : "ok");
      }
      cell.className = "age age-" + urgency;
    }
  }

  function updateAlerts() {
    const waiting = live.querySelectorAll("tr[data-alert='1']");
    alertItems.replaceChildren();
    let fresh = false;
    for (const row of waiting) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "/reports/" + encodeURIComponent(row.dataset.id);
      link.textContent = row.dataset.ticket || row.dataset.id;
      const place = row.querySelector("td:nth-child(5)");
      item.append(link, " · ", place ? place.textContent : "");
      alertItems.append(item);
      if (!sounded.has(row.dataset.id)) { sounded.add(row.dataset.id); fresh = true; }
    }
    for (const call of live.querySelectorAll("li.call")) {
      // A call is announced once; the operator answers it on the 110 phone.
      if (known !== null && !sounded.has(call.dataset.id)) { fresh = true; }
      sounded.add(call.dataset.id);
    }
    alertCount.textContent = String(waiting.length);
    alertBox.hidden = waiting.length === 0;
    body.dataset.alerts = String(waiting.length);
    if (fresh || (waiting.length && Date.now() - lastSound >= REPEAT_MS)) { play(); }
  }

  function markNew() {
    const ids = new Set();
    for (const row of live.querySelectorAll("tr[data-id]")) {
      ids.add(row.dataset.id);
      if (known !== null && !known.has(row.dataset.id)) { row.classList.add("new"); }
    }
    known = ids;
  }

  function refresh() {
    if (fetching) { again = true; return; }
    fetching = true;
    fetch(live.dataset.source, { credentials: "same-origin", redirect: "manual",
                                 headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401) {
          showBanner("signedout");
          throw new Error("signed out");
        }
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (html) {
        live.innerHTML = html;   // rendered and escaped by the server's templates
        readClock();
        markNew();
        updateAges();
        updateAlerts();
        count("updates");
      })
      .catch(function () { if (body.dataset.live === "on") { showBanner("lost"); } })
      .finally(function () {
        fetching = false;
        if (again) { again = false; refresh(); }
      });
  }

  function probe() {
    const stop = new AbortController();
    fetch("/inbox/events?after=" + encodeURIComponent(seq),
          { credentials: "same-origin", redirect: "manual", signal: stop.signal })
      .then(function (response) {
        stop.abort();   // only the status was wanted
        if (response.status === 429) { showBanner("busy"); }
        else if (response.type === "opaqueredirect") { showBanner("signedout"); }
      })
      .catch(function () { /* the centre is unreachable: "lost" stays */ });
  }

  function connect() {
    source = new EventSource("/inbox/events?after=" + encodeURIComponent(seq));
    source.addEventListener("hello", function (event) {
      const wasLost = body.dataset.live !== "on";
      showBanner(null);
      if (wasLost && Number(JSON.parse(event.data).seq) > Number(seq)) { refresh(); }
    });
    source.addEventListener("change", function (event) {
      seq = event.lastEventId || seq;
      showBanner(null);
      refresh();
    });
    source.addEventListener("signedout", function () {
      source.close();
      showBanner("signedout");
    });
    source.onerror = function () {
      if (body.dataset.live === "signedout") { return; }
      if (body.dataset.live !== "busy") { showBanner("lost"); }
      if (source.readyState === EventSource.CLOSED) {
        // Refused or given up: find out why (the stream's status), then try again
        // ourselves, from what we have seen.
        probe();
        setTimeout(connect, RETRY_MS);
      }
    };
  }

  // The primary action of a row, without leaving the page (the form still works
  // without this script).
  live.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.classList || !form.classList.contains("row-action")) { return; }
    event.preventDefault();
    const data = new URLSearchParams(new FormData(form));
    // getAttribute: the form's field named "action" shadows form.action.
    fetch(form.getAttribute("action"), { method: "POST", body: data,
                                         credentials: "same-origin" })
      .then(function (response) {
        count("actions");
        // Refused (the report moved on, the form expired): let the server's page say so.
        if (!response.ok) { form.submit(); } else { refresh(); }
      })
      .catch(function () { showBanner("lost"); });
  });

  soundOn.addEventListener("click", play);
  readClock();
  updateAges();
  updateAlerts();   // before markNew: calls already listed are not announced again
  markNew();
  setInterval(updateAges, 1000);
  setInterval(function () {
    if (live.querySelector("tr[data-alert='1']") && Date.now() - lastSound >= REPEAT_MS) {
      play();
    }
  }, 5000);
  if (live.dataset.live === "1") {
    body.dataset.live = "connecting";
    connect();
  }
}());
