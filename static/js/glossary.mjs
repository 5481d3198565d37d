// Glossary terms in text: each `a.cp-term` (a link to the glossary, which works without
// JavaScript) becomes a button that shows the term's meaning in place. The meaning is put into
// a live region, so screen readers announce it; Escape or a second press hides it again.
export function initGlossaryTerms(root = document) {
  root.querySelectorAll("a.cp-term[data-meaning]").forEach((link, index) => {
    const wrapper = document.createElement("span");
    wrapper.className = "cp-term__wrapper";

    const button = document.createElement("button");
    button.type = "button";
    button.className = "cp-term__button";
    button.textContent = link.textContent;
    button.setAttribute("aria-expanded", "false");
    const bubbleId = `cp-term-meaning-${index}`;
    button.setAttribute("aria-controls", bubbleId);

    const hint = document.createElement("span");
    hint.className = "govuk-visually-hidden";
    hint.textContent = " (what this means)";
    button.appendChild(hint);

    const bubble = document.createElement("span");
    bubble.className = "cp-term__bubble";
    bubble.id = bubbleId;
    bubble.setAttribute("role", "status");

    const meaning = `${link.textContent}: ${link.dataset.meaning}`;
    const hide = () => {
      bubble.textContent = "";
      button.setAttribute("aria-expanded", "false");
    };
    button.addEventListener("click", () => {
      if (button.getAttribute("aria-expanded") === "true") {
        hide();
      } else {
        bubble.textContent = meaning;
        button.setAttribute("aria-expanded", "true");
      }
    });
    button.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hide();
    });

    wrapper.append(button, bubble);
    link.replaceWith(wrapper);
  });
}
