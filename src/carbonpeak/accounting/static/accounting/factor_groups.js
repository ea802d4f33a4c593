// A factor set's subjects (accounting/factor_set.html) are folded so that a phone reader finds a subject
// without scrolling past every factor; on a desktop, where the table reads at a glance, they all lie open.
// A link to one subject (#subject-electricity) opens it on a phone too, on arrival or when the hash changes.
(function () {
  "use strict";
  var groups = document.querySelectorAll("details.factor-group");
  if (window.matchMedia("(min-width: 768px)").matches) {
    groups.forEach(function (group) { group.open = true; });
    return;
  }
  function openLinked() {
    var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (target && target.classList.contains("factor-group")) {
      target.open = true;
      target.scrollIntoView();
    }
  }
  openLinked();
  window.addEventListener("hashchange", openLinked);
})();
