/*
 * OKO Case: everything the pages do in the browser. The Content-Security-Policy
 * allows scripts from the site's own files only (no inline <script>, no onclick),
 * so every page loads this file, and it finds its work by markup:
 *
 * - deform sequences (.deform-seq): "add" and "remove" buttons, and which of
 *   them show, for tables such as the measures of a concept document;
 * - a form with data-confirm="question" is sent only if the person agrees;
 * - the leader's test (#timer[data-live]): the countdown, and every answer
 *   saved as soon as it is given.
 */
(function () {
  "use strict";

  function refreshSequences() {
    document.querySelectorAll(".deform-seq").forEach(function (seq) {
      var $seq = window.jQuery(seq), $before = $seq.find(".deform-insert-before").last();
      window.deform.processSequenceButtons($seq, parseInt($before.attr("min_len") || "0", 10),
        parseInt($before.attr("max_len") || "100000", 10), parseInt($before.attr("now_len") || "0", 10), 0);
    });
  }

  function sequenceClick(event) {
    if (!window.deform) { return; }
    var add = event.target.closest(".deform-seq-add"), remove = event.target.closest(".deform-close-button");
    if (add) {
      event.preventDefault();
      window.deform.appendSequenceItem(add);
    } else if (remove) {
      event.preventDefault();
      window.deform.removeSequenceItem(remove);
    } else {
      return;
    }
    refreshSequences();
  }

  function confirmSubmit(event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }

  function liveTest(timer) {
    var left = parseInt(timer.getAttribute("data-remaining"), 10);
    var out = document.getElementById("left");
    setInterval(function () {
      left = Math.max(0, left - 1);
      out.textContent = Math.floor(left / 60) + " мин " + (left % 60) + " с";
    }, 1000);
    document.querySelectorAll("form.answer-form").forEach(function (form) {
      var mark = form.querySelector(".saved");
      function save() {
        mark.textContent = "сохранение…";
        fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                            headers: {"Accept": "application/json"}})
          .then(function (r) { return r.json().then(function (b) { return [r.ok, b]; }); })
          .then(function (res) {
            if (res[0]) {
              mark.textContent = "сохранено";
              document.getElementById("answered").textContent = res[1].answered;
            } else {
              mark.textContent = res[1].error.message;
              mark.className = "saved error";
            }
          }).catch(function () { mark.textContent = "нет связи: ответ не сохранён, повторите"; });
      }
      form.addEventListener("change", save);
      form.addEventListener("submit", function (e) { e.preventDefault(); save(); });
    });
  }

  document.addEventListener("click", sequenceClick);
  document.addEventListener("submit", confirmSubmit);
  document.addEventListener("DOMContentLoaded", function () {
    if (window.deform && window.jQuery) { refreshSequences(); }
    var timer = document.getElementById("timer");
    if (timer && timer.hasAttribute("data-live")) { liveTest(timer); }
  });
})();
