// The progress of a large export (data-module="cp-export-progress"): asks the server every
// two seconds how far the file has got, moves the bar, and updates the status text, which is a
// polite live region, so screen readers hear the change without losing their place. When the
// file is ready the download link is shown. Without JavaScript the page has a link to check.
const EVERY_MS = 2000;

export function initExportProgress() {
  for (const box of document.querySelectorAll('[data-module="cp-export-progress"]')) {
    const status = box.querySelector("#export-status");
    const bar = box.querySelector("#export-progress");
    const ready = box.querySelector("#export-ready");
    if (box.dataset.status === "ready" || box.dataset.status === "failed") continue;
    for (const hint of box.querySelectorAll("[data-without-script]")) hint.hidden = true;
    let lastText = status.textContent;
    const check = async () => {
      let state;
      try {
        const answer = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
        if (!answer.ok) throw new Error(String(answer.status));
        state = await answer.json();
      } catch {
        setTimeout(check, EVERY_MS * 2);
        return;
      }
      if (bar) {
        bar.value = state.percent;
        bar.textContent = `${state.percent}%`;
      }
      // Said again only when it changes, so the live region does not repeat itself.
      if (state.text !== lastText) {
        status.textContent = state.text;
        lastText = state.text;
      }
      if (state.status === "ready") {
        ready.hidden = false;
        box.querySelector("#export-waiting")?.remove();
      } else if (state.status === "failed") {
        window.location.reload();
      } else {
        setTimeout(check, EVERY_MS);
      }
    };
    setTimeout(check, EVERY_MS);
  }
}
