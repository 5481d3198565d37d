// "Copy" buttons (data-module="cp-copy"): hidden in the page and shown only where the browser
// can copy, they copy the text of the element named by data-copy-from and say so, on screen
// and to screen readers (a polite live region beside the button).
export function initCopyButtons() {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll('[data-module="cp-copy"]')) {
    const source = document.getElementById(button.dataset.copyFrom);
    if (!source) continue;
    const status = document.createElement("p");
    status.className = "govuk-body govuk-!-margin-bottom-0";
    status.setAttribute("aria-live", "polite");
    button.after(status);
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        status.textContent = button.dataset.copied;
      } catch {
        status.textContent = "Copying did not work. Select the code and copy it instead.";
      }
    });
  }
}
