/**
 * What a failed request to the gateway says about where the fault is, for `telematics diag`'s
 * advice. The classes follow what a technician can do about each: coverage comes back by itself;
 * a gateway that refuses connections or answers 5xx is down on its side; a TLS or credentials
 * failure needs a fix on the truck.
 */
export type UplinkErrorClass = 'dns' | 'no-route' | 'refused' | 'tls' | 'auth' | 'server-error' | 'not-gateway' | 'http' | 'other';

export interface UplinkError {
  errorClass: UplinkErrorClass;
  /** true when it goes away by itself (coverage); false when someone must act. */
  transient: boolean;
  /** The fault in words, for the check's summary. */
  meaning: string;
}

/** Node's codes for "no answer": nothing reached the gateway, or nothing came back. */
const NO_ROUTE_CODES = new Set(['ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'ECONNRESET', 'EPIPE', 'ESOCKETTIMEDOUT']);

function isTlsCode(code: string): boolean {
  return code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code === 'EPROTO' || /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME/.test(code);
}

/** Node's error code in a message, for results that kept only the message (`connect ECONNREFUSED 127.0.0.1:1`). */
const CODE_IN_MESSAGE = /\b(E[A-Z]{3,}|ERR_[A-Z_]+)\b/;

/** Classifies a request outcome: an HTTP status, or a transport error (its code, else its message). */
export function classifyUplinkError(failure: { status?: number; code?: string; message?: string }): UplinkError {
  const { status } = failure;
  if (status !== undefined) {
    if (status === 401 || status === 403) return { errorClass: 'auth', transient: false, meaning: `the gateway refuses this truck's credentials (HTTP ${status})` };
    if (status >= 500) return { errorClass: 'server-error', transient: false, meaning: `the gateway is up but failing (HTTP ${status})` };
    // A failed attempt answered 200: no gateway's acknowledgement (protocol/upload-contract.ts readBatchAck).
    if (status === 200) return { errorClass: 'not-gateway', transient: false, meaning: 'the server answered 200 but is not a telematics gateway (a captive portal, a proxy or another service)' };
    return { errorClass: 'http', transient: false, meaning: `the gateway answers HTTP ${status}` };
  }
  const message = failure.message ?? '';
  const code = failure.code ?? CODE_IN_MESSAGE.exec(message)?.[1] ?? '';
  if (code === 'EAI_AGAIN') return { errorClass: 'dns', transient: true, meaning: 'DNS does not answer (no data link: usually coverage)' };
  if (code === 'ENOTFOUND') return { errorClass: 'dns', transient: false, meaning: "DNS knows no such host (the URL's host name is wrong, or the SIM's network cannot see it)" };
  if (code === 'ECONNREFUSED') return { errorClass: 'refused', transient: false, meaning: 'the connection is refused: the network works, but no gateway listens there (gateway down, or wrong port)' };
  if (isTlsCode(code) || /certificate|ssl|tls/i.test(message)) return { errorClass: 'tls', transient: false, meaning: `the TLS handshake fails (${code || message})` };
  if (NO_ROUTE_CODES.has(code) || /no answer within/.test(message)) return { errorClass: 'no-route', transient: true, meaning: 'no answer (no coverage or no route to the gateway)' };
  return { errorClass: 'other', transient: false, meaning: message || code || 'unknown error' };
}

/**
 * What to do about an uplink error; `gatewayFrom` and `tokenFrom` say where the agent took
 * the URL and token from (a flag, an environment variable, the config file's path).
 */
export function uplinkAdvice(error: UplinkError, gateway: string, from: { gatewayFrom: string; tokenFrom: string; caFrom?: string }): string {
  const url = `${gateway} (from ${from.gatewayFrom})`;
  switch (error.errorClass) {
    case 'dns':
      return error.transient
        ? 'wait for coverage (the agent buffers and retries); if it lasts, check the modem and SIM data: mmcli -m 0, ip route'
        : `check the host name in the gateway URL ${url}; resolvectl query on it`;
    case 'no-route':
      return 'wait for coverage (the agent buffers and retries); if it lasts where there is signal: mmcli -m 0 (modem, APN), ip route';
    case 'refused':
      return `the truck's network is fine: report the gateway down to its operator, or check the port in ${url}`;
    case 'tls':
      return `check the system clock (timedatectl), that ${url} names the gateway's host, and that its certificate is valid and chains to ${from.caFrom ? `the CA in ${from.caFrom}` : "a CA the system trusts (a private CA needs --ca-file)"} (openssl s_client -connect HOST:443)`;
    case 'auth':
      return `check the vehicle id and token (from ${from.tokenFrom}) against 'telematics gateway list-devices'; a rotated or revoked token needs the new one`;
    case 'server-error':
      return 'the truck is fine (it buffers and retries): report the failing gateway to its operator';
    case 'not-gateway':
      return `check the gateway URL ${url}: a captive portal, a proxy or another service answers in its place`;
    case 'http':
      return `is ${url} the telematics gateway? check the URL and any proxy in between`;
    case 'other':
      return `check the gateway URL ${url}`;
  }
}
