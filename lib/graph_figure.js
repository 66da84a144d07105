// Front end of backprop.graph_widget.GraphFigure: a computation graph whose backward pass the
// reader steps through. The library computed every value, local derivative and gradient in
// advance; sliders choose the inputs and the step, and this file only looks them up and draws.

const SVG = "http://www.w3.org/2000/svg";
const COLUMN = 122, ROW = 92, BOX_W = 90, BOX_H = 64, PAD = 16;
const INK = "#222222", GREY = "#7F7F7F", GREEN = "#009E73", VERMILLION = "#D55E00", ORANGE = "#E69F00";
// Keys a range input needs; JupyterLab would otherwise take them as notebook shortcuts.
const SLIDER_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);

function svg(tag, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.appendChild(node);
  return node;
}

// The same text as GraphFigure.readout in Python: a sign, then four decimals (three on arrows).
function signed(value, decimals = 4) {
  return (value < 0 ? "-" : "+") + Math.abs(value).toFixed(decimals);
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "graph-figure";
  el.appendChild(root);
  const heading = document.createElement("div");
  heading.className = "graph-figure-title";
  const controls = document.createElement("div");
  controls.className = "graph-figure-controls";
  const picture = document.createElement("div");
  picture.className = "graph-figure-picture";
  const readout = document.createElement("table");
  readout.className = "graph-figure-readout";
  root.append(heading, controls, picture, readout);

  const sliders = [];
  function buildControls() {
    controls.replaceChildren();
    sliders.length = 0;
    model.get("controls").forEach((control, i) => {
      const row = document.createElement("label");
      row.className = "graph-figure-control";
      const name = document.createElement("span");
      const input = document.createElement("input");
      input.type = "range";
      input.min = 0;
      input.max = control.values.length - 1;
      input.step = 1;
      input.setAttribute("aria-label", control.label);
      input.dataset.control = control.label;
      input.addEventListener("keydown", (event) => {
        if (SLIDER_KEYS.has(event.key)) event.stopPropagation();
      });
      const value = document.createElement("output");
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
    const nodes = model.get("nodes"), edges = model.get("edges"), order = model.get("order");
    const step = selection[selection.length - 1];
    const frame = model.get("frames")[selection.slice(0, -1).join(",")];
    heading.textContent = model.get("title");
    sliders.forEach(({ control, input, name, value }, i) => {
      input.value = selection[i];
      name.textContent = control.label + " ";
      value.textContent = control.values[selection[i]];
    });
    if (!frame) return;
    const grads = frame.grads[step];
    const visited = new Set(order.slice(0, step));
    const current = step > 0 ? order[step - 1] : -1;
    // A gradient is complete once every node that uses it has been visited.
    const final = nodes.map((_, n) => {
      const users = edges.filter((e) => e.source === n).map((e) => e.target);
      return users.length === 0 ? step > 0 : users.every((u) => visited.has(u));
    });

    const columns = Math.max(...nodes.map((n) => n.x)) + 1;
    const rows = Math.max(...nodes.map((n) => n.y)) + 1;
    const width = PAD * 2 + (columns - 1) * COLUMN + BOX_W, height = PAD * 2 + (rows - 1) * ROW + BOX_H;
    const px = (n) => PAD + BOX_W / 2 + n.x * COLUMN, py = (n) => PAD + BOX_H / 2 + n.y * ROW;
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
      "aria-label": model.get("title"), class: "graph-figure-svg" });
    root.style.maxWidth = `${width}px`;
    const defs = svg("defs", {}, root);
    for (const [id, color] of [["arrow-grey", GREY], ["arrow-hot", VERMILLION]]) {
      const marker = svg("marker", { id: `${id}-${uid}`, viewBox: "0 0 10 10", refX: 9, refY: 5,
        markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, defs);
      svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: color }, marker);
    }
    const labels = [];
    edges.forEach((edge, e) => {
      const a = nodes[edge.source], b = nodes[edge.target];
      const hot = edge.target === current;
      const x0 = px(a) + BOX_W / 2, y0 = py(a), x1 = px(b) - BOX_W / 2, y1 = py(b);
      svg("line", { x1: x0, y1: y0, x2: x1 - 2, y2: y1, stroke: hot ? VERMILLION : GREY,
        "stroke-width": hot ? 2.5 : 1.2, "marker-end": `url(#arrow-${hot ? "hot" : "grey"}-${uid})` }, root);
      labels.push([(x0 + x1) / 2, (y0 + y1) / 2 - 4, hot, signed(frame.locals[e], 3), `${a.name}→${b.name}`]);
    });
    nodes.forEach((node, n) => {
      const g = svg("g", { class: "graph-figure-node" }, root);
      g.dataset.node = node.name;
      const isCurrent = n === current;
      const stroke = isCurrent ? VERMILLION : final[n] && grads[n] !== null ? GREEN : INK;
      svg("rect", { x: px(node) - BOX_W / 2, y: py(node) - BOX_H / 2, width: BOX_W, height: BOX_H, rx: 8,
        fill: node.op ? "white" : "#f2f2f2", stroke, "stroke-width": isCurrent ? 3 : final[n] && grads[n] !== null ? 2 : 1 }, g);
      const title = svg("text", { x: px(node), y: py(node) - 13, "text-anchor": "middle", "font-size": 12,
        fill: INK }, g);
      title.textContent = node.op ? `${node.name} = ${node.op}` : node.name;
      const value = svg("text", { x: px(node), y: py(node) + 4, "text-anchor": "middle", "font-size": 11,
        fill: INK, class: "graph-figure-value" }, g);
      value.textContent = frame.values[n].toFixed(4);
      const grad = svg("text", { x: px(node), y: py(node) + 21, "text-anchor": "middle", "font-size": 11,
        class: "graph-figure-grad" }, g);
      if (grads[n] === null) {
        grad.textContent = "∂ ·";
        grad.setAttribute("fill", GREY);
      } else {
        grad.textContent = `∂ ${signed(grads[n])}${final[n] ? "" : " …"}`;
        grad.setAttribute("fill", final[n] ? GREEN : ORANGE);
      }
      grad.dataset.grad = grads[n] === null ? "" : String(grads[n]);
    });
    // The local derivatives on the arrows, drawn last with a white halo so that no box hides them.
    for (const [x, y, hot, text, edge] of labels) {
      const label = svg("text", { x, y, "text-anchor": "middle", "font-size": 10, fill: hot ? VERMILLION : GREY,
        stroke: "white", "stroke-width": 3, "paint-order": "stroke", class: "graph-figure-local" }, root);
      label.textContent = text;
      label.dataset.edge = edge;
    }
    picture.replaceChildren(root);

    const rowsShown = [["step", `${step} of ${nodes.length}`]];
    if (step === 0) {
      rowsShown.push(["visiting", "none yet: the forward pass is done"], ["its gradient", "—"],
        ["sends to its inputs", "—"]);
    } else {
      const node = nodes[current];
      rowsShown.push(["visiting", node.name + (node.op ? ` = ${node.op}` : " (an input)")]);
      rowsShown.push(["its gradient", `∂C/∂${node.name} = ${signed(grads[current])}`]);
      const sent = [];
      edges.forEach((edge, e) => {
        if (edge.target === current) {
          sent.push(`${nodes[edge.source].name} += ${signed(frame.locals[e])} × ${signed(grads[current])}`);
        }
      });
      rowsShown.push(["sends to its inputs", sent.join("; ") || "nothing: it is an input"]);
    }
    for (const n of model.get("watch")) {
      const g = grads[n];
      rowsShown.push([`∂C/∂${nodes[n].name}`, g === null ? "not reached yet" : signed(g) + (final[n] ? "" : " so far")]);
    }
    rowsShown.push(["C", frame.values[nodes.length - 1].toFixed(4)]);
    readout.replaceChildren();
    for (const [label, text] of rowsShown) {
      const row = readout.insertRow();
      row.insertCell().textContent = label;
      const cell = row.insertCell();
      cell.textContent = text;
      cell.dataset.readout = label;
    }
  }

  const uid = Math.random().toString(36).slice(2);
  buildControls();
  draw();
  model.on("change:selection", draw);
  model.on("change:frames", draw);
  model.on("change:controls", () => { buildControls(); draw(); });
}

export default { render };
