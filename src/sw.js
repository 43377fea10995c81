/*
 * Service worker of the H5 (never part of the mini program: copied into dist/h5 only).
 * - The app shell (index.html and the JS/CSS it names) is cached at install; hashed assets are
 *   served from the cache first (they never change), pages from the network first.
 * - The last course list the worker saw is kept (without distances: no trace of the position).
 * - Offline, a page load answers with our own offline page: the shell's look, a clear 没有网络
 *   notice, and that last list with the time it was saved.
 * - A role's pages (the staff pages) are precached when someone with that role signs in: the app posts
 *   their JS/CSS chunk URLs (`zsb-keep`); they go into a cache named after the role and a hash of those
 *   URLs (the build's hashed file names), so a new build's list replaces the old one, and logout drops it
 *   (`zsb-drop`). Without it a page never opened online fails offline with ChunkLoadError.
 */
var SHELL = 'zsb-shell-v1'
var DATA = 'zsb-data-v1'
var LAST_LIST = '/__offline/last-courses'
var ROLE_PREFIX = 'zsb-role-'

function versionOf(urls) {
  // FNV-1a over the sorted URLs: the hashed file names change with every build that changes them
  var h = 0x811c9dc5
  var text = urls.slice().sort().join('|')
  for (var i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(36)
}

function keepRole(role, urls) {
  var name = ROLE_PREFIX + role + '-' + versionOf(urls)
  return caches.keys().then(function (keys) {
    // an older build's copy of this role's pages goes
    return Promise.all(keys.filter(function (k) { return k.indexOf(ROLE_PREFIX + role + '-') === 0 && k !== name }).map(function (k) { return caches.delete(k) }))
  }).then(function () {
    return caches.open(name)
  }).then(function (cache) {
    return Promise.all(urls.map(function (u) {
      return cache.match(u).then(function (hit) {
        if (hit) return
        // the shell's cache may already hold it (a page opened before): copy, else download
        return caches.match(u).then(function (other) {
          return other ? cache.put(u, other) : fetch(u, { credentials: 'same-origin' }).then(function (res) {
            if (!res.ok) throw new Error('precache ' + u + ' ' + res.status)
            return cache.put(u, res)
          })
        })
      })
    }))
  }).then(function () { return { ok: true, cache: name, count: urls.length } })
}

function dropRole(role) {
  return caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf(ROLE_PREFIX + role + '-') === 0 }).map(function (k) { return caches.delete(k) }))
  }).then(function () { return { ok: true } })
}

self.addEventListener('message', function (event) {
  var m = event.data || {}
  var port = event.ports && event.ports[0]
  var role = typeof m.role === 'string' && /^[a-z_]{1,20}$/.test(m.role) ? m.role : null
  if (!role) return
  var urls = Array.isArray(m.urls) ? m.urls.filter(function (u) { return typeof u === 'string' && /^\/(js|css|static)\//.test(u) }) : []
  var work = m.type === 'zsb-keep' ? keepRole(role, urls) : m.type === 'zsb-drop' ? dropRole(role) : null
  if (!work) return
  event.waitUntil(work.then(function (r) { if (port) port.postMessage(r) }, function (e) { if (port) port.postMessage({ ok: false, error: String(e && e.message || e) }) }))
})

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      return fetch('/', { cache: 'reload' }).then(function (res) {
        if (!res.ok) return
        return res.clone().text().then(function (html) {
          var assets = []
          html.replace(/(?:src|href)="(\/(?:js|css|static)\/[^"]+)"/g, function (_, url) {
            assets.push(url)
            return _
          })
          return cache.put('/', res).then(function () {
            return cache.addAll(assets)
          })
        })
      })
    }).then(function () {
      return self.skipWaiting()
    })
  )
})

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== SHELL && k !== DATA && k.indexOf(ROLE_PREFIX) !== 0 }).map(function (k) { return caches.delete(k) }))
    }).then(function () {
      return self.clients.claim()
    })
  )
})

