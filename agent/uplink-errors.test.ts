import { describe, expect, it } from 'vitest';
import { classifyUplinkError, uplinkAdvice, type UplinkErrorClass } from './uplink-errors.js';

describe('classifyUplinkError', () => {
  it.each<[string, Parameters<typeof classifyUplinkError>[0], UplinkErrorClass, boolean]>([
    ['no such host', { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND gw.example.com' }, 'dns', false],
    ['DNS not answering (no data link)', { code: 'EAI_AGAIN', message: 'getaddrinfo EAI_AGAIN gw.example.com' }, 'dns', true],
    ['no route', { code: 'EHOSTUNREACH', message: 'connect EHOSTUNREACH 10.0.0.1:443' }, 'no-route', true],
    ['network down', { code: 'ENETUNREACH', message: 'connect ENETUNREACH 10.0.0.1:443' }, 'no-route', true],
    ['our request timeout', { message: 'no answer within 3000 ms' }, 'no-route', true],
    ['refused', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'refused', false],
    ['refused, message only (an older status file)', { message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'refused', false],
    ['self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, 'tls', false],
    ['expired certificate', { code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }, 'tls', false],
    ['wrong host name', { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" }, 'tls', false],
    ['HTTPS to a plain HTTP port', { code: 'EPROTO', message: 'write EPROTO … wrong version number' }, 'tls', false],
    ['401', { status: 401 }, 'auth', false],
    ['403', { status: 403 }, 'auth', false],
    ['503', { status: 503 }, 'server-error', false],
    ['500', { status: 500 }, 'server-error', false],
    ['404 (not the gateway)', { status: 404 }, 'http', false],
    ['a failed 200 (a captive portal: no gateway acknowledgement)', { status: 200 }, 'not-gateway', false],
  ])('%s', (_name, failure, errorClass, transient) => {
    expect(classifyUplinkError(failure)).toMatchObject({ errorClass, transient });
  });
});

describe('uplinkAdvice', () => {
  const from = { gatewayFrom: 'config file /etc/telematics/agent.json', tokenFrom: 'token file /etc/telematics/token, named by config file /etc/telematics/agent.json' };

  it('names where the gateway URL came from when the URL may be wrong', () => {
    for (const failure of [{ code: 'ENOTFOUND' }, { code: 'ECONNREFUSED' }, { code: 'CERT_HAS_EXPIRED' }, { status: 404 }, { status: 200 }]) {
      expect(uplinkAdvice(classifyUplinkError(failure), 'https://gw.example.com', from)).toContain('https://gw.example.com (from config file /etc/telematics/agent.json)');
    }
  });

  it('names where the token came from for a refused credential, and does not blame the modem for a gateway that is down', () => {
    expect(uplinkAdvice(classifyUplinkError({ status: 403 }), 'https://gw.example.com', from)).toContain(from.tokenFrom);
    const refused = uplinkAdvice(classifyUplinkError({ code: 'ECONNREFUSED' }), 'https://gw.example.com', from);
    expect(refused).toMatch(/network is fine/);
    expect(refused).not.toMatch(/modem|SIM|APN/);
    expect(uplinkAdvice(classifyUplinkError({ code: 'ETIMEDOUT' }), 'https://gw.example.com', from)).toMatch(/coverage/);
  });

  it('names the CA a TLS failure was checked against: the CA file and where it was named, else the system and --ca-file', () => {
    const tls = classifyUplinkError({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(uplinkAdvice(tls, 'https://gw.example.com', { ...from, caFrom: 'CA file /etc/telematics/ca.pem, named by config file /etc/telematics/agent.json' })).toContain(
      'chains to the CA in CA file /etc/telematics/ca.pem, named by config file /etc/telematics/agent.json',
    );
    expect(uplinkAdvice(tls, 'https://gw.example.com', from)).toMatch(/a CA the system trusts \(a private CA needs --ca-file\)/);
  });
});
