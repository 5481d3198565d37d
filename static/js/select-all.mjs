// "Select all on this page" for a list of checkboxes. The page works without it: each box is
// a real checkbox in a plain form. With JavaScript, a list marked
// `data-cp-select-all="<name>"` gets a first checkbox, labelled with its
// `data-cp-select-all-label`, that ticks or clears every box of that name; an element marked
// `data-cp-ticked-count="<name>"` says how many are ticked, with its `data-one` and
// `data-many` texts ("{n}" stands for the number).
export function initSelectAll(root = document) {
  root.querySelectorAll("[data-cp-select-all]").forEach((list) => {
    const name = list.dataset.cpSelectAll;
    const boxes = Array.from(list.querySelectorAll(`input[type="checkbox"][name="${name}"]`));
    if (boxes.length < 2) return;
    const counts = root.querySelectorAll(`[data-cp-ticked-count="${name}"]`);

    const item = document.createElement("div");
    item.className = "govuk-checkboxes__item cp-select-all";
    const all = document.createElement("input");
    all.className = "govuk-checkboxes__input";
    all.type = "checkbox";
    all.id = `select-all-${name}`;
    // No name: the form never sends it.
    const label = document.createElement("label");
    label.className = "govuk-label govuk-checkboxes__label";
    label.htmlFor = all.id;
    label.textContent = list.dataset.cpSelectAllLabel || "Select all on this page";
    item.append(all, label);
    list.prepend(item);

    const update = () => {
      const ticked = boxes.filter((box) => box.checked).length;
      all.checked = ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
      counts.forEach((count) => {
        const text = ticked === 1 ? count.dataset.one : count.dataset.many;
        count.textContent = (text || "{n} ticked").replace("{n}", String(ticked));
        count.hidden = false;
      });
    };
    all.addEventListener("change", () => {
      boxes.forEach((box) => {
        box.checked = all.checked;
      });
      update();
    });
    boxes.forEach((box) => box.addEventListener("change", update));
    update();
  });
}
