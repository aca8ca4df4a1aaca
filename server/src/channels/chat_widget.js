// Baton's chat widget. A website adds one line:
//   <script src="https://baton.example/widget.js" async></script>
// and gets a "Need help?" button that opens Baton's chat panel in a frame.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.batonChatWidget) return;
  window.batonChatWidget = {};
  var origin = new URL(script.src, document.baseURI).origin;
  var open = false;
  var panel = null;

  function styled(tag, styles) {
    var element = document.createElement(tag);
    Object.assign(element.style, styles);
    return element;
  }

  var launcher = styled("button", {
    position: "fixed", right: "20px", bottom: "20px", zIndex: "2147483000",
    padding: "12px 20px", border: "0", borderRadius: "999px", cursor: "pointer",
    background: "#1f4fd1", color: "#ffffff", font: "600 16px system-ui, sans-serif",
    boxShadow: "0 4px 16px rgba(23, 32, 51, 0.25)"
  });
  launcher.type = "button";
  launcher.className = "baton-chat-launcher";
  launcher.textContent = "Need help?";
  launcher.setAttribute("aria-expanded", "false");

  function makePanel() {
    var frame = styled("iframe", {
      position: "fixed", right: "20px", bottom: "80px", zIndex: "2147483000",
      width: "min(380px, calc(100vw - 40px))", height: "min(600px, calc(100vh - 120px))",
      border: "1px solid #dde2ec", borderRadius: "12px", background: "#ffffff",
      boxShadow: "0 8px 32px rgba(23, 32, 51, 0.25)"
    });
    frame.src = origin + "/chat";
    frame.title = "Chat with support";
    frame.className = "baton-chat-panel";
    return frame;
  }

  launcher.addEventListener("click", function () {
    open = !open;
    if (open && !panel) {
      panel = makePanel();
      document.body.appendChild(panel);
    }
    if (panel) panel.style.display = open ? "block" : "none";
    launcher.textContent = open ? "Close chat" : "Need help?";
    launcher.setAttribute("aria-expanded", String(open));
  });

  function mount() {
    document.body.appendChild(launcher);
    window.batonChatWidget.launcher = launcher;
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
