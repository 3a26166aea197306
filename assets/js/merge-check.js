// Action builder: checks merge fields as staff type. Each subject and message box names a live
// region (data-merge-check); the server's one rule (messaging.merge.template_problems) answers
// through the staff-only check endpoint. Without this script the same problems show on "Check"
// and "Save".
const config = document.getElementById("merge-check-config");
const form = document.getElementById("action-form");
if (config && form) {
  const url = config.dataset.mergeCheckUrl;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const who = () => form.querySelector("input[name=who]:checked")?.value || "";

  const show = (region, problems, warnings) => {
    region.replaceChildren();
    for (const text of problems) {
      const p = document.createElement("p");
      p.className = "govuk-error-message govuk-!-margin-bottom-1";
      p.textContent = text;
      region.append(p);
    }
    for (const text of warnings) {
      const p = document.createElement("p");
      p.className = "govuk-body-s govuk-!-margin-bottom-1";
      p.textContent = text;
      region.append(p);
    }
  };

  const check = async (box) => {
    const region = document.getElementById(box.dataset.mergeCheck);
    if (!region) return;
    const body = new FormData();
    body.append("text", box.value);
    body.append("who", who());
    body.append("csrfmiddlewaretoken", token);
    try {
      const answer = await fetch(url, { method: "POST", body, credentials: "same-origin", headers: { "X-CSRFToken": token } });
      if (!answer.ok) return;
      const { problems, warnings } = await answer.json();
      if (box.dataset.lastChecked === box.value) show(region, problems, warnings);
    } catch {
      // Offline or signed out: the check on "Check" and "Save" still runs.
    }
  };

  for (const box of form.querySelectorAll("[data-merge-check]")) {
    let timer;
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        box.dataset.lastChecked = box.value;
        check(box);
      }, 300);
    });
  }
}
