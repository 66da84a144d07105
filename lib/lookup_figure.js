// Front end of backprop.widgets.LookupFigure: sliders choose one of the frames the
// library computed in advance; the figure and the readout show that frame. No kernel needed.
//
// Panels are drawn for the width they get (side by side on a wide screen, one under the other
// on a phone, text always at the same size), in the colours of the page (light or dark), and
// their axes can follow the data of the frame shown.

const SVG = "http://www.w3.org/2000/svg";
const MARGIN = { left: 56, right: 14, top: 10, bottom: 40 };
const BARE = { left: 2, right: 2, top: 2, bottom: 2 };
const SLIDER_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);
const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

function svg(tag, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.appendChild(node);
  return node;
}

function html(tag, className, parent = null) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

// ---------- scales and ticks ----------

// Steps of 1, 2, 2.5 and 5 times a power of ten: the largest that gives at least `count`
// ticks inside [low, high] (at least three, so that an axis always shows its scale).
function linearTicks(low, high, count) {
  const span = high - low;
  if (!(span > 0)) return [[low, format(low, 1)]];
  const power = Math.pow(10, Math.floor(Math.log10(span)));
  const steps = [5, 2.5, 2, 1, 0.5, 0.25, 0.2, 0.1, 0.05].map((f) => f * power);
  const inside = (step) => Math.floor(high / step + 1e-9) - Math.ceil(low / step - 1e-9) + 1;
  const step = steps.find((s) => inside(s) >= Math.max(count, 3)) || steps[steps.length - 1];
  const ticks = [];
  for (let t = Math.ceil(low / step - 1e-9) * step; t <= high + step * 1e-9; t += step) {
    const value = Math.abs(t) < step * 1e-9 ? 0 : t;
    ticks.push([value, format(value, step)]);
  }
  return ticks;
}

// Log axes: one tick per power of ten, and 2 and 5 between them only when there is room.
function logTicks(low, high, count) {
  const first = Math.floor(Math.log10(low)), last = Math.ceil(Math.log10(high));
  const decades = last - first;
  const factors = decades * 3 <= count ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil(decades / Math.max(count, 1)));
  const ticks = [];
  for (let e = first; e <= last; e += 1) {
    if ((e - first) % every) continue;
    for (const f of factors) {
      const t = f * Math.pow(10, e);
      if (t >= low * (1 - 1e-9) && t <= high * (1 + 1e-9)) ticks.push([t, powerLabel(f, e)]);
    }
  }
  return ticks;
}

function powerLabel(factor, exponent) {
  const value = factor * Math.pow(10, exponent);
  if (exponent >= -3 && exponent <= 5) return format(value, Math.pow(10, Math.min(exponent, 0)));
  const power = "10" + String(exponent).replace(/./g, (c) => SUPERSCRIPT[c]);
  return factor === 1 ? power : `${factor}×${power}`;
}

// A tick label with as many decimals as the step between ticks needs, and a real minus sign.
function format(value, step) {
  const size = Math.abs(value);
  let text;
  if (value !== 0 && (size >= 1e6 || size < 1e-4)) text = value.toExponential(1);
  else if (size >= 1e3 && step >= 1) text = Math.round(value).toLocaleString("en-US");
  else {
    let decimals = 0;
    while (decimals < 8 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6) decimals += 1;
    text = value.toFixed(decimals);
  }
  return text.replace("-", "−");
}

