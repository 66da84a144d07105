// Front end of backprop.widgets.LookupFigure: sliders choose one of the frames the
// library computed in advance; the figure and the readout show that frame. No kernel needed.

const SVG = "http://www.w3.org/2000/svg";
const DEFAULT_MARGIN = { left: 58, right: 26, top: 14, bottom: 42 };
const BARE = { left: 4, right: 4, top: 16, bottom: 4 };
const SLIDER_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);

function svg(tag, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.appendChild(node);
  return node;
}

function niceTicks(low, high, count = 5) {
  const span = high - low;
  if (!(span > 0)) return [low];
  const raw = span / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => span / s <= count + 1);
  const ticks = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

function tickLabel(value) {
  const size = Math.abs(value);
  let text;
  if (size >= 1e6 || (size < 1e-3 && value !== 0)) text = value.toExponential(1);
  else if (size >= 1e3) text = Math.round(value).toLocaleString("en-US");
  else text = String(Number(value.toPrecision(4)));
  return text.replace("-", "−");
}

function drawPanel(panel, marks, index) {
  const MARGIN = panel.axes === false ? BARE : DEFAULT_MARGIN;
  const width = panel.width || 420, height = panel.height || 260;
  const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": panel.title || panel.ylabel || "figure", class: "lookup-figure-panel" });
  const plotW = width - MARGIN.left - MARGIN.right, plotH = height - MARGIN.top - MARGIN.bottom;
  const [x0, x1] = panel.xlim, [y0, y1] = panel.ylim;
  const sx = (x) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y) => MARGIN.top + (1 - (y - y0) / (y1 - y0)) * plotH;
  const clipId = `clip-${Math.random().toString(36).slice(2)}`;
  svg("rect", { x: MARGIN.left, y: MARGIN.top, width: plotW, height: plotH },
    svg("clipPath", { id: clipId }, svg("defs", {}, root)));
  if (panel.axes !== false) {
    const axis = svg("g", { class: "axis", "font-size": 11, fill: "#444" }, root);
    const xticks = panel.xticks || niceTicks(x0, x1).map((t) => [t, tickLabel(t)]);
    for (const [t, label] of xticks) {
      svg("line", { x1: sx(t), x2: sx(t), y1: MARGIN.top, y2: MARGIN.top + plotH, stroke: "#ddd" }, axis);
      svg("text", { x: sx(t), y: MARGIN.top + plotH + 15, "text-anchor": "middle" }, axis).textContent = label;
    }
    for (const t of niceTicks(y0, y1)) {
      svg("line", { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: sy(t), y2: sy(t), stroke: "#ddd" }, axis);
      svg("text", { x: MARGIN.left - 6, y: sy(t) + 4, "text-anchor": "end" }, axis).textContent = tickLabel(t);
    }
    svg("rect", { x: MARGIN.left, y: MARGIN.top, width: plotW, height: plotH, fill: "none", stroke: "#999" }, axis);
    svg("text", { x: MARGIN.left + plotW / 2, y: height - 6, "text-anchor": "middle", "font-size": 12 },
      axis).textContent = panel.xlabel || "";
    svg("text", { x: 14, y: MARGIN.top + plotH / 2, "text-anchor": "middle", "font-size": 12,
      transform: `rotate(-90 14 ${MARGIN.top + plotH / 2})` }, axis).textContent = panel.ylabel || "";
  }
  const layer = svg("g", { "clip-path": `url(#${clipId})` }, root);
  const legend = [];
  for (const mark of marks.filter((m) => (m.panel || 0) === index)) {
    const color = mark.color || "#222";
    if (mark.type === "line") {
      let d = "", pen = "M";
      mark.x.forEach((x, i) => {
        const y = mark.y[i];
        if (y === null || x === null || !isFinite(y)) { pen = "M"; return; }
        d += `${pen}${sx(x).toFixed(2)},${sy(y).toFixed(2)}`;
        pen = "L";
      });
      svg("path", { d, fill: "none", stroke: color, "stroke-width": mark.width || 2,
        "stroke-dasharray": mark.dash || "none", "stroke-linejoin": "round" }, layer);
    } else if (mark.type === "point") {
      svg("circle", { cx: sx(mark.x), cy: sy(mark.y), r: mark.r || 5, fill: color,
        stroke: "white", "stroke-width": 1.5 }, layer);
    } else if (mark.type === "bars") {
      const w = (mark.barwidth || 0.8) * (plotW / (x1 - x0));
      mark.x.forEach((x, i) => {
        const top = sy(Math.max(mark.y[i], 0)), bottom = sy(Math.min(mark.y[i], 0));
        const c = Array.isArray(color) ? color[i] : color;
        svg("rect", { x: sx(x) - w / 2, y: top, width: w, height: Math.max(bottom - top, 0.5), fill: c }, layer);
      });
    } else if (mark.type === "image") {
      svg("image", { href: mark.href, x: sx(mark.x), y: sy(mark.y + mark.height),
        width: sx(mark.x + mark.width) - sx(mark.x), height: sy(mark.y) - sy(mark.y + mark.height),
        preserveAspectRatio: "none", style: "image-rendering: pixelated" }, layer);
    } else if (mark.type === "text") {
      svg("text", { x: sx(mark.x), y: sy(mark.y), fill: color, "font-size": mark.size || 11,
        "text-anchor": mark.anchor || "middle" }, layer).textContent = mark.text;
    }
    if (mark.label) legend.push([mark.label, Array.isArray(color) ? color[0] : color]);
  }
  legend.forEach(([label, color], i) => {
    const y = MARGIN.top + 14 + 16 * i, x = MARGIN.left + plotW - 8;
    svg("rect", { x: x - 120 - 20, y: y - 9, width: 14, height: 4, fill: color, transform: "translate(0,4)" }, root);
    svg("text", { x: x - 120, y, "font-size": 11, fill: "#333" }, root).textContent = label;
  });
  if (panel.title) {
    svg("text", { x: MARGIN.left, y: 11, "font-size": 12, fill: "#222" }, root).textContent = panel.title;
  }
  return root;
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "lookup-figure";
  el.appendChild(root);
  const heading = document.createElement("div");
  heading.className = "lookup-figure-title";
  const controls = document.createElement("div");
  controls.className = "lookup-figure-controls";
  const figure = document.createElement("div");
  figure.className = "lookup-figure-panels";
  const readout = document.createElement("table");
  readout.className = "lookup-figure-readout";
  root.append(heading, controls, figure, readout);

  const sliders = [];
  function buildControls() {
    controls.replaceChildren();
    sliders.length = 0;
    model.get("controls").forEach((control, i) => {
      const row = document.createElement("label");
      row.className = "lookup-figure-control";
      const name = document.createElement("span");
      const input = document.createElement("input");
      input.type = "range";
      input.min = 0;
      input.max = control.values.length - 1;
      input.step = 1;
      input.setAttribute("aria-label", control.label);
      input.dataset.control = control.label;
      const value = document.createElement("output");
      // In JupyterLab the notebook takes arrow keys (and Home, End, Page Up/Down) for moving
      // between cells; keep them on the slider. Other keys (Shift+Enter) still reach the notebook.
      input.addEventListener("keydown", (event) => {
        if (SLIDER_KEYS.has(event.key)) event.stopPropagation();
      });
      input.addEventListener("input", () => {
        const selection = [...model.get("selection")];
        selection[i] = Number(input.value);
        model.set("selection", selection);
        model.save_changes();
      });
      row.append(name, input, value);
      controls.appendChild(row);
      sliders.push({ control, input, name, value });
    });
  }

  function draw() {
    const selection = model.get("selection");
    heading.textContent = model.get("title");
    sliders.forEach(({ control, input, name, value }, i) => {
      input.value = selection[i];
      name.textContent = control.label + " ";
      value.textContent = control.values[selection[i]];
    });
    const frame = model.get("frames")[selection.join(",")] || { marks: [], readout: [] };
    const shared = model.get("shared");
    // A frame names marks that many frames draw (a whole curve) by a key into `shared`.
    const marks = model.get("base").concat(frame.marks.flatMap((m) => (typeof m === "string" ? shared[m] : [m])));
    figure.replaceChildren(...model.get("panels").map((panel, i) => drawPanel(panel, marks, i)));
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
}

export default { render };
