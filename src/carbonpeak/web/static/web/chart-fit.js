// Every ECharts chart follows the size of its box and fits a phone (loaded by base.html, so before the
// rooms' chart scripts; a static file, never an inline script, for the Content Security Policy).
// A room's script calls CarbonPeakCharts.follow(chart, el) right after its setOption.
//   - The chart is resized whenever its box changes size (a window resize, a phone turned, the
//     navigation opening above it), not only on window resize.
//   - In a box narrower than NARROW px the legends wrap onto as many lines as they need within the box
//     (a scrolling legend cut "Off track" to "Off trac" and paged the Chinese one, hiding 无数据 and 数据过期),
//     axis labels are smaller and drop the ones that would overlap, and long category names (the
//     actions, the departments) wrap inside a third of the width instead of squeezing the bars away
//     ("breakAll" for Chinese names, which have no spaces for "break" to wrap at).
//     The plot starts low enough that the units above it clear the legend's lines.
//     When the box grows wide again the chart's own settings come back.
(function () {
  "use strict";
  var NARROW = 560;
  var LEGEND_FONT = 11, LEGEND_ICON = 14, LEGEND_GAP = 6, LEGEND_ROW = 20;  // a row: the 14 px icon + the gap
  var CJK = /[\u3400-\u9fff]/;
  var measure = null;

  function textWidth(text) {
    if (!measure) measure = document.createElement("canvas").getContext("2d");
    if (!measure) return String(text).length * LEGEND_FONT;
    measure.font = LEGEND_FONT + "px sans-serif";  // ECharts' default family
    return measure.measureText(String(text)).width;
  }

  // The names a legend shows: its own data, else the series' names (a pie's: its slices').
  function legendNames(legend, option) {
    var names = list(legend.data).map(function (d) { return d && typeof d === "object" ? d.name : d; });
    if (names.length) return names;
    list(option.series).forEach(function (s) {
      if (s.type === "pie") list(s.data).forEach(function (d) { names.push(d && typeof d === "object" ? d.name : d); });
      else if (s.name != null) names.push(s.name);
    });
    return names;
  }

  // How many lines a plain horizontal legend of these names takes in `room` px (ECharts wraps it the same way:
  // icon, 5 px, the text, then the gap before the next item).
  function legendLines(names, room) {
    var lines = 1, x = 0;
    names.forEach(function (name) {
      var w = LEGEND_ICON + 5 + textWidth(name);
      if (x > 0 && x + w > room) { lines += 1; x = 0; }
      x += w + LEGEND_GAP;
    });
    return lines;
  }

  function list(value) { return value ? (Array.isArray(value) ? value : [value]) : []; }

  // The chart's own (wide) settings of what fit() changes, kept to put back.
  function remember(option) {
    var saved = { legend: [], xAxis: [], yAxis: [], grid: [] };
    list(option.grid).forEach(function (g) { saved.grid.push({ top: g.top }); });
    list(option.legend).forEach(function (l) {
      saved.legend.push({ type: l.type, width: l.width != null ? l.width : "auto", left: l.left != null ? l.left : "center", itemWidth: l.itemWidth, itemGap: l.itemGap,
                          textStyle: { fontSize: (l.textStyle || {}).fontSize } });
    });
    ["xAxis", "yAxis"].forEach(function (key) {
      list(option[key]).forEach(function (a) {
        var label = a.axisLabel || {};
        saved[key].push({ axisLabel: { hideOverlap: label.hideOverlap, fontSize: label.fontSize, width: label.width,
                                       overflow: label.overflow }, nameTextStyle: { fontSize: (a.nameTextStyle || {}).fontSize } });
      });
    });
    return saved;
  }

  function fit(chart, el, state) {
    var width = el.clientWidth;
    if (!width) return;  // a hidden box: decide when it is shown
    var narrow = width < NARROW;
    if (narrow === state.narrow && (!narrow || width === state.width)) return;  // narrow: the lines follow the width
    state.narrow = narrow;
    state.width = width;
    var option = chart.getOption();
    if (!state.saved) state.saved = remember(option);
    var patch = {};
    var room = Math.max(width - 16, 80), lines = 1;  // the legend's padding, 5 px a side, and a little air
    if (list(option.legend).length) {
      patch.legend = list(option.legend).map(function (l, i) {
        if (!narrow) return state.saved.legend[i];
        lines = Math.max(lines, legendLines(legendNames(l, option), room));
        return { type: "plain", left: 0, width: room, itemWidth: LEGEND_ICON, itemGap: LEGEND_GAP,
                 textStyle: { fontSize: LEGEND_FONT } };
      });
    }
    // The legend's lines and the axis names (units) above the plot need room below the legend.
    if (list(option.legend).length && list(option.grid).length) {
      patch.grid = list(option.grid).map(function (g, i) {
        var top = state.saved.grid[i].top;
        return narrow && typeof top === "number" && top > 0 ? { top: Math.max(top, 52) + (lines - 1) * LEGEND_ROW }
          : { top: top };
      });
    }
    ["xAxis", "yAxis"].forEach(function (key) {
      if (!list(option[key]).length) return;
      patch[key] = list(option[key]).map(function (a, i) {
        if (!narrow) return state.saved[key][i];
        var label = { hideOverlap: true, fontSize: 10 };
        if (key === "yAxis" && a.type === "category") {
          label.width = Math.round(width / 3);
          label.overflow = list(a.data).some(function (d) { return CJK.test(d && typeof d === "object" ? d.value : d); })
            ? "breakAll" : "break";
        }
        return { axisLabel: label, nameTextStyle: { fontSize: 10 } };
      });
    });
    chart.setOption(patch);
  }

  function follow(chart, el) {
    var state = { narrow: null, saved: null };
    fit(chart, el, state);
    var again = function () {
      if (chart.isDisposed()) return;
      chart.resize();
      fit(chart, el, state);
    };
    if (window.ResizeObserver) new window.ResizeObserver(again).observe(el);
    else window.addEventListener("resize", again);
  }

  window.CarbonPeakCharts = { follow: follow };
})();
