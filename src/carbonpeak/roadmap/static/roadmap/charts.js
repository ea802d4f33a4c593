// Roadmap charts (ECharts from our own static files): CO2 pathways by scenario, the wedges of the
// measures between the baseline and a scenario, the Monte Carlo fan and the tornado of parameters.
// Each chart reads its data from a json_script element named "<chart id>-data" (views.charts).
(function () {
  "use strict";
  var COLOURS = ["#1f7a4d", "#c0392b", "#4a78b5", "#e08a00", "#8e44ad", "#16a085", "#7f8c8d", "#d35400",
                 "#2c3e50", "#b7950b", "#5d6d7e", "#a93226"];

  function data(id) {
    var el = document.getElementById(id + "-data");
    return el ? JSON.parse(el.textContent) : null;
  }

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return;
    var chart = window.echarts.init(el);
    chart.setOption(option);
    el.setAttribute("data-rendered", "true");
    if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(chart, el); else window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  // 10⁴ t (the axis names the unit) as the page's tables write it: web/figures.js, the rules of common/figures.py;
  // axis labels too (a real minus, separators), never ECharts' own "-30" or "1450".
  function fmt(v) { return window.CarbonPeakFigures.format(v, "co2", { compact: false }); }
  function change(v) { return window.CarbonPeakFigures.format(v, "co2", { compact: false, signed: true }); }
  var CJK = /[\u3400-\u9fff]/;

  // Peaks within a year of each other stack their year labels one above the other (highest peak lowest),
  // so that no two cover each other; the mark itself is a small dot on the line.
  function peakOffsets(series) {
    var placed = [], out = {};
    series.filter(function (s) { return s.peak_year != null; })
      .sort(function (a, b) { return b.peak_level - a.peak_level; })
      .forEach(function (s) {
        var near = placed.filter(function (p) { return Math.abs(p.peak_year - s.peak_year) <= 1; }).length;
        out[s.id] = near;
        placed.push(s);
      });
    return out;
  }

  function pathways() {
    var d = data("roadmap-pathways");
    if (!d) return;
    var offsets = peakOffsets(d.series);
    var series = d.series.map(function (s, i) {
      var out = { name: s.name, type: "line", symbolSize: 4, data: s.data, lineStyle: { width: s.baseline ? 2 : 3 } };
      if (s.baseline) out.lineStyle.type = "dashed";
      if (s.peak_year != null) {
        var colour = COLOURS[i % COLOURS.length];
        out.markPoint = { symbol: "circle", symbolSize: 9, itemStyle: { color: colour, borderColor: "#fff", borderWidth: 1 },
          label: { show: true, position: "top", distance: 6 + 16 * offsets[s.id], color: colour, fontWeight: "bold",
                   backgroundColor: "rgba(255,255,255,0.85)", padding: [1, 3], formatter: String(s.peak_year) },
          data: [{ coord: [String(s.peak_year), s.peak_level], value: s.peak_year }] };
      }
      if (i === 0 && d.deadline) {
        out.markLine = { symbol: "none", silent: true, lineStyle: { type: "dashed", color: "#c0392b" },
          label: { formatter: d.deadline.label }, data: [{ xAxis: String(d.deadline.year) }] };
      }
      return out;
    });
    draw("roadmap-pathways", {
      color: COLOURS, tooltip: { trigger: "axis", confine: true, valueFormatter: fmt }, legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.years.map(String) },
      yAxis: { type: "value", name: d.unit, scale: true, axisLabel: { formatter: fmt } }, series: series
    });
  }

  // Stacked wedges: the scenario's emissions at the bottom, each measure's avoided emissions on top,
  // so that the stack reaches the baseline (drawn as a line). No ECharts legend: the page's key (#wedges-key,
  // beside or below the chart) names each wedge in the colour the server gave it (charts.WEDGE_COLOURS);
  // pointing at a row of the key lights its wedge, pointing at a wedge lights its row.
  function wedges() {
    var d = data("roadmap-wedges");
    if (!d) return;
    var focus = { focus: "series" };
    var series = [{ name: d.scenario_name, type: "line", stack: "w", symbol: "none", data: d.scenario, triggerLineEvent: true,
                    areaStyle: { color: d.scenario_colour, opacity: 1 }, lineStyle: { color: d.scenario_line, width: 2 },
                    itemStyle: { color: d.scenario_line }, emphasis: focus }];
    d.measures.forEach(function (m) {
      series.push({ name: m.name, type: "line", stack: "w", symbol: "none", data: m.data, lineStyle: { width: 0 }, triggerLineEvent: true,
                    areaStyle: { color: m.colour, opacity: 0.85 }, itemStyle: { color: m.colour }, emphasis: focus });
    });
    series.push({ name: d.baseline_name, type: "line", symbol: "none", data: d.baseline, triggerLineEvent: true,
                  lineStyle: { type: "dashed", color: d.baseline_colour, width: 2 }, itemStyle: { color: d.baseline_colour }, emphasis: focus });
    var chart = draw("roadmap-wedges", {
      tooltip: { trigger: "axis", confine: true, valueFormatter: fmt },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", boundaryGap: false, data: d.years.map(String) },
      yAxis: { type: "value", name: d.unit, scale: true, axisLabel: { formatter: fmt } }, series: series
    });
    if (chart) linkKey(chart, document.getElementById("wedges-key"));
  }

  function linkKey(chart, key) {
    if (!key) return;
    var rows = Array.prototype.slice.call(key.querySelectorAll("tr[data-series]"));
    rows.forEach(function (row) {
      var name = row.getAttribute("data-series");
      row.addEventListener("mouseenter", function () { chart.dispatchAction({ type: "highlight", seriesName: name }); row.classList.add("lit"); });
      row.addEventListener("mouseleave", function () { chart.dispatchAction({ type: "downplay", seriesName: name }); row.classList.remove("lit"); });
    });
    function light(name, on) {
      rows.forEach(function (row) { if (row.getAttribute("data-series") === name) row.classList.toggle("lit", on); });
    }
    chart.on("mouseover", function (e) { if (e.seriesName != null) light(e.seriesName, true); });
    chart.on("mouseout", function (e) { if (e.seriesName != null) light(e.seriesName, false); });
  }

  // Percentile bands as stacked areas: an invisible floor at the lowest percentile, then the band
  // widths; the median as a line. The floor carries its band's name, so that a legend never lists it
  // (ECharts draws one item per name, from the first series of that name, and toggles both together):
  // the narrow-screen fit (web/chart-fit.js) changes the legend's type, and ECharts rebuilds a legend
  // whose type changes without its `data` list, which then lists every series name. Each series sets
  // its itemStyle colour, which is what its legend item is drawn in (otherwise the palette's colours).
  var FAN = "#1f7a4d", CENTRAL = "#1d2a24";
  function fan() {
    var d = data("roadmap-fan");
    if (!d) return;
    var bands = d.bands;  // [{name, low: [...], high: [...]}] outermost first
    var series = [], legend = [];
    bands.forEach(function (b, i) {
      var stack = "band" + i, opacity = 0.18 + 0.17 * i;
      series.push({ name: b.name, type: "line", stack: stack, symbol: "none", data: b.low,
                    itemStyle: { color: FAN, opacity: opacity }, lineStyle: { opacity: 0 }, areaStyle: { opacity: 0 },
                    tooltip: { show: false } });
      series.push({ name: b.name, type: "line", stack: stack, symbol: "none", lineStyle: { opacity: 0 },
                    data: b.high.map(function (h, j) { return h == null || b.low[j] == null ? null : h - b.low[j]; }),
                    itemStyle: { color: FAN, opacity: opacity }, areaStyle: { color: FAN, opacity: opacity } });
      legend.push({ name: b.name, icon: "rect", itemStyle: { color: FAN, opacity: opacity } });
    });
    series.push({ name: d.median_name, type: "line", symbol: "none", data: d.median,
                  itemStyle: { color: FAN }, lineStyle: { color: FAN, width: 3 } });
    legend.push({ name: d.median_name, itemStyle: { color: FAN } });
    if (d.central) {
      series.push({ name: d.central_name, type: "line", symbol: "none", data: d.central,
                    itemStyle: { color: CENTRAL }, lineStyle: { color: CENTRAL, type: "dashed" } });
      legend.push({ name: d.central_name, itemStyle: { color: CENTRAL } });
    }
    draw("roadmap-fan", {
      tooltip: { trigger: "axis", confine: true, valueFormatter: fmt },
      legend: { top: 0, data: legend },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", boundaryGap: false, data: d.years.map(String) },
      yAxis: { type: "value", name: d.unit, scale: true, axisLabel: { formatter: fmt } }, series: series
    });
  }

  // The tornado's input names. A row gets the height its (wrapped) name needs, the chart the height of its rows:
  // a fixed 460 px squeezed twelve three-line names on a phone until they touched. A name longer than the
  // lines allowed is cut with "…"; the tooltip, which shows the axis value, gives it whole.
  // The label's width and font follow web/chart-fit.js: below NARROW px a third of the box at 10 px, else ours.
  var NARROW = 560;
  var LINE = 14;  // the names' line height (ECharts' own is the font size: wrapped lines touched)
  var measure = null;
  function labelLayout(el) {
    var width = el.clientWidth || 800, narrow = width < NARROW;
    return narrow ? { width: Math.round(width / 3), font: 10, lines: 3, top: 72, bottom: 44 }
                  : { width: 220, font: 12, lines: 2, top: 40, bottom: 44 };
  }
  // The lines ECharts wraps `text` into: character by character for Chinese ("breakAll"), else at spaces
  // (a word wider than the line is broken too, as zrender does).
  function wrap(text, layout) {
    if (!measure) measure = document.createElement("canvas").getContext("2d");
    var room = layout.width - 2, w = function (t) { return measure ? measure.measureText(t).width : t.length * layout.font; };
    if (measure) measure.font = layout.font + "px sans-serif";
    var parts = CJK.test(text) ? text.split("") : text.split(/(?=\s)/);
    var lines = [], line = "";
    parts.forEach(function (part) {
      if (line && w(line + part) > room) { lines.push(line); line = part.replace(/^\s+/, ""); }
      else line += part;
      while (w(line) > room && line.length > 1) {  // one word wider than the line
        var cut = line.length - 1;
        while (cut > 1 && w(line.slice(0, cut)) > room) cut -= 1;
        lines.push(line.slice(0, cut)); line = line.slice(cut);
      }
    });
    if (line) lines.push(line);
    return lines;
  }
  // A measure's input is named "<measure>: <what>" (…：落实程度, …: delivery): the cut goes into the measure's
  // name, so that what the input is stays readable.
  function shortName(text, layout) {
    if (wrap(text, layout).length <= layout.lines) return text;
    var at = Math.max(text.lastIndexOf("："), text.lastIndexOf(": "));
    var head = at > 0 ? text.slice(0, at) : text, tail = at > 0 ? text.slice(at) : "";
    var cut = head.length - 1;
    var shorter = function () { return head.slice(0, cut).replace(/\s+$/, "") + "…" + tail; };
    while (cut > 1 && wrap(shorter(), layout).length > layout.lines) cut -= 1;
    return shorter();
  }
  function tornadoHeight(el, labels) {
    var layout = labelLayout(el), used = 1;
    labels.forEach(function (l) { used = Math.max(used, Math.min(wrap(l, layout).length, layout.lines)); });
    var row = used * LINE + 14;
    return layout.top + layout.bottom + labels.length * row;
  }

  function tornado() {
    var d = data("roadmap-tornado");
    var el = document.getElementById("roadmap-tornado");
    if (!d || !el) return;
    el.style.height = tornadoHeight(el, d.labels) + "px";
    var cjk = d.labels.some(function (l) { return CJK.test(l); });
    var chart = draw("roadmap-tornado", {
      color: ["#4a78b5", "#e08a00"],
      tooltip: { trigger: "axis", confine: true, axisPointer: { type: "shadow" }, valueFormatter: change }, legend: { top: 0 },
      // The unit sits under the axis (containLabel leaves out an axis name, so the grid keeps room for it);
      // long input names wrap rather than push the bars out of the box, and a wrapped Chinese line may run a
      // character past its width (a closing bracket stays on its line), hence the room on the left.
      grid: { left: 32, right: 24, top: 40, bottom: 44, containLabel: true },
      xAxis: { type: "value", name: d.unit, nameLocation: "middle", nameGap: 28, axisLabel: { formatter: change } },
      yAxis: { type: "category", inverse: true, data: d.labels,
               axisLabel: { width: 220, fontSize: 12, lineHeight: LINE, overflow: cjk ? "breakAll" : "break",
                            formatter: function (name) { return shortName(name, labelLayout(el)); } } },
      series: [
        { name: d.low_name, type: "bar", stack: "t", data: d.low },
        { name: d.high_name, type: "bar", stack: "t", data: d.high }
      ]
    });
    // A phone turned, a window resized across NARROW: the rows' height follows (chart-fit resizes the chart).
    if (chart) window.addEventListener("resize", function () {
      var height = tornadoHeight(el, d.labels) + "px";
      if (el.style.height !== height) el.style.height = height;
    });
  }

  document.addEventListener("DOMContentLoaded", function () { pathways(); wedges(); fan(); tornado(); });
})();
