// Runs before textual.js connects (on window load): the websocket is this page's own
// address, read from the address bar rather than echoed by the server; keys go to the game
// wherever the player clicks; a closed game says why and offers to start again.
"use strict";

// This tab's id: random, kept in sessionStorage, so it lasts as long as the tab (reloads
// included). The game remembers which run the tab plays under it, so the tab's Continue is
// its own game; a new tab offers the player's newest.
//
// A duplicated tab (Chrome's "Duplicate tab", a tab restored twice) starts with a copy of
// the sessionStorage, and so the same id: two tabs would play one run. So a live tab
// answers any tab that asks for its id over a BroadcastChannel, and a tab that finds its
// id held by another makes a fresh one before its game starts.
const TAB_KEY = "deniable-tab";
const TAB_ID = /^[0-9a-f]{32}$/;
const CLAIM_WAIT_MS = 250; // how long a tab waits for a live tab to say the id is its own

function randomHex(bytes) {
  const values = new Uint8Array(bytes);
  window.crypto.getRandomValues(values);
  return Array.from(values, (b) => b.toString(16).padStart(2, "0")).join("");
}

function storedTabId() {
  try {
    return window.sessionStorage.getItem(TAB_KEY) || "";
  } catch (error) {
    return null; // storage refused: a tab with no memory
  }
}

function freshTabId() {
  const id = randomHex(16);
  try {
    window.sessionStorage.setItem(TAB_KEY, id);
  } catch (error) {
    return null;
  }
  return id;
}

// Resolves to this tab's id (null when it can keep none), once no live tab holds it.
function claimTabId() {
  const stored = storedTabId();
  if (stored === null) return Promise.resolve(null);
  if (!TAB_ID.test(stored)) return Promise.resolve(answerFor(freshTabId()));
  if (!("BroadcastChannel" in window)) return Promise.resolve(stored);
  const channel = new BroadcastChannel("deniable-tabs");
  const nonce = randomHex(8); // tells this page's questions from another's
  let id = stored;
  let decided = false;
  return new Promise((resolve) => {
    channel.onmessage = (event) => {
      const message = event.data || {};
      if (message.id !== id) return;
      if (message.kind === "held" && message.to === nonce) {
        id = freshTabId(); // another live tab plays this id's run
        if (decided) window.location.reload(); // it answered late: start again as new
      } else if (message.kind === "ask" && decided) {
        channel.postMessage({ kind: "held", id, to: message.from });
      } else if (message.kind === "ask" && message.from < nonce) {
        id = freshTabId(); // two copies asking at once: the lower keeps it
      }
    };
    channel.postMessage({ kind: "ask", id, from: nonce });
    setTimeout(() => {
      decided = true;
      resolve(id);
    }, CLAIM_WAIT_MS);
  });
}

// A tab with a new id has nothing to wait for, but answers from now on.
function answerFor(id) {
  if (id && "BroadcastChannel" in window) {
    const channel = new BroadcastChannel("deniable-tabs");
    channel.onmessage = (event) => {
      const message = event.data || {};
      if (message.kind === "ask" && message.id === id) {
        channel.postMessage({ kind: "held", id, to: message.from });
      }
    };
  }
  return id;
}

function gameSocketUrl(tab) {
  const scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  return scheme + window.location.host + (tab ? "/ws/" + tab : "/ws");
}

const tabClaimed = claimTabId();

function focusTerminal() {
  const input = document.querySelector(".xterm-helper-textarea");
  if (input && document.activeElement !== input) input.focus();
}

document.addEventListener("DOMContentLoaded", () => {
  const terminal = document.getElementById("terminal");
  // textual.js opens the game on window load: hold that back until the tab's id is its own.
  const startGame = window.onload;
  window.onload = null;
  const loaded = new Promise((resolve) => window.addEventListener("load", resolve));
  Promise.all([tabClaimed, loaded]).then(([tab, event]) => {
    terminal.dataset.sessionWebsocketUrl = gameSocketUrl(tab);
    if (startGame) startGame.call(window, event);
  });
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
