// Maps: show the name and figure of the area under the pointer or keyboard focus in the caption
// below the map (the page works without this: each area also has a title and the table).
const caption = document.getElementById("map-caption");
if (caption) {
  const show = (event) => {
    const area = event.target.closest(".kc-map__area");
    if (area) caption.textContent = `${area.dataset.name}: ${area.dataset.value}`;
  };
  for (const svg of document.querySelectorAll(".kc-map__svg")) {
    svg.addEventListener("pointerover", show);
    svg.addEventListener("focusin", show);
  }
}
