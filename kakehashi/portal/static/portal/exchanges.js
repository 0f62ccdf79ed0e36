/* Researcher exchanges: stacked bars of the number of exchanges by fiscal year, drawn from
   the table in the figure (its text alternative). portal.js draws yen amounts; these are
   counts, so they have their own small drawer. No inline script: CSP allows only 'self'. */
(function () {
  "use strict";
  var palette = ["#1f5f8b", "#d9822b", "#3c8d5a"];

  function count(value) {
    return (Number(value) || 0).toLocaleString(document.documentElement.lang || "ja");
  }

  function draw(figure) {
    var table = figure.querySelector("table");
    var canvas = figure.querySelector(".chart-canvas");
    if (!table || !canvas) return;
    var stacked = Array.prototype.slice.call(table.querySelectorAll("thead th[data-series]"));
    var columns = stacked.map(function (th) { return th.cellIndex; });
    var labels = [];
    var series = stacked.map(function () { return []; });
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      labels.push(tr.cells[0].textContent.trim());
      columns.forEach(function (column, i) {
        series[i].push(Number(tr.cells[column].getAttribute("data-value")) || 0);
      });
    });
    figure.classList.add("chart-ready");
    var chart = window.echarts.init(canvas, null, { renderer: "svg" });
    chart.setOption({
      color: palette,
      aria: { enabled: false },
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: count },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", minInterval: 1, axisLabel: { formatter: count } },
      series: stacked.map(function (th, i) {
        return { name: th.textContent.trim(), type: "bar", stack: "total", data: series[i] };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.echarts) return;
    document.querySelectorAll("figure[data-count-chart]").forEach(function (figure) {
      try {
        draw(figure);
      } catch (error) {
        figure.classList.add("chart-failed");
      }
    });
  });
})();
