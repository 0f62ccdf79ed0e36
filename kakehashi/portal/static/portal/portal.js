/* Kakehashi public portal: charts and map drawn from the tables on the page (their text
   alternative), and small conveniences. No inline script or style: CSP allows only 'self'. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "ja";
  var ja = lang.indexOf("ja") === 0;
  var palette = ["#1f5f8b", "#d9822b", "#3c8d5a"];

  function yen(value) {
    var n = Number(value) || 0;
    if (ja) {
      if (n >= 1e12) return (n / 1e12).toLocaleString("ja", { maximumFractionDigits: 2 }) + "兆円";
      if (n >= 1e8) return (n / 1e8).toLocaleString("ja", { maximumFractionDigits: 1 }) + "億円";
      if (n >= 1e4) return (n / 1e4).toLocaleString("ja", { maximumFractionDigits: 0 }) + "万円";
      return n.toLocaleString("ja") + "円";
    }
    if (n >= 1e12) return "¥" + (n / 1e12).toLocaleString("en", { maximumFractionDigits: 2 }) + " trillion";
    if (n >= 1e9) return "¥" + (n / 1e9).toLocaleString("en", { maximumFractionDigits: 2 }) + " billion";
    if (n >= 1e6) return "¥" + (n / 1e6).toLocaleString("en", { maximumFractionDigits: 1 }) + " million";
    return "¥" + n.toLocaleString("en");
  }

  function tableOf(figure) {
    return figure.querySelector("table");
  }

  function drawBars(figure) {
    var table = tableOf(figure);
    var canvas = figure.querySelector(".chart-canvas");
    if (!table || !canvas) return;
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th")).slice(1);
    var names = heads.map(function (th) { return th.textContent.trim(); });
    var labels = [];
    var series = names.map(function () { return []; });
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      labels.push(tr.querySelector("th").textContent.trim());
      tr.querySelectorAll("td").forEach(function (td, i) {
        series[i].push(Number(td.getAttribute("data-value")) || 0);
      });
    });
    figure.classList.add("chart-ready");  // gives the canvas its height before drawing
    var chart = window.echarts.init(canvas, null, { renderer: "svg" });
    chart.setOption({
      color: palette,
      aria: { enabled: false },
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: yen },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", axisLabel: { formatter: yen } },
      series: series.map(function (data, i) {
        return { name: names[i], type: "bar", data: data };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
    figure.classList.add("chart-ready");
  }

  function drawMap(figure) {
    var table = tableOf(figure);
    var canvas = figure.querySelector(".chart-canvas");
    var url = figure.getAttribute("data-geo");
    if (!table || !canvas || !url) return;
    var data = [];
    var links = {};
    var max = 1;
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var iso3 = tr.getAttribute("data-iso3");
      var cell = tr.querySelector("td");
      if (!iso3 || !cell) return;
      var value = Number(cell.getAttribute("data-value")) || 0;
      max = Math.max(max, value);
      data.push({ name: iso3, value: value, label: tr.querySelector("th").textContent.trim() });
      if (tr.getAttribute("data-href")) links[iso3] = tr.getAttribute("data-href");
    });
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (geo) {
        var names = {};
        geo.features.forEach(function (f) { names[f.properties.name] = ja ? f.properties.ja : f.properties.en; });
        window.echarts.registerMap("world", geo);
        figure.classList.add("chart-ready");
        var chart = window.echarts.init(canvas, null, { renderer: "svg" });
        chart.setOption({
          animation: false,
          tooltip: {
            trigger: "item",
            formatter: function (p) {
              var label = (p.data && p.data.label) || names[p.name] || p.name;
              var value = p.value > 0 ? p.value.toLocaleString(lang) : "0";
              return label + ": " + value;
            }
          },
          visualMap: {
            min: 0, max: max, left: 8, bottom: 8, calculable: false,
            text: [max.toLocaleString(lang), "0"],
            inRange: { color: ["#e3eef7", "#6fa3cc", "#17325c"] }
          },
          series: [{
            type: "map", map: "world", roam: true, name: figure.getAttribute("data-series") || "",
            emphasis: { label: { show: false }, itemStyle: { areaColor: "#d9822b" } },
            itemStyle: { areaColor: "#f1f1ee", borderColor: "#9aa3ad", borderWidth: 0.5 },
            data: data
          }]
        });
        chart.on("click", function (p) { if (links[p.name]) window.location.href = links[p.name]; });
        window.addEventListener("resize", function () { chart.resize(); });
        figure.classList.add("chart-ready");
      })
      .catch(function () { figure.classList.add("chart-failed"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.echarts) return;
    document.querySelectorAll("figure[data-chart]").forEach(function (figure) {
      try {
        if (figure.getAttribute("data-chart") === "map") drawMap(figure);
        else drawBars(figure);
      } catch (error) {
        figure.classList.add("chart-failed");
      }
    });
  });
})();
