// The district dashboard's charts (Apache ECharts, vendored). Data comes from the page's JSON script.
document.addEventListener("DOMContentLoaded", function () {
  var data = JSON.parse(document.getElementById("charts-data").textContent);
  var font = { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" };
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var c = echarts.init(el);
    option.textStyle = font;
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
  }
  var g = data.gauge;
  chart("chart-gauge", {
    series: [{
      // The value, its percentage and the target sit inside the dial, one under the other, clear of the
      // scale labels and of each other at any card width (issue 12: the labels overlapped).
      type: "gauge", min: 0, max: Math.max(g.target, g.value), progress: { show: true, width: 12 },
      center: ["50%", "55%"], radius: "85%", axisLine: { lineStyle: { width: 12 } }, splitNumber: 4,
      axisTick: { show: false }, splitLine: { length: 8, distance: 2 }, pointer: { show: false },
      axisLabel: { distance: 16, fontSize: 10, formatter: function (v) { return v >= 10000 ? (v / 10000) + "万" : v; } },
      detail: { valueAnimation: false, formatter: function (v) { return "{v|" + v + " 人次}\n{p|" + (100 * v / g.target).toFixed(1) + "%}"; },
        rich: { v: { fontSize: 15, fontWeight: "bold", lineHeight: 22 }, p: { fontSize: 13, color: "#555", lineHeight: 18 } },
        offsetCenter: [0, "0%"] },
      title: { offsetCenter: [0, "55%"], fontSize: 12, color: "#777" },
      data: [{ value: g.value, name: "目标 " + g.target + " 人次" }]
    }]
  });
  chart("chart-trend", {
    tooltip: { trigger: "axis" }, legend: { data: ["当月补贴人次", "累计"] },
    grid: { left: 50, right: 60, bottom: 30 },
    xAxis: { type: "category", data: data.trend.months },
    yAxis: [{ type: "value", name: "当月" }, { type: "value", name: "累计" }],
    series: [
      { name: "当月补贴人次", type: "bar", data: data.trend.monthly },
      { name: "累计", type: "line", yAxisIndex: 1, data: data.trend.cumulative, smooth: true,
        markLine: { data: [{ yAxis: g.target, name: "目标" }], label: { formatter: "目标 {c}" } } }
    ]
  });
  chart("chart-departments", {
    tooltip: { trigger: "axis" }, grid: { left: 50, right: 20, bottom: 70 },
    xAxis: { type: "category", data: data.departments.names, axisLabel: { rotate: 35 } },
    yAxis: { type: "value" },
    series: [{ name: "补贴人次", type: "bar", data: data.departments.person_times, itemStyle: { color: "#1f4e79" } }]
  });
  chart("chart-years", {
    tooltip: { trigger: "axis" }, grid: { left: 50, right: 20, bottom: 30 },
    xAxis: { type: "category", data: data.years.map(function (y) { return y.year + "年"; }) },
    yAxis: { type: "value" },
    series: [
      { name: "补贴人次", type: "bar", data: data.years.map(function (y) { return y.person_times; }) },
      { name: "高技能", type: "bar", data: data.years.map(function (y) { return y.high_skill; }) }
    ], legend: {}
  });
  chart("chart-schemes", {
    tooltip: { trigger: "item" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.schemes.slice(0, 10), label: { fontSize: 11 } }]
  });
  chart("chart-groups", {
    tooltip: { trigger: "axis" }, grid: { left: 130, right: 20, bottom: 20 },
    yAxis: { type: "category", data: data.groups.map(function (x) { return x.name; }).reverse() },
    xAxis: { type: "value" },
    series: [{ type: "bar", data: data.groups.map(function (x) { return x.value; }).reverse(), itemStyle: { color: "#2e8b57" } }]
  });
  chart("chart-budget", {
    tooltip: { trigger: "axis" }, legend: { data: ["预算", "已占用", "核定金额"] }, grid: { left: 80, right: 20, bottom: 70 },
    xAxis: { type: "category", data: data.departments.names, axisLabel: { rotate: 35 } },
    yAxis: { type: "value" },
    series: [
      { name: "预算", type: "bar", data: data.departments.budget, itemStyle: { color: "#9ec5fe" } },
      { name: "已占用", type: "bar", data: data.departments.reserved, itemStyle: { color: "#f0ad4e" } },
      { name: "核定金额", type: "bar", data: data.departments.approved, itemStyle: { color: "#d9534f" } }
    ]
  });
});
