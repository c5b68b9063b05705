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

  // The ranking chart has two grids side by side with the same rows: on the left the index
  // (series 0), on the right the rank interval (series 1 is a transparent base, series 2 the
  // interval stacked on it, series 3 a dot at the rank in the user's own index). Every series
  // lists the regions in the same order, so dataIndex finds the region whatever the series.
  function drawRanking(el, spec) {
    var option = spec.option;
    var regions = spec.regions;
    var byCode = {};
    regions.forEach(function (r) { byCode[r.code] = r; });
    var indexes = option.series[0].data.map(function (d) { return d.value; });
    var n = regions.length;

    // One row per region: tall enough to read every name, whatever the number of regions.
    var perBar = n > 60 ? 20 : 30;
    el.style.height = Math.max(220, n * perBar + 80) + 'px';

    // Names take at most a third of the width, so that both charts stay readable on a phone; a
    // longer name is cut short on the axis and shown in full in the tooltip and the table.
    // The names' column is set in pixels rather than left to containLabel, which measures the
    // names before they are cut short and so let long ones run off the left edge.
    function fit() {
      var width = el.clientWidth;
      var narrow = width < 640;
      var names = Math.min(280, Math.round(width * (narrow ? 0.28 : 0.3)));
      return {
        grid: [
          { left: names + 12, containLabel: false, right: narrow ? '46%' : '40%' },
          { left: narrow ? '58%' : '64%' }
        ],
        xAxis: [
          { splitNumber: narrow ? 2 : 5, name: narrow ? 'Index' : indexAxisName },
          { splitNumber: narrow ? 3 : 6, name: narrow ? 'Rank range' : rankAxisName }
        ],
        yAxis: [{ axisLabel: { width: names } }]
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
    var indexAxisName = option.xAxis[0].name;
    var rankAxis = option.xAxis[1];
    var rankAxisName = rankAxis.name;
    rankAxis.axisLabel = Object.assign({}, rankAxis.axisLabel, {
      formatter: function (v) { return v >= 1 && v <= n && v === Math.round(v) ? String(v) : ''; }
    });
    var rankRows = option.yAxis[1];
    rankRows.axisTick = { show: false };
    rankRows.axisLine = { show: false };

    function lines(r, i) {
      var out = [['Flourishing index', score(indexes[i]) + ' out of 10']];
      if (spec.draws > 0) {
        out.push(['Under plausible alternatives', r.interval]);
      }
      out.push(['Dimensions with data', r.coverage]);
      if (r.gdpPerHead !== null && r.gdpPerHead !== undefined) {
        out.push([spec.comparatorLabel, amount(r.gdpPerHead)]);
      }
      return out;
    }
    option.tooltip = Object.assign({}, option.tooltip, tooltipBase, {
      formatter: function (p) {
        var r = regions[p.dataIndex];
        return tooltipHTML(r.rank + '. ' + r.name, lines(r, p.dataIndex), 'Select to open the profile');
      }
    });
    option.series.forEach(function (s) { s.cursor = 'pointer'; });
    // The transparent base of each interval is not part of the picture.
    option.series[1].silent = true;
    option.series[1].tooltip = { show: false };

    var chart = draw(el, option, fit);
    chart.on('click', function (p) {
      var r = p.componentType === 'yAxis' ? byCode[p.value] : regions[p.dataIndex];
      if (r) {
        window.location.assign(r.url);
      }
    });
  }

  // The beyond-GDP chart: each point's value is [GDP per head, index, position in regions].
  function drawBeyond(el, spec) {
    var option = spec.option;
    var regions = spec.regions;
    option.tooltip = Object.assign({}, option.tooltip, tooltipBase, {
      formatter: function (p) {
        var r = regions[p.value[2]];
        var gap = r.gap > 0 ? '+' + r.gap : String(r.gap);
        return tooltipHTML(r.name, [
          ['Flourishing index', score(r.index) + ' out of 10 (rank ' + r.indexRank + ')'],
          [spec.comparatorLabel, amount(r.gdpPerHead) + ' (rank ' + r.gdpRank + ')'],
          ['Gap', gap + ' places']
        ], r.standsOut ? 'Flourishing ' + r.standsOut : 'Select to open the profile');
      }
    });
    option.xAxis[0].axisLabel = { hideOverlap: true, formatter: function (v) { return amount(v); } };
    option.legend = Object.assign({}, option.legend, { textStyle: { fontSize: 13, color: '#1f2933' } });
    // The points that are named on the chart: [GDP per head, index, position in regions].
    var named = [];
    option.series.forEach(function (s) {
      if (s.label && s.label.show) {
        s.data.forEach(function (d) { named.push(d.value); });
      }
    });
    // crossesNamedDot reports whether a name's box would cover the dot of another named region.
    function crossesNamedDot(rect, own) {
      var inst = echarts.getInstanceByDom(el);
      if (!inst) {
        return false;
      }
      return named.some(function (v) {
        if (v[2] === own) {
          return false;
        }
        var px = inst.convertToPixel({ gridIndex: 0 }, [v[0], v[1]]);
        return px && px[0] >= rect.x - 6 && px[0] <= rect.x + rect.width + 6 &&
          px[1] >= rect.y - 6 && px[1] <= rect.y + rect.height + 6;
      });
    }
    option.series.forEach(function (s) {
      s.cursor = 'pointer';
      // A name goes to the left of its dot when on the right it would run off the edge or cover
      // another named region's dot. Of two names that still overlap, one is hidden; the tooltip
      // and the table name every region.
      s.labelLayout = function (p) {
        var out = { hideOverlap: true };
        var d = s.data[p.dataIndex];
        if (p.labelRect.x + p.labelRect.width > el.clientWidth - 4 || (d && crossesNamedDot(p.labelRect, d.value[2]))) {
          out.x = p.rect.x - 4;
          out.align = 'right';
        }
        return out;
      };
    });
    // Named regions are drawn after the others, so that a name stays readable where it crosses
    // another region's dot; the legend keeps the order of the series as given.
    option.legend.data = option.series.map(function (s) { return s.name; });
    option.series.sort(function (a, b) {
      return Number(!!(a.label && a.label.show)) - Number(!!(b.label && b.label.show));
    });
    // Names next to the points (only of the regions that stand out) need a wide chart. On a
    // phone the legend takes three lines under the chart, and the axis fewer labels.
    var labelled = option.series.map(function (s) { return !!(s.label && s.label.show); });
    function fit() {
      var narrow = el.clientWidth < 560;
      return {
        grid: [{ bottom: narrow ? 112 : 64 }],
        xAxis: [{ splitNumber: narrow ? 2 : 5 }],
        series: labelled.map(function (show) { return { label: { show: show && !narrow } }; })
      };
    }
    var chart = draw(el, option, fit);
    chart.on('click', function (p) {
      var r = p.value ? regions[p.value[2]] : null;
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
    // On a phone the dimension names need room around a smaller radar, and long ones take two
    // lines ("Access to" / "services") rather than running off the edge.
    function wrap(name) {
      var lines = [''];
      name.split(' ').forEach(function (word) {
        var last = lines.length - 1;
        if (lines[last] && (lines[last] + ' ' + word).length > 12) {
          lines.push(word);
        } else {
          lines[last] = lines[last] ? lines[last] + ' ' + word : word;
        }
      });
      return lines.join('\n');
    }
    function fit() {
      var narrow = el.clientWidth < 560;
      return { radar: [{ radius: narrow ? '48%' : '72%', axisName: {
        fontSize: narrow ? 11 : 13,
        lineHeight: narrow ? 13 : 16,
        formatter: function (name) { return narrow ? wrap(name) : name; }
      } }] };
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
    } else if (spec.kind === 'beyond-gdp') {
      drawBeyond(el, spec);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', main);
  } else {
    main();
  }
}());
