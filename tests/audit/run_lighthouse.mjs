// Runs Lighthouse (mobile preset) on a list of pages in one Chromium, one page after another.
// Input (a JSON file named by argv[2]): {tools, chromePath, categories, pages: [{name, url, language}], reportDir}.
// Output (stdout): a JSON list, per page: its scores (0-100) and the failing audits of each category.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const modules = resolve(job.tools, "node_modules");
const load = (path) => import(pathToFileURL(join(modules, path)).href);
const { default: lighthouse } = await load("lighthouse/core/index.js");
const chromeLauncher = await load("chrome-launcher/dist/index.js");

// What a reader needs to find the fault: the element's selector or snippet, else the resource.
function where(item) {
  if (item.node) return item.node.selector || item.node.snippet || "";
  return item.url || item.source?.url || item.description || "";
}

function failingAudits(lhr, categoryId) {
  return lhr.categories[categoryId].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => ({
      id: audit.id,
      title: audit.title,
      value: audit.displayValue || "",
      where: (audit.details?.items || []).slice(0, 5).map(where).filter(Boolean),
    }));
}

const chrome = await chromeLauncher.launch({
  chromePath: job.chromePath,
  chromeFlags: ["--headless=new", "--no-sandbox"],
});
const results = [];
try {
  for (const page of job.pages) {
    const flags = {
      port: chrome.port,
      output: "html",
      logLevel: "error",
      onlyCategories: job.categories,
      extraHeaders: { Cookie: `lang=${page.language}` },
    };
    const started = Date.now();
    const run = await lighthouse(page.url, flags);
    const lhr = run.lhr;
    if (job.reportDir) {
      mkdirSync(job.reportDir, { recursive: true });
      writeFileSync(join(job.reportDir, `${page.name}-${page.language}.html`), run.report);
    }
    const scores = {};
    const failing = {};
    for (const id of job.categories) {
      const score = lhr.categories[id].score;
      scores[id] = score === null ? null : Math.round(score * 100);
      failing[id] = failingAudits(lhr, id);
    }
    results.push({
      ...page,
      finalUrl: lhr.finalDisplayedUrl,
      runtimeError: lhr.runtimeError?.message || "",
      seconds: (Date.now() - started) / 1000,
      scores,
      failing,
    });
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results));
