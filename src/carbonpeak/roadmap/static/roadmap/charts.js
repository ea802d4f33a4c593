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
  }

  // 10⁴ t (the axis names the unit) as the page's tables write it: web/figures.js, the rules of common/figures.py.
  function fmt(v) { return window.CarbonPeakFigures.format(v, "co2", { compact: false }); }

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
      color: COLOURS, tooltip: { trigger: "axis", valueFormatter: fmt }, legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.years.map(String) },
      yAxis: { type: "value", name: d.unit, scale: true }, series: series
    });
  }

  // Stacked wedges: the scenario's emissions at the bottom, each measure's avoided emissions on top,
  // so that the stack reaches the baseline (drawn as a line).
  function wedges() {
    var d = data("roadmap-wedges");
    if (!d) return;
    var series = [{ name: d.scenario_name, type: "line", stack: "w", symbol: "none", data: d.scenario,
                    areaStyle: { color: "#dfe7e2" }, lineStyle: { color: "#1d2a24", width: 2 } }];
    d.measures.forEach(function (m, i) {
      series.push({ name: m.name, type: "line", stack: "w", symbol: "none", data: m.data, lineStyle: { width: 0 },
                    areaStyle: { color: COLOURS[(i + 2) % COLOURS.length], opacity: 0.85 }, color: COLOURS[(i + 2) % COLOURS.length] });
    });
    series.push({ name: d.baseline_name, type: "line", symbol: "none", data: d.baseline,
                  lineStyle: { type: "dashed", color: "#c0392b", width: 2 }, color: "#c0392b" });
    draw("roadmap-wedges", {
      tooltip: { trigger: "axis", valueFormatter: fmt }, legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", boundaryGap: false, data: d.years.map(String) },
      yAxis: { type: "value", name: d.unit, scale: true }, series: series
    });
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
      tooltip: { trigger: "axis", valueFormatter: fmt },
      legend: { top: 0, data: legend },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", boundaryGap: false, data: d.years.map(String) },
      yAxis: { type: "value", name: d.unit, scale: true }, series: series
    });
  }

  function tornado() {
    var d = data("roadmap-tornado");
    if (!d) return;
    draw("roadmap-tornado", {
      color: ["#4a78b5", "#e08a00"],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: fmt }, legend: { top: 0 },
      // The unit sits under the axis (containLabel leaves out an axis name, so the grid keeps room for it);
      // long input names wrap rather than push the bars out of the box, and a wrapped Chinese line may run a
      // character past its width (a closing bracket stays on its line), hence the room on the left.
      grid: { left: 32, right: 24, top: 40, bottom: 40, containLabel: true },
      xAxis: { type: "value", name: d.unit, nameLocation: "middle", nameGap: 28 },
      yAxis: { type: "category", inverse: true, data: d.labels, axisLabel: { width: 200, overflow: "breakAll" } },
      series: [
        { name: d.low_name, type: "bar", stack: "t", data: d.low },
        { name: d.high_name, type: "bar", stack: "t", data: d.high }
      ]
    });
  }

  document.addEventListener("DOMContentLoaded", function () { pathways(); wedges(); fan(); tornado(); });
})();
