// The claim form: the length of "Claim reviewed" as the editor types, and a warning above the
// length fact-check aggregators show in one line (claims/sharing.py CLAIM_REVIEWED_BEST_LENGTH).
// The server warns on save too; this only tells earlier. A static file: the admin's CSP allows it.
(function () {
  "use strict";
  function setUp() {
    var field = document.getElementById("id_claim_reviewed");
    if (!field) return;
    var best = parseInt(field.getAttribute("data-best-length"), 10) || 75;
    var count = document.createElement("p");
    count.id = "claim-reviewed-length";
    count.className = "claim-reviewed-length";
    count.setAttribute("aria-live", "polite");
    field.setAttribute("aria-describedby",
      ((field.getAttribute("aria-describedby") || "") + " " + count.id).trim());
    field.insertAdjacentElement("afterend", count);
    function update() {
      var length = Array.from(field.value).length;
      var over = length > best;
      count.textContent = length + " characters" + (over
        ? ": over " + best + ", fact-check aggregators will cut it"
        : " (best under " + best + ")");
      count.classList.toggle("claim-reviewed-length--over", over);
    }
    field.addEventListener("input", update);
    update();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
