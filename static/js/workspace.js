// The workspaces' small behaviours: live countdowns and keyboard moves in a queue.
(function () {
  "use strict";

  function inWords(ms) {
    let seconds = Math.floor(Math.abs(ms) / 1000);
    const days = Math.floor(seconds / 86400); seconds -= days * 86400;
    const hours = Math.floor(seconds / 3600); seconds -= hours * 3600;
    const minutes = Math.floor(seconds / 60); seconds -= minutes * 60;
    if (days) return days + "d " + hours + "h";
    if (hours) return hours + "h " + minutes + "m";
    return minutes + "m " + seconds + "s";
  }

  // The server's clock may differ from the browser's: count from the server's instant.
  const skew = (function () {
    const served = document.querySelector("meta[name=served-at]");
    return served ? Date.parse(served.content) - Date.now() : 0;
  })();

  function tick() {
    const now = Date.now() + skew;
    document.querySelectorAll("time.countdown").forEach(function (el) {
      const target = Date.parse(el.getAttribute("datetime"));
      const warn = el.dataset.warn ? Date.parse(el.dataset.warn) : null;
      const left = target - now;
      el.textContent = left > 0 ? inWords(left) + " left" : "overdue " + inWords(left);
      el.classList.toggle("missed", left <= 0);
      el.classList.toggle("warning", left > 0 && warn !== null && now >= warn);
      el.classList.toggle("on-time", left > 0 && (warn === null || now < warn));
    });
  }
  setInterval(tick, 1000);

  // j/k (or arrows) move between a queue's rows; a accepts, c logs a call, Enter opens.
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    const rows = Array.from(document.querySelectorAll("#queue tbody tr[tabindex]"));
    if (!rows.length) return;
    const current = document.activeElement.closest("#queue tbody tr[tabindex]");
    const at = rows.indexOf(current);
    const move = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 }[event.key];
    if (move) {
      event.preventDefault();
      rows[Math.min(rows.length - 1, Math.max(0, at + move))].focus();
      return;
    }
    if (!current) return;
    const press = function (action) {
      const button = current.querySelector('[data-action="' + action + '"]');
      if (button) { event.preventDefault(); button.click(); }
    };
    if (event.key === "a") press("accept");
    if (event.key === "c") {
      const channel = current.querySelector('select[name="channel"]');
      if (channel) channel.value = "call";
      press("touch");
    }
    if (event.key === "Enter" && event.target === current) {
      const link = current.querySelector("a.lead-link");
      if (link) { event.preventDefault(); link.click(); }
    }
  });
})();