function scale(kind, [d0, d1], [r0, r1]) {
  if (kind === "log") {
    const l0 = Math.log10(d0), l1 = Math.log10(d1);
    return (v) => r0 + ((Math.log10(v) - l0) / (l1 - l0)) * (r1 - r0);
  }
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

// ---------- the data a panel shows ----------

function extent(marks, axis) {
  let low = Infinity, high = -Infinity;
  const take = (v) => {
    if (v === null || v === undefined || !isFinite(v)) return;
    low = Math.min(low, v);
    high = Math.max(high, v);
  };
  for (const mark of marks) {
    if (mark.type === "line" || mark.type === "bars") mark[axis].forEach(take);
    else if (mark.type === "point") take(mark[axis]);
    else if (mark.type === "image") {
      take(mark[axis]);
      take(mark[axis] + (axis === "x" ? mark.width : mark.height));
    }
    if (mark.type === "bars" && axis === "y") take(0);
  }
  return [low, high];
}

// Limits for one axis: fixed by the panel, or following the frame's data when `autoscale`
// names the axis ("x", "y", "xy", or "symmetric" for y limits ±max|y|).
function limits(panel, marks, axis) {
  const fixed = panel[axis + "lim"] || [0, 1];
  const auto = panel.autoscale || "";
  if (!auto.includes(axis) && !(axis === "y" && auto === "symmetric")) return fixed;
  let [low, high] = extent(marks, axis);
  if (!(high >= low)) return fixed;
  const clip = panel[axis + "clip"];
  if (clip) {
    if (clip[0] !== null) low = Math.max(low, clip[0]);
    if (clip[1] !== null) high = Math.min(high, clip[1]);
  }
  if (axis === "y" && panel.yzero) {
    low = Math.min(low, 0);
    high = Math.max(high, 0);
  }
  if (axis === "y" && auto === "symmetric") {
    high = Math.max(Math.abs(low), Math.abs(high));
    low = -high;
  }
  const log = panel[axis + "scale"] === "log";
  if (log) {
    const pad = Math.pow(high / low, 0.05) || 1.5;
    return [low / pad, high * pad];
  }
  // A flat curve stays flat: the span is at least min_span (or a small part of its size).
  const least = panel.min_span ?? Math.max(Math.abs(low), Math.abs(high), 1e-12) * 1e-3;
  if (high - low < least) {
    const middle = (low + high) / 2;
    low = middle - least / 2;
    high = middle + least / 2;
  }
  const pad = (high - low) * 0.06;
  return [axis === "y" && panel.yzero && low === 0 ? 0 : low - pad, high + pad];
}

// A frame may name marks by a key into `shared`: a string, or {ref: key, ...} to restyle them
// (color, width, opacity, dash, label, escape) and, with `upto: n`, to draw the shared lines up
// to their point n only (a path growing step by step), with a dot there when `end` is set.
const RESTYLE = ["color", "width", "opacity", "dash", "label", "escape"];

function expand(marks, shared) {
  const out = [];
  for (const mark of marks) {
    if (typeof mark === "string") out.push(...(shared[mark] || []));
    else if (mark.ref !== undefined) {
      for (const inner of shared[mark.ref] || []) {
        const styled = Object.assign({}, inner);
        for (const key of RESTYLE) if (mark[key] !== undefined) styled[key] = mark[key];
        if (styled.type !== "line" || mark.upto === undefined) {
          out.push(styled);
          continue;
        }
        const n = mark.upto + 1;
        styled.x = inner.x.slice(0, n);
        styled.y = inner.y.slice(0, n);
        out.push(styled);
        const last = styled.x.length - 1;
        if (mark.end && last >= 0) {
          out.push({ type: "point", x: styled.x[last], y: styled.y[last], color: styled.color, r: 5, panel: inner.panel });
        }
      }
    } else out.push(mark);
  }
  return out;
}

// ---------- drawing ----------

function drawPanel(panel, allMarks, index, width, onPick) {
  const marks = allMarks.filter((m) => (m.panel || 0) === index);
  const bare = panel.axes === false;
  const M = bare ? BARE : MARGIN;
  const aspect = (panel.height || 260) / (panel.width || 420);
  const height = bare
    ? Math.round(width * aspect)
    : Math.round(Math.min(Math.max(width * aspect, 170), (panel.height || 260) * 1.25));
  const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": panel.title || panel.ylabel || "figure", class: "lookup-figure-panel-svg" });
  const plotW = width - M.left - M.right, plotH = height - M.top - M.bottom;
  const xlim = limits(panel, marks, "x"), ylim = limits(panel, marks, "y");
  const sx = scale(panel.xscale, xlim, [M.left, M.left + plotW]);
  const sy = scale(panel.yscale, ylim, [M.top + plotH, M.top]);
  const clipId = `lookup-clip-${Math.random().toString(36).slice(2)}`;
  svg("rect", { x: M.left, y: M.top, width: plotW, height: plotH },
    svg("clipPath", { id: clipId }, svg("defs", {}, root)));

  if (!bare) {
    const axis = svg("g", { class: "lookup-figure-axis" }, root);
    const xticks = panel.xticks || (panel.xscale === "log" ? logTicks : linearTicks)(xlim[0], xlim[1], Math.min(8, Math.max(3, Math.floor(plotW / 90))));
    const yticks = panel.yticks || (panel.yscale === "log" ? logTicks : linearTicks)(ylim[0], ylim[1], Math.min(7, Math.max(3, Math.floor(plotH / 50))));
    for (const [t, label] of xticks) {
      if (t < Math.min(...xlim) || t > Math.max(...xlim)) continue;
      svg("line", { x1: sx(t), x2: sx(t), y1: M.top, y2: M.top + plotH, class: "lookup-figure-grid" }, axis);
      svg("text", { x: sx(t), y: M.top + plotH + 15, "text-anchor": "middle", class: "lookup-figure-tick" }, axis).textContent = label;
    }
    for (const [t, label] of yticks) {
      if (t < Math.min(...ylim) || t > Math.max(...ylim)) continue;
      svg("line", { x1: M.left, x2: M.left + plotW, y1: sy(t), y2: sy(t), class: "lookup-figure-grid" }, axis);
      svg("text", { x: M.left - 6, y: sy(t) + 4, "text-anchor": "end", class: "lookup-figure-tick" }, axis).textContent = label;
    }
    if (ylim[0] < 0 && ylim[1] > 0 && panel.yscale !== "log") {
      svg("line", { x1: M.left, x2: M.left + plotW, y1: sy(0), y2: sy(0), class: "lookup-figure-zero" }, axis);
    }
    svg("rect", { x: M.left, y: M.top, width: plotW, height: plotH, class: "lookup-figure-frame" }, axis);
    svg("text", { x: M.left + plotW / 2, y: height - 6, "text-anchor": "middle", class: "lookup-figure-label" },
      axis).textContent = panel.xlabel || "";
    svg("text", { x: 13, y: M.top + plotH / 2, "text-anchor": "middle", class: "lookup-figure-label",
      transform: `rotate(-90 13 ${M.top + plotH / 2})` }, axis).textContent = panel.ylabel || "";
  }

  const layer = svg("g", { "clip-path": `url(#${clipId})` }, root);
  const over = svg("g", {}, root); // drawn on top and never clipped: markers of lines that leave
  const legend = [];
  const inside = (x, y) => x !== null && y !== null && isFinite(x) && isFinite(y)
    && y >= Math.min(...ylim) && y <= Math.max(...ylim) && (panel.yscale !== "log" || y > 0);
  for (const mark of marks) {
    const color = mark.color || "currentColor";
    if (mark.type === "line") {
      let d = "", pen = "M", escaped = null, wasInside = false;
      mark.x.forEach((x, i) => {
        const y = mark.y[i];
        if (y === null || x === null || !isFinite(y) || (panel.yscale === "log" && !(y > 0))) {
          pen = "M";
          if (escaped === null && x !== null) escaped = x; // where the numbers stopped: diverged
          return;
        }
        d += `${pen}${sx(x).toFixed(2)},${sy(y).toFixed(2)}`;
        pen = "L";
        if (inside(x, y)) wasInside = true;
        else if (escaped === null && wasInside) escaped = x; // where it left the chart
      });
      svg("path", { d, fill: "none", stroke: color, "stroke-width": mark.width || 2,
        "stroke-dasharray": mark.dash || "none", "stroke-linejoin": "round", opacity: mark.opacity ?? 1 }, layer);
      // A line that leaves the chart (diverges, or runs off it) gets a marker where it left.
      if (mark.escape && escaped !== null) {
        const ex = Math.min(Math.max(sx(escaped), M.left + 6), M.left + plotW - 6), ey = M.top + 1;
        svg("path", { d: `M${ex - 6},${ey + 10} L${ex},${ey} L${ex + 6},${ey + 10} Z`, fill: color }, over);
        const right = ex > M.left + plotW * 0.6;
        svg("text", { x: right ? ex - 9 : ex + 9, y: ey + 10, "text-anchor": right ? "end" : "start",
          fill: color, class: "lookup-figure-escape" }, over).textContent = mark.escape;
      }
    } else if (mark.type === "point") {
      if (mark.x === null || mark.y === null) continue;
      svg("circle", { cx: sx(mark.x), cy: sy(mark.y), r: mark.r || 5, fill: color, class: "lookup-figure-dot" }, layer);
    } else if (mark.type === "bars") {
      const w = (mark.barwidth || 0.8) * Math.abs(sx(1) - sx(0));
      const base = sy(Math.min(Math.max(0, ylim[0]), ylim[1]));
      mark.x.forEach((x, i) => {
        if (mark.y[i] === null) return;
        const top = Math.min(sy(mark.y[i]), base), bottom = Math.max(sy(mark.y[i]), base);
        const c = Array.isArray(color) ? color[i] : color;
        svg("rect", { x: sx(x) - w / 2, y: top, width: w, height: Math.max(bottom - top, 0.75), fill: c }, layer);
      });
    } else if (mark.type === "image") {
      const x0 = sx(mark.x), x1 = sx(mark.x + mark.width), y0 = sy(mark.y + mark.height), y1 = sy(mark.y);
      svg("image", { href: mark.href, x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0),
        height: Math.abs(y1 - y0), preserveAspectRatio: "none", style: "image-rendering: pixelated" }, layer);
    } else if (mark.type === "text") {
      svg("text", { x: sx(mark.x), y: sy(mark.y), fill: color, "font-size": mark.size || 11,
        "text-anchor": mark.anchor || "middle" }, layer).textContent = mark.text;
    }
    if (mark.label) legend.push([mark.label, Array.isArray(color) ? color[0] : color, mark]);
  }

  if (panel.pick) drawPick(panel, root, sx, sy, M, plotW, plotH, onPick);

  const box = html("div", "lookup-figure-panel");
  if (panel.title) html("div", "lookup-figure-panel-title", box).textContent = panel.title;
  box.appendChild(root);
  if (legend.length) {
    const list = html("div", "lookup-figure-legend", box);
    for (const [label, color, mark] of legend) {
      const item = html("span", "lookup-figure-legend-item", list);
      const swatch = html("span", "lookup-figure-swatch", item);
      swatch.style.background = color;
      if (mark.type === "line") swatch.style.height = `${Math.max(2, mark.width || 2)}px`;
      if (mark.opacity !== undefined) swatch.style.opacity = mark.opacity;
      item.append(label);
    }
  }
  return box;
}

