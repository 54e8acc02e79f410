import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';

export interface BodyLimits {
  maxBodyBytes: number;
  maxDecompressedBytes: number;
  maxInflateRatio: number;
  bodyTimeoutMs: number;
}

/** Why a body could not be read; `status` is the HTTP answer. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 408 | 413 | 415,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Content-Encoding the gateway accepts; anything else is 415 before the body is read. */
export function parseContentEncoding(header: string | undefined): 'identity' | 'gzip' | undefined {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  return undefined;
}

/**
 * Reads the request body within limits: at most `maxBodyBytes` as sent (checked on
 * Content-Length first, then while reading), all of it within `bodyTimeoutMs` (a client
 * that sends headers and then trickles or stalls gets 408), and, when gzip, at most
 * `maxDecompressedBytes` and at most `maxInflateRatio` times its size as sent once inflated:
 * zlib inflates in chunks and stops at the cap, so a bomb costs the cap, not its payload.
 */
export async function readBody(req: IncomingMessage, encoding: 'identity' | 'gzip', limits: BodyLimits): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limits.maxBodyBytes) {
    throw new BodyError(413, 'body_too_large', `The body is ${declared} bytes; the limit is ${limits.maxBodyBytes}. Send smaller batches.`);
  }
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(
      () => finish(new BodyError(408, 'body_timeout', `The body did not arrive within ${limits.bodyTimeoutMs} ms; check the connection and resend.`)),
      limits.bodyTimeoutMs,
    );
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBodyBytes) {
        finish(new BodyError(413, 'body_too_large', `The body exceeds the limit of ${limits.maxBodyBytes} bytes. Send smaller batches.`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onAborted = () => finish(new BodyError(400, 'body_aborted', 'The client closed the connection before the body was complete.'));
    function finish(err?: BodyError) {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onAborted);
      if (err) {
        req.pause();
        reject(err);
      } else resolve(Buffer.concat(chunks, size));
    }
    function onClose() {
      if (!req.complete) onAborted();
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onAborted);
  });
  if (encoding === 'identity') return raw;
  const byRatio = raw.length * limits.maxInflateRatio;
  return new Promise<Buffer>((resolve, reject) => {
    gunzip(raw, { maxOutputLength: Math.max(1, Math.min(limits.maxDecompressedBytes, byRatio)) }, (err, inflated) => {
      if (!err) return resolve(inflated);
      if ((err as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') {
        reject(new BodyError(400, 'bad_encoding', `The body is not valid gzip (${err.message}) although Content-Encoding says gzip.`));
      } else if (byRatio < limits.maxDecompressedBytes) {
        reject(
          new BodyError(
            413,
            'body_too_large',
            `The ${raw.length}-byte body inflates to more than ${limits.maxInflateRatio} times its size (a valid batch, about 40 at most): send it uncompressed, or in smaller batches.`,
          ),
        );
      } else {
        reject(new BodyError(413, 'body_too_large', `The body inflates beyond ${limits.maxDecompressedBytes} bytes. Send smaller batches.`));
      }
    });
  });
}
