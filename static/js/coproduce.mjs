// Starts GOV.UK Frontend's components and the service's own on every page. Loaded as a module,
// so browsers without module support get the plain, JavaScript-free pages.
import { initAll } from "../dist/govuk-frontend.min.js";
import { initGlossaryTerms } from "./glossary.mjs";

initAll();
initGlossaryTerms();
