// The integrity overview's charts (Apache ECharts, vendored). Data comes from the page's JSON script.
document.addEventListener("DOMContentLoaded", function () {
  var data = JSON.parse(document.getElementById("integrity-charts").textContent);
  var font = { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" };
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return;
    var c = echarts.init(el);
    var empty = option.empty;
    delete option.empty;
    option.textStyle = font;
    c.setOption(option);
    if (empty) c.setOption({ title: { text: empty, left: "center", top: "middle", textStyle: { color: "#888", fontSize: 13, fontWeight: "normal" } } });
    window.addEventListener("resize", function () { c.resize(); });
  }
  var zoom = data.months.length > 12 ? [{ type: "slider", height: 16, bottom: 4 }] : [];
  chart("chart-signals", {
    tooltip: { trigger: "axis" }, legend: { type: "scroll", top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: zoom.length ? 56 : 30 },
    xAxis: { type: "category", data: data.months }, yAxis: { type: "value", minInterval: 1 },
    dataZoom: zoom, empty: data.signals.length ? "" : "暂无风险分 0.50 及以上的线索",
    series: data.signals.map(function (s) { return { name: s.name, type: "bar", stack: "signals", data: s.data, barMaxWidth: 48 }; })
  });
  var top = data.top_institutions;
  chart("chart-top-institutions", {
    tooltip: { trigger: "axis" }, grid: { left: 8, right: 24, top: 10, bottom: 20, containLabel: true },
    yAxis: { type: "category", data: top.names.slice().reverse(), axisLabel: { width: 150, overflow: "truncate" } },
    xAxis: { type: "value", minInterval: 1 }, empty: top.names.length ? "" : "暂无待处理的线索",
    series: [{ name: "待处理线索", type: "bar", data: top.open_flagged.slice().reverse(), itemStyle: { color: "#c0392b" } }]
  });
  chart("chart-institutions", {
    tooltip: { trigger: "axis" }, legend: { type: "scroll", top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: zoom.length ? 56 : 30 },
    xAxis: { type: "category", data: data.months }, yAxis: { type: "value", minInterval: 1 },
    dataZoom: zoom, empty: data.institutions.length ? "" : "暂无涉及培训机构的线索",
    series: data.institutions.map(function (s) { return { name: s.name, type: "line", data: s.data }; })
  });
});
