(function () {
  // ketnoi box builder: live preview while the form changes, the preview's height fitted
  // to its content, and copy buttons. Without this script the form still works.
  'use strict';
  var form = document.getElementById('kn-builder');
  var frame = document.getElementById('kn-preview');
  if (!form || !frame) return;
  var base = frame.getAttribute('data-preview');
  var boxOrigin = new URL(base, location.href).origin;
  var skip = { id: 1, key: 1, version: 1, pick_q: 1, lang: 1 };
  var timer = null;

  function refresh() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (!skip[name]) params.append(name, value);
    });
    params.set('parent', location.origin);
    frame.src = base + '?' + params.toString();
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  }
  form.addEventListener('input', later);
  form.addEventListener('change', later);

  window.addEventListener('message', function (event) {
    if (event.origin !== boxOrigin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (data && data.type === 'ketnoi-box:height' && typeof data.height === 'number' && isFinite(data.height)) {
      frame.style.height = Math.max(60, Math.min(Math.ceil(data.height), 3000)) + 'px';
    }
  });

  var buttons = document.querySelectorAll('button[data-copy]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', function (event) {
      var button = event.currentTarget;
      var area = document.getElementById(button.getAttribute('data-copy'));
      if (!area) return;
      area.select();
      var done = function () {
        button.textContent = button.getAttribute('data-copied');
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(area.value).then(done, function () {});
      else if (document.execCommand('copy')) done();
    });
  }
})();
