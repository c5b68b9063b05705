// placevalue dashboard: draws the chart described by the page's <script type="application/json"
// id="chart-data"> block with ECharts.
//
// Every string in that block came from a published spreadsheet: it is text, never markup or code.
// ECharts draws labels, axis names and legends on a canvas, where text is only text; its tooltips
// are HTML, so every tooltip is built here and every piece of text in it goes through escapeHTML.
// Tooltips use classes, never style attributes, which the Content-Security-Policy forbids.
(function () {
  'use strict';

  var ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

  function escapeHTML(value) {
    return String(value).replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
  }

  function tooltipHTML(title, lines, hint) {
    var html = '<div class="tt-title">' + escapeHTML(title) + '</div>';
    lines.forEach(function (line) {
      html += '<div class="tt-line"><span class="tt-label">' + escapeHTML(line[0]) + '</span> ' +
        '<span class="tt-value">' + escapeHTML(line[1]) + '</span></div>';
    });
    if (hint) {
      html += '<div class="tt-hint">' + escapeHTML(hint) + '</div>';
    }
    return html;
  }

  function score(v) {
    return v === null || v === undefined ? 'no data' : String(v);
  }

  function amount(v) {
    return v.toLocaleString('en-GB', { maximumFractionDigits: 0 });
  }

  var tooltipBase = {
    confine: true,
    borderWidth: 1,
    borderColor: '#c9ccc4',
    backgroundColor: '#ffffff',
    className: 'chart-tooltip'
  };

  function drawRanking(el, spec) {
    var option = spec.option;
    var regions = spec.regions;
    var byCode = {};
    regions.forEach(function (r) { byCode[r.code] = r; });

    // One row per region: tall enough to read every name, whatever the number of regions.
    var perBar = regions.length > 60 ? 20 : 30;
    el.style.height = Math.max(220, regions.length * perBar + 70) + 'px';

    // Names take at most two fifths of the width, so that bars stay readable on a phone; a
    // longer name is cut short on the axis and shown in full in the tooltip and the table.
    function fit() {
      var width = el.clientWidth;
      return {
        xAxis: [{ splitNumber: width < 500 ? 2 : 5 }],
        yAxis: [{ axisLabel: { width: Math.min(280, Math.round(width * 0.4)) } }]
      };
    }
    var yAxis = option.yAxis[0];
    yAxis.triggerEvent = true;
    yAxis.axisLabel = Object.assign({}, yAxis.axisLabel, {
      color: '#0f4f4b',
      fontSize: 13,
      overflow: 'truncate',
      ellipsis: '…',
      formatter: function (code) {
        var r = byCode[code];
        return r ? r.rank + '.  ' + r.name : code;
      }
    });
    option.tooltip = Object.assign({}, option.tooltip, tooltipBase, {
      formatter: function (p) {
        var r = regions[p.dataIndex];
        var lines = [['Flourishing index', score(p.value) + ' out of 10'], ['Dimensions with data', r.coverage]];
        if (r.gdpPerHead !== null && r.gdpPerHead !== undefined) {
          lines.push([spec.comparatorLabel, amount(r.gdpPerHead)]);
        }
        return tooltipHTML(r.rank + '. ' + r.name, lines, 'Select to open the profile');
      }
    });
    option.series[0].cursor = 'pointer';

    var chart = draw(el, option, fit);
    chart.on('click', function (p) {
      var r = p.componentType === 'yAxis' ? byCode[p.value] : regions[p.dataIndex];
      if (r) {
        window.location.assign(r.url);
      }
    });
  }

  function drawProfile(el, spec) {
    var option = spec.option;
    var dims = spec.dimensions;
    option.tooltip = Object.assign({}, option.tooltip, tooltipBase, {
      formatter: function (p) {
        var lines = dims.map(function (d, i) { return [d.name, score(p.value[i])]; });
        return tooltipHTML(p.seriesName, lines, '');
      }
    });
    option.legend = Object.assign({}, option.legend, { textStyle: { fontSize: 13, color: '#1f2933' } });
    // On a phone the dimension names need room around a smaller radar.
    function fit() {
      var narrow = el.clientWidth < 560;
      return { radar: [{ radius: narrow ? '48%' : '72%', axisName: { fontSize: narrow ? 11 : 13 } }] };
    }
    draw(el, option, fit);
  }

  // draw draws an option; fit, if given, returns the parts of the option that depend on the
  // width of the chart, applied now and after every resize.
  function draw(el, option, fit) {
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.on('finished', function () { el.setAttribute('data-chart-ready', 'true'); });
    chart.setOption(option);
    if (fit) {
      chart.setOption(fit());
    }
    window.addEventListener('resize', function () {
      if (fit) {
        chart.setOption(fit());
      }
      chart.resize();
    });
    return chart;
  }

  function main() {
    var el = document.getElementById('chart');
    var block = document.getElementById('chart-data');
    if (!el || !block) {
      return;
    }
    if (typeof echarts === 'undefined') {
      el.textContent = 'The chart could not be drawn. The table below has the same numbers.';
      return;
    }
    var spec = JSON.parse(block.textContent);
    if (spec.kind === 'ranking') {
      drawRanking(el, spec);
    } else if (spec.kind === 'profile') {
      drawProfile(el, spec);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', main);
  } else {
    main();
  }
}());
