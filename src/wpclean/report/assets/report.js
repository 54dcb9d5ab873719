// The file list of a wpclean report: filtered, searched and paged here, so a page about
// 20,000 files stays light; each file's details (changes, findings, diff) are kept
// deflate-compressed and opened only when the file is.
"use strict";
const FILES = JSON.parse(document.getElementById("wpc-files").textContent);
const PAGE = 100;
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
let shown = PAGE;

function matches(file, query, code, status) {
  if (code && !(code in file.c) && !file.x.includes(code)) return false;
  if (status === "failed" && file.s !== "failed") return false;
  if (status === "changed" && file.s !== "changed") return false;
  if (status === "findings" && !Object.keys(file.c).length) return false;
  if (!query) return true;
  const text = (file.p + " " + file.o + " " + Object.keys(file.c).join(" ") + " " + file.x.join(" ")).toLowerCase();
  return query.split(/\s+/).every((word) => text.includes(word));
}

function summary(file) {
  const codes = Object.entries(file.c).map(([code, n]) => n > 1 ? `${code}×${n}` : code).join(" ");
  return `${esc(file.p)} <span class="dim">→ ${esc(file.o)} · ${file.s} · ${file.n} changes${codes ? " · " + esc(codes) : ""}</span>`;
}

async function inflate(packed) {
  const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  return JSON.parse(await new Response(stream).text());
}

function diffHtml(diff) {
  const lines = diff.split("\n").map((line) => {
    const kind = line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : "";
    return kind ? `<span class="${kind}">${esc(line)}</span>` : esc(line) + "\n";
  });
  return `<pre class="diff">${lines.join("")}</pre>`;
}

async function open(file, box) {
  if (box.dataset.done) return;
  box.dataset.done = "1";
  const parts = [];
  if (file.e) parts.push(`<li class="error">${esc(file.e)}</li>`);
  if (!file.d) {
    if (file.m) parts.push(`<li class="dim">${esc(file.m)}</li>`);
    box.insertAdjacentHTML("beforeend", `<ul class="ledger">${parts.join("")}</ul>`);
    return;
  }
  const detail = await inflate(file.d);
  for (const [line, transform, reason, before] of detail.ledger) {
    parts.push(`<li>line ${line}: <code>${esc(transform)}</code> ${esc(reason)}${before ? ` — <i>${esc(before)}</i>` : ""}</li>`);
  }
  for (const [line, col, code, severity, message] of detail.findings) {
    parts.push(`<li class="${severity}">${line}:${col} ${code} ${esc(message)}</li>`);
  }
  if (detail.more) parts.push(`<li class="dim">${esc(detail.more)}</li>`);
  box.insertAdjacentHTML("beforeend", `<ul class="ledger">${parts.join("")}</ul>` + (detail.diff ? diffHtml(detail.diff) : ""));
}

function render() {
  const query = $("wpc-q").value.trim().toLowerCase();
  const code = $("wpc-code").value;
  const status = $("wpc-status").value;
  const hits = FILES.filter((file) => matches(file, query, code, status));
  $("wpc-count").textContent = `${hits.length} of ${FILES.length} files`;
  const list = $("wpc-list");
  list.textContent = "";
  for (const file of hits.slice(0, shown)) {
    const box = document.createElement("details");
    box.innerHTML = `<summary>${summary(file)}</summary>`;
    box.addEventListener("toggle", () => box.open && open(file, box));
    list.appendChild(box);
  }
  $("wpc-more").hidden = hits.length <= shown;
  $("wpc-more").textContent = `show ${Math.min(PAGE, hits.length - shown)} more`;
}

function filterBy(code) {
  $("wpc-code").value = code;
  shown = PAGE;
  render();
  $("wpc-files-section").scrollIntoView();
}

const codes = new Set(FILES.flatMap((file) => [...Object.keys(file.c), ...file.x]));
for (const code of [...codes].sort()) $("wpc-code").insertAdjacentHTML("beforeend", `<option>${esc(code)}</option>`);
for (const id of ["wpc-q", "wpc-code", "wpc-status"]) $(id).addEventListener("input", () => { shown = PAGE; render(); });
$("wpc-more").addEventListener("click", () => { shown += PAGE; render(); });
for (const link of document.querySelectorAll("a.code")) link.addEventListener("click", (event) => { event.preventDefault(); filterBy(link.dataset.code); });
render();
