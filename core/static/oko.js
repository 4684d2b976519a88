/*
 * OKO Case: everything the pages do in the browser. The Content-Security-Policy
 * allows scripts from the site's own files only (no inline <script>, no onclick),
 * so every page loads this file, and it finds its work by markup:
 *
 * - deform sequences (.deform-seq): "add" and "remove" buttons, and which of
 *   them show, for tables such as the measures of a concept document (what
 *   deform.js does with jQuery, in a few lines of the browser's own DOM: the
 *   pages load no jQuery);
 * - a form with data-confirm="question" is sent only if the person agrees;
 * - the leader's test (#timer[data-live]): the countdown, and every answer
 *   saved as soon as it is given; one item at a time (#items[data-live]), the
 *   numbers above it lead to any other; «Выйти» asks first (the sitting goes on:
 *   answers are kept and the time runs);
 * - people pickers (input[data-people]): as one types, the people the rule
 *   allows (GET data-people&q=...) in a list chosen with the arrow keys and
 *   Enter, or a tap; the field then holds the person's log-in. Without this
 *   script the field takes a log-in, an address or a name as typed.
 */
(function () {
  "use strict";

  var FIELD = /deformField(\d+)/;

  // The elements of a sequence that are its own, not those of a sequence nested in one of its items.
  function own(seq, selector) {
    return Array.prototype.filter.call(seq.querySelectorAll(selector), function (el) {
      return el.closest(".deform-seq") === seq;
    });
  }

  function lengths(seq) {
    var before = own(seq, ".deform-insert-before").pop();
    return {before: before, min: parseInt(before.getAttribute("min_len") || "0", 10),
            max: parseInt(before.getAttribute("max_len") || "100000", 10),
            now: parseInt(before.getAttribute("now_len") || "0", 10)};
  }

  function showButtons(seq) {
    var n = lengths(seq);
    own(seq, ".deform-close-button").forEach(function (b) { b.style.display = n.now > n.min ? "" : "none"; });
    own(seq, ".deform-seq-add").forEach(function (b) { b.style.display = n.now < n.max ? "" : "none"; });
  }

  // A new item from the sequence's prototype, its fields' ids and names made unique as deform.js makes them.
  function addItem(seq) {
    var n = lengths(seq);
    if (n.now >= n.max) { return; }
    var proto = own(seq, ".deform-proto")[0];
    var made = document.createElement("template"), suffix = "-" + Math.random().toString(36).slice(2, 8);
    made.innerHTML = decodeURIComponent(proto.getAttribute("prototype"));
    var ids = {};
    made.content.querySelectorAll("[id]").forEach(function (el) {
      var old = el.id;
      el.id = old.replace(FIELD, "deformField$1" + suffix);
      ids[old] = el.id;
    });
    made.content.querySelectorAll("label[for]").forEach(function (label) {
      if (ids[label.htmlFor]) { label.htmlFor = ids[label.htmlFor]; }
    });
    made.content.querySelectorAll("[name]").forEach(function (el) {
      el.setAttribute("name", el.getAttribute("name").replace(FIELD, "deformField$1" + suffix));
    });
    made.content.querySelectorAll(".deform-seq").forEach(showButtons);
    n.before.parentNode.insertBefore(made.content, n.before);
    n.before.setAttribute("now_len", String(n.now + 1));
  }

  function removeItem(button) {
    var item = button.closest(".deform-seq-item"), seq = item.closest(".deform-seq"), n = lengths(seq);
    if (n.now <= n.min) { return; }
    item.remove();
    n.before.setAttribute("now_len", String(n.now - 1));
  }

  function refreshSequences() {
    document.querySelectorAll(".deform-seq").forEach(showButtons);
  }

  function sequenceClick(event) {
    var add = event.target.closest(".deform-seq-add"), remove = event.target.closest(".deform-close-button");
    if (add) {
      event.preventDefault();
      addItem(add.closest(".deform-seq"));
    } else if (remove) {
      event.preventDefault();
      removeItem(remove);
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

  function peoplePicker(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var chosen = input.parentNode.querySelector(".picker-chosen");
    var people = [], active = -1, timer = null, asked = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, n) {
        li.setAttribute("aria-selected", n === i ? "true" : "false");
      });
      if (i >= 0 && list.children[i]) {
        input.setAttribute("aria-activedescendant", list.children[i].id);
        list.children[i].scrollIntoView({block: "nearest"});
      }
    }
    function choose(i) {
      var p = people[i];
      if (!p) { return; }
      input.value = p.login;
      chosen.textContent = "Выбрано: " + p.title + (p.organisation ? ", " + p.organisation : "");
      close();
    }
    function show(answer) {
      people = answer.people;
      list.textContent = "";
      people.forEach(function (p, n) {
        var li = document.createElement("li");
        li.id = input.id + "-opt-" + n;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("b");
        name.textContent = p.title;
        var about = document.createElement("span");
        about.textContent = [p.organisation, p.roles].filter(Boolean).join(" · ");
        li.appendChild(name);
        li.appendChild(about);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(n); });
        list.appendChild(li);
      });
      if (!people.length) {
        var none = document.createElement("li");
        none.className = "picker-none";
        none.textContent = "Никого не найдено: здесь можно выбрать " + answer.rule + ".";
        list.appendChild(none);
      } else if (answer.more) {
        var more = document.createElement("li");
        more.className = "picker-none";
        more.textContent = "Показаны первые " + people.length + ": уточните запрос.";
        list.appendChild(more);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      mark(people.length ? 0 : -1);
    }
    function ask() {
      var q = input.value.trim();
      if (q === asked) { return; }
      asked = q;
      if (q.length < 2) { close(); return; }
      fetch(input.getAttribute("data-people") + "&q=" + encodeURIComponent(q),
            {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) { if (answer && input.value.trim() === q) { show(answer); } })
        .catch(function () { close(); });
    }
    function typedAgain() {
      var offered = input.parentNode.querySelector(".picker-choices");
      if (offered) { offered.parentNode.removeChild(offered); }
      input.name = input.getAttribute("data-name");
    }
    input.addEventListener("input", function () {
      typedAgain();
      chosen.textContent = "";
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) {
        if (e.key === "ArrowDown") { asked = ""; ask(); e.preventDefault(); }
        return;
      }
      if (e.key === "ArrowDown") { mark(Math.min(active + 1, people.length - 1)); e.preventDefault(); }
      else if (e.key === "ArrowUp") { mark(Math.max(active - 1, 0)); e.preventDefault(); }
      else if (e.key === "Enter" && active >= 0) { choose(active); e.preventDefault(); }
      else if (e.key === "Escape") { close(); e.preventDefault(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.addEventListener("click", sequenceClick);
  document.addEventListener("submit", confirmSubmit);
  document.addEventListener("DOMContentLoaded", function () {
    refreshSequences();
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
    document.querySelectorAll("input[data-people]").forEach(peoplePicker);
  });
})();
