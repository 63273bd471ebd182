// Bina Pustaka works without this file; it only smooths two things.
// Load with <script src="/static/app.js" defer></script>.
(function () {
  "use strict";

  // On wide screens the <details class="sidenav"> menu is a sidebar. Browsers
  // without ::details-content cannot show a closed <details> with CSS, so open
  // it there (and close it again when the window becomes narrow).
  var wide = window.matchMedia("(min-width: 60em)");
  function syncNav() {
    document.querySelectorAll("details.sidenav").forEach(function (d) { d.open = wide.matches; });
  }
  syncNav();
  wide.addEventListener("change", syncNav);

  // <form data-confirm="Nonaktifkan pegawai ini?"> asks before submitting.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });

  // <select data-autosubmit> (the library switcher) submits its form on change.
  document.addEventListener("change", function (e) {
    if (e.target.matches("select[data-autosubmit]") && e.target.form) e.target.form.requestSubmit();
  });
})();
