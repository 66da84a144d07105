// Draws the book's widgets in the published pages, with no kernel and no widget manager.
//
// Every widget of the book is an anywidget: its front end is an ES module (the `_esm` trait)
// with a render({model, el}) function, and everything it shows comes from its traits. myst-nb
// stores each widget's traits in the page (<script type="application/vnd.jupyter.widget-state
// +json">) and puts a <script type="application/vnd.jupyter.widget-view+json"> where the
// widget was displayed. This script imports each module and renders it into a <div> in place
// of that script, with a model that keeps the traits in the page: a few kilobytes instead of
// require.js and the 3.6 MB Jupyter widget manager.
(function () {
  "use strict";
  const STATE = "application/vnd.jupyter.widget-state+json";
  const VIEW = "application/vnd.jupyter.widget-view+json";

  class Model {
    constructor(state) {
      this.state = Object.assign({}, state);
      this.listeners = {};
    }
    get(name) {
      return this.state[name];
    }
    set(name, value) {
      if (this.state[name] === value) return;
      this.state[name] = value;
      this.trigger(`change:${name}`, value);
      this.trigger("change");
    }
    save_changes() {} // nothing to save to: no kernel
    send() {}
    on(events, callback) {
      for (const event of events.split(/\s+/)) (this.listeners[event] ||= []).push(callback);
    }
    off(events, callback) {
      for (const event of (events || Object.keys(this.listeners).join(" ")).split(/\s+/)) {
        this.listeners[event] = callback ? (this.listeners[event] || []).filter((c) => c !== callback) : [];
      }
    }
    trigger(event, ...args) {
      for (const callback of this.listeners[event] || []) callback(...args);
    }
  }

  const modules = new Map(); // one import per distinct module source
  function load(source) {
    if (!modules.has(source)) {
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      modules.set(source, import(url).then(async (module) => {
        let widget = module.default ?? module;
        if (typeof widget === "function") widget = await widget();
        return widget;
      }));
    }
    return modules.get(source);
  }

  const styles = new Set();
  function addStyle(css) {
    if (!css || styles.has(css)) return;
    styles.add(css);
    const style = document.createElement("style");
    style.textContent = css;
    document.head.appendChild(style);
  }

  async function main() {
    const states = {};
    for (const script of document.querySelectorAll(`script[type="${STATE}"]`)) {
      Object.assign(states, JSON.parse(script.textContent).state);
    }
    const models = new Map();
    const views = [...document.querySelectorAll(`script[type="${VIEW}"]`)];
    await Promise.all(views.map(async (script) => {
      const id = JSON.parse(script.textContent).model_id;
      const stored = states[id];
      if (!stored || stored.model_module !== "anywidget") {
        console.error(`widget ${id}: no anywidget state stored in the page`);
        return;
      }
      const widget = await load(stored.state._esm);
      addStyle(stored.state._css);
      if (!models.has(id)) {
        const model = new Model(stored.state);
        models.set(id, model);
        if (widget.initialize) await widget.initialize({ model });
      }
      const el = document.createElement("div");
      el.className = "anywidget-static";
      script.replaceWith(el);
      await widget.render({ model: models.get(id), el });
    }));
    document.documentElement.dataset.widgetsRendered = String(views.length);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();
})();
