// Upload progress for large ledgers (optional: without JavaScript the form posts normally).
// It only shows the bytes sent; the count itself is done and reported by the server.
(function () {
  "use strict";
  var form = document.getElementById("form-heures");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var status = document.getElementById("envoi");
  var bar = document.getElementById("envoi-progression");
  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    if (!input || !input.files || !input.files.length || input.files[0].size < 1048576) { return; }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    bar.hidden = false;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var percent = Math.round(100 * e.loaded / e.total);
        bar.value = percent;
        status.textContent = "Envoi du fichier : " + percent + " %";
      }
    });
    request.addEventListener("load", function () {
      status.textContent = "Fichier envoyé, comptage en cours…";
      window.location.assign(request.responseURL);
    });
    request.addEventListener("error", function () {
      status.textContent = "L'envoi a échoué : réessayer.";
      bar.hidden = true;
    });
    request.send(new FormData(form));
  });
})();
