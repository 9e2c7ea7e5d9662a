/* opsmanual tablet app: each row saves on its own, as soon as it is written.
   A row that cannot reach the server is kept (in this page and in local storage) and sent again
   until the server takes it; nothing is dropped without saying so. No content becomes script:
   every text shown here is set with textContent. */
(function () {
  "use strict";
  var token = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var QUEUE = "opsmanual.unsaved " + location.pathname;
  var queue = load();
  var timer = null;

  function load() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || "[]") || []; } catch (e) { return []; }
  }
  function keep() {
    try { localStorage.setItem(QUEUE, JSON.stringify(queue)); } catch (e) { /* the page keeps them */ }
    var waiting = document.getElementById("waiting");
    if (waiting) {
      waiting.hidden = queue.length === 0;
      waiting.textContent = waiting.dataset.template.replace("{n}", String(queue.length));
    }
  }

  function number(text) {
    var cleaned = String(text).trim().replace("\u2212", "-").replace(",", ".");
    if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
    return parseFloat(cleaned);
  }

  function outOfRange(form) {
    var value = form.querySelector('input[name="value"]');
    if (value) {
      var n = number(value.value);
      if (n === null) return false;
      var min = value.dataset.min, max = value.dataset.max;
      return (min !== undefined && n < parseFloat(min)) || (max !== undefined && n > parseFloat(max));
    }
    var answer = form.querySelector('input[name="answer"]:checked');
    return answer ? answer.value !== answer.dataset.expected : false;
  }

  function check(form) {
    var panel = form.querySelector(".action");
    if (!panel) return;
    var bad = outOfRange(form);
    panel.hidden = !bad;
    var value = form.querySelector('input[name="value"]');
    if (value) value.classList.toggle("bad", bad);
    var action = panel.querySelector("textarea");
    if (action) action.required = bad;
  }

  function collect(form, submitter) {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrf") return;
      if (name.indexOf("cell.") === 0) {
        data.cells = data.cells || {};
        data.cells[name.slice(5)] = value;
      } else {
        data[name] = value;
      }
    });
    if (submitter && submitter.name === "done") data.done = submitter.value === "true";
    return data;
  }

  function say(form, text, kind) {
    var status = form.querySelector(".status");
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("retry", kind === "retry");
  }

  function problem(form, text) {
    var shown = form.querySelector(".problem");
    if (!shown) return;
    shown.hidden = !text;
    shown.textContent = text || "";
  }

  function send(item) {
    return fetch(item.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(item.data)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  function formFor(item) {
    var row = document.getElementById(item.data.key);
    return row ? row.querySelector("form.save") : null;
  }

  function saved(form, item, body) {
    if (!form) return;
    var status = form.querySelector(".status");
    say(form, status.dataset.saved.replace("{time}", body.time || ""), "ok");
    problem(form, "");
    var row = form.closest(".row");
    if (row) row.classList.add("is-done");
    if (form.dataset.kind === "log" || item.data.done !== undefined) {
      location.reload(); // the new line, or the tick, as the server now has it
    }
  }

  function flush() {
    timer = null;
    if (!queue.length) return;
    var item = queue[0];
    var form = formFor(item);
    send(item).then(function (answer) {
      if (answer.status === 401 || answer.status === 403) {
        say(form, (answer.body && answer.body.message) || String(answer.status), "retry");
        timer = setTimeout(flush, 5000); // kept: it is sent once the session is back
        return;
      }
      queue.shift();
      keep();
      if (answer.status >= 200 && answer.status < 300) saved(form, item, answer.body);
      else if (answer.status === 422 || answer.status === 400) {
        if (form) { say(form, "", "ok"); problem(form, answer.body.message || ""); }
      } else {
        queue.push(item); keep(); // the server failed: try again
        say(form, form ? form.querySelector(".status").dataset.retry : "", "retry");
      }
      if (queue.length) timer = setTimeout(flush, answer.status >= 500 ? 3000 : 0);
    }).catch(function () {
      if (form) say(form, form.querySelector(".status").dataset.retry, "retry");
      timer = setTimeout(flush, 3000); // no connection: the same row again, until it goes through
    });
  }

  function enqueue(form, submitter) {
    var item = { action: form.getAttribute("action"), data: collect(form, submitter) };
    queue = queue.filter(function (old) {
      return !(old.action === item.action && old.data.key === item.data.key && old.data.column === item.data.column &&
        form.dataset.kind !== "log");
    });
    queue.push(item);
    keep();
    say(form, form.querySelector(".status").dataset.saving, "ok");
    if (!timer) flush();
  }

  document.querySelectorAll("form.save").forEach(function (form) {
    form.addEventListener("input", function () { check(form); });
    form.addEventListener("change", function () { check(form); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      check(form);
      if (!form.reportValidity()) return;
      enqueue(form, event.submitter);
    });
    check(form);
  });
  keep();
  if (queue.length) flush();
  window.addEventListener("online", function () { if (queue.length && !timer) flush(); });
})();
