// Move focus to the error summary so screen readers announce it and keyboards start there.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
