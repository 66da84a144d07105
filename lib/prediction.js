// Front end of backprop.predictions.Prediction: the reader clicks a guess, which locks it in,
// then reveals the answer, with why each guess is tempting and what the experiment shows.
// Everything comes from the widget's traits, so it works with no kernel (the HTML book) and
// live in JupyterLab.

const LETTERS = "ABCDEFGH";

function html(tag, className, parent, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

// JupyterLab reads keys pressed anywhere in a notebook as its own shortcuts (Enter would open
// the cell for editing instead of pressing the button).
function ownKeys(node) {
  node.dataset.lmSuppressShortcuts = "true";
  return node;
}

function render({ model, el }) {
  const root = html("div", "prediction", el);
  root.setAttribute("role", "group");
  html("div", "prediction-label", root, "Predict, then run");
  const question = html("p", "prediction-question", root, model.get("question"));
  question.id = `prediction-${Math.random().toString(36).slice(2)}`;
  root.setAttribute("aria-labelledby", question.id);

  const guesses = model.get("guesses");
  const list = html("div", "prediction-guesses", root);
  const buttons = guesses.map((guess, i) => {
    const button = ownKeys(html("button", "prediction-guess", list));
    button.type = "button";
    html("span", "prediction-letter", button, LETTERS[i]);
    html("span", "prediction-text", button, guess.text);
    button.addEventListener("click", () => {
      if (model.get("choice") >= 0) return;
      model.set("choice", i);
      model.save_changes();
    });
    return button;
  });

  const status = html("p", "prediction-status", root);
  status.setAttribute("aria-live", "polite");
  const reveal = ownKeys(html("button", "prediction-reveal", root, "Reveal the answer"));
  reveal.type = "button";
  reveal.addEventListener("click", () => {
    model.set("revealed", true);
    model.save_changes();
  });
  const answers = html("ol", "prediction-answers", root);

  function update() {
    const choice = model.get("choice");
    const revealed = model.get("revealed");
    const answer = model.get("answer");
    buttons.forEach((button, i) => {
      button.disabled = choice >= 0;
      button.setAttribute("aria-pressed", String(i === choice));
      button.classList.toggle("prediction-chosen", i === choice);
    });
    if (choice < 0) {
      status.textContent = "Click the answer you expect. Your guess is locked in; then run the experiment.";
    } else if (!revealed) {
      status.textContent = `You predicted ${LETTERS[choice]}. Now run ${model.get("experiment")} and look at what it shows, then reveal the answer.`;
    } else {
      status.textContent = choice === answer
        ? `You predicted ${LETTERS[choice]}: right. Here is why, and why the other guesses are tempting.`
        : `You predicted ${LETTERS[choice]}; the answer is ${LETTERS[answer]}. Read why your guess is tempting and where it goes wrong.`;
    }
    reveal.hidden = choice < 0 || revealed;
    answers.hidden = !revealed;
    answers.replaceChildren();
    if (!revealed) return;
    guesses.forEach((guess, i) => {
      const item = html("li", i === answer ? "prediction-right" : "prediction-wrong", answers);
      const head = html("div", "prediction-answer-head", item);
      html("span", "prediction-mark", head, i === answer ? "✓" : "✗");
      html("strong", null, head, `${LETTERS[i]}. ${guess.text}`);
      if (i === choice) html("span", "prediction-yours", head, "your guess");
      html("p", "prediction-why", item, guess.why);
    });
  }

  model.on("change:choice", update);
  model.on("change:revealed", update);
  update();
  return () => {
    model.off("change:choice", update);
    model.off("change:revealed", update);
  };
}

export default { render };