self.addEventListener('fetch', function (event) {
  var req = event.request
  if (req.method !== 'GET') return
  var url = new URL(req.url)
  if (url.origin !== self.location.origin) return

  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req).then(function (res) {
        if (res.ok && url.pathname === '/') caches.open(SHELL).then(function (c) { c.put('/', res.clone()) })
        return res
      }).catch(function () { return roleShell(url.pathname).then(function (shell) { return shell || offlinePage() }) })
    )
    return
  }
  if (/^\/(js|css|static)\//.test(url.pathname)) {
    event.respondWith(
      caches.match(req).then(function (hit) {
        return hit || fetch(req).then(function (res) {
          if (res.ok) { var copy = res.clone(); caches.open(SHELL).then(function (c) { c.put(req, copy) }) }
          return res
        })
      })
    )
    return
  }
  if (url.pathname === '/api/v1/courses') {
    event.respondWith(
      fetch(req).then(function (res) {
        if (res.ok) {
          res.clone().json().then(function (page) {
            var items = (page.items || []).map(function (c) { var o = Object.assign({}, c); delete o.distanceKm; return o })
            var body = JSON.stringify({ savedAt: Date.now(), items: items })
            return caches.open(DATA).then(function (c) { return c.put(LAST_LIST, new Response(body, { headers: { 'content-type': 'application/json' } })) })
          }).catch(function () {})
        }
        return res
      })
    )
  }
})

/** Offline, a page of a role whose pages are kept (the staff pages) opens in the app itself: the cached shell. */
function roleShell(pathname) {
  var m = /^\/subpackages\/([a-z]+)\//.exec(pathname)
  if (!m) return Promise.resolve(null)
  var role = m[1]
  return caches.keys().then(function (keys) {
    if (!keys.some(function (k) { return k.indexOf(ROLE_PREFIX + role + '-') === 0 })) return null
    return caches.open(SHELL).then(function (c) { return c.match('/') })
  }).then(function (hit) { return hit || null }, function () { return null })
}

function esc(s) {
  return String(s == null ? '' : s).replace(/[&<>"']/g, function (ch) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[ch]
  })
}

function offlinePage() {
  return caches.open(DATA).then(function (c) { return c.match(LAST_LIST) }).then(function (hit) {
    return hit ? hit.json() : null
  }).catch(function () { return null }).then(function (last) {
    var when = ''
    if (last && last.savedAt) {
      var d = new Date(last.savedAt)
      when = (d.getMonth() + 1) + '月' + d.getDate() + '日 ' + String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0')
    }
    var items = (last && last.items) || []
    var list = items.map(function (c) {
      var inst = c.institution && c.institution.name ? c.institution.name : ''
      return '<li class="o-card"><b>' + esc(c.title) + '</b><span>' + esc(inst) + (c.regionName ? ' · ' + esc(c.regionName) : '') + '</span>' +
        '<span>' + esc(c.startDate) + ' 开课' + (c.subsidized ? ' · 有补贴' : '') + '</span></li>'
    }).join('')
    var html = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
      '<title>没有网络 - 技能培训掌上办</title><style>' +
      'body{margin:0;background:#f4f6f9;color:#1f2329;font-family:-apple-system,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}' +
      '.o-banner{padding:16px;background:#1a6fd1;color:#fff;font-size:18px;font-weight:bold}' +
      '.o-notice{margin:12px;padding:14px;background:#fff4e0;border:2px solid #c77700;border-radius:10px;font-size:17px;line-height:1.6}' +
      '.o-notice b{display:block;font-size:20px}' +
      '.o-title{margin:16px 12px 8px;font-size:18px;font-weight:bold}' +
      'ul{list-style:none;margin:0;padding:0}.o-card{margin:0 12px 10px;padding:12px;background:#fff;border-radius:10px}' +
      '.o-card b{display:block;font-size:17px}.o-card span{display:block;margin-top:4px;font-size:15px;color:#4e5969}' +
      'button{display:block;width:calc(100% - 24px);min-height:48px;margin:12px;border:0;border-radius:24px;background:#1a6fd1;color:#fff;font-size:18px}' +
      '</style></head><body><main id="offline-page">' +
      '<div class="o-banner">技能培训掌上办</div>' +
      '<div class="o-notice" role="status"><b>现在没有网络</b>下面是你上次看到的课程' + (when ? '（' + esc(when) + ' 保存）' : '') +
      '，可能已经变了。报名和查看详情要等连上网络。</div>' +
      (items.length ? '<h1 class="o-title">上次看到的课程（离线）</h1><ul id="offline-courses">' + list + '</ul>'
        : '<p class="o-notice">还没有保存过课程。连上网络后打开首页，这里就会留一份。</p>') +
      '<button type="button" onclick="location.reload()">连上网络后，点这里重新打开</button>' +
      '</main></body></html>'
    return new Response(html, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } })
  })
}
