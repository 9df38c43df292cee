// The coordinator's page: send the forms, show what came back. Text goes in with textContent
// only, never as HTML, because it quotes the uploaded documents.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function headers() {
  const token = $("token").value.trim();
  return token ? { Authorization: "Bearer " + token } : {};
}

function status(text) { $("status").textContent = text; }

function clearError() { const box = $("error"); box.hidden = true; box.replaceChildren(); }

function showError(problem) {
  const box = $("error");
  box.replaceChildren(el("p", {}, "There is a problem: " + (problem.detail || problem.title || "the request failed")));
  if (Array.isArray(problem.problems) && problem.problems.length) {
    box.append(el("ul", {}, ...problem.problems.map((item) => el("li", {}, (item.path ? item.path + ": " : "") + item.message))));
  }
  box.hidden = false;
  status("");
  box.focus();
}

async function call(url, options) {
  let response;
  try {
    response = await fetch(url, { ...options, headers: headers() });
  } catch (error) {
    throw { detail: "the service could not be reached" };
  }
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : null;
  if (!response.ok) throw body || { detail: "the service answered " + response.status };
  return body;
}

function table(caption, columns, rows) {
  return el("table", {},
    el("caption", {}, caption),
    el("thead", {}, el("tr", {}, ...columns.map((name) => el("th", { scope: "col" }, name)))),
    el("tbody", {}, ...rows.map((row) => el("tr", {}, ...row.map((cell) => el("td", {}, cell))))));
}

function showReading(report) {
  const box = $("reading");
  box.replaceChildren();
  if (!report) return;
  const details = report.details_found;
  box.append(
    el("h3", {}, "What the reader found"),
    el("p", {}, `${report.sections.length} sections, confidence ${report.confidence}` +
      (report.layout ? `, layout profile ${report.layout}` : "")),
    table("Sections found in the plan", ["Section", "Title", "Paragraphs", "Tables", "Rows", "Where"],
      report.sections.map((s) => [s.section, s.title || "(no title)", s.paragraphs, s.tables, s.rows, s.where])),
    report.missing.length ? el("p", {}, "Missing: " + report.missing.join(", ")) : null,
    el("h3", {}, "The child's details"),
    el("ul", { id: "details" },
      el("li", {}, "Reference: " + (details.reference || "not found")),
      el("li", {}, "Name: " + (details.name ? "found" : "not found")),
      el("li", {}, "Date of birth: " + (details.date_of_birth ? "found" : "not found")),
      el("li", {}, "Identity check: " + report.identity_check)),
  );
}

function showAmendment(summary) {
  const box = $("amendment");
  box.replaceChildren();
  if (!summary) return;
  box.append(el("h3", {}, "The amendment"));
  if (summary.message) box.append(el("p", {}, summary.message));
  if (summary.sections_amended && summary.sections_amended.length) {
    box.append(el("p", { id: "amend-summary" }, `Sections amended: ${summary.sections_amended.join(", ")}; ` +
      `${summary.words_added} words added, ${summary.words_removed} removed.`));
  }
  for (const alert of summary.alerts || []) box.append(el("p", { class: "alert" }, `Section ${alert.section}: ${alert.message}`));
  for (const warning of summary.warnings || []) box.append(el("p", { class: "alert" }, "Warning: " + warning));
}

function showDownloads(job) {
  const box = $("downloads");
  box.replaceChildren();
  if (!job.files.length) return;
  const kb = (size) => `${Math.max(1, Math.round(size / 1024))} KB`;
  box.append(el("h3", {}, "Download"),
    el("ul", { id: "files" }, ...job.files.map((file) =>
      el("li", {}, el("a", { href: file.url, download: file.name }, file.name), ` (${kb(file.size)})`)),
      el("li", {}, el("a", { href: job.archive_url, download: "" }, "Everything in one ZIP"))));
}

function showPreview(job) {
  const box = $("preview");
  box.replaceChildren();
  if (job.pages.length) {
    box.append(el("h3", {}, "Preview of the amended plan"),
      el("div", { class: "pages" }, ...job.pages.map((url, index) => el("figure", {},
        el("img", { src: url, alt: `Page ${index + 1} of the amended plan`, loading: "lazy", width: "496" }),
        el("figcaption", {}, `Page ${index + 1} of ${job.pages.length}`)))));
  } else if (job.preview_pdf_url) {
    box.append(el("h3", {}, "Preview of the amended plan"),
      el("object", { class: "pdf", data: job.preview_pdf_url, type: "application/pdf", "aria-label": "The amended plan (PDF)" },
        el("a", { href: job.preview_pdf_url }, "Open the amended plan (PDF)")));
  }
}

function showResults(job) {
  $("results").hidden = false;
  showReading(job.report);
  showAmendment(job.summary);
  showDownloads(job);
  showPreview(job);
}

function resetResults() {
  for (const id of ["reading", "amendment", "batch", "downloads", "preview"]) $(id).replaceChildren();
  $("results").hidden = true;
}

function busy(form, on) { for (const button of form.querySelectorAll("button")) button.disabled = on; }

function missing(input, message) {
  if (input.files.length) return false;
  showError({ detail: message });
  input.focus();
  return true;
}

$("amend-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearError();
  if (missing($("plan"), "choose the plan (.docx) to upload")) return;
  const data = new FormData();
  data.append("plan", $("plan").files[0]);
  if ($("review").files.length) data.append("review", $("review").files[0]);
  data.append("markup", $("markup").value);
  if ($("no-identity-check").checked) data.append("no_identity_check", "true");
  resetResults();
  busy(form, true);
  status($("review").files.length ? "Reading and amending the plan…" : "Reading the plan…");
  try {
    const job = await call("/api/v1/jobs/amend", { method: "POST", body: data });
    showResults(job);
    status(job.summary ? "Done: the plan is amended. The results are below." : "Done: the plan is read. The results are below.");
    $("results-heading").focus();
  } catch (problem) {
    showError(problem);
  } finally {
    busy(form, false);
  }
});

function showBatch(job) {
  const box = $("batch");
  box.replaceChildren(el("h3", {}, "Batch"),
    el("label", { for: "batch-progress" }, `Items finished: ${job.done} of ${job.total || "?"}`),
    el("progress", { id: "batch-progress", max: String(job.total || 1), value: String(job.done) }));
  if (job.items) {
    box.append(table("Batch items", ["Plan", "Status", "Reason"], job.items.map((item) => [item.plan_id, item.status, item.reason])));
  }
}

$("batch-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  clearError();
  if (missing($("archive"), "choose the ZIP of plans and reviews to upload")) return;
  const data = new FormData();
  data.append("archive", $("archive").files[0]);
  resetResults();
  busy(form, true);
  status("Uploading the batch…");
  try {
    let job = await call("/api/v1/jobs/batch", { method: "POST", body: data });
    $("results").hidden = false;
    let announced = -1;
    while (job.status === "running") {
      showBatch(job);
      if (job.done !== announced) { status(`Batch running: ${job.done} of ${job.total || "?"} items finished.`); announced = job.done; }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      job = await call(`/api/v1/jobs/${job.id}`, {});
    }
    showBatch(job);
    if (job.status === "failed") { showError(job.problem || { detail: "the batch failed" }); return; }
    showDownloads(job);
    status(`Batch done: ${job.done} of ${job.total} items. The results are below.`);
    $("results-heading").focus();
  } catch (problem) {
    showError(problem);
  } finally {
    busy(form, false);
  }
});
