// The demand board's heatmap (Apache ECharts, vendored): occupations × towns, people waiting. Data from the page's JSON script.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("chart-demand");
  var source = document.getElementById("demand-chart");
  if (!el || !source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var c = echarts.init(el);
  c.setOption({
    textStyle: { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" },
    tooltip: { position: "top", formatter: function (p) { return data.y[p.value[1]] + " · " + data.x[p.value[0]] + "：" + p.value[2] + " 人等待"; } },
    grid: { left: 90, right: 16, top: 16, bottom: 70 },
    xAxis: { type: "category", data: data.x, axisLabel: { rotate: 45, interval: 0 } },
    yAxis: { type: "category", data: data.y },
    visualMap: { min: 0, max: Math.max(data.max, 1), calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 80 },
    series: [{ type: "heatmap", data: data.data, label: { show: true } }]
  });
  if (!data.data.length) c.setOption({ title: { text: "暂无培训需求", left: "center", top: "middle", textStyle: { color: "#888", fontSize: 13, fontWeight: "normal" } } });
  window.addEventListener("resize", function () { c.resize(); });
});
