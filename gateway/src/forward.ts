import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { CALLER_HEADER, sealCaller, type Logger } from '@zsb/platform';

/** Request headers a forwarded upload or download needs (the tus protocol's, the upload token, the body's type). */
const FORWARDED_REQUEST_HEADERS = [
  'content-type',
  'content-length',
  'tus-resumable',
  'upload-length',
  'upload-offset',
  'upload-metadata',
  'upload-defer-length',
  'upload-concat',
  'upload-token',
  'x-http-method-override',
  'access-control-request-method',
  'access-control-request-headers',
];
/** Answer headers that belong to one connection, not to the answer. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer']);

/**
 * Forwards a request as it is — body streamed both ways, nothing parsed — to the candidates subgraph, sealed like a
 * GraphQL request: resumable uploads (`/uploads/`, tus) and stored files (`/files/`). The subgraph's port is never
 * public and answers only sealed requests; the seal carries no identity here (the caller is anonymous), because
 * the upload token and the signed download address are what authorise, and the seal's client address and request
 * id go into the audit log of a file read.
 */
export function forwardToSubgraph(origin: string, secret: Buffer, agent: http.Agent, log: Logger) {
  const target = new URL(origin);
  return (req: Request, res: Response) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const name of FORWARDED_REQUEST_HEADERS) if (req.headers[name] !== undefined) headers[name] = req.headers[name];
    const requestId = randomUUID();
    headers[CALLER_HEADER] = sealCaller({ principal: { kind: 'anonymous' }, clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown', requestId }, secret);
    res.setHeader('x-request-id', requestId);
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.originalUrl, headers, agent }, (answer) => {
      res.status(answer.statusCode ?? 502);
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (res.headersSent) return void res.destroy();
      log.warn('forwarded request failed', { path: req.path, error });
      res.status(503).json({ error: { code: 'SERVICE_UNAVAILABLE', message: '部分服务暂时不可用，请稍后重试' } });
    });
    // A client that goes away mid-upload ends the forwarded request too: tus keeps what arrived, to resume from.
    req.on('aborted', () => upstream.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };
}
