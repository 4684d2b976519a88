/*
 * OKO Case: everything the pages do in the browser. The Content-Security-Policy
 * allows scripts from the site's own files only (no inline <script>, no onclick),
 * so every page loads this file, and it finds its work by markup:
 *
 * - deform sequences (.deform-seq): "add" and "remove" buttons, and which of
 *   them show, for tables such as the measures of a concept document;
 * - a form with data-confirm="question" is sent only if the person agrees;
 * - the leader's test (#timer[data-live]): the countdown, and every answer
 *   saved as soon as it is given; one item at a time (#items[data-live]), the
 *   numbers above it lead to any other; «Выйти» asks first (the sitting goes on:
 *   answers are kept and the time runs).
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

  function oneByOne(items) {
    var sections = items.querySelectorAll("section.item");
    var nav = document.getElementById("item-nav");
    function show(id) {
      var found = false;
      sections.forEach(function (s) { s.classList.toggle("current", s.id === id); found = found || s.id === id; });
      if (!found && sections.length) { sections[0].classList.add("current"); id = sections[0].id; }
      if (nav) {
        nav.querySelectorAll("a").forEach(function (a) {
          a.classList.toggle("current", a.getAttribute("data-item") === id);
        });
      }
      if (window.history && window.history.replaceState) { window.history.replaceState(null, "", "#" + id); }
    }
    items.classList.add("one-by-one");
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-item]");
      if (!link) { return; }
      event.preventDefault();
      show(link.getAttribute("data-item"));
      window.scrollTo(0, 0);
    });
    var first = items.querySelector("section.item");
    var unanswered = nav && nav.querySelector("a:not(.answered)");
    show(window.location.hash.slice(1) || (unanswered ? unanswered.getAttribute("data-item") : (first && first.id)));
  }

  function markAnswered(form) {
    var section = form.closest("section.item");
    var link = section && document.querySelector("#item-nav a[data-item='" + section.id + "']");
    if (link) { link.classList.add("answered"); link.title = "отвечено"; }
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
              markAnswered(form);
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
    if (timer && timer.hasAttribute("data-live")) {
      liveTest(timer);
      var leave = document.querySelector("header.top form");
      if (leave) {
        leave.setAttribute("data-confirm", "Тестирование идёт. Ответы сохранены, но время продолжает идти: " +
                           "вернитесь к тесту до его окончания. Выйти?");
      }
    }
    var items = document.getElementById("items");
    if (items && items.hasAttribute("data-live")) { oneByOne(items); }
  });
})();
