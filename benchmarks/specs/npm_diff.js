// Runs openapi-diff (OpenAPI) and @asyncapi/diff (AsyncAPI) over document pairs.
// Usage: node npm_diff.js PAIRS.json  (PAIRS = [{name, kind, old, new}]); prints JSON results.
// Resolves its packages from NODE_PATH (the benchmark's or the test's own install dir).
"use strict";
const fs = require("fs");

async function openapi(pair) {
  const openapiDiff = require("openapi-diff");
  const spec = (doc, where) => ({ content: JSON.stringify(doc), location: where, format: "openapi3" });
  const result = await openapiDiff.diffSpecs({
    sourceSpec: spec(pair.old, "old.json"),
    destinationSpec: spec(pair.new, "new.json"),
  });
  return {
    breaking: (result.breakingDifferences || []).length,
    nonBreaking: (result.nonBreakingDifferences || []).length,
    unclassified: (result.unclassifiedDifferences || []).length,
  };
}

async function asyncapi(pair) {
  const { Parser } = require("@asyncapi/parser");
  const { diff } = require("@asyncapi/diff");
  const parser = new Parser();
  const parse = async (doc) => {
    const { document, diagnostics } = await parser.parse(JSON.stringify(doc));
    if (!document) {
      const errors = diagnostics.filter((d) => d.severity === 0).map((d) => d.message);
      throw new Error("invalid AsyncAPI document: " + errors.join("; "));
    }
    return document.json();
  };
  const output = diff(await parse(pair.old), await parse(pair.new));
  return {
    breaking: output.breaking().length,
    nonBreaking: output.nonBreaking().length,
    unclassified: output.unclassified().length,
  };
}

async function main() {
  const pairs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const results = {};
  for (const pair of pairs) {
    const started = process.hrtime.bigint();
    try {
      const counts = await (pair.kind === "openapi" ? openapi(pair) : asyncapi(pair));
      counts.verdict = counts.breaking ? "breaking" : counts.unclassified ? "unclassified"
        : counts.nonBreaking ? "non-breaking" : "identical";
      results[pair.name] = counts;
    } catch (err) {
      results[pair.name] = { error: String(err && err.message ? err.message : err).slice(0, 300) };
    }
    results[pair.name].seconds = Number(process.hrtime.bigint() - started) / 1e9;
  }
  process.stdout.write(JSON.stringify(results, null, 2) + "\n");
}

main().catch((err) => { console.error(err); process.exit(2); });
