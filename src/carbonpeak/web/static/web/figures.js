// Figures for people in charts: the rules of common/figures.py (the page's layer), for ECharts tooltips
// and axis labels. tests/common/test_figures.py runs this file under node against the Python layer on one
// table of cases, so a chart never writes a figure otherwise than the page beside it.
//   CarbonPeakFigures.format(12345.6, "energy", {unit: "tce"})  → "1.235万 tce" (zh) / "12,346 tce" (en)
//   options: lang ("zh" / "en", default: the page's <html lang>), unit, compact (default true), signed
(function (root) {
  "use strict";
  var MINUS = "\u2212", NOTHING = "—", TINY = 1e-6, COMPACT = 4;
  var RULES = {
    count: { decimals: 0, scaled: true }, money: { significant: 4, scaled: true },
    energy: { significant: 4, scaled: true }, co2: { significant: 4, scaled: true },
    quantity: { significant: 4, scaled: true }, intensity: { significant: 4 }, ratio: { decimals: 2 },
    share: { decimals: 1, hundred: true }, percent: { decimals: 1 },
    change: { decimals: 1, hundred: true, signed: true }, points: { decimals: 1, signed: true },
    year: { decimals: 0, plain: true }
  };
  var PERCENT = { share: true, percent: true, change: true };
  var ZH = [[1e12, "万亿"], [1e8, "亿"], [1e4, "万"]];
  var EN = [[1e12, " trillion"], [1e9, " billion"], [1e6, " million"]];
  var SCALED_UNIT = ["万", "亿", "10⁴", "10^4", "10000", "million", "billion"];
  var SUPER = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

  function english(lang) {
    if (!lang) lang = (root.document && root.document.documentElement.lang) || "zh";
    return String(lang).toLowerCase().indexOf("en") === 0;
  }
  // toFixed rounds the exact binary value, half away from zero: as the Python layer does (ROUND_HALF_UP).
  function fixed(size, decimals) { return size.toFixed(decimals); }
  function significant(size, digits) {
    var magnitude = Math.floor(Math.log10(size));
    var decimals = Math.max(0, digits - 1 - magnitude);
    var text = fixed(size, decimals);
    if (decimals && Number(text) >= Math.pow(10, magnitude + 1)) text = fixed(size, decimals - 1);
    return text;
  }
  function separate(text) {
    var parts = text.split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }
  function strip(text) { return text.indexOf(".") >= 0 ? text.replace(/0+$/, "").replace(/\.$/, "") : text; }
  function power(size, digits) {
    var exponent = Math.floor(Math.log10(size));
    var mantissa = significant(size / Math.pow(10, exponent), digits);
    if (mantissa.indexOf("10") === 0) { exponent += 1; mantissa = significant(size / Math.pow(10, exponent), digits); }
    return strip(mantissa) + "×10" + String(exponent).replace(/./g, function (c) { return SUPER[c]; });
  }
  function digits(size, rule, separators) {
    var text;
    if (rule.decimals !== undefined) text = fixed(size, rule.decimals);
    else if (size === 0) return "0";
    else if (size < TINY) return power(size, rule.significant || COMPACT);
    else text = strip(significant(size, rule.significant || COMPACT));
    return separators ? separate(text) : text;
  }
  // The largest scale a number reaches once rounded to the compact digits ([1, ""]: none).
  function magnitude(number, en) {
    var size = Math.abs(number);
    if (size) {
      var step = Math.pow(10, Math.floor(Math.log10(size)) - COMPACT + 1);
      size = Math.round(size / step) * step;
    }
    var scales = en ? EN : ZH;
    for (var i = 0; i < scales.length; i++) if (size >= scales[i][0]) return scales[i];
    return [1, ""];
  }
  function scale(number, en) {
    var m = magnitude(number, en);
    return [number / m[0], m[1]];
  }
  function isCjk(c) { return (c >= "\u3400" && c <= "\u9fff") || (c >= "\uff00" && c <= "\uffef"); }
  function joinUnit(figure, unit) {
    if (!unit) return figure;
    var last = figure.charAt(figure.length - 1);
    var tight = "%‰°".indexOf(unit.charAt(0)) >= 0 || (isCjk(unit.charAt(0)) && !/[A-Za-z]/.test(last));
    return tight ? figure + unit : figure + " " + unit;
  }
  function format(value, kind, options) {
    options = options || {};
    var rule = RULES[kind];
    if (!rule) throw new Error("unknown figure kind: " + kind);
    if (value === null || value === undefined || value === "" || typeof value === "boolean") return NOTHING;
    var number = typeof value === "string" ? Number(value.replace(/,/g, "")) : Number(value);
    if (!isFinite(number)) return NOTHING;
    var en = english(options.lang), unit = options.unit || "";
    if (rule.hundred) number *= 100;
    var suffix = "", digitsRule = rule;
    var scaledUnit = SCALED_UNIT.some(function (m) { return unit.indexOf(m) >= 0; });
    if (options.compact !== false && rule.scaled && !scaledUnit) {
      var s = scale(number, en);
      number = s[0]; suffix = s[1];
      if (suffix) digitsRule = { significant: COMPACT };
    }
    var text = digits(Math.abs(number), digitsRule, !rule.plain);
    if (PERCENT[kind] && Math.abs(number) < 10) {  // 0.99%, never "1.0%" beside a ≥ 1% target
      text = digits(Math.abs(number), { decimals: 2 }, true);
      if (text.charAt(text.length - 1) === "0") text = text.slice(0, -1);
    }
    if (PERCENT[kind] && number !== 0 && !/[1-9]/.test(text)) text = digits(Math.abs(number), { significant: 2 }, true);
    var nonzero = /[1-9]/.test(text);
    var plus = options.signed === undefined ? rule.signed : options.signed;
    var sign = number < 0 && nonzero ? MINUS : (plus && number > 0 && nonzero ? "+" : "");
    var body = sign + text + suffix;
    if (PERCENT[kind]) body += "%";
    else if (kind === "points") body += en ? " pp" : "个百分点";
    return joinUnit(body, unit);
  }
  // An axis writes all its ticks in one notation: the scale (万 / million) is chosen once, from the axis' largest
  // absolute value `max`, not tick by tick (never "1.8万 … 9,000" on one axis), and a negative tick has the
  // real minus as the values beside it. Other kinds (shares, ratios) are written as format() writes them.
  //   CarbonPeakFigures.axis("quantity", {max: 18000})(9000) → "0.9万" (zh) / "9,000" (en)
  function axis(kind, options) {
    options = options || {};
    var rule = RULES[kind];
    if (!rule) throw new Error("unknown figure kind: " + kind);
    var unit = options.unit || "";
    var scaledUnit = SCALED_UNIT.some(function (m) { return unit.indexOf(m) >= 0; });
    var top = Math.abs(Number(options.max)) || 0;
    var chosen = rule.scaled && !scaledUnit && options.compact !== false ? magnitude(top, english(options.lang)) : [1, ""];
    var divisor = chosen[0], suffix = chosen[1];
    return function (value) {
      if (!suffix) return format(value, kind, { lang: options.lang, compact: false });
      var number = Number(value);
      if (value === null || value === undefined || !isFinite(number)) return NOTHING;
      var text = digits(Math.abs(number / divisor), { significant: COMPACT }, true);
      if (!/[1-9]/.test(text)) return "0";
      return (number < 0 ? MINUS : "") + text + suffix;
    };
  }
  root.CarbonPeakFigures = { format: format, axis: axis };
  if (typeof module !== "undefined" && module.exports) module.exports = root.CarbonPeakFigures;
})(typeof window !== "undefined" ? window : globalThis);
