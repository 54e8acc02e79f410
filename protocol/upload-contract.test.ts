import { describe, expect, it } from 'vitest';
import { AGENT_REQUEST_TIMEOUT_MS, GATEWAY_ANSWER_BOUND_MS, GATEWAY_HEALTH, readBatchAck, readGatewayHealth } from './upload-contract.js';

describe('the upload contract', () => {
  it('lets a saturated gateway answer before the agent gives up on the request', () => {
    expect(GATEWAY_ANSWER_BOUND_MS).toBeLessThan(AGENT_REQUEST_TIMEOUT_MS);
  });
});

describe('readBatchAck', () => {
  it('reads the documented 200 body, ignoring fields a later gateway may add', () => {
    expect(readBatchAck('{"accepted":3,"duplicates":2,"ackedSeq":15,"epoch":"e1"}')).toEqual({ ack: { accepted: 3, duplicates: 2, ackedSeq: 15, epoch: 'e1' } });
    expect(readBatchAck('{"accepted":0,"duplicates":5,"ackedSeq":5,"epoch":"e1","replica":"gw-2"}')).toEqual({ ack: { accepted: 0, duplicates: 5, ackedSeq: 5, epoch: 'e1' } });
  });

  it.each([
    ['an empty object (a proxy or another service)', '{}', /no accepted, duplicates, ackedSeq, epoch/],
    ['the ack of a gateway that does not echo the epoch', '{"accepted":3,"duplicates":0,"ackedSeq":3}', /no epoch/],
    ['an HTML page (a captive portal)', '<html><body>Welcome to the hotspot</body></html>', /not JSON/],
    ['an empty body', '', /empty/],
    ['JSON null', 'null', /null/],
    ['an array', '[1,2]', /an array/],
    ['a JSON string', '"ok"', /a string/],
    ['a seq that is text', '{"accepted":3,"duplicates":0,"ackedSeq":"3","epoch":"e1"}', /ackedSeq must be a seq/],
    ['seq 0', '{"accepted":3,"duplicates":0,"ackedSeq":0,"epoch":"e1"}', /ackedSeq must be a seq/],
    ['a fractional seq', '{"accepted":3,"duplicates":0,"ackedSeq":2.5,"epoch":"e1"}', /ackedSeq must be a seq/],
    ['a negative count', '{"accepted":-1,"duplicates":0,"ackedSeq":3,"epoch":"e1"}', /counts/],
    ['an empty epoch', '{"accepted":3,"duplicates":0,"ackedSeq":3,"epoch":""}', /epoch must be/],
  ])('refuses %s, saying why', (_name, body, why) => {
    const read = readBatchAck(body);
    expect(read).not.toHaveProperty('ack');
    expect((read as { problem: string }).problem).toMatch(why);
  });
});

describe('readGatewayHealth', () => {
  it("accepts the gateway's /healthz answer, ignoring fields a later gateway may add", () => {
    expect(readGatewayHealth(JSON.stringify(GATEWAY_HEALTH))).toEqual({});
    expect(readGatewayHealth('{"status":"ok","service":"telematics-gateway","replica":"gw-2"}')).toEqual({});
  });

  it.each([
    ['an HTML page (a captive portal, a proxy)', '<html><body>Accept the terms to continue</body></html>', /^the body is not JSON: "<html><body>Accept the terms to continue…"$/],
    ["another service's health answer", '{"status":"ok"}', /names no telematics-gateway \(service: null\)/],
    ['another service named', '{"status":"UP","service":"billing"}', /service: "billing"/],
    ['the gateway not ok', '{"status":"draining","service":"telematics-gateway"}', /status is "draining"/],
    ['an empty body', '', /empty/],
    ['JSON null', 'null', /names no telematics-gateway/],
  ])('refuses %s, saying why', (_name, body, why) => {
    expect(readGatewayHealth(body).problem).toMatch(why);
  });
});
