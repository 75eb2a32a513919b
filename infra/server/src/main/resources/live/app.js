// Rollbook live page: polls /live/state and redraws. No framework, no build step, nothing external.
// With a token (the sign-in), every request sends it as "Authorization: Bearer"; 401 and 403 show the sign-in.
// Every count the page shows is also a data attribute on its card (data-old, data-new, ...), for tests.
(function () {
  'use strict';

  var POLL_MS = 500;
  var RETRY_MS = 2000;
  var cards = new Map(); // "ns/name" -> card parts
  var updates = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') node.textContent = attrs[k];
        else if (k === 'className') node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function pad(n) { return n < 10 ? '0' + n : '' + n; }

  function clock(iso) {
    if (!iso) return '--:--:--';
    var d = new Date(iso);
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function ago(iso) {
    if (!iso) return '';
    var s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    if (s < 60) return s + 's ago';
    if (s < 3600) return Math.floor(s / 60) + 'm ago';
    if (s < 86400) return Math.floor(s / 3600) + 'h ago';
    return Math.floor(s / 86400) + 'd ago';
  }

  function newCard(key) {
    var head = el('div', {className: 'card-head'});
    var sub = el('div', {className: 'sub'});
    var segOld = el('div', {className: 'seg old', title: 'pods of old ReplicaSets'});
    var segStarting = el('div', {className: 'seg starting', title: 'new pods not yet available'});
    var segAvailable = el('div', {className: 'seg available', title: 'new pods available'});
    var bar = el('div', {className: 'bar'}, [segOld, segStarting, segAvailable]);
    var mark = el('div', {className: 'desired-mark', title: 'desired replicas'});
    var legend = el('div', {className: 'legend'});
    var message = el('p', {className: 'message'});
    var explain = el('pre', {className: 'explain', title: 'rollbook explain: why it is where it is'});
    var pods = el('div', {className: 'pods'});
    var conditions = el('div', {className: 'conditions'});
    var sets = el('div', {className: 'sets'});
    var timeline = el('div', {className: 'revisions'});
    var root = el('article', {className: 'card', 'data-deployment': key}, [head, sub,
      el('div', {className: 'bar-wrap'}, [bar, mark]), legend, message, explain, pods, conditions,
      el('div', {className: 'cols'}, [sets, timeline])]);
    return {root: root, head: head, sub: sub, segOld: segOld, segStarting: segStarting, segAvailable: segAvailable,
      bar: bar, mark: mark, legend: legend, message: message, explain: explain, pods: pods, conditions: conditions, sets: sets,
      timeline: timeline};
  }

  function setSegment(seg, count, scale, label) {
    seg.style.width = (scale > 0 ? (100 * count / scale) : 0) + '%';
    seg.textContent = count > 0 ? count + (label ? ' ' + label : '') : '';
    seg.setAttribute('data-count', String(count));
  }

  function legendItem(cls, label, value) {
    return el('span', null, [cls ? el('i', {className: cls}) : null, document.createTextNode(label + ' '),
      el('b', {text: String(value)})]);
  }

  function renderCard(c, d) {
    var bar = d.bar;
    var total = bar.old + bar.starting + bar.available;
    var scale = Math.max(d.desired, total, 1);
    var attrs = {
      'data-revision': d.revision, 'data-state': d.state, 'data-desired': d.desired, 'data-old': bar.old,
      'data-new': bar.starting + bar.available, 'data-starting': bar.starting, 'data-available': bar.available,
      'data-updated': d.updated, 'data-ready': d.ready, 'data-deployment-available': d.available,
      'data-terminating': bar.terminating
    };
    Object.keys(attrs).forEach(function (k) { c.root.setAttribute(k, String(attrs[k])); });

    c.head.replaceChildren(
      el('span', {className: 'name'}, [el('span', {className: 'ns', text: d.namespace + '/'}),
        document.createTextNode(d.name)]),
      el('span', {className: 'badge revision', text: 'revision ' + d.revision}),
      el('span', {className: 'badge state-' + d.state, text: d.state}));
    c.sub.replaceChildren(
      el('span', {className: 'images', text: d.images.join(', ')}),
      document.createTextNode(' · ' + d.strategy));

    setSegment(c.segOld, bar.old, scale, 'old');
    setSegment(c.segStarting, bar.starting, scale, 'new');
    setSegment(c.segAvailable, bar.available, scale, 'available');
    c.mark.style.left = 'calc(' + (100 * d.desired / scale) + '% - 1px)';

    c.legend.replaceChildren.apply(c.legend, [
      legendItem('old', 'old', bar.old),
      legendItem('starting', 'new, starting', bar.starting),
      legendItem('available', 'new, available', bar.available),
      legendItem(null, 'desired', d.desired),
      legendItem(null, 'updated', d.updated),
      legendItem(null, 'ready', d.ready),
      legendItem(null, 'available', d.available),
      bar.terminating ? legendItem(null, 'terminating', bar.terminating) : null].filter(Boolean));
    c.message.textContent = d.message || '';
    c.explain.textContent = (d.explain || []).join('\n');
    c.explain.hidden = !d.explain || d.explain.length === 0;

    c.pods.replaceChildren.apply(c.pods, d.pods.map(function (p) {
      return el('span', {className: 'pod ' + (p.current ? 'new ' : 'old ') + p.state,
        title: p.name + ' · ' + p.state + (p.node ? ' on ' + p.node : '')});
    }));

    c.conditions.replaceChildren.apply(c.conditions, d.conditions.map(function (k) {
      return el('span', {className: 'cond ' + k.status, title: k.message || ''}, [
        el('b', {text: k.type + ' '}), document.createTextNode(k.status + ' '),
        el('span', {className: 'reason', text: k.reason || ''})]);
    }));

    var rows = d.replicaSets.map(function (rs) {
      return el('tr', {className: rs.current ? 'current' : ''}, [el('td', {text: rs.name}),
        el('td', {text: String(rs.revision)}), el('td', {text: String(rs.desired)}),
        el('td', {text: String(rs.replicas)}), el('td', {text: String(rs.ready)})]);
    });
    c.sets.replaceChildren(el('h2', {text: 'ReplicaSets'}), el('table', null, [
      el('thead', null, [el('tr', null, ['NAME', 'REV', 'DESIRED', 'CURRENT', 'READY'].map(function (h) {
        return el('th', {text: h});
      }))]), el('tbody', null, rows)]));

    var items = d.revisions.slice().reverse().map(function (r) {
      var cls = (r.current ? 'current' : '') + (r.live ? '' : ' gone');
      return el('li', {className: cls, 'data-revision': r.revision}, [
        el('span', {className: 'rev', text: 'revision ' + r.revision}),
        document.createTextNode(' · ' + (r.images || []).join(', ') + ' '),
        el('span', {className: 'when', text: ago(r.createdAt) + (r.reactivatedFrom ? ' (from ' + r.reactivatedFrom + ')' : '')
          + (r.live ? '' : ' · deleted')}),
        el('div', {className: 'cause', text: r.changeCause || '<none>'})]);
    });
    c.timeline.replaceChildren(el('h2', {text: 'Revisions'}), el('ol', {className: 'timeline'}, items));
  }

  function renderDeployments(list) {
    var section = document.getElementById('deployments');
    var seen = new Set();
    list.forEach(function (d) {
      var key = d.namespace + '/' + d.name;
      seen.add(key);
      var c = cards.get(key);
      if (!c) {
        c = newCard(key);
        cards.set(key, c);
      }
      renderCard(c, d);
      section.appendChild(c.root); // keeps the server's order (namespace, name)
    });
    cards.forEach(function (c, key) {
      if (!seen.has(key)) {
        c.root.remove();
        cards.delete(key);
      }
    });
    document.getElementById('no-deployments').hidden = list.length > 0;
  }

  function renderBare(list) {
    document.getElementById('replicasets-panel').hidden = list.length === 0;
    document.querySelector('#bare-replicasets tbody').replaceChildren.apply(
      document.querySelector('#bare-replicasets tbody'), list.map(function (rs) {
        return el('tr', {'data-replicaset': rs.namespace + '/' + rs.name}, [el('td', {text: rs.namespace + '/' + rs.name}),
          el('td', {text: rs.ready + '/' + rs.desired + ' ready'})]);
      }));
  }

  function renderEvents(list) {
    var ol = document.getElementById('events');
    ol.replaceChildren.apply(ol, list.map(function (e) {
      return el('li', {className: e.level, 'data-seq': e.seq}, [
        el('div', null, [el('span', {className: 'time', text: clock(e.time)}),
          el('span', {className: 'reason', text: e.reason}), el('span', {className: 'object', text: e.object})]),
        el('div', {className: 'text', text: e.message || ''})]);
    }));
  }

  function connected(ok, text) {
    document.body.setAttribute('data-connected', ok ? 'true' : 'false');
    document.getElementById('connection-text').textContent = text;
  }

  // The viewer's token: in this tab's sessionStorage (gone with the tab, never in a URL or a cookie,
  // so no other site can make the browser send it), sent as a header on every request of the page.
  var TOKEN_KEY = 'rollbook.token';
  var generation = 0; // bumped on sign-in and sign-out: answers to older requests are dropped
  var timer = null;
  var checkedFor = null; // the generation whose access was last reviewed
  var asked = false; // the viewer opened the sign-in on a page that reads without one

  function token() { return window.sessionStorage.getItem(TOKEN_KEY) || ''; }

  function headers(extra) {
    var h = extra || {};
    if (token()) h['Authorization'] = 'Bearer ' + token();
    return h;
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }

  function clearData() {
    renderDeployments([]);
    renderBare([]);
    renderEvents([]);
    document.getElementById('no-deployments').hidden = true;
  }

  // 'open' (read without a token), 'token' (read with one), '401' or '403' (refused, the reason shown).
  function authState(state, reason) {
    document.body.setAttribute('data-auth', state);
    var refused = state === '401' || state === '403';
    document.getElementById('sign-in').hidden = !refused && !asked;
    document.getElementById('sign-in-reason').textContent = reason || '';
    document.getElementById('sign-in-button').hidden = refused || state === 'token';
    document.getElementById('sign-out').hidden = !token();
    if (refused) access(null);
  }

  // What the page's writes would need: a SelfSubjectAccessReview for update deployments in every
  // namespace. The page has no write control; this says whether the viewer could (kubectl can).
  function access(canEdit) {
    var el = document.getElementById('access');
    document.body.setAttribute('data-can-edit', canEdit === null ? '' : String(canEdit));
    el.textContent = canEdit === null ? '' : (canEdit ? 'may edit' : 'read-only');
  }

  function review(gen) {
    checkedFor = gen;
    var body = {apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
      spec: {resourceAttributes: {verb: 'update', group: 'apps', resource: 'deployments'}}};
    fetch('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {method: 'POST', cache: 'no-store',
      credentials: 'omit', headers: headers({'Content-Type': 'application/json'}), body: JSON.stringify(body)})
      .then(function (r) { return r.ok ? r.json() : {status: {allowed: false}}; })
      .then(function (ssar) { if (gen === generation) access(ssar.status && ssar.status.allowed === true); })
      .catch(function () { if (gen === generation) access(false); });
  }

  function refused(status, message) {
    var err = new Error('HTTP ' + status);
    err.status = status;
    err.reason = status === 401
      ? (token() ? '401 Unauthorized: the server does not know this token. Sign in with another.'
        : '401 Unauthorized: this server wants a token to show its Deployments. Sign in.')
      : '403 Forbidden: ' + (message || 'this token may not read the live page') + '. Sign in'
        + (token() ? ' with another token.' : '.');
    return err;
  }

  function poll() {
    var gen = generation;
    fetch('/live/state', {cache: 'no-store', credentials: 'omit', headers: headers()}).then(function (r) {
      if (r.status === 401 || r.status === 403) {
        return r.json().catch(function () { return {}; }).then(function (s) { throw refused(r.status, s.message); });
      }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (state) {
      if (gen !== generation) return;
      window.rollbookState = state;
      authState(token() ? 'token' : 'open');
      if (checkedFor !== gen) review(gen);
      renderDeployments(state.deployments || []);
      renderBare(state.bareReplicaSets || []);
      renderEvents(state.events || []);
      updates++;
      document.body.setAttribute('data-updates', String(updates));
      document.body.setAttribute('data-position', String(state.position));
      connected(true, 'live · ' + clock(new Date().toISOString()) + ' · ' + state.position + ' events');
      schedule(POLL_MS);
    }).catch(function (err) {
      if (gen !== generation) return;
      if (err.status) {
        clearData();
        authState(String(err.status), err.reason);
        connected(false, err.message);
      } else {
        connected(false, 'disconnected (' + err.message + '), retrying');
      }
      schedule(RETRY_MS);
    });
  }

  function restart() {
    generation++;
    checkedFor = null;
    document.body.setAttribute('data-auth', ''); // until the new token's first answer
    access(null);
    clearData();
    poll();
  }

  document.getElementById('sign-in').addEventListener('submit', function (e) {
    e.preventDefault();
    asked = false;
    var field = document.getElementById('token');
    var t = field.value.trim();
    field.value = '';
    if (t) window.sessionStorage.setItem(TOKEN_KEY, t);
    else window.sessionStorage.removeItem(TOKEN_KEY);
    restart();
  });
  document.getElementById('sign-out').addEventListener('click', function () {
    window.sessionStorage.removeItem(TOKEN_KEY);
    restart();
  });
  document.getElementById('sign-in-button').addEventListener('click', function () {
    asked = true;
    document.getElementById('sign-in').hidden = false;
    document.getElementById('token').focus();
  });

  poll();
})();
