// Builds the front-end assets into kinship/core/static/kinship/dist/ (served by whitenoise).
// GOV.UK Frontend is compiled from npm with the charity's own colours and font stack.
import { compile } from "sass";
import { mkdirSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "kinship/core/static/kinship/dist");
mkdirSync(out, { recursive: true });

const css = compile(join(root, "assets/scss/main.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div"],
});
writeFileSync(join(out, "main.css"), css.css);

copyFileSync(join(root, "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
copyFileSync(join(root, "node_modules/htmx.org/dist/htmx.esm.js"), join(out, "htmx.esm.js"));
copyFileSync(join(root, "assets/js/main.js"), join(out, "main.js"));
copyFileSync(join(root, "assets/js/map.js"), join(out, "map.js"));
copyFileSync(join(root, "assets/js/merge-check.js"), join(out, "merge-check.js"));
copyFileSync(join(root, "assets/js/slug-suggest.js"), join(out, "slug-suggest.js"));
console.log(`built ${out}`);
