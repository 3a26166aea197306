// Progressive enhancement only: every page works without this file.
import { initAll } from "./govuk-frontend.min.js";
import htmx from "./htmx.esm.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Our Content-Security-Policy allows no inline style or script, so htmx must not add its
// indicator <style> or evaluate code from attributes. This module runs before
// DOMContentLoaded, when htmx reads its configuration.
htmx.config.includeIndicatorStyles = false;
htmx.config.allowEval = false;
htmx.config.allowScriptTags = false;
htmx.config.selfRequestsOnly = true;
window.htmx = htmx;
