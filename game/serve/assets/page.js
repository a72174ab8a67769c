// Runs before textual.js connects (on window load): the websocket is this page's own
// address, read from the address bar rather than echoed by the server; keys go to the game
// wherever the player clicks; a closed game says why and offers to start again.
"use strict";

function gameSocketUrl() {
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  return scheme + window.location.host + "/ws";
}

function focusTerminal() {
  const input = document.querySelector(".xterm-helper-textarea");
  if (input && document.activeElement !== input) input.focus();
}

document.addEventListener("DOMContentLoaded", () => {
  const terminal = document.getElementById("terminal");
  terminal.dataset.sessionWebsocketUrl = gameSocketUrl();
  document.getElementById("restart").addEventListener("click", () => {
    window.location.reload();
  });
  // The first click anywhere lands in the game, not on the page around it.
  document.addEventListener("mousedown", () => setTimeout(focusTerminal, 0));
  // Focus once the game's first screen arrives, so keys work before any click.
  new MutationObserver(() => {
    if (document.body.classList.contains("-first-byte")) focusTerminal();
  }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
});

// textual.js opens the socket on window load; record why it closed for the dialog.
const OpenSocket = window.WebSocket;
window.WebSocket = class extends OpenSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("close", (event) => {
      const reason = document.getElementById("closed-reason");
      if (reason) reason.textContent = event.reason || "";
    });
  }
};