// A panel whose `pick` names a control and one point per position of it: clicking or dragging
// in the panel moves that control to the nearest point.
function drawPick(panel, root, sx, sy, M, plotW, plotH, onPick) {
  const { control, points } = panel.pick;
  root.classList.add("lookup-figure-pickable");
  const rings = svg("g", { class: "lookup-figure-pick" }, root);
  points.forEach(([x, y]) => svg("circle", { cx: sx(x), cy: sy(y), r: 7 }, rings));
  const nearest = (event) => {
    const box = root.getBoundingClientRect();
    const px = event.clientX - box.left, py = event.clientY - box.top;
    let best = 0, bestDistance = Infinity;
    points.forEach(([x, y], i) => {
      const distance = (sx(x) - px) ** 2 + (sy(y) - py) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [i, distance];
    });
    return best;
  };
  let dragging = false;
  root.addEventListener("pointerdown", (event) => {
    dragging = true;
    root.setPointerCapture?.(event.pointerId);
    onPick(control, nearest(event));
  });
  root.addEventListener("pointermove", (event) => { if (dragging) onPick(control, nearest(event)); });
  root.addEventListener("pointerup", () => { dragging = false; });
  root.addEventListener("pointercancel", () => { dragging = false; });
}

function render({ model, el }) {
  const root = html("div", "lookup-figure", el);
  const heading = html("div", "lookup-figure-title", root);
  const controls = html("div", "lookup-figure-controls", root);
  const figure = html("div", "lookup-figure-panels", root);
  const readout = html("table", "lookup-figure-readout", root);

  const sliders = [];
  function choose(i, position) {
    const selection = [...model.get("selection")];
    if (selection[i] === position) return;
    selection[i] = position;
    model.set("selection", selection);
    model.save_changes();
  }

  function buildControls() {
    controls.replaceChildren();
    sliders.length = 0;
    model.get("controls").forEach((control, i) => {
      const row = html("label", "lookup-figure-control", controls);
      const name = html("span", "lookup-figure-control-name", row);
      const input = html("input", null, row);
      input.type = "range";
      input.min = 0;
      input.max = control.values.length - 1;
      input.step = 1;
      input.setAttribute("aria-label", control.label);
      input.dataset.control = control.label;
      const value = html("output", null, row);
      // In JupyterLab the notebook takes arrow keys (and Home, End, Page Up/Down) for moving
      // between cells; keep them on the slider. Other keys (Shift+Enter) still reach the notebook.
      input.addEventListener("keydown", (event) => {
        if (SLIDER_KEYS.has(event.key)) event.stopPropagation();
      });
      input.addEventListener("input", () => choose(i, Number(input.value)));
      sliders.push({ control, input, name, value });
    });
  }

  let width = 0;
  function drawFigure() {
    const selection = model.get("selection");
    const frame = model.get("frames")[selection.join(",")] || { marks: [], readout: [] };
    const marks = expand(model.get("base").concat(frame.marks), model.get("shared"));
    const available = figure.clientWidth || 640;
    const panels = model.get("panels");
    figure.replaceChildren(...panels.map((panel, i) => {
      const slot = html("div", "lookup-figure-slot");
      const basis = panel.basis || (panel.axes === false ? panel.width : 300);
      slot.style.flex = `${panel.axes === false ? 0 : 1} 1 ${Math.min(basis, available)}px`;
      if (panel.max_width) slot.style.maxWidth = `${panel.max_width}px`;
      return slot;
    }));
    // Each panel is drawn for the width its slot got, so its text keeps its size.
    [...figure.children].forEach((slot, i) => {
      const w = Math.max(120, Math.floor(Math.min(slot.clientWidth || available, available)));
      slot.appendChild(drawPanel(panels[i], marks, i, w, choose));
    });
    width = available;
  }

  function draw() {
    const selection = model.get("selection");
    heading.textContent = model.get("title");
    sliders.forEach(({ control, input, name, value }, i) => {
      input.value = selection[i];
      name.textContent = control.label;
      value.textContent = control.values[selection[i]];
      input.setAttribute("aria-valuetext", `${control.label} ${control.values[selection[i]]}`);
    });
    drawFigure();
    const frame = model.get("frames")[selection.join(",")] || { marks: [], readout: [] };
    readout.replaceChildren();
    for (const [label, text] of frame.readout) {
      const row = readout.insertRow();
      row.insertCell().textContent = label;
      const cell = row.insertCell();
      cell.textContent = text;
      cell.dataset.readout = label;
    }
  }

  buildControls();
  draw();
  model.on("change:selection", draw);
  model.on("change:frames", draw);
  model.on("change:controls", () => { buildControls(); draw(); });
  if (typeof ResizeObserver !== "undefined") {
    const observer = new ResizeObserver(() => {
      if (Math.abs((figure.clientWidth || 0) - width) > 1) drawFigure();
    });
    observer.observe(figure);
    return () => observer.disconnect();
  }
}

export default { render };
