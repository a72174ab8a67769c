// Runs before textual.js connects (on window load): the websocket is this page's own
// address, read from the address bar rather than echoed by the server; keys go to the game
// wherever the player clicks; a closed game says why and offers to start again.
"use strict";

// This tab's id: random, kept in sessionStorage, so it lasts as long as the tab (reloads
// included) and no other tab shares it. The game remembers which run the tab plays under
// it, so the tab's Continue is its own game; a new tab offers the player's newest.
function tabId() {
  const key = "deniable-tab";
  let id = null;
  try {
    id = window.sessionStorage.getItem(key);
  } catch (error) {
    return null; // storage refused: a tab with no memory
  }
  if (!/^[0-9a-f]{32}$/.test(id || "")) {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    try {
      window.sessionStorage.setItem(key, id);
    } catch (error) {
      return null;
    }
  }
  return id;
}

function gameSocketUrl() {
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  const tab = tabId();
  return scheme + window.location.host + (tab ? "/ws/" + tab : "/ws");
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
