/* opsmanual's own script on the site: nothing in it comes from a manual's files.
   - On a "Start here" page a reader ticks off what they have learned. The ticks stay in this browser's local
     storage, per site; nothing is sent anywhere. A tick is of a procedure's revision: when the procedure
     changes, it asks to be learned again.
   - A tap on a procedure's picture opens it full size over the page (a dialog: Escape, a tap or the button
     closes it); without this script the link opens the picture itself.
   - On a phone, the header's menu and search buttons are reached and pressed with the keyboard too. */
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

  function fullSize(link) {
    if (typeof HTMLDialogElement !== "function") return; // the browser opens the picture itself
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var dialog = document.createElement("dialog");
      dialog.className = "om-lightbox";
      var close = document.createElement("button");
      close.type = "button";
      close.className = "om-lightbox-close";
      close.textContent = "\u2715";
      close.setAttribute("aria-label", (link.querySelector(".om-close") || {}).textContent || "");
      var picture = document.createElement("img");
      picture.src = link.href;
      picture.alt = (link.querySelector("img") || {}).alt || "";
      dialog.appendChild(close);
      dialog.appendChild(picture);
      dialog.addEventListener("click", function () { dialog.close(); });
      dialog.addEventListener("close", function () {
        dialog.remove();
        link.focus();
      });
      document.body.appendChild(dialog);
      dialog.showModal();
      close.focus();
    });
  }

  function setUpPictures() {
    document.querySelectorAll("a.om-zoom").forEach(function (link) {
      if (link.getAttribute("data-om-zoom")) return;
      link.setAttribute("data-om-zoom", "ready");
      fullSize(link);
    });
  }

  function setUpHeaderButtons() {
    // Material draws them as labels of hidden checkboxes, which the Tab key skips.
    document.querySelectorAll('label.md-header__button[for="__drawer"], label.md-header__button[for="__search"]')
      .forEach(function (label) {
        if (label.getAttribute("tabindex") !== null) return;
        // named in the theme's own words, in the site's language: its navigation's label, its search field's
        var named = label.getAttribute("for") === "__drawer"
          ? document.querySelector("nav.md-nav--primary")
          : document.querySelector("input.md-search__input");
        var name = named && (named.getAttribute("aria-label") || named.getAttribute("placeholder"));
        label.setAttribute("tabindex", "0");
        label.setAttribute("role", "button");
        if (name) label.setAttribute("aria-label", name);
        label.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            label.click();
          }
        });
      });
  }

  function setUpAll() {
    setUp();
    setUpPictures();
    setUpHeaderButtons();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll); // Material's page-load stream, also after instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
