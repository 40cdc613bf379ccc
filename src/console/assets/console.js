// parcelscreen console: enhancements only. Every page works without this file.
(function () {
  'use strict';
  // The review queue: one box selects or clears every parcel of the page.
  document.querySelectorAll('input[data-select-all]').forEach(function (all) {
    all.hidden = false;
    var label = document.querySelector('label[for="' + all.id + '"]');
    if (label) label.hidden = false;
    all.addEventListener('change', function () {
      document.querySelectorAll('input[name="' + all.getAttribute('data-select-all') + '"]').forEach(function (box) { box.checked = all.checked; });
    });
  });
  // Statistics: each chart's data sits beside it as JSON (and as a table for screen readers).
  if (window.Chart) {
    var palette = ['#0b4f8a', '#a11d1d', '#1d6b32', '#7a4b00', '#5b3a8c', '#00707a', '#8a0b5a', '#4a5360'];
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute('data-chart'));
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      var datasets = spec.series.map(function (s, i) {
        return { label: s.label, data: s.values, backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length] };
      });
      // eslint-disable-next-line no-new
      new window.Chart(canvas, {
        type: spec.type || 'bar',
        data: { labels: spec.labels, datasets: datasets },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          indexAxis: spec.horizontal ? 'y' : 'x',
          scales: spec.type === 'line' || !spec.stacked ? {} : { x: { stacked: true }, y: { stacked: true } },
          plugins: { legend: { display: datasets.length > 1 } }
        }
      });
    });
  }
})();
