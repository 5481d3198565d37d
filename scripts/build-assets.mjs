// Compiles the service's stylesheet from GOV.UK Frontend's Sass with the Coproduce brand,
// and copies the GOV.UK Frontend script into static/dist. Run by `npm run build`.
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "static", "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
mkdirSync(dist, { recursive: true });

const result = sass.compile(join(root, "static", "src", "coproduce.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div", "if-function"],
});
writeFileSync(join(dist, "coproduce.css"), result.css);
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
// The compiled CSS refers to GOV.UK Frontend's images (icons used by components); keep them beside it.
cpSync(join(govuk, "assets", "images"), join(dist, "images"), { recursive: true });
console.log(`built static/dist (${result.css.length} bytes of CSS)`);
