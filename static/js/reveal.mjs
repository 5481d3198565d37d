// The GOV.UK conditional reveal for radios marked data-module="cp-reveal" (see
// templates/gds/layout/radios.html): the fields under an option show only while it is chosen.
// Unlike GOV.UK Frontend's radios script it sets no aria-expanded on the radio, an attribute
// ARIA does not allow there; the revealed fields follow their option in reading order.
export function initReveals() {
  for (const group of document.querySelectorAll('[data-module="cp-reveal"]')) {
    const controls = [];
    for (const input of group.querySelectorAll("input[data-aria-controls]")) {
      const target = document.getElementById(input.getAttribute("data-aria-controls"));
      input.removeAttribute("data-aria-controls");
      if (target) {
        input.setAttribute("aria-controls", target.id);
        controls.push([input, target]);
      }
    }
    const sync = () => {
      for (const [input, target] of controls) {
        target.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
      }
    };
    sync();
    // A radio is unchecked without a change event of its own, so listen on the whole form.
    (group.closest("form") || group).addEventListener("change", sync);
    // Browsers restore choices on Back after scripts have run.
    window.addEventListener("pageshow", sync);
  }
}
