import DOMPurify from "dompurify";

export function showWelcome() {
  const name = new URLSearchParams(window.location.search).get("name") || "friend";
  document.getElementById("welcome").textContent = `Welcome back, ${name}`;
}

export function renderPreview(el, markdownHtml) {
  el.innerHTML = DOMPurify.sanitize(markdownHtml, { USE_PROFILES: { html: true } });
}

export function addComment(list, comment) {
  const li = document.createElement("li");
  li.textContent = `${comment.author}: ${comment.text}`;
  list.appendChild(li);
}
