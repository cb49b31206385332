// The drawing canvas of digits.canvas.DigitCanvas (an anywidget module: no build step, no CDN).
// Dark ink on white paper; after each finished stroke the canvas's pixels go to Python as one
// binary buffer (one byte of gray per pixel), and the answer comes back in the "answer" trait.

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function render({ model, el }) {
  const side = model.get("side");
  const root = element("div", "digits-canvas");
  root.style.cssText = "display:flex;gap:16px;align-items:flex-start;font-family:sans-serif;font-size:14px";

  const left = element("div");
  const canvas = element("canvas", "digits-canvas-paper");
  canvas.width = side;
  canvas.height = side;
  canvas.style.cssText = `width:${side}px;height:${side}px;border:1px solid #888;cursor:crosshair;touch-action:none`;
  const clear = element("button", "digits-canvas-clear", "Clear");
  clear.style.cssText = "display:block;margin-top:6px";
  left.append(canvas, clear);

  const right = element("div");
  right.style.cssText = "min-width:220px";
  const answer = element("div", "digits-canvas-answer", "Draw a digit");
  answer.style.cssText = "font-size:22px;font-weight:bold;margin-bottom:6px";
  const top3 = element("div", "digits-canvas-top3");
  const seenLabel = element("div", "", "What the network saw (28x28):");
  seenLabel.style.cssText = "margin-top:10px";
  const seen = element("canvas", "digits-canvas-seen");
  seen.width = 28;
  seen.height = 28;
  seen.style.cssText = "width:112px;height:112px;image-rendering:pixelated;border:1px solid #888;background:#000";
  right.append(answer, top3, seenLabel, seen);
  root.append(left, right);
  el.append(root);

  const pen = canvas.getContext("2d", { willReadFrequently: true });
  function blank() {
    pen.fillStyle = "#fff";
    pen.fillRect(0, 0, side, side);
    pen.fillStyle = "#000";
    seen.getContext("2d").clearRect(0, 0, 28, 28);
  }
  blank();
  pen.lineWidth = model.get("stroke_width");
  pen.lineCap = "round";
  pen.lineJoin = "round";
  pen.strokeStyle = "#000";

  let drawing = false;
  function position(event) {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * side / box.width, (event.clientY - box.top) * side / box.height];
  }
  canvas.addEventListener("pointerdown", (event) => {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    const [x, y] = position(event);
    pen.beginPath();
    pen.arc(x, y, pen.lineWidth / 2, 0, 2 * Math.PI);  // a tap leaves a dot
    pen.fill();
    pen.beginPath();
    pen.moveTo(x, y);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const [x, y] = position(event);
    pen.lineTo(x, y);
    pen.stroke();
  });
  function finish() {
    if (!drawing) return;
    drawing = false;
    const rgba = pen.getImageData(0, 0, side, side).data;
    const gray = new Uint8Array(side * side);
    for (let i = 0; i < gray.length; i++) gray[i] = rgba[4 * i];
    answer.textContent = "Reading…";
    model.send({ type: "drawing" }, undefined, [gray.buffer]);
  }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  clear.addEventListener("click", () => {
    blank();
    answer.textContent = "Draw a digit";
    top3.textContent = "";
    model.send({ type: "clear" });
  });

  function show() {
    const result = model.get("answer") || {};
    top3.textContent = "";
    seen.getContext("2d").clearRect(0, 0, 28, 28);
    if (result.message) {
      answer.textContent = result.message;
      answer.style.fontSize = "15px";
      return;
    }
    if (result.digit === undefined) return;
    answer.style.fontSize = "22px";
    answer.textContent = `It reads ${result.digit}`;
    for (const [digit, probability] of result.top3) {
      const percent = probability < 0.001 ? "<0.1%" : `${(100 * probability).toFixed(1)}%`;
      top3.append(element("div", "digits-canvas-guess", `${digit}: ${percent}`));
    }
    const picture = seen.getContext("2d").createImageData(28, 28);
    result.image.forEach((value, i) => {
      picture.data.set([value, value, value, 255], 4 * i);
    });
    seen.getContext("2d").putImageData(picture, 0, 0);
  }
  model.on("change:answer", show);
  show();
}

export default { render };
