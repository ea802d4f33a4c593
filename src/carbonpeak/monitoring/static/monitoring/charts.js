// Monitoring charts (ECharts from our own static files, never a CDN). Every chart is a
// <div class="chart" data-chart="ID"> whose spec the page writes with json_script under ID:
//   { categories, unit, series: [{name, type: "line"|"bar", data, dashed, area, stack, colour, axis}],
//     limits: [{value, label, colour}], percent, horizontal, zoom, min, scale,
//     axes: [name, name] (two value axes: a series with axis 1 is drawn against the second) }
// A series' `open: {index, label}` is a period still under way (the day or month running): its bar is drawn
// lighter and hatched, its line point as an open circle off the line, labelled with how far its data reach.
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

  var OPEN_COLOUR = "#9aa5b1";

  // A series colour at 45 % (the bar lighter, its label not: an item's opacity would fade the label too).
  function lighter(hex) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + ", " + ((n >> 8) & 255) + ", " + (n & 255) + ", 0.45)";
  }

  // The running period's point: a lighter, hatched bar; on a line, left off the line (an extra point series of
  // the same name, so the legend keeps one item) as an open circle, never joined to the ended periods.
  function openPoint(s, out, colour, many) {
    var at = s.open.index, value = s.data[at];
    var label = { show: !!s.open.label, formatter: s.open.label, position: "top", fontSize: 10, color: "#555" };
    // Among narrow bars (the days of a month, the months on a phone) the label stands upright above its bar,
    // off its neighbours.
    if (many) Object.assign(label, { rotate: 90, align: "left", verticalAlign: "middle", distance: 4 });
    if ((s.type || "line") === "bar") {
      out.data = s.data.slice();
      out.data[at] = { value: value, label: label,
        itemStyle: { color: lighter(colour), decal: { symbol: "rect", dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -Math.PI / 4,
                                             color: "rgba(255, 255, 255, 0.8)" } } };
      return null;
    }
    out.data = s.data.slice();
    out.data[at] = null;
    var point = s.data.map(function () { return null; });
    point[at] = value;
    return { name: s.name, type: "line", data: point, yAxisIndex: out.yAxisIndex, symbol: "emptyCircle", symbolSize: 8,
             showSymbol: true, itemStyle: { color: OPEN_COLOUR, borderType: "dashed" }, label: label, z: 3 };
  }

  function seriesOf(spec, width) {
    // about 80 px a category hold a level label ("截至 12-07 13:00"); fewer, and it stands upright
    var crowded = spec.categories.length * 80 > width;
    var extra = [];
    var series = spec.series.map(function (s, i) {
      var out = { name: s.name, type: s.type || "line", data: s.data, connectNulls: false,
        symbolSize: s.type === "bar" ? undefined : 6, showSymbol: s.data.length <= 40 };
      if (s.stack) out.stack = s.stack;
      if (s.dashed) out.lineStyle = { type: "dashed" };
      if (s.area) out.areaStyle = { opacity: 0.15 };
      if (s.colour) out.itemStyle = { color: s.colour };
      if (s.colour && out.lineStyle) out.lineStyle.color = s.colour;
      if (spec.axes) out.yAxisIndex = s.axis || 0;
      if (s.open && s.open.index < s.data.length) {
        var point = openPoint(s, out, s.colour || COLOURS[i % COLOURS.length], crowded);
        if (point) extra.push(point);
      }
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
    return series.concat(extra);
  }

  // The largest absolute value drawn against an axis (stacked bars summed), with its limit lines: the axis
  // labels choose their notation (万 or not) once from it (CarbonPeakFigures.axis).
  function axisMax(spec, axisIndex) {
    var top = 0, stacks = {};
    spec.series.forEach(function (s) {
      if ((s.axis || 0) !== axisIndex) return;
      s.data.forEach(function (v, i) {
        if (typeof v !== "number") return;
        if (s.stack) {
          var key = s.stack + ":" + i;
          stacks[key] = (stacks[key] || 0) + v;
          top = Math.max(top, Math.abs(stacks[key]));
        } else top = Math.max(top, Math.abs(v));
      });
    });
    (axisIndex ? [] : spec.limits || []).forEach(function (l) { top = Math.max(top, Math.abs(l.value)); });
    return top;
  }

  // Tick labels of a value axis in one notation, with a real minus (−5, as the values are written).
  function tickLabels(spec, axisIndex) {
    if (spec.percent) return function (v) { return window.CarbonPeakFigures.format(Math.round(v * 100), "count"); };
    return window.CarbonPeakFigures.axis("quantity", { max: axisMax(spec, axisIndex), unit: spec.unit });
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
      axisLabel: { formatter: tickLabels(spec, 0) } };  // 120万 on a Chinese axis, every tick of it in 万
    // A horizontal chart names its unit under the axis: at the axis' end 吨标准煤 was cut at the box's edge.
    if (spec.horizontal) Object.assign(valueAxis, { nameLocation: "middle", nameGap: 26 });
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
      grid: { left: 8, right: Math.max(40, limitLabelWidth(spec)), top: 40, bottom: spec.zoom ? 40 : spec.horizontal ? 28 : 8,
              containLabel: true },
      dataZoom: spec.zoom ? [{ type: "inside" }, { type: "slider", height: 18, bottom: 6 }] : [],
      xAxis: spec.horizontal ? valueAxis : categoryAxis,
      yAxis: spec.horizontal ? Object.assign(categoryAxis, { inverse: true }) :
        spec.axes ? spec.axes.map(function (name, i) {
          return { type: "value", name: name, position: i ? "right" : "left", splitLine: { show: !i },
                   axisLabel: { formatter: tickLabels(spec, i) } };
        }) : valueAxis,
      series: seriesOf(spec, el.clientWidth)
    });
    el.setAttribute("data-rendered", "true");
    if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(chart, el); else window.addEventListener("resize", function () { chart.resize(); });
    if (spec.horizontal) truncateNames(chart, el);
  }

  // A horizontal chart's names get at most 40 % of the box (180 px): longer ones are cut with … and read whole in
  // the tooltip. On a phone chart-fit.js wraps category names instead, and at 390 px "65 软件和信息技术服务业" and
  // "上海湾区高新技术产业开发区" wrapped onto their neighbours; so after it fits the chart (its observer was made
  // first, so it runs first) the names are cut again.
  function truncateNames(chart, el) {
    var cut = function () {
      if (chart.isDisposed() || !el.clientWidth) return;
      chart.setOption({ yAxis: { axisLabel: { width: Math.min(180, Math.round(el.clientWidth * 0.4)),
                                              overflow: "truncate", ellipsis: "…" } } });
    };
    cut();
    if (window.ResizeObserver) new window.ResizeObserver(cut).observe(el); else window.addEventListener("resize", cut);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".chart[data-chart]").forEach(draw);
  });
})();
