(function () {
  // ketnoi box loader: turns each <div data-ketnoi-box="https://box-host/box/ID"> into a
  // cross-origin iframe and keeps its height fitted to the box's content. No globals, no
  // library, no markup or CSS written into the host page beyond the iframe's own size.
  // Safe to include twice: a placeholder is taken by the first copy that sees it.
  'use strict';
  var MIN_HEIGHT = 60;
  var frames = [];

  function boxUrl(raw) {
    try {
      var url = new URL(raw, document.baseURI);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
    } catch (e) {
      return null;
    }
  }

  function size(value, fallback, min, max) {
    var n = parseInt(value, 10);
    return isFinite(n) ? Math.max(min, Math.min(n, max)) : fallback;
  }

  function set(style, name, value) {
    // !important: hostile host rules (iframe { height: 0 !important }) must not win.
    style.setProperty(name, value, 'important');
  }

  function mount(el) {
    if (el.hasAttribute('data-ketnoi-ready')) return;
    var url = boxUrl(el.getAttribute('data-ketnoi-box') || '');
    if (!url) return;
    el.setAttribute('data-ketnoi-ready', '');
    var max = size(el.getAttribute('data-height'), 480, MIN_HEIGHT, 5000);
    url.searchParams.set('parent', location.origin);
    var frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = el.getAttribute('data-title') || 'Box thông tin';
    frame.setAttribute('loading', 'lazy');
    frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation');
    var s = frame.style;
    set(s, 'display', 'block');
    set(s, 'border', '0');
    set(s, 'margin', '0');
    set(s, 'padding', '0');
    set(s, 'box-sizing', 'border-box');
    set(s, 'max-width', '100%');
    var width = el.getAttribute('data-width');
    set(s, 'width', width ? size(width, 300, 200, 1600) + 'px' : '100%');
    // The height is reserved before the box loads, so the page does not jump.
    set(s, 'height', max + 'px');
    set(s, 'min-height', '0');
    set(s, 'background', 'transparent');
    el.replaceChildren(frame);
    frames.push({ frame: frame, origin: url.origin, max: max });
  }

  window.addEventListener('message', function (event) {
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (event.source !== f.frame.contentWindow || event.origin !== f.origin) continue;
      var data = event.data;
      if (data && data.type === 'ketnoi-box:height' && typeof data.height === 'number' && isFinite(data.height)) {
        set(f.frame.style, 'height', Math.max(MIN_HEIGHT, Math.min(Math.ceil(data.height), f.max)) + 'px');
      }
      return;
    }
  });

  function scan() {
    var list = document.querySelectorAll('[data-ketnoi-box]');
    for (var i = 0; i < list.length; i++) mount(list[i]);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
})();
