// A tiny round-robin HTTP proxy: one address in front of several server
// instances, each request to the next one, counting who served what.
import http from 'node:http';

export async function roundRobin(targets) {
  let next = 0;
  const served = targets.map(() => 0);
  const server = http.createServer((req, res) => {
    const i = next++ % targets.length;
    served[i]++;
    const target = new URL(targets[i]);
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (r) => { res.writeHead(r.statusCode, r.headers); r.pipe(res); },
    );
    upstream.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    served,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}
