window.__errors = [];
window.addEventListener('error', function (e) {
  window.__errors.push(String(e.message || e));
  document.body.setAttribute('data-errors', window.__errors.join(' | '));
  document.body.setAttribute('data-status', 'error');
});
