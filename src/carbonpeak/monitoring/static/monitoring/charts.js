// Monitoring charts (ECharts from our own static files, never a CDN). Every chart is a
// <div class="chart" data-chart="ID"> whose spec the page writes with json_script under ID:
//   { categories, unit, series: [{name, type: "line"|"bar", data, dashed, area, stack, colour, axis}],
//     limits: [{value, label, colour}], percent, horizontal, zoom, min, scale,
//     axes: [name, name] (two value axes: a series with axis 1 is drawn against the second) }
(function () {
  "use strict";
  var COLOURS = ["#1f7a4d", "#6c7a89", "#4a78b5", "#e08a00", "#8e44ad", "#16a085", "#c0392b"];

  // Figures as the page's tables write them (web/figures.js: the rules of common/figures.py).
  function format(spec) {
    var F = window.CarbonPeakFigures;
    return function (v) {
      if (spec.percent) return F.format(v, "share");
      return F.format(v, "quantity", { unit: spec.unit, compact: false });
    };
  }

  function seriesOf(spec) {
    var series = spec.series.map(function (s, i) {
      var out = { name: s.name, type: s.type || "line", data: s.data, connectNulls: false,
        symbolSize: s.type === "bar" ? undefined : 6, showSymbol: s.data.length <= 40 };
      if (s.stack) out.stack = s.stack;
      if (s.dashed) out.lineStyle = { type: "dashed" };
      if (s.area) out.areaStyle = { opacity: 0.15 };
      if (s.colour) out.itemStyle = { color: s.colour };
      if (s.colour && out.lineStyle) out.lineStyle.color = s.colour;
      if (spec.axes) out.yAxisIndex = s.axis || 0;
      if (i === 0 && spec.limits && spec.limits.length) {
        out.markLine = { symbol: "none", silent: true, lineStyle: { type: "dashed", color: "#c0392b" },
          // Beside the plot, right of the line's end (the grid keeps room for it): inside, it sat on the last bar or point.
          label: { formatter: function (p) { return p.name; }, position: "end", distance: 4 },
          data: spec.limits.map(function (l) {
            return { yAxis: l.value, name: l.label, lineStyle: l.colour ? { color: l.colour } : undefined };
          }) };
      }
      return out;
    });
    return series;
  }

  // The room the limit lines' labels need right of the plot: about 12 px a Chinese character, 7 px any other.
  function limitLabelWidth(spec) {
    return (spec.limits || []).reduce(function (widest, l) {
      var w = 0;
      for (var i = 0; i < l.label.length; i++) w += l.label.charCodeAt(i) > 255 ? 12 : 7;
      return Math.max(widest, w + 12);
    }, 0);
  }

  function draw(el) {
    var dataEl = document.getElementById(el.getAttribute("data-chart"));
    if (!dataEl || !window.echarts) return;
    var spec = JSON.parse(dataEl.textContent);
    var fmt = format(spec);
    var categoryAxis = { type: "category", data: spec.categories };
    var valueAxis = { type: "value", name: spec.percent ? "%" : spec.unit, scale: !!spec.scale, min: spec.min,
      axisLabel: { formatter: spec.percent ? function (v) { return Math.round(v * 100); }
        : function (v) { return window.CarbonPeakFigures.format(v, "quantity"); } } };  // 120万 on a Chinese axis
    if (spec.limits && spec.limits.length) {
      var top = Math.max.apply(null, spec.limits.map(function (l) { return l.value; }));
      // A round top so the axis does not print 1.5372000000000001.
      valueAxis.max = function (v) { return Math.ceil(Math.max(v.max, top) * 1.05 * 10) / 10; };
      if (spec.percent) valueAxis.max = 1;  // a share never passes 100 %
    }
    var chart = window.echarts.init(el);
    chart.setOption({
      color: COLOURS,
      tooltip: { trigger: "axis", valueFormatter: fmt },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: Math.max(40, limitLabelWidth(spec)), top: 40, bottom: spec.zoom ? 40 : 8, containLabel: true },
      dataZoom: spec.zoom ? [{ type: "inside" }, { type: "slider", height: 18, bottom: 6 }] : [],
      xAxis: spec.horizontal ? valueAxis : categoryAxis,
      yAxis: spec.horizontal ? Object.assign(categoryAxis, { inverse: true }) :
        spec.axes ? spec.axes.map(function (name, i) {
          return { type: "value", name: name, position: i ? "right" : "left", splitLine: { show: !i } };
        }) : valueAxis,
      series: seriesOf(spec)
    });
    el.setAttribute("data-rendered", "true");
    if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(chart, el); else window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".chart[data-chart]").forEach(draw);
  });
})();
