// Notes pages: category first in the quick note, and photos made smaller on the phone before upload.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  document.querySelectorAll("[data-quick-note]").forEach(function (form) {
    var body = form.querySelector("textarea[name=body]");
    form.querySelectorAll("input[name=category]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        form.classList.remove("awaiting-category");
        if (body) body.focus();
      });
    });
  });

  // Phone photos are often 3-8 MB; the server keeps 2000 px anyway, so send about that.
  var LONG_SIDE = 2000;
  var SHRINK_ABOVE = 1.5 * 1024 * 1024;

  function shrink(file) {
    if (file.size <= SHRINK_ABOVE || !window.createImageBitmap || !/^image\//.test(file.type)) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob ? new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });
  }

  document.querySelectorAll("input[type=file].photo-input").forEach(function (input) {
    var names = input.form.querySelector("[data-photo-names]");
    input.addEventListener("change", function () {
      if (names) {
        names.textContent = Array.prototype.map.call(input.files, function (f) { return f.name; }).join(", ");
      }
    });
    input.form.addEventListener("submit", function (event) {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.some(function (f) { return f.size > SHRINK_ABOVE; }) || !window.DataTransfer) return;
      event.preventDefault();
      var form = input.form;
      Promise.all(files.map(shrink)).then(function (smaller) {
        var transfer = new DataTransfer();
        smaller.forEach(function (f) { transfer.items.add(f); });
        input.files = transfer.files;
        form.submit();
      });
    });
  });
})();
