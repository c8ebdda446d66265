// A stand-in for a Teams Workflows webhook on loopback, for the browser
// test: takes each POSTed message, writes it to OUTDIR/card-N.json and
// answers 202 as Workflows does. Prints "port N" once it listens.
//   node webhook.mjs OUTDIR
import { createServer } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const outdir = process.argv[2];
let n = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    if (req.method !== "POST") { res.writeHead(405).end(); return; }
    writeFileSync(join(outdir, `card-${String(++n).padStart(3, "0")}.json`), Buffer.concat(chunks));
    res.writeHead(202).end();
  });
});
server.listen(0, "127.0.0.1", () => console.log(`port ${server.address().port}`));
