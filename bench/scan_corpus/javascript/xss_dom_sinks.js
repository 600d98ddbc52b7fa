function showWelcome() {
  const params = new URLSearchParams(window.location.search);
  const name = params.get("name") || "friend";
  document.getElementById("welcome").innerHTML = "<b>Welcome back, " + name + "</b>";
}

function renderHash() {
  document.write("<p>Section: " + decodeURIComponent(location.hash.slice(1)) + "</p>");
}

function addComment(list, comment) {
  list.insertAdjacentHTML("beforeend", `<li>${comment.author}: ${comment.text}</li>`);
}

$("#result").html(new URLSearchParams(location.search).get("msg"));
