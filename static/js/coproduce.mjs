// Starts GOV.UK Frontend's components on every page. Loaded as a module so that browsers
// without module support get the plain, JavaScript-free pages.
import { initAll } from "../dist/govuk-frontend.min.js";

initAll();
