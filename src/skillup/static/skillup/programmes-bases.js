// The public training bases' monthly utilisation (Apache ECharts, vendored). Data from the page's JSON script.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("chart-bases");
  var source = document.getElementById("bases-chart");
  if (!el || !source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var c = echarts.init(el);
  var zoom = data.months.length > 12 ? [{ type: "slider", height: 16, bottom: 4, startValue: data.months.length - 12 }] : [];
  c.setOption({
    textStyle: { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" },
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v.toFixed(1) + "%"; } },
    legend: { type: "scroll", top: 0 },
    grid: { left: 44, right: 16, top: 36, bottom: zoom.length ? 56 : 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    dataZoom: zoom,
    series: data.series.map(function (s) { return { name: s.name, type: "line", data: s.data, connectNulls: false, smooth: false }; })
  });
  if (!data.series.length) c.setOption({ title: { text: "暂无公共实训基地", left: "center", top: "middle", textStyle: { color: "#888", fontSize: 13, fontWeight: "normal" } } });
  window.addEventListener("resize", function () { c.resize(); });
});
