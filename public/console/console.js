// imoc incident console: local times, countdowns and live updates. The pages work without it.
(() => {
  const formats = {
    minutes: new Intl.DateTimeFormat(undefined, {
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    }),
    seconds: new Intl.DateTimeFormat(undefined, {
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "short",
    }),
  };

  /** Rewrites `<time data-local>` into the viewer's time zone; the UTC time stays in the title. */
  function localize(root) {
    for (const el of root.querySelectorAll("time[data-local]")) {
      const at = new Date(el.getAttribute("datetime"));
      const format = formats[el.dataset.local] || formats.minutes;
      if (!Number.isNaN(at.getTime())) el.textContent = format.format(at);
    }
    countdowns(root);
  }

  const span = (ms) => {
    const s = Math.round(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600),
      m = Math.floor((s % 3600) / 60),
      r = s % 60;
    return `${h ? `${h}h ` : ""}${h || m ? `${m}m ` : ""}${r}s`;
  };

  function countdowns(root) {
    for (const el of root.querySelectorAll("time[data-countdown]")) {
      const at = new Date(el.getAttribute("datetime"));
      let left = el.nextElementSibling?.classList.contains("countdown") ? el.nextElementSibling : null;
      if (!left) {
        left = document.createElement("span");
        left.className = "countdown";
        el.after(left);
      }
      const ms = at.getTime() - Date.now();
      left.textContent = ms > 0 ? ` (in ${span(ms)})` : " (due now)";
    }
  }

  function announce(text) {
    const live = document.getElementById("live-status");
    if (live) live.textContent = text;
  }

  function fragment(markup) {
    const t = document.createElement("template");
    t.innerHTML = markup.trim();
    return t.content.firstElementChild;
  }

  function connect(url) {
    if (!window.EventSource) return;
    // The EventSource sends Last-Event-ID itself when it reconnects: nothing is lost or repeated.
    const source = new EventSource(url);
    source.addEventListener("log", (msg) => {
      const data = JSON.parse(msg.data);
      const body = document.querySelector("#log[data-live] tbody");
      const row = fragment(data.html);
      if (!body || !row || document.getElementById(row.id)) return;
      row.classList.add("fresh");
      // An event committed late (another replica's) comes after higher ids: its row goes in id order.
      const id = (r) => Number(r.id.replace(/^ev-/, ""));
      const after = [...body.rows].find((r) => id(r) > id(row));
      body.insertBefore(row, after ?? null);
      localize(row);
      setTimeout(() => row.classList.remove("fresh"), 3000);
      const caption = document.querySelector("#log caption");
      if (caption) caption.textContent = caption.textContent.replace(/^\d+/, String(body.rows.length));
      announce(`New in the log: ${data.text}`);
    });
    source.addEventListener("section", (msg) => {
      const next = fragment(JSON.parse(msg.data).html);
      const current = next && document.getElementById(next.id);
      if (!current) return;
      current.replaceWith(next);
      localize(next);
    });
    source.addEventListener("incident", (msg) => {
      const data = JSON.parse(msg.data);
      const row = fragment(`<table><tbody>${data.html}</tbody></table>`).querySelector("tr");
      const current = row && document.getElementById(row.id);
      if (current) {
        current.replaceWith(row);
        localize(row);
        row.classList.add("fresh");
        setTimeout(() => row.classList.remove("fresh"), 3000);
        announce(`INC-${data.incident} changed`);
      } else if (data.isNew) {
        const notice = document.getElementById("new-incidents");
        if (notice) {
          notice.hidden = false;
          notice.innerHTML = "";
          const link = document.createElement("a");
          link.href = window.location.href;
          link.textContent = `INC-${data.incident} was declared: reload the list to see it`;
          notice.append(link);
        }
        announce(`INC-${data.incident} was declared`);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    localize(document);
    setInterval(() => countdowns(document), 1000);
    const url = document.body.dataset.stream;
    if (url) connect(url);
  });
})();
