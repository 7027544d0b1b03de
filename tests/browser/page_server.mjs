// Serves the page of the browser check from an origin of its own: GET / returns page.html
// (which reads llmp's address from ?llmp=). Listens on 127.0.0.1 at a free port and prints
// "port=<N>".
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const page = readFileSync(new URL("./page.html", import.meta.url), "utf8");
const server = createServer((req, res) => {
  if (new URL(req.url, "http://x").pathname !== "/") {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page);
});
server.listen(0, "127.0.0.1", () => console.log(`port=${server.address().port}`));
process.on("SIGTERM", () => process.exit(0));
