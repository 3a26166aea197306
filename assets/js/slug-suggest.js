// Campaign builder: while staff type a new campaign's title, suggest its web address in the
// field marked data-slug-from (the same shape the server makes; the server still checks it is
// unique). Once someone edits the web address themselves, it is left alone.
function slugify(text) {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\w\s-]/g, "")
    .replace(/[-\s_]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 45)
    .replace(/-+$/g, "");
}

for (const slug of document.querySelectorAll("input[data-slug-from]")) {
  const title = document.getElementById(slug.dataset.slugFrom);
  if (!title) continue;
  let edited = slug.value !== "" && slug.value !== slugify(title.value);
  slug.addEventListener("input", () => {
    edited = slug.value !== "";
  });
  title.addEventListener("input", () => {
    if (!edited) slug.value = slugify(title.value);
  });
}
