/* opsmanual: a reader ticks off what they have learned on a "Start here" page.
   The ticks stay in this browser's local storage, per site; nothing is sent anywhere.
   A tick is of a procedure's revision: when the procedure changes, it asks to be learned again. */
(function () {
  "use strict";

  function storageKey() {
    // The site's own address (where its stylesheet lives), so two manuals on one host keep their own ticks.
    var sheet = document.querySelector('link[href$="assets/opsmanual.css"]');
    var root = sheet ? sheet.href.replace(/assets\/opsmanual\.css$/, "") : location.origin;
    return "opsmanual.learned " + root;
  }

  function load(key) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key) || "{}");
      return value && typeof value === "object" ? value : {};
    } catch (error) {
      return {};
    }
  }

  function save(key, learned) {
    try {
      window.localStorage.setItem(key, JSON.stringify(learned));
    } catch (error) {
      /* storage is off or full: the ticks last as long as the page */
    }
  }

  function count(boxes) {
    var done = 0;
    boxes.forEach(function (box) {
      if (box.checked) done += 1;
    });
    document.querySelectorAll(".om-path-count .om-done").forEach(function (shown) {
      shown.textContent = String(done);
    });
  }

  function setUp() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("input.om-learned"));
    if (!boxes.length) return;
    var key = storageKey();
    var learned = load(key);
    boxes.forEach(function (box) {
      box.checked = learned[box.id] === true;
      box.disabled = false;
      box.addEventListener("change", function () {
        var now = load(key);
        if (box.checked) now[box.id] = true;
        else delete now[box.id];
        save(key, now);
        count(boxes);
      });
    });
    count(boxes);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp); // Material's page-load stream, also after instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
