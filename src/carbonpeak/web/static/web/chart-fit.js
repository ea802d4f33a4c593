// Every ECharts chart follows the size of its box and fits a phone (loaded by base.html, so before the
// rooms' chart scripts; a static file, never an inline script, for the Content Security Policy).
// A room's script calls CarbonPeakCharts.follow(chart, el) right after its setOption.
//   - The chart is resized whenever its box changes size (a window resize, a phone turned, the
//     navigation opening above it), not only on window resize.
//   - In a box narrower than NARROW px the legends scroll on one line instead of wrapping into the plot,
//     axis labels are smaller and drop the ones that would overlap, and long category names (the
//     actions, the departments) wrap inside a third of the width instead of squeezing the bars away.
//     The plot starts low enough that the units above it clear the legend.
//     When the box grows wide again the chart's own settings come back.
(function () {
  "use strict";
  var NARROW = 560;

  function list(value) { return value ? (Array.isArray(value) ? value : [value]) : []; }

  // The chart's own (wide) settings of what fit() changes, kept to put back.
  function remember(option) {
    var saved = { legend: [], xAxis: [], yAxis: [], grid: [] };
    list(option.grid).forEach(function (g) { saved.grid.push({ top: g.top }); });
    list(option.legend).forEach(function (l) {
      saved.legend.push({ type: l.type, itemWidth: l.itemWidth, itemGap: l.itemGap,
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
    if (narrow === state.narrow) return;
    state.narrow = narrow;
    var option = chart.getOption();
    if (!state.saved) state.saved = remember(option);
    var patch = {};
    if (list(option.legend).length) {
      patch.legend = list(option.legend).map(function (l, i) {
        return narrow ? { type: "scroll", itemWidth: 14, itemGap: 6, textStyle: { fontSize: 11 } } : state.saved.legend[i];
      });
    }
    // A scrolling legend is one line; the axis names (units) above the plot need room below it.
    if (list(option.legend).length && list(option.grid).length) {
      patch.grid = list(option.grid).map(function (g, i) {
        var top = state.saved.grid[i].top;
        return narrow && typeof top === "number" && top > 0 ? { top: Math.max(top, 52) } : { top: top };
      });
    }
    ["xAxis", "yAxis"].forEach(function (key) {
      if (!list(option[key]).length) return;
      patch[key] = list(option[key]).map(function (a, i) {
        if (!narrow) return state.saved[key][i];
        var label = { hideOverlap: true, fontSize: 10 };
        if (key === "yAxis" && a.type === "category") { label.width = Math.round(width / 3); label.overflow = "break"; }
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
