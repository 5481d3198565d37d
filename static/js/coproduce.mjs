// Starts GOV.UK Frontend's components and the service's own on every page. Loaded as a module,
// so browsers without module support get the plain, JavaScript-free pages.
import { initAll } from "../dist/govuk-frontend.min.js";
import { initCopyButtons } from "./copy.mjs";
import { initExportProgress } from "./export-progress.mjs";
import { initGlossaryTerms } from "./glossary.mjs";
import { initReveals } from "./reveal.mjs";
import { initSelectAll } from "./select-all.mjs";

// Text boxes rendered with a character count (templates/gds/field.html) are marked for it here,
// so every form's limited boxes get one without each form naming its own.
for (const box of document.querySelectorAll('[data-module="govuk-character-count"] textarea')) {
  box.classList.add("govuk-js-character-count");
}
initSelectAll();
initAll();
initGlossaryTerms();
initReveals();
initCopyButtons();
initExportProgress();
