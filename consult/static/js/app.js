// Consult's own glue for htmx. Every page works without it; this only improves it.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');

  // Send the CSRF token as a header on every htmx request (forms also carry it as a field).
  document.addEventListener("htmx:configRequest", function (event) {
    if (token) {
      event.detail.headers["X-CSRFToken"] = token.getAttribute("content");
    }
  });

  // After a swap, move focus where the new content asks for it, so keyboard users keep their place.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt.querySelector("[data-focus]") ||
      (event.detail.elt.hasAttribute && event.detail.elt.hasAttribute("data-focus") ? event.detail.elt : null);
    if (target) {
      if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  });

  // A failed request must not fail silently: say so in the live region.
  document.addEventListener("htmx:responseError", function (event) {
    var live = document.getElementById("live-region");
    var xhr = event.detail.xhr;
    var plain = xhr && /^text\/plain/.test(xhr.getResponseHeader("Content-Type") || "");
    if (live && plain) {
      live.textContent = xhr.responseText;
    } else if (live) {
      live.textContent = document.documentElement.getAttribute("lang") === "fr"
        ? "L’action n’a pas abouti. Réessayez."
        : "That did not work. Please try again.";
    }
  });

  // "Select all on this page" in the moderation queue: with JavaScript, a box that ticks every
  // item's box (the items' boxes belong to the bulk form); the link that does it without is hidden.
  var selectAll = document.querySelector("[data-select-all]");
  if (selectAll) {
    var boxes = function () {
      return document.querySelectorAll('input[type=checkbox][name=ids][form="' + selectAll.form.id + '"]');
    };
    selectAll.closest("[data-select-all-box]").hidden = false;
    var link = document.querySelector("[data-select-all-link]");
    if (link) { link.hidden = true; }
    var reflect = function () {
      var all = boxes(), ticked = [].filter.call(all, function (box) { return box.checked; }).length;
      selectAll.checked = all.length > 0 && ticked === all.length;
      selectAll.indeterminate = ticked > 0 && ticked < all.length;
    };
    selectAll.addEventListener("change", function () {
      [].forEach.call(boxes(), function (box) { box.checked = selectAll.checked; });
    });
    document.addEventListener("change", function (event) {
      if (event.target !== selectAll && event.target.name === "ids") { reflect(); }
    });
    document.addEventListener("htmx:afterSettle", reflect);
    reflect();
  }
})();
