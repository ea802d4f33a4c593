// Charts of the web shell, drawn with Apache ECharts served from our own static files.
(function () {
  "use strict";
  function tasksByAction() {
    var el = document.getElementById("tasks-by-action");
    var dataEl = document.getElementById("tasks-by-action-data");
    if (!el || !dataEl || !window.echarts) return;
    var data = JSON.parse(dataEl.textContent);
    var chart = window.echarts.init(el);
    chart.setOption({
      color: ["#1f7a4d", "#e0a100"],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.categories },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "tasks", data: s.data, label: { show: true, formatter: function (p) { return p.value ? p.value : ""; } } };
      })
    });
    el.setAttribute("data-rendered", "true");
    if (window.CarbonPeakCharts) window.CarbonPeakCharts.follow(chart, el); else window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", tasksByAction);
})();
