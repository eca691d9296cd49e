// The what-if comparison's bar charts (Apache ECharts, vendored). Data comes from the page's JSON script.
document.addEventListener("DOMContentLoaded", function () {
  var data = JSON.parse(document.getElementById("charts-data").textContent);
  var font = { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" };
  function num(list) { return list.map(function (v) { return v === null ? null : Number(v); }); }
  function short(name) { return name.length > 9 ? name.slice(0, 8) + "…" : name; }
  function chart(id, names, series, unit) {
    var el = document.getElementById(id);
    if (!el) return;
    var c = echarts.init(el);
    c.setOption({
      textStyle: font, tooltip: { trigger: "axis" }, legend: {},
      grid: { left: 70, right: 20, bottom: 80 },
      xAxis: { type: "category", data: names, axisLabel: { rotate: 35, formatter: short } },
      yAxis: { type: "value", name: unit, max: unit === "%" ? function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); } : null },
      series: series
    });
    window.addEventListener("resize", function () { c.resize(); });
  }
  var d = data.departments;
  chart("chart-departments", d.names, [
    { name: "现行已占用", type: "bar", data: num(d.today), itemStyle: { color: "#1f4e79" },
      markLine: { symbol: "none", data: [{ yAxis: 100, name: "预算" }], label: { formatter: "预算 100%" }, lineStyle: { color: "#c00000" } } },
    { name: "草案已占用", type: "bar", data: num(d.draft), itemStyle: { color: "#c55a11" } }
  ], "%");
  var s = data.schemes;
  chart("chart-schemes", s.names, [
    { name: "现行", type: "bar", data: num(s.today), itemStyle: { color: "#1f4e79" } },
    { name: "草案", type: "bar", data: num(s.draft), itemStyle: { color: "#c55a11" } }
  ], "元");
});
