(function () {
  // ketnoi box runtime, inside the box's own page: tells the embedding page its height
  // (to the origin the loader named, never '*'), refreshes the items on an interval and
  // when the tab is shown again, turns pages in place and loads video players on click.
  'use strict';
  var body = document.body;
  var root = document.querySelector('.kn-root');
  var items = document.getElementById('kn-items');

  var parentOrigin = (function () {
    var value = new URLSearchParams(location.search).get('parent');
    return value && /^https?:\/\/[^\/?#\s]+$/.test(value) ? value : null;
  })();

  function postHeight() {
    if (!parentOrigin || window.parent === window || !root) return;
    var rect = root.getBoundingClientRect();
    window.parent.postMessage({ type: 'ketnoi-box:height', height: Math.ceil(rect.height) }, parentOrigin);
  }
  if (root) {
    if (window.ResizeObserver) new ResizeObserver(postHeight).observe(root);
    window.addEventListener('load', postHeight);
    postHeight();
  }
  if (!items) return;

  var itemsUrl = body.getAttribute('data-items');
  var state = body.getAttribute('data-state');
  var every = parseInt(body.getAttribute('data-refresh'), 10);
  var page = parseInt(new URLSearchParams(location.search).get('page'), 10) || 1;
  var busy = false;

  function playing() {
    var v = items.querySelector('video');
    return v && !v.paused;
  }

  function load(to, moveFocus) {
    if (busy || !itemsUrl) return;
    busy = true;
    var url = itemsUrl + (itemsUrl.indexOf('?') < 0 ? '?' : '&') + 'page=' + to;
    fetch(url, { cache: 'no-cache', credentials: 'omit' })
      .then(function (response) {
        if (!response.ok) return null;
        var tag = response.headers.get('ETag');
        if (to === page && tag && tag === state) return null;
        return response.text().then(function (html) {
          // Server-rendered and escaped on our own origin.
          items.innerHTML = html;
          state = tag;
          page = to;
          if (moveFocus) items.focus();
          postHeight();
        });
      })
      .catch(function () {})
      .then(function () {
        busy = false;
      });
  }

  if (every > 0) {
    setInterval(function () {
      if (document.visibilityState === 'visible' && !playing()) load(page, false);
    }, every * 1000);
  }
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible' && !playing()) load(page, false);
  });

  function video(src, poster) {
    var v = document.createElement('video');
    v.controls = true;
    v.autoplay = true;
    v.playsInline = true;
    v.preload = 'metadata';
    v.className = 'kn-video';
    if (poster) v.poster = poster;
    v.src = src;
    return v;
  }

  items.addEventListener('click', function (event) {
    var target = event.target;
    var pager = target.closest('a[data-page]');
    if (pager) {
      event.preventDefault();
      load(parseInt(pager.getAttribute('data-page'), 10) || 1, true);
      return;
    }
    var play = target.closest('button.kn-play');
    if (play) {
      var v = video(play.getAttribute('data-video'), play.getAttribute('data-poster'));
      play.replaceWith(v);
      v.focus();
      return;
    }
    var pick = target.closest('button.kn-pick');
    if (pick) {
      var stage = items.querySelector('.kn-stage');
      var now = items.querySelector('.kn-now');
      if (!stage) return;
      var next = video(pick.getAttribute('data-video'), pick.getAttribute('data-poster'));
      stage.replaceChildren(next);
      if (now) {
        var title = pick.querySelector('.kn-pick-title');
        var link = document.createElement(pick.getAttribute('data-href') ? 'a' : 'span');
        link.className = 'kn-link';
        if (pick.getAttribute('data-href')) link.href = pick.getAttribute('data-href');
        link.textContent = title ? title.textContent : '';
        now.replaceChildren(link);
      }
      next.focus();
    }
  });
})();
