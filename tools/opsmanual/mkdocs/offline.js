/* opsmanual-offline: a site opened from a folder (file://), a USB stick or a shared drive searches as it does
   on a server. Browsers refuse to start a Web Worker from file://; this runs Material's search worker in a
   hidden frame instead, passes its messages both ways, and gives it the importScripts it uses to load the
   stemmers of other languages. Over http(s) it does nothing. */
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof EventTarget !== "function") return;
  var BRIDGE = "opsmanual-offline-worker";

  /* What runs first in the frame. The page hands it a MessagePort; from then on the worker's postMessage
     goes through the port, and what comes through the port reaches the worker as a message event.
     importScripts loads scripts one after another, and Material's worker waits for it. */
  function inFrame(bridge) {
    window.addEventListener("message", function handshake(event) {
      if (!event.data || event.data.bridge !== bridge || !event.ports.length) return;
      event.stopImmediatePropagation();  // the worker never sees the handshake
      window.removeEventListener("message", handshake);
      var port = event.ports[0];
      window.postMessage = function (data) { port.postMessage(data); };
      port.onmessage = function (message) {
        window.dispatchEvent(new MessageEvent("message", { data: message.data }));
      };
    });
    window.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, url) {
        return done.then(function () {
          return new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.src = url;
            script.onload = resolve;
            script.onerror = reject;
            document.head.appendChild(script);
          });
        });
      }, Promise.resolve());
    };
  }

  function frameDocument(workerUrl) {
    var setup = "(" + inFrame.toString() + ")(" + JSON.stringify(BRIDGE) + ");";
    var ready = "parent.postMessage({bridge: " + JSON.stringify(BRIDGE) + "}, '*');";
    return "<!doctype html><html><head><script>" + setup + "</scr" + "ipt>" +
      "<script src=\"" + workerUrl.replace(/"/g, "%22") + "\"></scr" + "ipt>" +
      "<script>" + ready + "</scr" + "ipt></head><body></body></html>";
  }

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      var worker = this;
      this.onmessage = null;
      this.waiting = [];
      this.port = null;
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.tabIndex = -1;
      this.frame.setAttribute("aria-hidden", "true");
      this.frame.title = "search";
      window.addEventListener("message", function ready(event) {
        var message = event.data;
        if (event.source !== worker.frame.contentWindow || !message || message.bridge !== BRIDGE) return;
        window.removeEventListener("message", ready);
        var channel = new MessageChannel();
        worker.frame.contentWindow.postMessage({ bridge: BRIDGE }, "*", [channel.port2]);
        worker.port = channel.port1;
        worker.port.onmessage = function (reply) {
          var delivered = new MessageEvent("message", { data: reply.data });
          if (typeof worker.onmessage === "function") worker.onmessage(delivered);
          worker.dispatchEvent(delivered);
        };
        worker.waiting.splice(0).forEach(function (data) { worker.port.postMessage(data); });
      });
      this.frame.srcdoc = frameDocument(new URL(url, location.href).href);
      (document.body || document.documentElement).appendChild(this.frame);
    }

    postMessage(data) {
      if (this.port === null) this.waiting.push(data);
      else this.port.postMessage(data);
    }

    terminate() {
      this.frame.remove();
    }
  }

  window.Worker = FrameWorker;
  window.IFrameWorker = FrameWorker;  // Material's worker, seeing this name, finds its stemmers beside its own file
})();
